"""A complainant's details edited in the case's 基本信息 and saved: the case's 操作日志 shows the
line, labelled 更新当事人信息（投诉人）, with the old and new address — and so does the other case
of the same consumer (the edit is kept on the party, which both cases share)."""
from __future__ import annotations

from PySide6.QtCore import Qt

from app.services import registration
from app.services.context import SYSTEM
from tests import factories
from tests.ui.helpers import key_text, wait_for_services


def _log_lines(ws) -> list[tuple[str, str]]:
    history = ws.page("操作日志")
    ws.tabs.setCurrentWidget(history)
    model = history.model
    return [(model.data(model.index(r, 2)), model.data(model.index(r, 3))) for r in range(model.rowCount())]


def test_an_edited_complainant_shows_in_the_case_log_of_each_of_her_cases(qtbot, window, message_boxes):
    case_id = registration.register(SYSTEM, factories.complaint()).case_id
    other_id = registration.register(SYSTEM, factories.complaint(goods_name="冰箱")).case_id
    ws = window.open_case(case_id)
    tab = ws.page("基本信息")
    ws.tabs.setCurrentWidget(tab)
    field = tab.form.person_address
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    key_text(field, "某县新华路1号")                                  # typed as the input method does
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    wait_for_services(qtbot)
    assert tab.banner.text() == ""
    qtbot.waitUntil(lambda: any(what == "更新当事人信息（投诉人）" for what, _ in _log_lines(ws)), timeout=10000)
    line = next(changes for what, changes in _log_lines(ws) if what == "更新当事人信息（投诉人）")
    assert "某县城关镇人民路1号" in line and "某县新华路1号" in line
    other = window.open_case(other_id)
    assert "更新当事人信息（投诉人）" in [what for what, _ in _log_lines(other)]
    window.ask_before_closing = False
