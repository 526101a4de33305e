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


@pytest.fixture
def fake_lp(tmp_path, monkeypatch) -> Path:
    """An `lp` first on PATH that keeps the command it was run as (lp-argv.txt: its own name, then
    its arguments), its arguments (lp-args.txt) and the PDF it was given; a file `fail` beside them
    makes it refuse, as a stopped queue does."""
    import stat
    import sys

    from app.ui.documents import printing
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "lp"
    script.write_text(f"""#!{sys.executable}
import os, sys, pathlib
here = pathlib.Path({str(tmp_path)!r})
(here / "lp-argv.txt").write_text("\\n".join([os.path.basename(sys.argv[0])] + sys.argv[1:]), encoding="utf-8")
(here / "lp-args.txt").write_text("\\n".join(sys.argv[1:]), encoding="utf-8")
(here / "lp-input.pdf").write_bytes(sys.stdin.buffer.read())
if (here / "fail").exists():
    sys.stderr.write("lp: The printer or class does not exist.\\n")
    sys.exit(1)
print("request id is HP-7 (1 file(s))")
""", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(printing.sys, "platform", "linux")     # lp is looked for on Linux and macOS
    return tmp_path
