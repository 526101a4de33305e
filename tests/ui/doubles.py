"""Test doubles for the system's print and file dialogs: classes that stand where
app/ui/documents/printing.py gets QPrintDialog and QFileDialog from, answering as told."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtGui import QPageRanges
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog


@dataclass
class PrintAnswers:
    """What the clerk does in the print dialog: print to a file printer or to a CUPS queue (all
    pages or some), or cancel."""
    file: Path | None = None
    pages: list[tuple[int, int]] | None = None     # e.g. [(2, 3)] for "2-3"
    cancel: bool = False
    asked: list[dict] = field(default_factory=list)   # one per dialog shown: title, page range offered
    queue: str = ""                                   # a CUPS queue (the printer a QueuePrinter)
    copies: int = 1

    def to_file(self, path: Path, pages: list[tuple[int, int]] | None = None) -> None:
        self.file, self.pages, self.cancel = path, pages, False

    def to_queue(self, queue: str, copies: int, pages: list[tuple[int, int]] | None = None) -> None:
        """To `queue`, `copies` collated, both sides (long edge), in greyscale."""
        self.queue, self.copies, self.pages, self.cancel = queue, copies, pages, False


class QueuePrinter(QPrinter):
    """A QPrinter as a CUPS queue backs it: a named native printer that keeps duplex (Qt's PDF
    fallback, all there is without a print server, drops both). Stands where printing.py gets
    QPrinter from, for PrintAnswers.to_queue."""

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


@dataclass
class SaveAnswers:
    path: Path | None = None        # None: the clerk cancels the file dialog
    suggested: list[str] = field(default_factory=list)
    opens: list[list[Path]] = field(default_factory=list)   # files picked in each open dialog, in order


def print_dialog_double(answers: PrintAnswers):
    class PrintDialogDouble:
        """Stands in for QPrintDialog(printer, parent): shown, answered as `answers` says."""

        def __init__(self, printer: QPrinter, parent=None):
            self.printer, self.title, self.range = printer, "", None

        def setWindowTitle(self, title: str) -> None:
            self.title = title

        def setOption(self, option, on: bool = True) -> None:
            pass

        def setMinMax(self, low: int, high: int) -> None:
            self.range = (low, high)

        def exec(self) -> int:
            answers.asked.append({"title": self.title, "range": self.range, "doc": self.printer.docName()})
            if answers.cancel or (answers.file is None and not answers.queue):
                return QDialog.DialogCode.Rejected.value
            if answers.queue:
                self._choose_queue()
            else:
                self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
                self.printer.setOutputFileName(str(answers.file))
            if answers.pages:
                ranges = QPageRanges()
                for first, last in answers.pages:
                    ranges.addRange(first, last)
                self.printer.setPrintRange(QPrinter.PrintRange.PageRange)
                self.printer.setPageRanges(ranges)
            return QDialog.DialogCode.Accepted.value

        def _choose_queue(self) -> None:
            printer = self.printer
            printer.queue, printer.sides = answers.queue, QPrinter.DuplexMode.DuplexLongSide
            printer.setCopyCount(answers.copies)
            printer.setCollateCopies(True)
            printer.setColorMode(QPrinter.ColorMode.GrayScale)
    return PrintDialogDouble


def file_dialog_double(answers: SaveAnswers):
    class FileDialogDouble:
        @staticmethod
        def getSaveFileName(parent, caption, directory, filter_=""):
            answers.suggested.append(directory)
            return (str(answers.path) if answers.path else "", filter_ if answers.path else "")

        @staticmethod
        def getOpenFileNames(parent, caption, directory="", filter_=""):
            chosen = answers.opens.pop(0) if answers.opens else []     # none left: the clerk cancels
            return [str(p) for p in chosen], (filter_ if chosen else "")
    return FileDialogDouble



def install(monkeypatch) -> tuple[PrintAnswers, SaveAnswers]:
    """Both dialogs replaced for the test; returns what they will answer (set by the test)."""
    from app.ui.documents import printing
    answers = PrintAnswers(), SaveAnswers()
    monkeypatch.setattr(printing, "QPrintDialog", print_dialog_double(answers[0]))
    monkeypatch.setattr(printing, "QFileDialog", file_dialog_double(answers[1]))
    return answers
