"""An edit of the registration saved as it was loaded changes nothing: no new version of the case
(which would make every other clerk's open tab of it stale), no audit row, no new party version —
decided by the service, whoever calls it (the form also says so before asking). Any real change
— a case field, an agent, the complainant's or the business's details — still makes a version."""
from dataclasses import replace

import pytest

from app.db.models import AuditLog, Case, CaseAgent, Complainant
from app.services import registration
from app.services.casefile import case_detail
from app.services.context import SYSTEM
from app.services.inputs import AgentInput
from app.services.lookups import complaint_input_of
from tests.factories import complaint


def _registered():
    data = complaint(agents=[AgentInput(name="王律师", kind="agent", phone="13800000000",
                                        authorization="代为调解、签收文书")])
    case_id = registration.register(SYSTEM, data).case_id
    return case_id, Case.get_by_id(case_id).version


def _loaded(case_id):
    return complaint_input_of(case_detail(case_id, SYSTEM))


def test_saving_the_registration_as_loaded_makes_no_version_and_no_audit_row(db):
    case_id, version = _registered()
    audit_rows, agent_ids = AuditLog.select().count(), [a.id for a in CaseAgent.select()]
    person_version = Complainant.get_by_id(Case.get_by_id(case_id).complainant_id).version
    assert registration.update_complaint(SYSTEM, case_id, _loaded(case_id), version) == version
    assert Case.get_by_id(case_id).version == version
    assert AuditLog.select().count() == audit_rows
    assert [a.id for a in CaseAgent.select()] == agent_ids             # the agents were not rewritten
    assert Complainant.get_by_id(Case.get_by_id(case_id).complainant_id).version == person_version
    # another clerk who loaded the same version can still save
    assert registration.update_complaint(SYSTEM, case_id, replace(_loaded(case_id), facts="改过的事实"),
                                         version) == version + 1


@pytest.mark.parametrize("change", ["case", "agent", "complainant", "business"])
def test_any_real_change_still_makes_a_version(db, change):
    case_id, version = _registered()
    data = _loaded(case_id)
    if change == "case":
        data = replace(data, amount="4100.00")
    elif change == "agent":
        data = replace(data, agents=[replace(data.agents[0], phone="13900000000")])
    elif change == "complainant":
        data = replace(data, complainant=replace(data.complainant, address="某县新华路1号"))
    else:
        data = replace(data, business=replace(data.business, phone="0311-12345678"))
    audit_rows = AuditLog.select().count()
    assert registration.update_complaint(SYSTEM, case_id, data, version) == version + 1
    assert AuditLog.select().count() > audit_rows
