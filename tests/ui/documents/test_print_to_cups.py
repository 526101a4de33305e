"""打印… clicked in 文书预览与打印 with a CUPS printer chosen in the print dialog: 2 copies, both
sides, greyscale, some pages. The print dialog and the CUPS queue behind it are doubles (no print
server runs here: without one Qt falls back to an unnamed PDF printer that holds no duplex), and
`lp` is a script first on PATH that keeps its arguments and the PDF it was handed.

Pages per sheet (CUPS number-up) is not offered: Qt 6's QPrinter has no such property (its Unix
dialog keeps it among private CUPS options that never reach a program calling `lp` itself)."""
from __future__ import annotations

import os
import stat
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageRanges
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog

from app.services.casefile import case_detail
from app.services.context import SYSTEM
from tests.reports import document_cases as cases
from tests.reports.pdf_check import flat, page_sizes, page_texts, reader

pytestmark = [pytest.mark.usefixtures("sqlite_db"),
              pytest.mark.skipif(sys.platform == "win32", reason="the lp double is a script run by its #! line")]
QUEUE = "办公室HP"


class QueuePrinter(QPrinter):
    """A QPrinter as a CUPS queue backs it: a named native printer that keeps duplex (Qt's PDF
    fallback, all there is without a print server, drops both)."""

    def __init__(self, *args):
        super().__init__(*args)
        self.queue, self.sides = "", QPrinter.DuplexMode.DuplexNone

    def outputFormat(self):
        return QPrinter.OutputFormat.NativeFormat if self.queue else super().outputFormat()

    def printerName(self):
        return self.queue or super().printerName()

    def isValid(self):
        return bool(self.queue) or super().isValid()

    def duplex(self):
        return self.sides


def queue_dialog(asked: list, copies: int, pages: list[tuple[int, int]]):
    class QueueDialog:
        """The system's print dialog: the clerk picks the queue, copies, 双面（长边）, 灰度 and pages."""

        def __init__(self, printer: QueuePrinter, parent=None):
            self.printer = printer

        def setWindowTitle(self, title: str) -> None:
            self.title = title

        def setOption(self, option, on: bool = True) -> None:
            pass

        def setMinMax(self, low: int, high: int) -> None:
            self.range = (low, high)

        def exec(self) -> int:
            asked.append((self.title, self.range))
            printer = self.printer
            printer.queue, printer.sides = QUEUE, QPrinter.DuplexMode.DuplexLongSide
            printer.setCopyCount(copies)
            printer.setCollateCopies(True)
            printer.setColorMode(QPrinter.ColorMode.GrayScale)
            ranges = QPageRanges()
            for first, last in pages:
                ranges.addRange(first, last)
            printer.setPrintRange(QPrinter.PrintRange.PageRange)
            printer.setPageRanges(ranges)
            return QDialog.DialogCode.Accepted.value
    return QueueDialog


@pytest.fixture
def lp_double(tmp_path, monkeypatch):
    """`lp` first on PATH: keeps its argv (with its own name) and what came on standard input."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "lp"
    script.write_text(f"""#!{sys.executable}
import os, sys, pathlib
here = pathlib.Path({str(tmp_path)!r})
(here / "lp-argv.txt").write_text("\\n".join([os.path.basename(sys.argv[0])] + sys.argv[1:]), encoding="utf-8")
(here / "lp-input.pdf").write_bytes(sys.stdin.buffer.read())
print("request id is HP-12 (1 file(s))")
""", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    from app.ui.documents import printing
    monkeypatch.setattr(printing.sys, "platform", "linux")     # lp is looked for on Linux and macOS
    return tmp_path


def test_print_clicked_hands_cups_the_chosen_pages_with_copies_duplex_and_greyscale(
        qtbot, monkeypatch, lp_double, message_boxes):
    from app.ui.documents import printing
    from app.ui.documents.preview import DocumentsDialog

    asked: list = []
    monkeypatch.setattr(printing, "QPrinter", QueuePrinter)
    monkeypatch.setattr(printing, "QPrintDialog", queue_dialog(asked, copies=2, pages=[(2, 3), (6, 6)]))
    case_id = cases.settle_full_case()
    dialog = DocumentsDialog(SYSTEM, case_id, "archive")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.document is not None, timeout=20000)
    document = dialog.document
    assert document.pages > 6
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (lp_double / "lp-argv.txt").exists() and dialog.print_button.isEnabled(), timeout=20000)

    assert asked == [(f"打印{document.title}", (1, document.pages))]
    argv = (lp_double / "lp-argv.txt").read_text(encoding="utf-8").splitlines()
    assert argv == ["lp", "-d", QUEUE, "-t", document.title, "-n", "2", "-o", "collate=true",
                    "-o", "sides=two-sided-long-edge", "-o", "print-color-mode=monochrome", "-"]
    sent = (lp_double / "lp-input.pdf").read_bytes()
    assert sent.startswith(b"%PDF-") and sent.rstrip().endswith(b"%%EOF")
    assert len(reader(sent).pages) == 3                                   # a PDF that parses, of 3 pages
    assert all(abs(w - 595.28) < 1 and abs(h - 841.89) < 1 for w, h in page_sizes(sent))
    whole = page_texts(document.pdf)
    assert [flat(t) for t in page_texts(sent)] == [flat(whole[1]), flat(whole[2]), flat(whole[5])]
    assert dialog.status.text() == f"已发送3页到打印机「{QUEUE}」"
    assert message_boxes == []
    assert case_detail(case_id).history[-1]["summary"].startswith("打印文书：全部文书（归档）（第2-3、6页）")
