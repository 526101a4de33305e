"""The doubles a walk needs: every system dialog (message, file, input, print) answered at once,
an app-own dialog opened with exec() walked in place (it would block the offscreen test for good),
and nothing that leaves the test (a restart, a new process, a file browser). The program's own
exception hook is in place (tests/ui/documents/conftest.py): `walk_errors` fails the click after
which an exception or the unexpected-error dialog came, naming that click."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from tests.ui.documents.conftest import unexpected_errors  # noqa: F401 - the program's hook, reported to a list
from tests.ui.doubles import PrintAnswers, print_dialog_double
from tests.ui.walk import texts, walker



@dataclass
class Answers:
    """What the doubles said, for the walk to check."""
    boxes: list[tuple[str, str]] = field(default_factory=list)     # (kind, text)
    files: list[str] = field(default_factory=list)                 # captions of file dialogs
    opened_urls: list[str] = field(default_factory=list)
    restarts: int = 0
    yes: bool = False            # a question answered 是 (the action goes ahead), else 否


def _answer_box(answers: Answers, kind: str):
    def box(parent, title, text, *args, **kwargs):
        answers.boxes.append((kind, text))
        if kind == "question":
            walker.asked(parent)
            return QMessageBox.StandardButton.Yes if answers.yes else QMessageBox.StandardButton.No
        return QMessageBox.StandardButton.Ok
    return staticmethod(box)


def _answer_exec(answers: Answers):
    """A message box of the program's own making (widgets.confirm): 是 clicks its accepting
    button, 否 closes it unanswered."""
    yes_roles = (QMessageBox.ButtonRole.AcceptRole, QMessageBox.ButtonRole.YesRole)

    def exec_box(self):
        answers.boxes.append(("box", self.text()))
        accepting = next((b for b in self.buttons() if self.buttonRole(b) in yes_roles), None)
        if accepting is not None:
            walker.asked(self.parentWidget())
        if answers.yes and accepting is not None:
            accepting.click()
            return self.result()
        return 0
    return exec_box


def _file_answers(answers: Answers, folder: Path, files: dict[str, Path]):
    """Save: a new file in the test's folder with the extension asked for; open: a file of the
    kind asked for, when the test has one (else the person cancels)."""
    def extension(filter_: str) -> str:
        return next((e for e in ("xlsx", "pdf", "zip", "png", "txt") if f"*.{e}" in filter_), "bin")

    def save(parent, caption="", directory="", filter_="", *args, **kwargs):
        answers.files.append(caption)
        name = Path(directory).name if directory else "文件"
        target = folder / f"{len(answers.files)}-{Path(name).stem or '文件'}.{extension(filter_)}"
        return str(target), filter_

    def open_one(parent, caption="", directory="", filter_="", *args, **kwargs):
        answers.files.append(caption)
        asked_for = re.findall(r"\*\.(\w+)", filter_)                   # in the filter's order
        chosen = next((str(files[ext]) for ext in asked_for if ext in files), "")
        if not chosen and "*.zip" in filter_:       # a backup: the newest the walk has made
            backups = sorted(folder.rglob("*.zip"), key=lambda p: p.stat().st_mtime)
            chosen = str(backups[-1]) if backups else ""
        return chosen, filter_ if chosen else ""

    def open_many(parent, caption="", directory="", filter_="", *args, **kwargs):
        chosen, used = open_one(parent, caption, directory, filter_)
        return ([chosen] if chosen else []), used
    return staticmethod(save), staticmethod(open_one), staticmethod(open_many)


def _exec_in_place(self) -> int:
    """exec() of an app-own dialog: shown and walked like any window a click opens (not reopened:
    the click that opened it is still running), then its result returned."""
    self.show()
    if _IN_EXEC[0] >= 2:            # an exec() inside an exec() inside an exec(): closed unwalked
        walker.dismiss(self)
        return self.result()
    _IN_EXEC[0] += 1
    try:
        walker.Walk(_QTBOT[0], walker.in_context(walker.window_name(self), walker.CONTEXT[0]), _once(self), depth=walker.MAX_DEPTH - 1,
                    check=_CHECK[0], context=walker.CONTEXT[0]).run()
    finally:
        _IN_EXEC[0] -= 1
    return self.result()


def _once(dialog):
    """Opened again, after a click closed it, by showing the same dialog (exec() has not returned)."""
    def reopen():
        if not walker._alive(dialog):
            return walker._Gone()
        if not dialog.isVisible():
            dialog.show()
        return dialog
    return reopen


_QTBOT: list = [None]
_IN_EXEC = [0]
_CHECK: list = [lambda _where: None]


@pytest.fixture
def doubles(qtbot, monkeypatch, tmp_path, unexpected_errors) -> Answers:  # noqa: F811 - the fixture imported above
    answers = Answers()
    for kind in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, _answer_box(answers, kind))
    monkeypatch.setattr(QMessageBox, "about", _answer_box(answers, "about"))
    monkeypatch.setattr(QMessageBox, "exec", _answer_exec(answers))
    files = sample_files(tmp_path / "打开")
    save, open_one, open_many = _file_answers(answers, tmp_path, files)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_one)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", open_many)
    # an input box: 是 takes what is offered (or types a valid name and password), 否 cancels it
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(
        lambda parent, title, label, items, current=0, editable=True, *a, **k: (items[current], answers.yes)))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(
        lambda parent, title, label, *a, **k: (("Zouc#2026-11" if "密码" in title else "走查用户") if answers.yes else "",
                                               answers.yes)))
    from app.ui.documents import printing
    prints = PrintAnswers()
    prints.to_file(tmp_path / "打印.pdf")
    monkeypatch.setattr(printing, "QPrintDialog", print_dialog_double(prints))
    from PySide6.QtGui import QDesktopServices
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: answers.opened_urls.append(url) or True))
    from app.ui.admin import backup_dialog

    def restart(*_a, **_k):
        answers.restarts += 1
        return True
    monkeypatch.setattr(backup_dialog, "restart_program", restart)
    monkeypatch.setattr(backup_dialog, "relaunch", restart)
    monkeypatch.setattr(QDialog, "exec", _exec_in_place)

    def check(where: str) -> None:
        failures = [box for box in answers.boxes if box[0] == "critical" and "操作未完成" in box[1]]
        assert not unexpected_errors, f"after {where}: {unexpected_errors[0].summary}\n{unexpected_errors[0].details}"
        assert not failures, f"after {where}: {failures}"
        english = texts.english_in(text for _kind, text in answers.boxes)
        assert not english, f"after {where}: a message in English: {english}"
    _QTBOT[0], _CHECK[0] = qtbot, check
    answers.check = check
    yield answers
    _QTBOT[0], _CHECK[0] = None, (lambda _where: None)


def sample_files(folder: Path) -> dict[str, Path]:
    """Files a person would pick: a ledger made from the program's own template, a photo, a PDF."""
    folder.mkdir(parents=True, exist_ok=True)
    png = folder / "照片.png"
    png.write_bytes(bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                                  "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"))
    pdf = folder / "发票.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return {"xlsx": _ledger(folder / "台账.xlsx"), "png": png, "pdf": pdf,
            "txt": _notice(folder / "放假通知.txt")}


