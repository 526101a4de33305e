"""A clerk saves in a case's tab and closes the tab before the save is done (a slow server): the
tab waits for the save — no 放弃修改 question, since nothing typed is being given up — and closes
once it is saved; a refused save keeps the tab open with the reason beside its fields (before, the
tab closed at once and the refusal came back in a message box, the typed text gone); the case
list's row shows what was saved as soon as the save ends; nothing reaches a tab that is gone."""
from __future__ import annotations

import threading
from datetime import date

import pytest
import shiboken6
from PySide6.QtCore import QThreadPool, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QTabBar

from app.services import registration, workflow
from app.services.casefile import case_detail
from app.services.context import SYSTEM
from app.ui import runner, worker
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


def _close_tab(qtbot, window, workspace) -> None:
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar.tabButton(window.tabs.indexOf(workspace), QTabBar.ButtonPosition.RightSide),
                     Qt.MouseButton.LeftButton)


def _let_go(qtbot, go: threading.Event) -> None:
    go.set()
    QThreadPool.globalInstance().waitForDone(20000)
    qtbot.waitUntil(runner.idle, timeout=20000)
    for _ in range(5):
        QApplication.processEvents()


def _follow_up_tab(qtbot, satisfaction: str):
    """A main window with a settled case's 回访 tab open and its satisfaction chosen."""
    from app.ui.app import open_main_window
    window = open_main_window(SYSTEM, "test", smoke=True)
    qtbot.addWidget(window)
    case_id = cases.settle_full_case()
    workspace = window.open_case(case_id)
    tab = workspace.page("回访")
    workspace.tabs.setCurrentWidget(tab)
    pick(tab.satisfaction, satisfaction)
    return window, workspace, tab, case_id


def _save_then_close(qtbot, monkeypatch, satisfaction: str):
    window, workspace, tab, case_id = _follow_up_tab(qtbot, satisfaction)
    window.ask_before_closing = False
    go = _slow_services(monkeypatch)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    _close_tab(qtbot, window, workspace)
    assert window.tabs.indexOf(workspace) >= 0                # it waits for the save
    assert "完成后关闭此页" in window.statusBar().currentMessage()
    _let_go(qtbot, go)
    return window, workspace, tab, case_id


def test_a_tab_closed_while_its_save_runs_closes_once_saved(qtbot, monkeypatch, message_boxes, unexpected_errors):  # noqa: F811 - fixture
    window, workspace, tab, case_id = _save_then_close(qtbot, monkeypatch, "满意")
    qtbot.waitUntil(lambda: not shiboken6.isValid(tab))
    assert unexpected_errors == [] and message_boxes == []
    assert len(case_detail(case_id).followups) == 2              # the second 回访 is saved
    assert case_id not in window.workspaces


def test_a_refused_save_keeps_its_tab_open_with_the_reason(qtbot, monkeypatch, message_boxes, unexpected_errors):  # noqa: F811 - fixture
    window, workspace, tab, case_id = _save_then_close(qtbot, monkeypatch, "不满意")      # 不满意 needs a 回访记录
    assert unexpected_errors == [] and message_boxes == []
    assert shiboken6.isValid(tab) and window.tabs.currentWidget() is workspace
    assert tab.satisfaction.currentText() == "不满意"               # what was chosen is still there
    shown = [label.text() for label in tab.findChildren(QLabel) if label.isVisible()]
    assert any("回访记录" in text or "不满意" in text for text in shown), shown
    assert "没有关闭" in window.statusBar().currentMessage()
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
    asked = answer_when_asked(monkeypatch)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    _close_tab(qtbot, window, workspace)
    _let_go(qtbot, go)
    qtbot.waitUntil(lambda: not shiboken6.isValid(tab))
    assert asked == []                                            # the typed name was being saved: no question
    qtbot.waitUntil(lambda: "王喆" in _row_text(window, case_id), timeout=5000)
    assert unexpected_errors == [] and "王堃" not in _row_text(window, case_id)
    assert case_detail(case_id).case["version"] > 1


def answer_when_asked(monkeypatch) -> list[str]:
    """A question box is answered 继续编辑 (keep the tab); what it asked is kept."""
    asked: list[str] = []

    def exec_box(box):
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == "继续编辑").click()
        return 0
    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    return asked


def test_a_tab_with_nothing_running_still_asks_before_dropping_what_was_typed(qtbot, monkeypatch, message_boxes):
    from app.ui.app import open_main_window
    window = open_main_window(SYSTEM, "test", smoke=True)
    qtbot.addWidget(window)
    window.ask_before_closing = False
    case_id = registration.register(SYSTEM, complaint()).case_id
    workspace = window.open_case(case_id)
    tab = workspace.page("基本信息")
    workspace.tabs.setCurrentWidget(tab)
    type_into(qtbot, tab.form.person_name, "王喆")
    asked = answer_when_asked(monkeypatch)
    _close_tab(qtbot, window, workspace)
    assert len(asked) == 1 and "尚未保存" in asked[0] and window.tabs.indexOf(workspace) >= 0


def _answer_boxes_as_they_open(window, workspace):
    """Real message boxes (each with its own event loop), closed by the test as a clerk would;
    noted with whether the workspace's tab was still open while the box was."""
    seen: list[tuple[str, bool]] = []

    def close_open_box():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            seen.append((box.text(), window.tabs.indexOf(workspace) >= 0))
            box.accept()
    timer = QTimer()
    timer.timeout.connect(close_open_box)
    timer.start(100)
    return seen, timer


def test_a_tab_whose_save_shows_a_notice_closes_after_the_notice(qtbot, monkeypatch, unexpected_errors):  # noqa: F811 - fixture
    """不满意 with a 回访记录 is saved and the workspace says 请注意 (the supervisor's task) in a real
    message box: the tab closes after that box, not inside its event loop (it took the box along:
    the process aborted)."""
    window, workspace, tab, case_id = _follow_up_tab(qtbot, "不满意")
    window.ask_before_closing = False
    type_into(qtbot, tab.note, "退款未到账")
    go = _slow_services(monkeypatch)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    _close_tab(qtbot, window, workspace)
    seen, timer = _answer_boxes_as_they_open(window, workspace)
    _let_go(qtbot, go)
    qtbot.waitUntil(lambda: not shiboken6.isValid(tab), timeout=5000)
    timer.stop()
    assert seen and all(open_then for _, open_then in seen), seen     # the box came first, the close after it
    assert unexpected_errors == []
    assert len(case_detail(case_id).followups) == 2


def test_the_window_closed_while_a_save_runs_closes_once_saved(qtbot, monkeypatch, message_boxes, unexpected_errors):  # noqa: F811 - fixture
    window, workspace, tab, case_id = _follow_up_tab(qtbot, "满意")
    window.show()
    go = _slow_services(monkeypatch)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    window.quit_action.trigger()                                  # 文件 → 退出
    assert window.isVisible() and message_boxes == []             # no 放弃修改: it waits
    assert "完成后关闭窗口" in window.statusBar().currentMessage()
    _let_go(qtbot, go)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert message_boxes == [] and unexpected_errors == []
    assert len(case_detail(case_id).followups) == 2
