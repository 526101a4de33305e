"""Someone else saved first: the clerk's input stays and the message names who and when.
Duplicate warnings before registering; action refusals shown, not swallowed."""
from __future__ import annotations

from app.db.models import Case
from app.services import registration
from app.services.casefile import case_detail
from app.services.context import SYSTEM, Actor
from app.services.lookups import complaint_input_of
from app.ui.dialogs import WarningsDialog
from tests import factories
from tests.ui.helpers import click, fill_complaint, pick, type_into

OTHER_CLERK = Actor(None, "lisi", "李四", "admin")


def test_a_stale_save_keeps_the_input_and_names_who_changed_the_case(qtbot, window):
    case_id = registration.register(SYSTEM, factories.complaint()).case_id
    ws = window.open_case(case_id)
    tab = ws.page("基本信息")
    mine = "投诉人补充：空调外机噪音也超标。"
    type_into(qtbot, tab.form.facts, mine)
    assert ws.is_dirty()

    # meanwhile another clerk edits the same case on another PC
    theirs = complaint_input_of(case_detail(case_id))
    theirs.request_text = "要求更换同型号新机。"
    registration.update_complaint(OTHER_CLERK, case_id, theirs, expected_version=1)

    click(qtbot, tab.save_button)
    message = tab.banner.text()
    assert "已被 李四 于" in message and "您填写的内容已保留" in message
    assert tab.form.facts.toPlainText() == mine                      # nothing typed was lost
    assert case_detail(case_id).case["facts"] != mine                # and nothing overwritten
    assert tab.keep_button.isVisible() and tab.discard_button.isVisible()

    # having seen it, the clerk keeps the own text and saves again
    click(qtbot, tab.keep_button)
    click(qtbot, tab.save_button)
    saved = case_detail(case_id).case
    assert saved["facts"] == mine
    assert saved["request_text"] == "要求更换同型号新机。"          # the other change was a different field
    assert not ws.is_dirty()


def test_an_action_after_someone_elses_change_is_refused_in_the_dialog(qtbot, window):
    case_id = registration.register(SYSTEM, factories.complaint()).case_id
    ws = window.open_case(case_id)
    dialog = ws.run_action("reject")
    pick(dialog.fields.widget("ground"), "第十六条第一款第（五）项\u3000未提供必要材料或者提供的材料不真实")
    type_into(qtbot, dialog.fields.widget("text"), "未提供购物凭证")
    theirs = complaint_input_of(case_detail(case_id))
    theirs.note = "已电话联系"
    registration.update_complaint(OTHER_CLERK, case_id, theirs, expected_version=1)
    click(qtbot, dialog.save_button)
    assert dialog.isVisible() and "已被 李四 于" in dialog.banner.text()
    assert dialog.fields.widget("text").toPlainText() == "未提供购物凭证"
    assert case_detail(case_id).case["state"] == "registered"
    click(qtbot, dialog.save_button)                                  # after reading the new version
    assert case_detail(case_id).case["outcome"] == "rejected"


def test_duplicate_warning_lists_the_earlier_case_before_anything_is_saved(qtbot, window, monkeypatch):
    first = registration.register(SYSTEM, factories.complaint())
    seen = []          # the warning dialogs shown

    def decide(answer):
        def exec_(self):
            seen.append(self)
            return answer
        return exec_
    dialog = window.register_complaint()
    fill_complaint(qtbot, dialog.form)
    monkeypatch.setattr(WarningsDialog, "exec", decide(WarningsDialog.DialogCode.Rejected))
    click(qtbot, dialog.save_button)
    assert Case.select().count() == 1                                 # 返回修改: nothing saved
    texts = "\n".join(label.text() for label in seen[0].findChildren(type(dialog.banner.label)))
    assert "疑似重复登记" in texts and first.number in texts

    monkeypatch.setattr(WarningsDialog, "exec", decide(WarningsDialog.DialogCode.Accepted))
    click(qtbot, dialog.save_button)
    assert Case.select().count() == 2                                 # 仍然登记