def _ledger(path: Path) -> Path:
    """The program's blank ledger with one row it cannot import (so the rejected rows can be saved)."""
    import openpyxl

    from app.reports.excel.ledger.xlsx_import_files import write_template
    write_template(path)
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    sheet.append(["走查"] * sheet.max_column)
    book.save(path)
    return path


def _notice(path: Path) -> Path:
    """The State Council's notice for 2027, as the parser's tests have it."""
    example = Path(__file__).parents[2] / "domain" / "fixtures" / "holiday_notices" / "2027-example.txt"
    path.write_bytes(example.read_bytes())
    return path


@pytest.fixture(autouse=True, scope="session")
def trail_file():
    """WALK_TRAIL=path writes every click of the session there (to see what a walk did)."""
    import os
    yield
    if os.environ.get("WALK_TRAIL"):
        Path(os.environ["WALK_TRAIL"]).write_text("\n".join(walker.COVERAGE.trail) + "\n", encoding="utf-8")


@pytest.fixture(autouse=True)
def quick_password_hashes(monkeypatch):
    """Passwords hashed with the cheapest Argon2 settings: the walk logs in and sets passwords
    many times, and the cost of a hash is not what it walks (a hash names its own settings, so
    checking one made either way works)."""
    from argon2 import PasswordHasher

    from app.services import users
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
