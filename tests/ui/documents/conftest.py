"""Test doubles for the system's print and file dialogs (put where app/ui/documents/printing.py
gets them from), and a guard that fails a test when the program's unexpected-error dialog would
have appeared."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtGui import QPageRanges
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog


@dataclass
class PrintAnswers:
    """What the clerk does in the print dialog: print to a file printer (all pages or some), or cancel."""
    file: Path | None = None
    pages: list[tuple[int, int]] | None = None     # e.g. [(2, 3)] for "2-3"
    cancel: bool = False
    asked: list[dict] = field(default_factory=list)   # one per dialog shown: title, page range offered

    def to_file(self, path: Path, pages: list[tuple[int, int]] | None = None) -> None:
        self.file, self.pages, self.cancel = path, pages, False


@dataclass
class SaveAnswers:
    path: Path | None = None        # None: the clerk cancels the file dialog
    suggested: list[str] = field(default_factory=list)


def _print_dialog_double(answers: PrintAnswers):
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
            if answers.cancel or answers.file is None:
                return QDialog.DialogCode.Rejected.value
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(answers.file))
            if answers.pages:
                ranges = QPageRanges()
                for first, last in answers.pages:
                    ranges.addRange(first, last)
                self.printer.setPrintRange(QPrinter.PrintRange.PageRange)
                self.printer.setPageRanges(ranges)
            return QDialog.DialogCode.Accepted.value
    return PrintDialogDouble


def _file_dialog_double(answers: SaveAnswers):
    class FileDialogDouble:
        @staticmethod
        def getSaveFileName(parent, caption, directory, filter_=""):
            answers.suggested.append(directory)
            return (str(answers.path) if answers.path else "", filter_ if answers.path else "")
    return FileDialogDouble


@pytest.fixture
def print_dialog(monkeypatch) -> PrintAnswers:
    from app.ui.documents import printing
    answers = PrintAnswers()
    monkeypatch.setattr(printing, "QPrintDialog", _print_dialog_double(answers))
    return answers


@pytest.fixture
def save_dialog(monkeypatch) -> SaveAnswers:
    from app.ui.documents import printing
    answers = SaveAnswers()
    monkeypatch.setattr(printing, "QFileDialog", _file_dialog_double(answers))
    return answers


@pytest.fixture
def unexpected_errors(monkeypatch) -> list:
    """The program's own exception hook in place (as app.ui.app installs it), its dialog replaced by
    a list: a test asserts the list stays empty."""
    import sys
    import threading

    from app import runtime
    seen: list = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    runtime.install_exception_hook()
    runtime.set_reporter(seen.append)
    yield seen
    runtime.set_reporter(None)


@pytest.fixture
def read_only_folder(tmp_path) -> Path:
    """A folder nobody may write into (root writes anywhere it has a mode: /sys refuses even root)."""
    folder = tmp_path / "只读"
    folder.mkdir()
    folder.chmod(0o555)
    probe = folder / "probe"
    try:
        probe.write_bytes(b"")
    except PermissionError:
        yield folder
    else:
        probe.unlink()
        if not os.access("/sys", os.F_OK):
            pytest.skip("no folder refuses writing here (running as root, no /sys)")
        yield Path("/sys")
    folder.chmod(0o755)
