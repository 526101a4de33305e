"""UI tests run offscreen against a fresh SQLite database, with window layout kept in a
temporary settings file (never the developer's own)."""
from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QSettings, QThreadPool

from app.services.context import SYSTEM


@pytest.fixture(autouse=True)
def isolated_ui_settings(tmp_path, qapp):
    from app.ui import theme
    from app.ui.ui_thread_gc import collect_on_ui_thread

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    qapp.setOrganizationName("XiehuiTiaojieTests")
    qapp.setApplicationName("XiehuiTiaojieTests")
    theme.install_translations(qapp)
    theme.apply_theme(qapp)
    # As the program's application does (create_application): Python's cyclic collector runs on
    # the UI thread only (app/ui/ui_thread_gc.py). Left automatic here, a collection in a pool
    # thread freed Qt wrappers there and shiboken's deferred deletion crashed the UI thread
    # (test_file_menu's log-out, once the case list's rows were NamedTuples and the young
    # generation filled up at another moment) — a crash the program itself cannot have.
    if getattr(qapp, "collector", None) is None:
        qapp.collector = collect_on_ui_thread(qapp)
    automatic = gc.isenabled()
    gc.disable()
    yield
    QThreadPool.globalInstance().waitForDone(5000)
    qapp.collector.collect()
    if automatic:
        gc.enable()          # the tests outside tests/ui run as the commands do


@pytest.fixture
def message_boxes(monkeypatch):
    """Message boxes answered at once (a modal box would stop an offscreen test for good);
    yields what they said, for the test to check."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []

    def answer(kind):
        def box(parent, title, text, *args, **kwargs):
            shown.append(text)
            return QMessageBox.StandardButton.Ok if kind != "question" else QMessageBox.StandardButton.No
        return box
    for kind in ("information", "warning", "critical", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(answer(kind)))

    def exec_box(self):
        shown.append(self.text())
        return 0
    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    yield shown


@pytest.fixture
def window(qtbot, sqlite_db, message_boxes):
    from app.ui.main_window import MainWindow

    win = MainWindow(SYSTEM, sqlite_db.location)
    qtbot.addWidget(win)
    win.show()
    win.start(counts=False)
    yield win
    win.ask_before_closing = False
