"""A closed case is in 已超期 / 即将超期 only while its 终止告知 is really due, and the 下一期限 column
says which deadline; the 回访 form's 协议履行 starts from what the agreement's record says."""
from __future__ import annotations

from datetime import date

from app.db.models import Case
from app.domain.codes import followup_performed_default
from app.services import agreements, registration, workflow
from app.services.context import SYSTEM
from app.services.queries import CaseFilter, case_ids, case_rows
from app.ui.cases.list_model import CASE_COLUMNS
from tests.factories import complaint

DEADLINE = next(c for c in CASE_COLUMNS if c.key == "next_deadline")


def _terminated(name: str) -> int:
    case_id = registration.register(SYSTEM, complaint(person_kw={"name": name})).case_id
    workflow.accept(SYSTEM, case_id, day=date(2026, 11, 2))
    workflow.terminate(SYSTEM, case_id, "a23_2", day=date(2026, 11, 5))
    return case_id


def test_a_closed_case_is_overdue_only_for_its_notice_and_the_column_says_so(sqlite_db):
    case_id = _terminated("张三")
    assert case_ids(CaseFilter(queue="overdue")) == [case_id]
    row = case_rows([case_id])[0]
    assert DEADLINE.display(row) == f"终止告知 {row.next_deadline.isoformat()} 已超期"
    assert DEADLINE.tooltip(row).startswith("终止告知期限：")
    workflow.record_notice(SYSTEM, case_id, date(2026, 11, 30))
    assert case_ids(CaseFilter(queue="overdue")) == []
    # a deadline left on a closed case by an older program or an import is not work to do
    Case.update(next_deadline=date(2026, 11, 1), next_deadline_kind="mediate").where(Case.id == case_id).execute()
    assert case_ids(CaseFilter(queue="overdue")) == [] and case_ids(CaseFilter(queue="due_soon")) == []


def test_an_open_case_says_its_deadline_is_the_acceptance(sqlite_db):
    case_id = registration.register(SYSTEM, complaint()).case_id
    assert DEADLINE.display(case_rows([case_id])[0]).startswith("受理 ")


def test_the_performance_default_follows_the_agreement():
    assert [followup_performed_default(s) for s in ("performed", "partly", "not_performed", "pending", None)] == \
        ["yes", "no", "no", "", ""]




def test_the_follow_up_form_offers_what_the_agreement_says(window, qtbot):
    from app.ui.cases.workspace.followup_tab import FollowUpTab
    from tests.reports.document_cases import settle_full_case
    case_id = settle_full_case()
    agreements.record_performance(SYSTEM, case_id, "performed", date(2026, 11, 26))
    other = _terminated("李四")
    shown = {}
    for key in (case_id, other):
        workspace = window.open_case(key)
        qtbot.waitUntil(lambda w=workspace: w.detail is not None, timeout=10000)
        tab = next(t for t in workspace.findChildren(FollowUpTab))
        qtbot.waitUntil(lambda t=tab: t.section.isVisible() or t.isHidden(), timeout=10000)
        shown[key] = (tab.performed.currentText(), tab.performed.isEnabled())
    assert shown[case_id] == ("已履行", True)
    assert shown[other] == ("未询问", False)          # no agreement: nothing to ask
