"""After a save in a case's tab has succeeded, closing the tab does not ask 放弃修改; after a
refused save, or an edit made after the save (also one typed while the save was still running),
it asks, and what was typed stays on the screen and unsaved."""
from __future__ import annotations

import threading
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTabBar

from app.services import agreements, mediation, registration, workflow
from app.services.casefile import case_detail
from app.services.context import SYSTEM
from app.ui import worker
from tests import factories
from tests.reports import document_cases as cases
from tests.ui.helpers import wait_for_services
from app.ui.cases.workspace.action_dialogs import ActionDialog

ASKED = "填写的内容尚未保存，确定要放弃吗？"


def _accepted_case() -> int:
    case_id = registration.register(SYSTEM, factories.complaint()).case_id
    workflow.accept(SYSTEM, case_id, day=date(2026, 11, 3))
    return case_id


def _retype(qtbot, edit, text: str) -> None:
    """Click into the field, select what is there and type over it."""
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)


def _save(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_for_services(qtbot)


def _close_tab(qtbot, window, ws) -> None:
    """The × on the case's tab, as the clerk closes it (the prompt is answered 继续编辑)."""
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar.tabButton(window.tabs.indexOf(ws), QTabBar.ButtonPosition.RightSide),
                     Qt.MouseButton.LeftButton)


def _slow_services(monkeypatch) -> threading.Event:
    """Every background call waits until the test lets it go (a slow server)."""
    go, run = threading.Event(), worker.run_in_background

    def slowly(fn, *args, **kwargs):
        def waiting(*a, **k):
            go.wait(20)
            return fn(*a, **k)
        return run(waiting, *args, **kwargs)
    monkeypatch.setattr(worker, "run_in_background", slowly)
    return go


def _open(window, case_id: int, title: str):
    ws = window.open_case(case_id)
    tab = ws.page(title)
    ws.tabs.setCurrentWidget(tab)
    return ws, tab


# ---------------------------------------------------------------- 基本信息
def test_basic_tab_saved_closes_without_asking(qtbot, window, message_boxes):
    case_id = _accepted_case()
    ws, tab = _open(window, case_id, "基本信息")
    _retype(qtbot, tab.form.person_phone, "13900001111")
    _save(qtbot, tab.save_button)
    assert case_detail(case_id).complainant["phone"] == "13900001111"
    _close_tab(qtbot, window, ws)
    assert message_boxes == [] and ws not in window.workspaces.values()


def test_basic_tab_edit_after_the_save_asks(qtbot, window, message_boxes):
    ws, tab = _open(window, _accepted_case(), "基本信息")
    _retype(qtbot, tab.form.person_phone, "13900001111")
    _save(qtbot, tab.save_button)
    _retype(qtbot, tab.form.goods_name, "TV")
    _close_tab(qtbot, window, ws)
    assert message_boxes == [ASKED] and window.tabs.indexOf(ws) >= 0


def test_basic_tab_refused_save_asks(qtbot, window, message_boxes):
    case_id = _accepted_case()
    ws, tab = _open(window, case_id, "基本信息")
    _retype(qtbot, tab.form.person_phone, "1390000")
    _save(qtbot, tab.save_button)
    assert "需要修改" in tab.banner.text()
    _close_tab(qtbot, window, ws)
    assert message_boxes == [ASKED] and window.tabs.indexOf(ws) >= 0
    assert case_detail(case_id).complainant["phone"] != "1390000"


def test_basic_tab_typing_while_the_save_runs_is_kept_and_asked_about(qtbot, window, message_boxes, monkeypatch):
    case_id = _accepted_case()
    ws, tab = _open(window, case_id, "基本信息")
    goods = case_detail(case_id).case["goods_name"]
    _retype(qtbot, tab.form.person_phone, "13900001111")
    go = _slow_services(monkeypatch)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    _retype(qtbot, tab.form.goods_name, "TV")            # the save is still running
    go.set()
    wait_for_services(qtbot)
    assert case_detail(case_id).complainant["phone"] == "13900001111"
    assert case_detail(case_id).case["goods_name"] == goods
    assert tab.form.goods_name.text() == "TV"           # not overwritten by the reload after the save
    _close_tab(qtbot, window, ws)
    assert message_boxes == [ASKED]
    _save(qtbot, tab.save_button)                       # the next save writes it, against the new version
    assert case_detail(case_id).case["goods_name"] == "TV" and tab.banner.text() == ""
    _close_tab(qtbot, window, ws)
    assert message_boxes == [ASKED] and ws not in window.workspaces.values()


