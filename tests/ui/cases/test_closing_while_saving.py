"""A clerk saves in a case's tab and closes the tab before the save is done (a slow server): the
save goes through, and nothing reaches the closed tab ("程序遇到了意外错误" before); a refusal
that comes back for a closed tab is said in a message box of its own; the case list's row shows
what was saved as soon as the save ends (before: only at the next refresh)."""
from __future__ import annotations

import threading
from datetime import date

import pytest
import shiboken6
from PySide6.QtCore import QThreadPool, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QTabBar

from app.services import registration, workflow
from app.services.casefile import case_detail
from app.services.context import SYSTEM
from app.ui import worker
from tests.factories import complaint
from tests.reports import document_cases as cases
from tests.ui.documents.conftest import unexpected_errors  # noqa: F401 - the program's hook, reported to a list
from tests.ui.helpers import pick, type_into

pytestmark = [pytest.mark.usefixtures("sqlite_db"), pytest.mark.qt_no_exception_capture]


def _slow_services(monkeypatch) -> threading.Event:
    """Every background call waits until the test lets it go."""
    go, run = threading.Event(), worker.run_in_background

    def slowly(fn, *args, **kwargs):
        def waiting(*a, **k):
            go.wait(20)
            return fn(*a, **k)
        return run(waiting, *args, **kwargs)
    monkeypatch.setattr(worker, "run_in_background", slowly)
    return go


def _save_then_close(qtbot, monkeypatch, satisfaction: str):
    from app.ui.app import open_main_window
    window = open_main_window(SYSTEM, "test", smoke=True)
    qtbot.addWidget(window)
    window.ask_before_closing = False
    case_id = cases.settle_full_case()
    workspace = window.open_case(case_id)
    tab = workspace.page("回访")
    workspace.tabs.setCurrentWidget(tab)
    pick(tab.satisfaction, satisfaction)
    go = _slow_services(monkeypatch)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar.tabButton(window.tabs.indexOf(workspace), QTabBar.ButtonPosition.RightSide),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(tab))          # the tab is gone, the save still running
    go.set()
    QThreadPool.globalInstance().waitForDone(20000)
    for _ in range(5):
        QApplication.processEvents()
    return case_id


def test_a_save_finishing_after_its_tab_was_closed(qtbot, monkeypatch, message_boxes, unexpected_errors):  # noqa: F811 - fixture
    case_id = _save_then_close(qtbot, monkeypatch, "满意")
    assert unexpected_errors == [] and message_boxes == []
    assert len(case_detail(case_id).followups) == 2              # the second 回访 is saved


def test_a_refusal_coming_back_for_a_closed_tab_is_said(qtbot, monkeypatch, message_boxes, unexpected_errors):  # noqa: F811 - fixture
    case_id = _save_then_close(qtbot, monkeypatch, "不满意")      # 不满意 needs a 回访记录
    assert unexpected_errors == []
    assert len(message_boxes) == 1 and ("回访记录" in message_boxes[0] or "不满意" in message_boxes[0]), message_boxes
    assert len(case_detail(case_id).followups) == 1


def _row_text(window, case_id: int) -> list[str]:
    """The case's row as the list shows it (what the view reads from the model)."""
    model = window.case_list.model
    row = model.row_of_case(case_id)
    assert row >= 0
    return [model.data(model.index(row, column)) for column in range(model.columnCount())]


def test_the_list_row_follows_a_save_that_ended_after_its_tab_was_closed(qtbot, monkeypatch, message_boxes, unexpected_errors):  # noqa: F811 - fixture
    from app.ui.app import open_main_window
    window = open_main_window(SYSTEM, "test", smoke=True)
    qtbot.addWidget(window)
    window.ask_before_closing = False
    case_id = registration.register(SYSTEM, complaint(person_kw=dict(name="王堃"))).case_id
    workflow.accept(SYSTEM, case_id, day=date(2026, 11, 3))
    window.case_list.refresh()
    assert "王堃" in _row_text(window, case_id)                   # the row is read (and cached) as the list shows it
    workspace = window.open_case(case_id)
    tab = workspace.page("基本信息")
    workspace.tabs.setCurrentWidget(tab)
    type_into(qtbot, tab.form.person_name, "王喆")
    go = _slow_services(monkeypatch)
    click_when_asked(monkeypatch, "放弃修改")                    # closing asks: the typed name is being saved
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar.tabButton(window.tabs.indexOf(workspace), QTabBar.ButtonPosition.RightSide),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(tab))
    go.set()
    QThreadPool.globalInstance().waitForDone(20000)
    qtbot.waitUntil(lambda: "王喆" in _row_text(window, case_id), timeout=5000)
    assert unexpected_errors == [] and "王堃" not in _row_text(window, case_id)
    assert case_detail(case_id).case["version"] > 1


def click_when_asked(monkeypatch, answer: str) -> None:
    """A question box is answered by clicking its button `answer`."""
    def exec_box(box):
        next(b for b in box.buttons() if b.text() == answer).click()
        return 0
    monkeypatch.setattr(QMessageBox, "exec", exec_box)
