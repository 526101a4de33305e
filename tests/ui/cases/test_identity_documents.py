"""Identity documents in the registration form (issue 12, item 5), typed as a clerk types them:
the type beside the number for the complainant and for an agent, the number checked by its type
as the field is left, birth date and gender filled only from a type that carries them."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from app.db.models import Case, CaseAgent
from app.ui.dialogs import WarningsDialog
from tests.identity_cases import HK_PERMIT_RESIDENT
from tests.ui.helpers import click, fill_complaint, pick, type_into


def _type_number(qtbot, edit, text: str) -> None:
    """Clear the field and type the number key by key (ASCII: keyClicks), then leave with Enter."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_complainant_and_agent_register_with_other_documents(qtbot, window, monkeypatch):
    seen = []          # warning dialogs: none expected (a modal one would stop the test for good)

    def accept_warnings(self):
        seen.append(self)
        return WarningsDialog.DialogCode.Accepted
    monkeypatch.setattr(WarningsDialog, "exec", accept_warnings)
    dialog = window.register_complaint()
    qtbot.waitExposed(dialog)
    form = dialog.form
    fill_complaint(qtbot, form, id_number="")

    # A passport number under 居民身份证 is wrong; under 护照 it is right, and tells no birth date.
    _type_number(qtbot, form.id_number, "E12345678")
    assert form.fields.error_of("complainant.id_number") == "身份证号应为18位，现为9位"
    pick(form.id_type, "护照")
    assert form.fields.error_of("complainant.id_number") == ""
    assert form.birth_date.value() is None and form.gender.currentText() == "未说明"
    _type_number(qtbot, form.id_number, "E1234-5678")
    assert form.fields.error_of("complainant.id_number").startswith("护照号码应为5–20位字母或数字")
    _type_number(qtbot, form.id_number, "e12345678")
    assert form.fields.error_of("complainant.id_number") == ""

    # The agent holds a Hong Kong resident's residence permit: checked as one.
    click(qtbot, form.agents.add_agent)
    agent = form.agents.rows[0]
    type_into(qtbot, agent.name, "陈大文")
    type_into(qtbot, agent.authorization, "代为参加调解")
    pick(agent.id_type, "港澳台居民居住证")
    _type_number(qtbot, agent.id_number, "11010519491231002X")
    assert form.fields.error_of("agents.0.id_number").startswith("港澳台居民居住证号码应以810000")
    _type_number(qtbot, agent.id_number, HK_PERMIT_RESIDENT)
    assert form.fields.error_of("agents.0.id_number") == ""
    pick(agent.id_type, "港澳居民来往内地通行证")         # the same number is no travel permit
    assert "H或M加8位数字" in form.fields.error_of("agents.0.id_number")
    pick(agent.id_type, "港澳台居民居住证")

    with qtbot.waitSignal(dialog.registered) as registered:
        click(qtbot, dialog.save_button)
    assert seen == []
    case = Case.get_by_id(registered.args[0])
    person = case.complainant
    assert (person.id_type, person.id_number, person.birth_date, person.gender) == (
        "passport", "E12345678", None, "unknown")
    stored = CaseAgent.get(CaseAgent.case == case.id)
    assert (stored.id_type, stored.id_number) == ("residence_permit", HK_PERMIT_RESIDENT)


def test_a_type_that_carries_them_fills_birth_date_and_gender(qtbot, window):
    dialog = window.register_complaint()
    qtbot.waitExposed(dialog)
    form = dialog.form
    pick(form.id_type, "港澳台居民居住证")
    _type_number(qtbot, form.id_number, HK_PERMIT_RESIDENT)
    assert form.fields.error_of("complainant.id_number") == ""
    assert form.birth_date.value() == date(1990, 1, 1) and form.gender.currentText() == "男"
