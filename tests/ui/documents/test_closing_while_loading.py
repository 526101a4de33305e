"""A clerk opens the document preview and closes the case's tab before the document is made: the
preview goes with the case, and the document arriving afterwards is dropped without an error
(it reached a deleted window: "程序遇到了意外错误")."""
from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import QThreadPool, Qt
from PySide6.QtWidgets import QApplication, QPushButton, QTabBar

from app.services.context import SYSTEM
from tests.reports import document_cases as cases

pytestmark = [pytest.mark.usefixtures("sqlite_db", "message_boxes"), pytest.mark.qt_no_exception_capture]


def test_closing_the_case_while_its_preview_is_being_made(qtbot, monkeypatch, unexpected_errors, message_boxes):
    from app.ui.app import open_main_window
    from app.ui.documents import preview as previews
    from app.ui.documents.preview import DocumentsDialog
    made, slow = previews._make, threading.Event()

    def slow_make(*args):                       # a long 卷宗 on a slow PC: still being made when the tab closes
        slow.wait(20)
        return made(*args)
    monkeypatch.setattr(previews, "_make", slow_make)
    window = open_main_window(SYSTEM, "test", smoke=True)
    qtbot.addWidget(window)
    window.ask_before_closing = False
    workspace = window.open_case(cases.settle_full_case())
    preview = next(b for b in workspace.documents_bar.findChildren(QPushButton) if b.text() == "预览/打印文书…")
    qtbot.mouseClick(preview, Qt.MouseButton.LeftButton)
    dialog = next(d for d in workspace.findChildren(DocumentsDialog) if d.isVisible())
    assert dialog.document is None                      # the PDF is still being made
    bar = window.tabs.tabBar()
    close = bar.tabButton(window.tabs.indexOf(workspace), QTabBar.ButtonPosition.RightSide)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))          # the case's window and its preview are gone
    slow.set()
    QThreadPool.globalInstance().waitForDone(20000)
    for _ in range(5):
        QApplication.processEvents()
    qtbot.wait(50)
    assert unexpected_errors == [] and message_boxes == []
