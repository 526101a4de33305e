"""The 已超期 and 即将到期 queues read the cases with a running clock through their own index
(schema 14, app/db/models.py RUNNING_CLOCK_INDEX) and still give exactly the cases the domain's
clock calls overdue: on every day of a shared fixture across 2024–2026 (holidays, 调休 Saturdays,
the O20 → O121 change on 2026-04-15), on SQLite and PostgreSQL, before and after the holiday
table changes (issue 17, item 4)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.db.connection import is_sqlite
from app.db.models import RUNNING_CLOCK_INDEX, Case, ClockEvent, database
from app.domain.clock import deadline_status
from app.services import settings as settings_service
from app.services.clock import clock_of
from app.services.context import SYSTEM, freeze_today
from app.services.queries import CaseFilter, case_ids, id_query
from app.services.settings import get_settings, holidays_of_year, work_calendar

MADE_ON = date(2026, 6, 30)       # the demo's "today": cases received from mid-2024 to mid-2026
# each day of these windows (a holiday's edges, the make-up Saturdays, the change of order) and
# every third day between them
WINDOWS = ((date(2024, 9, 25), date(2024, 10, 16)), (date(2025, 1, 24), date(2025, 2, 12)),
           (date(2025, 9, 26), date(2025, 10, 15)), (date(2026, 2, 10), date(2026, 3, 3)),
           (date(2026, 4, 1), date(2026, 4, 22)), (date(2026, 9, 28), date(2026, 10, 12)))


def _days() -> list[date]:
    days = {date(2024, 7, 1) + timedelta(days=3 * i) for i in range(300)}
    for first, last in WINDOWS:
        days.update(first + timedelta(days=i) for i in range((last - first).days + 1))
    return sorted(d for d in days if d <= date(2026, 12, 31))


@pytest.fixture
def cases(db):
    from app.services.demo import generate_demo
    freeze_today(MADE_ON)
    generate_demo(SYSTEM, 400, seed=5)
    yield db
    freeze_today(date(2026, 11, 30))


def _clocks():
    """Each case's clock recomputed by the domain from its facts (not the stored deadline), once:
    the reference for any day is then a filter."""
    cal, settings = work_calendar(), get_settings()
    events: dict[int, list] = {}
    for event in ClockEvent.select():
        events.setdefault(event.case_id, []).append(event)
    return [(case, clock_of(case, cal, settings, events.get(case.id, []))) for case in Case.select()]


def _overdue_on(clocks, on: date) -> list[int]:
    """The cases the clock calls overdue on `on` whose deadline is work (open, or a 终止告知 to
    send), in the list's order: newest receipt first, then the higher id."""
    cal = work_calendar()
    found = [(case.received_date, case.id) for case, clock in clocks
             if (case.state != "closed" or clock.next_kind == "notify")
             and deadline_status(clock.next_due, on, cal, 2, clock.paused and case.state == "suspended") == "overdue"]
    return [case_id for _, case_id in sorted(found, reverse=True)]


def _queue_on(on: date, limit: int | None = None) -> list[int]:
    freeze_today(on)
    return case_ids(CaseFilter(queue="overdue"), "received_date", True, 0, limit)


def test_the_overdue_queue_is_the_domain_clocks_on_every_day(cases):
    clocks = _clocks()
    assert len(clocks) == 400
    days, filled = _days(), 0
    for on in days:
        expected = _overdue_on(clocks, on)
        assert _queue_on(on) == expected, on
        assert _queue_on(on, 20) == expected[:20], on          # the first page: the index's walk
        filled += bool(expected)
    assert len(days) > 350 and filled > len(days) // 2


def test_the_queue_follows_a_changed_holiday_table(cases):
    """An administrator enters a year again (here 2026 without its 劳动节 and 端午 days): the stored
    deadlines are recomputed in the same save, and the queue agrees with the clock on the new table."""
    old = [d for d in holidays_of_year(2026) if d.day.month not in (5, 6)]
    holidays = [(d.day, d.name) for d in old if not d.is_workday]
    workdays = [(d.day, d.name) for d in old if d.is_workday]
    days = [date(2026, 5, 1) + timedelta(days=i) for i in range(0, 75, 2)]
    before = {on: _queue_on(on) for on in days}
    changed = settings_service.set_year_schedule(SYSTEM, 2026, holidays, workdays)
    assert changed > 0
    clocks = _clocks()
    for on in before:
        assert _queue_on(on) == _overdue_on(clocks, on), on
    assert any(_queue_on(on) != earlier for on, earlier in before.items())    # the change shows


def _plan(query) -> str:
    sql, params = query.sql()
    if is_sqlite():
        return " | ".join(str(r[-1]) for r in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
    with database.atomic():
        # with a scan and a sort priced out: a few hundred rows are cheaper read whole and sorted,
        # and the plan that stays is what the order of the indexes gives
        database.execute_sql("SET LOCAL enable_seqscan = off")
        database.execute_sql("SET LOCAL enable_sort = off")
        database.execute_sql("SET LOCAL enable_incremental_sort = off")
        return "\n".join(r[0] for r in database.execute_sql("EXPLAIN " + sql, params).fetchall())


def test_a_first_page_of_the_overdue_queue_walks_the_running_clock_index(cases):
    freeze_today(date(2026, 5, 20))
    plan = _plan(id_query(CaseFilter(queue="overdue"), "received_date", True, 0, 100))
    assert RUNNING_CLOCK_INDEX in plan and "TEMP B-TREE" not in plan and "Sort" not in plan, plan
