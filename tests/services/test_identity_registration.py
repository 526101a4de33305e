"""Registering complainants and agents with every kind of identity document (issue 12, item 5):
the table of tests/identity_cases.py through the registration service, and masking by type in
what roles without "view_pii" see (item 6)."""
from datetime import date

import pytest

from app.db.models import Case, CaseAgent, Complainant
from app.domain.errors import ValidationFailed
from app.services import casefile, registration
from app.services.context import SYSTEM, Actor
from app.services.inputs import AgentInput
from tests.factories import complaint
from tests.identity_cases import INVALID, VALID

CLERK = Actor(None, "clerk1", "周文", "clerk")
VIEWER = Actor(None, "reader", "查阅人", "readonly")


def _agent(id_type: str, number: str) -> AgentInput:
    return AgentInput(name="李代理", kind="agent", phone="13900001111", id_type=id_type, id_number=number,
                      relation="朋友", authorization="代为参加调解")


@pytest.mark.parametrize("id_type, number, born, gender", VALID)
def test_each_valid_document_registers_a_complainant_and_an_agent(sqlite_db, id_type, number, born, gender):
    reg = registration.register(SYSTEM, complaint(person_kw={"id_type": id_type, "id_number": number},
                                                  agents=[_agent(id_type, number)]))
    person = Case.get_by_id(reg.case_id).complainant
    assert person.id_type == id_type and person.id_number and person.id_number.strip() == person.id_number
    # birth date and gender only where the type carries them; otherwise what the clerk gave (nothing)
    assert (person.birth_date, person.gender) == (born, gender or "unknown")
    agent = CaseAgent.get(CaseAgent.case == reg.case_id)
    assert (agent.id_type, agent.id_number) == (id_type, person.id_number)


@pytest.mark.parametrize("id_type, number, reason", INVALID)
def test_each_invalid_document_is_refused_for_complainant_and_agent_and_nothing_saved(sqlite_db, id_type, number,
                                                                                       reason):
    with pytest.raises(ValidationFailed) as caught:
        registration.register(SYSTEM, complaint(person_kw={"id_type": id_type, "id_number": number}))
    assert reason in caught.value.errors["complainant.id_number"]
    with pytest.raises(ValidationFailed) as caught:
        registration.register(SYSTEM, complaint(agents=[_agent(id_type, number)]))
    assert reason in caught.value.errors["agents.0.id_number"]
    assert Case.select().count() == 0 and Complainant.select().count() == 0


def test_a_legacy_id_and_a_region_that_is_no_province_are_registered_with_a_warning(sqlite_db):
    from tests.identity_cases import with_check
    reg = registration.register(SYSTEM, complaint(person_kw={"id_number": "110105491231003"},
                                                  agents=[_agent("resident", with_check("99042619491231002"))]))
    messages = [w.message for w in reg.warnings if w.kind == "id_number"]
    assert any(m.startswith("投诉人：15位旧身份证号") for m in messages), messages
    assert any(m.startswith("李代理：身份证号前两位“99”不是省级行政区代码") for m in messages), messages
    person = Case.get_by_id(reg.case_id).complainant
    assert (person.id_number, person.birth_date, person.gender) == ("110105491231003", date(1949, 12, 31), "male")


def test_gender_or_birth_date_contradicting_the_number_is_refused(sqlite_db):
    from tests.identity_cases import HK_PERMIT_RESIDENT
    with pytest.raises(ValidationFailed) as caught:
        registration.register(SYSTEM, complaint(person_kw={"id_type": "residence_permit",
                                                           "id_number": HK_PERMIT_RESIDENT, "gender": "female",
                                                           "birth_date": date(1991, 1, 1)}))
    assert caught.value.errors["complainant.gender"] == "性别与身份证号不一致"
    assert caught.value.errors["complainant.birth_date"] == "出生日期与证件号码不一致（号码中为 1990-01-01）"
    # a passport says neither: what the clerk chose stands
    reg = registration.register(SYSTEM, complaint(person_kw={"id_type": "passport", "id_number": "E12345678",
                                                             "gender": "female", "birth_date": date(1991, 1, 1)}))
    person = Case.get_by_id(reg.case_id).complainant
    assert (person.gender, person.birth_date) == ("female", date(1991, 1, 1))


@pytest.mark.parametrize("id_type, number, masked", [
    ("resident", "11010519491231002X", "110105********002X"),
    ("passport", "E12345678", "E******78"),
    ("hk_mo_permit", "H12345678", "H******78"),
    ("tw_permit", "12345678", "1*****78"),
])
def test_the_case_file_masks_every_type_for_a_role_without_view_pii(sqlite_db, id_type, number, masked):
    reg = registration.register(SYSTEM, complaint(person_kw={"id_type": id_type, "id_number": number},
                                                  agents=[_agent(id_type, number)]))
    shown = casefile.case_detail(reg.case_id, VIEWER)
    assert shown.complainant["id_number"] == masked and shown.agents[0]["id_number"] == masked
    assert casefile.case_detail(reg.case_id, CLERK).complainant["id_number"] == number
