"""A clerk's day with one complaint, driven through the windows; checked through the services."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from app.db.models import Case
from app.services.casefile import case_detail
from tests.ui.helpers import click, fill_complaint, pick, type_into


def _register(qtbot, window):
    dialog = window.register_complaint()
    qtbot.waitExposed(dialog)
    form = dialog.form

    # A wrong check digit: the message appears next to the field as soon as the entry is left.
    fill_complaint(qtbot, form, id_number="110105194912310021")
    assert form.fields.error_of("complainant.id_number") == "身份证号校验位不符，请核对号码"
    assert form.fields.slots["complainant.id_number"].error.isVisible()
    click(qtbot, dialog.save_button)
    assert Case.select().count() == 0                      # nothing saved while a field is wrong
    assert dialog.isVisible()
    assert "1 处需要修改" in dialog.banner.text()

    # Corrected while typing: the message goes away, gender and birth date come from the number.
    type_into(qtbot, form.id_number, "11010519491231002X")
    assert form.fields.error_of("complainant.id_number") == ""
    assert form.gender.currentText() == "女"
    with qtbot.waitSignal(dialog.registered) as registered:
        click(qtbot, dialog.save_button)
    case_id, number = registered.args
    assert not dialog.isVisible()
    return case_id, number


def _record_session(qtbot, ws, text: str) -> None:
    ws.run_action("record_session")
    tab = ws.page("调解记录")
    type_into(qtbot, tab.place, "本会调解室")
    type_into(qtbot, tab.mediators, "王建国")
    type_into(qtbot, tab.record_text, text)
    click(qtbot, tab.record_button)
    assert tab.banner.text() == ""


def test_register_accept_mediate_agree_close_and_follow_up(qtbot, window):
    case_id, number = _register(qtbot, window)

    # The new case is in the list; Enter on it opens the workspace.
    model = window.case_list.model
    assert model.rowCount() == 1
    assert model.index(0, model.column_index("number")).data() == number
    assert model.index(0, model.column_index("state_label")).data() == "待受理"
    table = window.case_list.table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    ws = window.workspaces[case_id]
    assert window.tabs.currentWidget() is ws
    assert set(ws.action_buttons) >= {"accept", "reject", "transfer", "withdraw"}
    assert "close_mediated" not in ws.action_buttons

    dialog = ws.run_action("accept")
    click(qtbot, dialog.save_button)
    assert ws.detail.case["state"] == "accepted"
    assert "accept" not in ws.action_buttons and "record_session" in ws.action_buttons

    _record_session(qtbot, ws, "调解员：请双方陈述。\n投诉人：空调不制冷。")
    _record_session(qtbot, ws, "经营者同意退款，并补偿交通费。")

    ws.run_action("agree")
    tab = ws.page("协议")
    type_into(qtbot, tab.way, "经营者当场以银行转账方式支付")
    type_into(qtbot, tab.rows[0].description, "经营者退还投诉人货款")
    type_into(qtbot, tab.rows[0].amount, "3999.00")
    click(qtbot, tab.add_term_button)
    pick(tab.rows[1].term_type, "赔偿损失")
    type_into(qtbot, tab.rows[1].description, "经营者补偿投诉人交通费")
    type_into(qtbot, tab.rows[1].amount, "120.50")
    assert tab.total.text() == "合计：4,119.50 元（人民币肆仟壹佰壹拾玖元伍角整）"
    click(qtbot, tab.save_button)
    assert ws.detail.case["state"] == "agreed"

    dialog = ws.run_action("close_mediated")
    assert dialog.fields.widget("recovered").text() == "4119.50"     # the agreement's total
    click(qtbot, dialog.save_button)
    assert ws.detail.case["state"] == "closed"
    assert "follow_up" in ws.action_buttons and "reopen" in ws.action_buttons

    ws.run_action("follow_up")
    tab = ws.page("回访")
    pick(tab.satisfaction, "非常满意")
    pick(tab.performed, "已履行")
    type_into(qtbot, tab.note, "消费者表示款项已收到")
    click(qtbot, tab.save_button)

    detail = case_detail(case_id)
    assert detail.case["state"] == "closed" and detail.case["outcome"] == "mediated"
    assert [s["status"] for s in detail.sessions] == ["held", "held"]
    assert detail.sessions[1]["record_text"] == "经营者同意退款，并补偿交通费。"
    assert [(t["term_type"], t["amount"]) for t in detail.terms] == [
        ("refund", Decimal("3999.00")), ("compensate", Decimal("120.50"))]
    assert detail.case["recovered"] == Decimal("4119.50")
    assert [(f["satisfaction"], f["performed"]) for f in detail.followups] == [("very_satisfied", True)]
    assert detail.complainant["id_number"] == "11010519491231002X"
    # the list followed every step
    assert model.index(0, model.column_index("state_label")).data() == "已办结·调解成功（达成协议）"
    # the operation log shows the field changes in Chinese
    history = ws.page("操作日志")
    lines = [history.model.index(r, 3).data() for r in range(history.model.rowCount())]
    assert any("状态：已达成协议 → 已办结" in line for line in lines)
    summaries = [history.model.index(r, 2).data() for r in range(history.model.rowCount())]
    assert summaries[0].startswith("回访") and summaries[-1] == "登记投诉"     # newest first
