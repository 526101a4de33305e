"""Dates typed in a case's workspace, as the clerk's walk-through did them: in the 受理 dialog one
Enter after the date accepts the case (it took two: the first only moved on to the mediator); a
wrong date stays typed, and neither Enter nor a click on a tab's save button goes ahead with the
last good date in its place."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import registration, workflow
from app.services.casefile import case_detail
from app.services.context import SYSTEM
from app.ui.cases.workspace.action_dialogs import ActionDialog
from app.ui.cases.workspace.case_workspace import CaseWorkspace
from tests.factories import complaint
from tests.ui.helpers import click, wait_for_services
from tests.clock import frozen_on

TODAY = date(2026, 12, 2)


frozen_today = frozen_on(TODAY, autouse=True)


def _workspace(qtbot, accepted: bool = False) -> CaseWorkspace:
    data = complaint(received_date=date(2026, 11, 30), purchase_date=date(2026, 11, 1))
    case_id = registration.register(SYSTEM, data).case_id
    if accepted:
        workflow.accept(SYSTEM, case_id, day=date(2026, 11, 30))
    ws = CaseWorkspace(SYSTEM, case_id)
    qtbot.addWidget(ws)
    ws.show()
    qtbot.waitExposed(ws)
    return ws


def _accept_dialog(qtbot, ws: CaseWorkspace) -> ActionDialog:
    click(qtbot, ws.action_buttons["accept"])
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ActionDialog) and w.isVisible())
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    day = dialog.fields.widget("day")
    qtbot.waitUntil(day.edit.hasFocus)           # the dialog opens in its first field, the date
    return dialog


def _type_over(qtbot, edit, text: str) -> None:
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)


def test_one_enter_after_the_date_accepts_the_case(qtbot, sqlite_db, message_boxes):
    ws = _workspace(qtbot)
    dialog = _accept_dialog(qtbot, ws)
    edit = dialog.fields.widget("day").edit
    _type_over(qtbot, edit, "2026-12-01")
    qtbot.keyClick(edit, Qt.Key.Key_Return)                  # once
    wait_for_services(qtbot)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == ActionDialog.DialogCode.Accepted
    case = case_detail(ws.case_id).case
    assert case["state"] == "accepted" and case["accepted_date"] == date(2026, 12, 1)


def test_enter_in_a_wrong_date_keeps_it_and_accepts_nothing(qtbot, sqlite_db, message_boxes):
    ws = _workspace(qtbot)
    dialog = _accept_dialog(qtbot, ws)
    edit = dialog.fields.widget("day").edit
    _type_over(qtbot, edit, "2026-13-01")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    wait_for_services(qtbot)
    assert dialog.isVisible() and case_detail(ws.case_id).case["state"] == "registered"
    assert edit.text() == "2026-13-01" and edit.hasFocus()
    assert dialog.fields.error_of("day") == "月份应为1–12，现为13，请按 2026-12-02 的格式填写"
    for _ in range(4):                                        # the cursor is after "01": back to "2026-1"
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, "2-01")
    assert edit.text() == "2026-12-01"
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    wait_for_services(qtbot)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert case_detail(ws.case_id).case["accepted_date"] == date(2026, 12, 1)


def test_a_wrong_session_date_is_kept_and_the_save_button_saves_nothing(qtbot, sqlite_db, message_boxes):
    ws = _workspace(qtbot, accepted=True)
    click(qtbot, ws.action_buttons["schedule_session"])
    tab = ws.page("调解记录")
    edit = tab.when.date_field.edit
    edit.setFocus()
    _type_over(qtbot, edit, "2026-02-30")
    click(qtbot, tab.schedule_button)
    assert edit.text() == "2026-02-30"
    assert tab.fields.visible_errors() and "2026年2月没有30日" in " ".join(tab.fields.visible_errors().values())
    assert case_detail(ws.case_id).sessions == []
