"""待处理任务: an unsatisfied 回访 is listed for the supervisor, with its actions clicked as a person
does — 记录处理情况 and 重新打开 run through the executor and the task leaves the list."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from app.db.models import AuditLog, Case, FollowUp
from app.services import followups, registration, workflow
from app.services.context import SYSTEM
from app.ui.cases.tasks_view import TasksScreen
from tests.factories import complaint, follow_up
from tests.ui.helpers import click, key_text, wait_for_services


def _unsatisfied(name: str) -> int:
    case_id = registration.register(SYSTEM, complaint(person_kw={"name": name})).case_id
    workflow.accept(SYSTEM, case_id, day=date(2026, 11, 3))
    workflow.settle(SYSTEM, case_id, day=date(2026, 11, 20), recovered="300")
    followups.record_follow_up(SYSTEM, case_id, follow_up(satisfaction="unsatisfied", note="经营者未按约退款"))
    return case_id


def _tasks_screen(window, qtbot) -> TasksScreen:
    window.tasks_action.trigger()
    screen = window.tabs.currentWidget()
    assert isinstance(screen, TasksScreen) and window.tabs.tabText(window.tabs.currentIndex()) == "待处理任务"
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0 or bool(screen.banner.text()), timeout=10000)
    return screen


def test_an_unsatisfied_follow_up_is_a_task_recorded_as_handled(window, qtbot):
    case_id = _unsatisfied("张三")
    window.refresh_action.trigger()
    qtbot.waitUntil(lambda: window.navigation.count_of("tasks") == 1, timeout=10000)
    screen = _tasks_screen(window, qtbot)
    task = screen.selected()
    assert screen.model.rowCount() == 1 and task.case_id == case_id and task.opinion == "经营者未按约退款"
    assert task.kind == "不满意回访（电话）：请处理"
    click(qtbot, screen.resolve_button)
    dialog = screen.dialog
    assert dialog.isVisible() and dialog.windowTitle().startswith("处理不满意回访")
    click(qtbot, dialog.save_button)                     # nothing written yet: the note is required
    assert dialog.isVisible() and dialog.fields.error_of("note")
    box = dialog.fields.widget("note")
    box.setFocus()
    key_text(box, "已督促经营者于12月5日前退款，并电话答复消费者")
    click(qtbot, dialog.save_button)
    wait_for_services(qtbot)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 0, timeout=10000)
    assert "没有待处理的任务" in screen.banner.text()
    row = FollowUp.get(FollowUp.case == case_id)
    assert row.supervisor_done and "负责人处理：已督促经营者" in row.note
    assert AuditLog.select().where(AuditLog.action == "supervise").count() == 1
    qtbot.waitUntil(lambda: window.navigation.count_of("tasks") == 0, timeout=10000)


def test_reopening_the_case_from_the_task_deals_with_it(window, qtbot):
    _unsatisfied("李四")
    second = _unsatisfied("王五")
    screen = _tasks_screen(window, qtbot)
    row = next(i for i, task in enumerate(screen.model.rows) if task.case_id == second)
    qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=screen.table.visualRect(screen.model.index(row, 0)).center())
    assert screen.selected().case_id == second
    click(qtbot, screen.reopen_button)
    box = screen.dialog.fields.widget("reason")
    box.setFocus()
    key_text(box, "消费者反映退款未到账，继续调解")
    click(qtbot, screen.dialog.save_button)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=10000)
    assert Case.get_by_id(second).state != "closed" and FollowUp.get(FollowUp.case == second).supervisor_done
    click(qtbot, screen.open_button)                   # the remaining task's case opens in a tab
    assert window.tabs.currentWidget() is window.workspaces[screen.model.rows[0].case_id]


def test_who_may_not_supervise_sees_the_tasks_but_not_the_actions(qtbot, sqlite_db, message_boxes):
    from app.services.context import Actor
    _unsatisfied("赵六")
    screen = TasksScreen(Actor(None, "clerk", "登记员", "clerk"))
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=10000)
    assert screen.open_button.isEnabled() and not screen.resolve_button.isEnabled()
    assert not screen.reopen_button.isEnabled() and "负责人" in screen.hint.text()
