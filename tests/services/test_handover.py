"""Stopping a mediator's account with open cases: the count, the hand-over in one transaction."""
from __future__ import annotations

import pytest

from app.db.models import AuditLog, Case, User
from app.domain.errors import ValidationFailed
from app.services import handover, registration, users, workflow
from tests.factories import complaint


@pytest.fixture
def office(sqlite_db):
    admin = users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    wang = users.create_user(admin, "wang", "王建国", "mediator", "Tiaojie#2026")
    li = users.create_user(admin, "li", "李秀英", "mediator", "Tiaojie#2026")
    cases = [registration.register(admin, complaint(person_kw={"name": f"客户{i}"})).case_id for i in range(3)]
    for case_id in cases:
        workflow.accept(admin, case_id, mediator_id=wang)
    workflow.withdraw(admin, cases[2])                       # closed: stays with its mediator
    return admin, wang, li, cases


def test_the_open_cases_go_to_the_successor_and_the_account_stops(office):
    admin, wang, li, cases = office
    assert handover.open_case_count(wang) == 2
    assert [name for _id, name in handover.successors(wang)] == ["李秀英", "王主任"]
    assert handover.deactivate(admin, wang, hand_to=li) == 2
    assert [Case.get_by_id(c).mediator_id for c in cases] == [li, li, wang]
    assert not User.get_by_id(wang).active and handover.open_case_count(li) == 2
    rows = list(AuditLog.select().where(AuditLog.action == "hand_over").order_by(AuditLog.id))
    assert [r.case_id for r in rows] == cases[:2]
    assert rows[0].summary.startswith("调解员由王建国移交给李秀英（停用王建国的账户）")


def test_a_refused_stop_moves_no_case(office):
    admin, wang, li, cases = office
    with pytest.raises(ValidationFailed, match="所选调解员不存在或已停用"):
        handover.deactivate(admin, wang, hand_to=wang)
    version = User.get_by_id(wang).version
    with pytest.raises(Exception, match="已被|修改"):
        handover.deactivate(admin, wang, hand_to=li, expected_version=version - 1)
    assert [Case.get_by_id(c).mediator_id for c in cases] == [wang, wang, wang]
    assert User.get_by_id(wang).active


def test_stopping_without_a_successor_leaves_the_cases_where_they_are(office):
    admin, wang, _li, cases = office
    assert handover.deactivate(admin, wang) == 0
    assert Case.get_by_id(cases[0]).mediator_id == wang and not User.get_by_id(wang).active
