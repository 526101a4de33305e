"""待回访 is stored on the case (schema 15, Case.follow_up_due) by every case action, and the queue
reads it through its index: after each step of a case's life — closed, called back, unsatisfied,
the task dealt with, reopened, closed again — and over a demo's cases, the stored answer is the
rule's (app/db/models.py follow_up_rule), on SQLite and PostgreSQL (issue 17, item 4)."""
from __future__ import annotations

from datetime import date

from app.db.connection import is_sqlite
from app.db.models import Case, FollowUp, database, follow_up_rule
from app.services import followups, registration, workflow
from app.services.context import SYSTEM
from app.services.queries import CaseFilter, case_ids, id_query, queue_counts
from tests.factories import complaint, follow_up


def _by_rule() -> list[int]:
    """The 待回访 cases by the rule evaluated now, in the list's order."""
    query = Case.select(Case.id).where(follow_up_rule()).order_by(Case.received_date.desc(), Case.id.desc())
    return [i for (i,) in query.tuples()]


def _queue() -> list[int]:
    ids = case_ids(CaseFilter(queue="to_follow_up"))
    assert ids == _by_rule() and queue_counts()["to_follow_up"] == len(ids)
    assert case_ids(CaseFilter(queue="to_follow_up"), limit=1) == ids[:1]
    return ids


def _settled(received: date) -> int:
    reg = registration.register(SYSTEM, complaint(received_date=received))
    workflow.accept(SYSTEM, reg.case_id, day=received)
    workflow.settle(SYSTEM, reg.case_id, day=date(2026, 11, 20))
    return reg.case_id


def test_every_step_of_a_case_keeps_its_follow_up_answer(db):
    first, second = _settled(date(2026, 11, 2)), _settled(date(2026, 11, 3))
    withdrawn = registration.register(SYSTEM, complaint(received_date=date(2026, 11, 4))).case_id
    workflow.withdraw(SYSTEM, withdrawn, reason="已自行解决", day=date(2026, 11, 5))   # not called back
    assert _queue() == [second, first]

    followups.record_follow_up(SYSTEM, first, follow_up())
    assert _queue() == [second]
    result = followups.record_follow_up(SYSTEM, second, follow_up(satisfaction="unsatisfied", note="款未到账"))
    assert result.needs_supervisor and _queue() == [second]              # the supervisor's task keeps it
    followups.resolve_supervisor_task(SYSTEM, result.followup_id, "已督促经营者付款")
    assert _queue() == []

    workflow.reopen(SYSTEM, first, "消费者反映未履行")
    assert _queue() == []
    workflow.settle(SYSTEM, first, day=date(2026, 11, 27))
    assert _queue() == []                                                 # called back once already
    assert Case.get_by_id(first).follow_up_due is False


def test_a_demos_cases_carry_the_rules_answer(db):
    from app.services.demo import generate_demo
    generate_demo(SYSTEM, 300, seed=3)
    due = _queue()
    assert 0 < len(due) < 300
    assert FollowUp.select().where(FollowUp.needs_supervisor == True, FollowUp.supervisor_done == False).exists()  # noqa: E712 - a peewee expression, not a Python comparison


def test_the_queue_is_read_from_its_index(db):
    _settled(date(2026, 11, 2))
    sql, params = id_query(CaseFilter(queue="to_follow_up"), limit=100).sql()
    if is_sqlite():
        plan = " | ".join(str(r[-1]) for r in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
        assert "COVERING INDEX complaint_case_follow_up_due" in plan and "TEMP B-TREE" not in plan, plan
    else:
        with database.atomic():
            database.execute_sql("SET LOCAL enable_seqscan = off")
            database.execute_sql("SET LOCAL enable_sort = off")
            plan = "\n".join(r[0] for r in database.execute_sql("EXPLAIN " + sql, params).fetchall())
        assert "complaint_case_follow_up_due" in plan and "Sort" not in plan, plan


def test_check_tells_a_stored_answer_that_the_rule_no_longer_gives(db):
    from app.services.integrity import check_integrity
    case_id = _settled(date(2026, 11, 2))
    assert check_integrity().ok
    Case.update(follow_up_due=False).where(Case.id == case_id).execute()      # written past the services
    assert any("待回访标记（否）与重新判断的不一致" in p for p in check_integrity().problems)
