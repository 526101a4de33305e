"""PDF pages as images (PDFium through pypdfium2), for the preview and for printers that cannot
take the PDF itself.

QtPdf is not part of PySide6-Essentials; pypdfium2 is a small, dependency-free wheel. PDFium is
not thread-safe, so pages are rendered on the UI thread (an A4 page takes ~15 ms at screen size).
"""
from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

# A page is drawn in horizontal bands of at most this many pixels: at 600 dpi a whole A4 page is a
# 139 MB bitmap (twice over while it is copied); a band of 1024 rows is 20 MB.
BAND_ROWS = 1024
# Beyond this a printer's stated resolution only costs memory and spool size (text is as sharp).
PRINT_DPI_LIMIT = 1200


class PdfPages:
    """One PDF held open for rendering its pages."""

    def __init__(self, pdf: bytes):
        self._document = pdfium.PdfDocument(pdf)

    def __len__(self) -> int:
        return len(self._document)

    def page_size(self, index: int) -> tuple[float, float]:
        """Width and height in points (A4: 595.28 × 841.89)."""
        return self._document[index].get_size()

    def image(self, index: int, dpi: float, crop: tuple[float, float, float, float] = (0, 0, 0, 0)) -> QImage:
        """The page (or the part left after cutting `crop` points off left, bottom, right, top)."""
        bitmap = self._document[index].render(scale=dpi / 72, crop=crop, prefer_bgrx=True)
        # BGRx bytes are QImage.Format_RGB32 on little-endian machines; copy() detaches the
        # image from PDFium's buffer before the bitmap is freed.
        return QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32).copy()

    def subset(self, numbers: Sequence[int]) -> bytes:
        """A PDF of the given pages (1-based), text and fonts as they are: what a page range prints."""
        part = pdfium.PdfDocument.new()
        try:
            part.import_pages(self._document, pages=[n - 1 for n in numbers])
            buffer = io.BytesIO()
            part.save(buffer)
            return buffer.getvalue()
        finally:
            part.close()

    def close(self) -> None:
        self._document.close()


def a4_printer(printer: QPrinter) -> None:
    """The document pages are A4 with their own margins: print them edge to edge, 1:1."""
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def print_dpi(printer: QPrinter) -> int:
    """The printer's own resolution (600 for a 600-dpi laser), bounded."""
    return max(72, min(printer.resolution(), PRINT_DPI_LIMIT))


def print_pages(pages: PdfPages, printer: QPrinter, numbers: Sequence[int],
                progress: Callable[[int, int], None] | None = None) -> int:
    """Draw the pages (1-based numbers) onto the printer as bitmaps at its own resolution; returns
    how many were sent. For printers that cannot be handed the PDF (app/ui/documents/printing.py)."""
    dpi = print_dpi(printer)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("无法连接打印机，请检查打印机是否已连接并开机")
    try:
        for sent, number in enumerate(numbers):
            if sent:
                printer.newPage()
            if progress is not None:
                progress(sent + 1, len(numbers))
            _draw_page(painter, pages, number - 1, dpi, printer.paperRect(QPrinter.Unit.DevicePixel))
    finally:
        painter.end()
    return len(numbers)


def _draw_page(painter: QPainter, pages: PdfPages, index: int, dpi: int, target) -> None:
    """One page in bands, each scaled onto its share of the paper (exactly 1:1 when the paper is
    A4 at `dpi`); band edges fall on whole points so no seam shows."""
    width_pt, height_pt = pages.page_size(index)
    band_pt = max(1, int(BAND_ROWS * 72 / dpi))
    scale_x, scale_y = target.width() / width_pt, target.height() / height_pt
    top = 0
    while top < height_pt:
        bottom = min(height_pt, top + band_pt)
        image = pages.image(index, dpi, crop=(0, height_pt - bottom, 0, top))
        painter.drawImage(QRectF(0, top * scale_y, width_pt * scale_x, (bottom - top) * scale_y), image)
        top = bottom