def test_ctrl_w_closes_the_case_in_front_asking_only_about_what_is_unsaved(qtbot, window, message_boxes):
    ws, tab = _open(window, _accepted_case(), "基本信息")
    _retype(qtbot, tab.form.goods_name, "TV")
    qtbot.keyClick(tab.form.goods_name, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert message_boxes == [ASKED] and window.tabs.currentWidget() is ws      # 继续编辑
    _save(qtbot, tab.save_button)
    qtbot.keyClick(tab.form.goods_name, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert message_boxes == [ASKED] and ws not in window.workspaces.values()
    assert window.tabs.currentWidget() is window.case_list and not window.close_tab_action.isEnabled()
    qtbot.keyClick(window.case_list.table, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.count() >= 1 and window.tabs.widget(0) is window.case_list          # the list stays


# ---------------------------------------------------------------- 调解记录
def _new_session(qtbot, ws):
    qtbot.mouseClick(ws.action_buttons["schedule_session"], Qt.MouseButton.LeftButton)
    tab = ws.page("调解记录")
    _retype(qtbot, tab.place, "Room 1")
    _retype(qtbot, tab.mediators, "Wang")
    return tab


def test_sessions_tab_saved_closes_without_asking(qtbot, window, message_boxes):
    case_id = _accepted_case()
    ws, _tab = _open(window, case_id, "调解记录")
    tab = _new_session(qtbot, ws)
    _save(qtbot, tab.schedule_button)
    assert [s["place"] for s in case_detail(case_id).sessions] == ["Room 1"]
    _close_tab(qtbot, window, ws)
    assert message_boxes == [] and ws not in window.workspaces.values()


def test_sessions_tab_edit_after_the_save_asks(qtbot, window, message_boxes):
    ws, _tab = _open(window, _accepted_case(), "调解记录")
    tab = _new_session(qtbot, ws)
    _save(qtbot, tab.schedule_button)
    _retype(qtbot, tab.place, "Room 2")
    _close_tab(qtbot, window, ws)
    assert message_boxes == [ASKED] and window.tabs.indexOf(ws) >= 0


def test_sessions_tab_typing_while_the_save_runs_is_kept_for_that_session(qtbot, window, message_boxes, monkeypatch):
    case_id = _accepted_case()
    ws, _tab = _open(window, case_id, "调解记录")
    tab = _new_session(qtbot, ws)
    go = _slow_services(monkeypatch)
    qtbot.mouseClick(tab.schedule_button, Qt.MouseButton.LeftButton)
    _retype(qtbot, tab.recorder, "Wu")                 # the save is still running
    go.set()
    wait_for_services(qtbot)
    sessions = case_detail(case_id).sessions
    assert [(s["place"], s["recorder"]) for s in sessions] == [("Room 1", "")]
    assert tab.recorder.text() == "Wu" and tab.place.text() == "Room 1"
    assert tab.session_id == sessions[0]["id"] and not tab.schedule_button.isVisible()
    _close_tab(qtbot, window, ws)
    assert message_boxes == [ASKED]
    _retype(qtbot, tab.record_text, "Talked")
    _save(qtbot, tab.record_button)                    # saved to the same session, not a second one
    assert tab.banner.text() == ""
    assert [(s["place"], s["recorder"], s["status"]) for s in case_detail(case_id).sessions] == [
        ("Room 1", "Wu", "held")]


# ---------------------------------------------------------------- 协议
def _agreeing_case() -> int:
    case_id = _accepted_case()
    mediation.record_session(SYSTEM, case_id, factories.session(date(2026, 11, 5)))
    return case_id


def test_agreement_tab_saved_closes_without_asking_and_an_edit_after_asks(qtbot, window, message_boxes):
    case_id = _agreeing_case()
    ws, tab = _open(window, case_id, "协议")
    _retype(qtbot, tab.rows[0].description, "Refund")
    _retype(qtbot, tab.rows[0].amount, "100")
    _retype(qtbot, tab.way, "Cash")
    _save(qtbot, tab.save_button)
    assert tab.banner.text() == ""
    assert case_detail(case_id).agreement["performance_way"] == "Cash"
    assert not ws.is_dirty()
    _retype(qtbot, tab.way, "Bank")
    _close_tab(qtbot, window, ws)
    assert message_boxes == [ASKED] and window.tabs.indexOf(ws) >= 0
    _save(qtbot, tab.save_button)
    _close_tab(qtbot, window, ws)
    assert message_boxes == [ASKED] and ws not in window.workspaces.values()


# ---------------------------------------------------------------- 回访
def test_followup_tab_saved_closes_without_asking(qtbot, window, message_boxes):
    case_id = cases.settle_full_case()
    ws, tab = _open(window, case_id, "回访")
    _retype(qtbot, tab.note, "ok")
    _save(qtbot, tab.save_button)
    assert len(case_detail(case_id).followups) == 2 and tab.note.toPlainText() == ""
    _close_tab(qtbot, window, ws)
    assert message_boxes == [] and ws not in window.workspaces.values()


def test_followup_tab_typing_while_the_save_runs_is_kept_and_asked_about(qtbot, window, message_boxes, monkeypatch):
    case_id = cases.settle_full_case()
    ws, tab = _open(window, case_id, "回访")
    _retype(qtbot, tab.note, "ok")
    go = _slow_services(monkeypatch)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.note, " and more")            # the save is still running
    go.set()
    wait_for_services(qtbot)
    assert [f["note"] for f in case_detail(case_id).followups][-1] == "ok"
    assert tab.note.toPlainText() == "ok and more"
    _close_tab(qtbot, window, ws)
    assert message_boxes == [ASKED] and window.tabs.indexOf(ws) >= 0


# ---------------------------------------------------------------- a case reopened while its save ran
def test_a_case_opened_again_while_its_tab_waits_for_its_save_stays_open(qtbot, window, message_boxes, monkeypatch):
    case_id = _accepted_case()
    ws, tab = _open(window, case_id, "基本信息")
    _retype(qtbot, tab.form.goods_name, "TV")
    go = _slow_services(monkeypatch)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    window.ask_before_closing = True
    _close_tab(qtbot, window, ws)                      # waits for the save (no question)
    assert message_boxes == [] and window.tabs.indexOf(ws) >= 0
    again = window.open_case(case_id)                  # the clerk opens the case again meanwhile
    assert again is ws
    go.set()
    wait_for_services(qtbot)
    for _ in range(3):
        QApplication.processEvents()
    assert window.tabs.indexOf(ws) >= 0 and case_id in window.workspaces     # it stays open
    assert again.page("基本信息").form.goods_name.text() == "TV" and not again.is_dirty()
    assert message_boxes == []


# ---------------------------------------------------------------- an action's dialog
def _close_dialog(qtbot, ws):
    agreements.record_agreement(SYSTEM, ws.case_id, factories.agreement())
    ws.reload()
    qtbot.mouseClick(ws.action_buttons["close_mediated"], Qt.MouseButton.LeftButton)
    dialog = next(d for d in ws.findChildren(ActionDialog) if d.isVisible())
    assert dialog.fields.widget("recovered").text() == "4119.50"       # proposed from the agreement
    return dialog


def test_an_action_dialog_with_what_it_proposed_closes_without_asking(qtbot, window, message_boxes):
    ws = window.open_case(_agreeing_case())
    dialog = _close_dialog(qtbot, ws)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert message_boxes == [] and not dialog.isVisible()


def test_an_action_dialog_typed_in_asks(qtbot, window, message_boxes):
    ws = window.open_case(_agreeing_case())
    dialog = _close_dialog(qtbot, ws)
    _retype(qtbot, dialog.fields.widget("recovered"), "4000")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert message_boxes == [ASKED] and dialog.isVisible()
    dialog.done(0)                 # not left open for the tests after this one


# ---------------------------------------------------------------- saving nothing
def test_saving_nothing_makes_no_new_version(qtbot, window, message_boxes):
    """保存 with nothing changed says so and leaves the case as it was: a new version for nothing
    would make another clerk's open tab of the case stale (their save refused as a conflict)."""
    case_id = _agreeing_case()
    agreements.record_agreement(SYSTEM, case_id, factories.agreement())
    version = case_detail(case_id).case["version"]
    ws, tab = _open(window, case_id, "基本信息")
    _save(qtbot, tab.save_button)
    assert window.statusBar().currentMessage() == "登记信息没有修改，无需保存。"
    tab = ws.page("协议")
    ws.tabs.setCurrentWidget(tab)
    _save(qtbot, tab.save_button)
    assert window.statusBar().currentMessage() == "调解协议没有修改，无需保存。"
    assert case_detail(case_id).case["version"] == version
    _retype(qtbot, tab.way, "Cash")
    _save(qtbot, tab.save_button)                      # a change is saved as before
    assert case_detail(case_id).case["version"] == version + 1
    _close_tab(qtbot, window, ws)
    assert message_boxes == [] and ws not in window.workspaces.values()


def test_recording_a_held_session_again_unchanged_makes_no_new_version(qtbot, window, message_boxes):
    case_id = _agreeing_case()
    version = case_detail(case_id).case["version"]
    ws, tab = _open(window, case_id, "调解记录")
    table = tab.sessions_table
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(tab.sessions.index(0, 0)).center())
    assert tab.session_id == case_detail(case_id).sessions[0]["id"]        # the held session, to correct
    _save(qtbot, tab.record_button)
    assert window.statusBar().currentMessage() == "调解记录没有修改，无需保存。"
    assert case_detail(case_id).case["version"] == version
    _retype(qtbot, tab.recorder, "Wu")
    _save(qtbot, tab.record_button)
    assert case_detail(case_id).sessions[0]["recorder"] == "Wu" and case_detail(case_id).case["version"] == version + 1
    _close_tab(qtbot, window, ws)
    assert message_boxes == [] and ws not in window.workspaces.values()
