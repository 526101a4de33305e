"""The system's print and file dialogs answered by doubles (tests/ui/doubles.py), and a guard
that fails a test when the program's unexpected-error dialog would have appeared."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.ui.doubles import PrintAnswers, SaveAnswers, file_dialog_double, print_dialog_double


@pytest.fixture
def print_dialog(monkeypatch) -> PrintAnswers:
    from app.ui.documents import printing
    answers = PrintAnswers()
    monkeypatch.setattr(printing, "QPrintDialog", print_dialog_double(answers))
    return answers


@pytest.fixture
def save_dialog(monkeypatch) -> SaveAnswers:
    from app.ui.documents import printing
    answers = SaveAnswers()
    monkeypatch.setattr(printing, "QFileDialog", file_dialog_double(answers))
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
