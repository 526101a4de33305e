"""The mediator writes 纠纷事实及请求 in the agreement form: a new agreement offers a draft (the
complaint cut short and the request), the mediator rewrites it with the keyboard and saves with the
visible button; the stored agreement and its audit row have the text. Too long a text is answered
beside the field and nothing is saved; an agreement from before keeps its empty field."""
from __future__ import annotations

import json
from datetime import date

from PySide6.QtCore import Qt

from app.db.models import Agreement, AuditLog
from app.domain.agreement_facts import MAX_DISPUTE_FACTS
from app.services import agreements, mediation, registration, workflow
from app.services.context import SYSTEM
from app.ui.cases.workspace.case_workspace import CaseWorkspace
from tests.factories import agreement, complaint, session
from tests.ui.helpers import click, key_text, type_into

LONG_FACTS = "投诉人购买的空调安装后不制冷，维修人员上门三次仍未修好。" * 30        # 870 characters


def _workspace(qtbot, **complaint_kw) -> tuple[CaseWorkspace, object]:
    case_id = registration.register(SYSTEM, complaint(**complaint_kw)).case_id
    workflow.accept(SYSTEM, case_id, date(2026, 11, 3))
    mediation.record_session(SYSTEM, case_id, session())
    return _open(qtbot, case_id)


def _open(qtbot, case_id: int):
    ws = CaseWorkspace(SYSTEM, case_id)
    qtbot.addWidget(ws)
    ws.resize(1280, 900)
    ws.show()
    tab = ws.page("协议")
    bar = ws.tabs.tabBar()        # the mediator clicks the tab's title
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(ws.tabs.indexOf(tab)).center())
    assert ws.tabs.currentWidget() is tab
    return ws, tab


def _first_term(qtbot, tab) -> None:
    type_into(qtbot, tab.rows[0].description, "经营者退还投诉人货款")
    type_into(qtbot, tab.rows[0].amount, "3999.00")


def _clear(qtbot, box) -> None:
    """Select everything and delete it, as the mediator does before writing their own."""
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(box, Qt.Key.Key_Delete)


def test_a_new_agreement_offers_a_draft_the_mediator_rewrites_and_saves(qtbot, sqlite_db):
    ws, tab = _workspace(qtbot, facts=LONG_FACTS)
    click(qtbot, ws.action_buttons["agree"])
    draft = tab.dispute_facts.toPlainText()
    first, request = draft.split("\n")
    assert first.endswith("仍未修好。…") and len(first) <= 301 and LONG_FACTS.startswith(first[:-1])
    assert request == "投诉人请求：退货、退款。要求退货并退还货款3999元。"
    _clear(qtbot, tab.dispute_facts)
    assert tab.dispute_facts.toPlainText() == ""
    key_text(tab.dispute_facts, "投诉人购买的空调不制冷，经三次维修未修好。投诉人请求退货并退还货款")
    qtbot.keyClicks(tab.dispute_facts, "3999")         # figures from the keyboard's own keys
    key_text(tab.dispute_facts, "元。")
    _first_term(qtbot, tab)
    type_into(qtbot, tab.way, "经营者当场以银行转账方式支付")
    click(qtbot, tab.save_button)
    stated = "投诉人购买的空调不制冷，经三次维修未修好。投诉人请求退货并退还货款3999元。"
    assert tab.banner.text() == ""
    assert Agreement.get(Agreement.case == ws.case_id).dispute_facts == stated
    row = AuditLog.select().where(AuditLog.action == "agree").get()
    assert {"field": "dispute_facts", "old": None, "new": stated} in json.loads(row.changes)
    assert ws.detail.case["state"] == "agreed"


def test_too_long_a_text_is_answered_beside_the_field_and_not_saved(qtbot, sqlite_db):
    ws, tab = _workspace(qtbot)
    click(qtbot, ws.action_buttons["agree"])
    _clear(qtbot, tab.dispute_facts)
    tab.dispute_facts.insertPlainText("字" * (MAX_DISPUTE_FACTS + 1))       # pasted from elsewhere
    _first_term(qtbot, tab)
    type_into(qtbot, tab.way, "经营者当场以银行转账方式支付")
    click(qtbot, tab.save_button)
    message = tab.fields.slots["dispute_facts"].error.text()
    assert message == f"纠纷事实及请求过长（{MAX_DISPUTE_FACTS + 1}字，最多{MAX_DISPUTE_FACTS}字）"
    assert not Agreement.select().where(Agreement.case == ws.case_id).exists()
    qtbot.keyClick(tab.dispute_facts, Qt.Key.Key_Backspace)      # one character less: it fits
    click(qtbot, tab.save_button)
    assert len(Agreement.get(Agreement.case == ws.case_id).dispute_facts) == MAX_DISPUTE_FACTS


def test_an_agreement_signed_before_shows_the_field_empty_and_keeps_it_so(qtbot, sqlite_db):
    case_id = registration.register(SYSTEM, complaint()).case_id
    workflow.accept(SYSTEM, case_id, date(2026, 11, 3))
    mediation.record_session(SYSTEM, case_id, session())
    agreements.record_agreement(SYSTEM, case_id, agreement())          # as every one before schema 19
    ws, tab = _open(qtbot, case_id)
    assert tab.dispute_facts.toPlainText() == "" and "留空则协议书照印投诉事实" in tab.dispute_facts.placeholderText()
    type_into(qtbot, tab.place, "城关镇调解室")
    click(qtbot, tab.save_button)
    assert tab.banner.text() == ""
    stored = Agreement.get(Agreement.case == case_id)
    assert stored.place == "城关镇调解室" and stored.dispute_facts is None
