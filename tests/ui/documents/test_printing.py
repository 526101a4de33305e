"""What reaches the printer: the PDF itself to CUPS (`lp`), bitmaps at the printer's own resolution
otherwise. The clicks are in test_print_and_save.py; these check the two printer paths, which a
machine without a print server cannot reach from the dialog."""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtGui import QPageRanges
from PySide6.QtPrintSupport import QPrinter

from app.ui.documents import printing
from app.ui.documents.render import PdfPages, a4_printer, print_pages
from tests.reports import document_cases as cases
from tests.reports.pdf_check import flat, page_texts, reader


@pytest.fixture
def archive_pdf(sqlite_db) -> bytes:
    from app.reports.documents import make_document
    return make_document("archive", cases.settle_full_case()).pdf


class CupsPrinter:
    """A QPrinter as the print dialog leaves it for a CUPS queue (no print server runs here)."""

    def __init__(self, name="办公室HP", copies=1, pages=None, duplex=QPrinter.DuplexMode.DuplexLongSide):
        self.name, self.copies, self.pages, self._duplex = name, copies, pages, duplex

    def outputFormat(self):
        return QPrinter.OutputFormat.NativeFormat

    def outputFileName(self):
        return ""

    def printerName(self):
        return self.name

    def isValid(self):
        return True

    def copyCount(self):
        return self.copies

    def collateCopies(self):
        return True

    def duplex(self):
        return self._duplex

    def colorMode(self):
        return QPrinter.ColorMode.GrayScale

    def printRange(self):
        return QPrinter.PrintRange.PageRange if self.pages else QPrinter.PrintRange.AllPages

    def pageRanges(self):
        ranges = QPageRanges()
        ranges.addRange(*self.pages)
        return ranges


def test_a_cups_printer_is_handed_the_pdf_itself(archive_pdf, fake_lp):
    pages = PdfPages(archive_pdf)
    printer = CupsPrinter(copies=2)
    done = printing.print_document(pages, archive_pdf, printer, "卷宗")
    assert done.status() == f"已发送{len(pages)}页到打印机「办公室HP」"
    assert (fake_lp / "lp-input.pdf").read_bytes() == archive_pdf          # the document, not bitmaps
    args = (fake_lp / "lp-args.txt").read_text(encoding="utf-8").splitlines()
    assert args == ["-d", "办公室HP", "-t", "卷宗", "-n", "2", "-o", "collate=true", "-o", "sides=two-sided-long-edge",
                    "-o", "print-color-mode=monochrome", "-"]


def test_a_page_range_goes_to_cups_as_those_pages(archive_pdf, fake_lp):
    pages = PdfPages(archive_pdf)
    printing.print_document(pages, archive_pdf, CupsPrinter(pages=(3, 4)), "卷宗")
    sent = (fake_lp / "lp-input.pdf").read_bytes()
    assert [flat(t) for t in page_texts(sent)] == [flat(t) for t in page_texts(archive_pdf)[2:4]]


def test_a_queue_that_refuses_is_answered_in_one_chinese_line(archive_pdf, fake_lp):
    (fake_lp / "fail").write_text("")
    with pytest.raises(printing.OutputFailed) as refused:
        printing.print_document(PdfPages(archive_pdf), archive_pdf, CupsPrinter(), "卷宗")
    assert refused.value.message == ("打印机「办公室HP」没有接受这份文书，请检查打印机是否开机、是否已暂停"
                                     "（系统提示：lp: The printer or class does not exist.）。")


def test_without_lp_a_printer_gets_bitmaps_at_its_own_resolution(archive_pdf, tmp_path):
    """A 600-dpi printer gets 600-dpi pages (not 300), drawn in bands that join without a seam."""
    pages = PdfPages(archive_pdf)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)   # records what a printer would be sent
    printer.setOutputFileName(str(tmp_path / "spool.pdf"))
    printer.setResolution(600)
    a4_printer(printer)
    assert print_pages(pages, printer, [2]) == 1
    spooled = (tmp_path / "spool.pdf").read_bytes()
    images = list(reader(spooled).pages[0].images)
    widths = {image.image.width for image in images}
    assert len(images) > 1 and widths == {round(595.28 / 72 * 600)}        # bands of the full width
    assert abs(sum(image.image.height for image in images) - 841.89 / 72 * 600) <= len(images)
    assert _difference(pdfium.PdfDocument(spooled)[0], pdfium.PdfDocument(archive_pdf)[1]) < 0.01


def _difference(printed, original) -> float:
    """Share of pixels (at 100 dpi, grey) that differ clearly between two renderings of a page."""
    a = printed.render(scale=100 / 72, grayscale=True).to_pil()
    b = original.render(scale=100 / 72, grayscale=True).to_pil()
    assert a.size == b.size
    differing = sum(1 for x, y in zip(a.tobytes(), b.tobytes(), strict=True) if abs(x - y) > 96)
    return differing / (a.size[0] * a.size[1])


def test_a_document_written_to_a_missing_folder_says_where(tmp_path):
    with pytest.raises(printing.OutputFailed) as failed:
        printing.write_file(tmp_path / "不存在" / "x.pdf", b"%PDF")
    assert failed.value.message == f"无法保存：文件夹「{tmp_path / '不存在'}」不存在，请重新选择保存位置。"
    assert not list(Path(tmp_path).rglob("*.part"))


def test_on_windows_a_printer_is_never_handed_to_lp(archive_pdf, fake_lp, monkeypatch):
    """Windows has no CUPS: the same printer gets bitmaps (here: it has gone, so the one-line answer)."""
    monkeypatch.setattr(printing.sys, "platform", "win32")
    printer = CupsPrinter()
    printer.isValid = lambda: False               # unplugged since the dialog was shown
    with pytest.raises(printing.OutputFailed) as failed:
        printing.print_document(PdfPages(archive_pdf), archive_pdf, printer, "卷宗")
    assert failed.value.message == printing.NO_PRINTER
    assert not (fake_lp / "lp-args.txt").exists()
