"""Where the cursor goes in a case's tabs: 安排调解 puts it in the session's day, and Tab runs
through the agreement's terms where they are seen (before, from a term's 删除 it jumped out of
the tab to the navigation, and the terms came after everything else)."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import mediation, registration, workflow
from app.services.casefile import case_detail
from app.services.context import SYSTEM
from tests import factories
from tests.ui.helpers import click, wait_for_services


def _case(held: bool = False) -> int:
    case_id = registration.register(SYSTEM, factories.complaint()).case_id
    workflow.accept(SYSTEM, case_id, day=date(2026, 11, 3))
    if held:
        mediation.record_session(SYSTEM, case_id, factories.session(date(2026, 11, 5)))
    return case_id


def _workspace(qtbot, window, case_id: int):
    window.activateWindow()
    qtbot.waitActive(window)
    return window.open_case(case_id)


def test_schedule_puts_the_cursor_in_the_day_to_type(qtbot, window):
    case_id = _case()
    ws = _workspace(qtbot, window, case_id)
    click(qtbot, ws.action_buttons["schedule_session"])
    tab = ws.page("调解记录")
    typing = QApplication.focusWidget()
    assert typing is tab.when.date_field.edit
    qtbot.keyClick(typing, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(typing, "12-02")
    qtbot.keyClick(typing, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is tab.when.time_field
    qtbot.keyClicks(tab.place, "Room 1")
    qtbot.keyClicks(tab.mediators, "Wang")
    click(qtbot, tab.schedule_button)
    assert [f"{s['scheduled_at']:%Y-%m-%d}" for s in case_detail(case_id).sessions] == ["2026-12-02"]


def test_tab_runs_through_the_agreement_terms_in_the_order_seen(qtbot, window):
    ws = _workspace(qtbot, window, _case(held=True))
    click(qtbot, ws.action_buttons["agree"])
    tab = ws.page("协议")
    click(qtbot, tab.add_term_button)                  # two rows, the second made after the tab
    first, second = tab.rows
    qtbot.waitUntil(second.remove.isVisible)             # shown at the next turn of the event loop
    tab.performance_place.setFocus()
    seen = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [tab.dispute_facts, first.term_type, first.description, first.amount, first.deadline.edit, first.remove,
                    second.term_type, second.description, second.amount, second.deadline.edit, second.remove,
                    tab.add_term_button]


def test_ctrl_s_from_inside_a_mistyped_date_says_so_and_saves_nothing(qtbot, window):
    """Ctrl+S while a date is still being typed takes it as leaving the field would: a text that is
    no date is refused beside the field and nothing is saved (before, the case was saved with the
    old date and the typing silently replaced by it)."""
    case_id = _case()
    ws = _workspace(qtbot, window, case_id)
    tab = ws.page("基本信息")
    edit = tab.form.purchase_date.edit
    before = case_detail(case_id).case
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, "2026-10-3x")
    qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_for_services(qtbot)
    assert "不是日期" in tab.form.fields.error_of("purchase_date")
    assert case_detail(case_id).case["version"] == before["version"]
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, "20261003")
    qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)      # typed right: saved
    wait_for_services(qtbot)
    assert str(case_detail(case_id).case["purchase_date"]) == "2026-10-03" and not ws.is_dirty()
