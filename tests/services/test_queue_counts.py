"""The navigation's counts and the case list's queries (issue 17, item 4): the counts are the
lengths of the queues' own lists, 待回访's two parts included, on SQLite and PostgreSQL; and on
SQLite every count and every first page is answered from an index — no case row read for a
count, no temporary sort for a list order."""
from __future__ import annotations

import pytest

from app.db.connection import is_sqlite
from app.db.models import Case, FollowUp, database, follow_up_refresh
from app.services.context import SYSTEM
from app.services.queries import QUEUES, SORT_COLUMNS, CaseFilter, _filtered, case_ids, id_query, queue_counts


@pytest.fixture
def demo_cases(db):
    from app.services.demo import generate_demo
    generate_demo(SYSTEM, 300, seed=11)
    # open supervisor tasks on cases of every kind, a closed case never called back among them
    closed = Case.select(Case.id).where(Case.state == "closed").limit(3)
    FollowUp.update(needs_supervisor=True, supervisor_done=False).where(FollowUp.case.in_(closed)).execute()
    follow_up_refresh(Case.id.in_(closed)).execute()      # what the follow-up action does after its write


def test_each_count_is_the_length_of_its_queue(demo_cases):
    counts = queue_counts()
    assert set(counts) == set(QUEUES)
    for queue in QUEUES:
        assert counts[queue] == len(case_ids(CaseFilter(queue=queue))), queue
    assert counts["all"] == Case.select().count() == 300
    assert counts["to_follow_up"] > FollowUp.select().where(FollowUp.needs_supervisor == True).count() > 0  # noqa: E712 - a peewee expression, not a Python comparison
    assert sum(1 for q in QUEUES if 0 < counts[q] < counts["all"]) >= 4     # the fixture fills most queues


def _plan(query) -> str:
    sql, params = query.sql()
    return " | ".join(str(r[-1]) for r in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params))


def test_counts_read_indexes_alone_and_list_orders_need_no_sort(demo_cases):
    if not is_sqlite():
        pytest.skip("the plans checked are SQLite's (PostgreSQL weighs its own by the table's size)")
    from peewee import SQL, fn

    counts = [_filtered(Case.select(fn.COUNT(SQL("*"))), CaseFilter(queue=q)) for q in QUEUES]
    for query in counts:
        plan = _plan(query)
        for step in plan.split(" | "):
            if step.startswith(("SCAN", "SEARCH")) and (" t1 " in step or " complaint_case " in step):
                # from an index alone, or a few cases by id (the open tasks')
                assert "COVERING INDEX" in step or "INTEGER PRIMARY KEY" in step, plan
    for sort in SORT_COLUMNS:
        for descending in (False, True):
            plan = _plan(id_query(CaseFilter(), sort, descending, limit=100))
            assert "TEMP B-TREE" not in plan and "USING COVERING INDEX" in plan, (sort, plan)
