"""PDF pages as images (PDFium through pypdfium2), for the preview and for printing.

QtPdf is not part of PySide6-Essentials; pypdfium2 is a small, dependency-free wheel. PDFium is
not thread-safe, so pages are rendered on the UI thread (an A4 page takes ~15 ms at screen size).
"""
from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

PRINT_DPI_LIMIT = 300       # enough for text on an office laser printer, and bounded in memory


class PdfPages:
    """One PDF held open for rendering its pages."""

    def __init__(self, pdf: bytes):
        self._document = pdfium.PdfDocument(pdf)

    def __len__(self) -> int:
        return len(self._document)

    def page_size(self, index: int) -> tuple[float, float]:
        """Width and height in points (A4: 595.28 × 841.89)."""
        return self._document[index].get_size()

    def image(self, index: int, dpi: float) -> QImage:
        bitmap = self._document[index].render(scale=dpi / 72, prefer_bgrx=True)
        # BGRx bytes are QImage.Format_RGB32 on little-endian machines; copy() detaches the
        # image from PDFium's buffer before the bitmap is freed.
        return QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32).copy()

    def close(self) -> None:
        self._document.close()


def a4_printer(printer: QPrinter) -> None:
    """The document pages are A4 with their own margins: print them edge to edge, 1:1."""
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def print_pages(pages: PdfPages, printer: QPrinter) -> int:
    """Draw the pages the print dialog asked for onto the printer; returns how many were sent."""
    first, last = 1, len(pages)
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = max(1, printer.fromPage()), min(len(pages), printer.toPage() or len(pages))
    dpi = min(printer.resolution(), PRINT_DPI_LIMIT)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("无法连接打印机，请检查打印机是否已连接并开机")
    try:
        for number in range(first, last + 1):
            if number > first:
                printer.newPage()
            target = printer.paperRect(QPrinter.Unit.DevicePixel)
            painter.drawImage(QRectF(0, 0, target.width(), target.height()), pages.image(number - 1, dpi))
    finally:
        painter.end()
    return last - first + 1
