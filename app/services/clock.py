"""Keeps each case's stored next deadline in step with its facts and the holiday table."""
from __future__ import annotations

from app.db.models import Case, ClockEvent
from app.domain.calendar import WorkCalendar
from app.domain.clock import ClockFacts, ClockResult, Pause, compute_clock, deadline_status
from app.domain.lifecycle import ACTIVE_STATES, clock_stopped
from app.services.context import today
from app.services.settings import get_settings, work_calendar


def pauses_of(events) -> tuple[Pause, ...]:
    """Pair pause/resume events in date order into pause intervals."""
    pauses: list[Pause] = []
    for event in sorted(events, key=lambda e: (e.day, e.id or 0)):
        if event.kind == "pause":
            pauses.append(Pause(event.day))
        elif event.kind == "resume" and pauses and pauses[-1].end is None:
            pauses[-1] = Pause(pauses[-1].start, event.day)
    return tuple(pauses)


def facts_of(case: Case, events=None) -> ClockFacts:
    if events is None:
        events = list(ClockEvent.select().where(ClockEvent.case == case.id)) if case.id else []
    return ClockFacts(
        received=case.received_date, basis=case.basis, state=case.state, accepted=case.accepted_date,
        closed=case.closed_date, outcome=case.outcome, notice_sent=case.notice_sent_date,
        pauses=pauses_of(events), historical=closed_before_import(case),
    )


def closed_before_import(case: Case) -> bool:
    """A case an old ledger brought in already closed (not one reopened and closed since)."""
    return (case.source == "import" and case.closed_date is not None and case.created_at is not None
            and case.closed_date <= case.created_at.date())


def clock_of(case: Case, cal: WorkCalendar | None = None, settings: dict | None = None,
             events=None) -> ClockResult:
    return compute_clock(facts_of(case, events), cal or work_calendar(), settings or get_settings())


def clock_columns(result: ClockResult, state: str) -> dict:
    """The case's stored clock columns for this result."""
    return {"rule_set": result.rule_set, "next_deadline": result.next_due, "next_deadline_kind": result.next_kind,
            "clock_paused": clock_stopped(result.paused, state)}


def apply_clock(case: Case, result: ClockResult) -> None:
    for name, value in clock_columns(result, case.state).items():
        setattr(case, name, value)


def refresh_case_clock(case: Case) -> ClockResult:
    """Recompute and set (not save) the case's clock columns."""
    result = clock_of(case)
    apply_clock(case, result)
    return result


def refresh_open_cases() -> int:
    """After the holiday table or the limits change: recompute every case with a running clock."""
    cal, settings = work_calendar(), get_settings()
    open_cases = Case.select().where(
        Case.state.in_(ACTIVE_STATES) | ((Case.outcome == "terminated") & Case.notice_sent_date.is_null()))
    events_by_case: dict[int, list] = {}
    for event in ClockEvent.select():
        events_by_case.setdefault(event.case_id, []).append(event)
    changed = 0
    for case in open_cases:
        result = clock_of(case, cal, settings, events_by_case.get(case.id, []))
        if (case.next_deadline, case.next_deadline_kind, case.rule_set) != (
                result.next_due, result.next_kind, result.rule_set):
            apply_clock(case, result)
            Case.update(next_deadline=case.next_deadline, next_deadline_kind=case.next_deadline_kind,
                        rule_set=case.rule_set, clock_paused=case.clock_paused).where(Case.id == case.id).execute()
            changed += 1
    return changed


def status_of(case: Case, cal: WorkCalendar | None = None, settings: dict | None = None) -> str:
    cal = cal or work_calendar()
    soon = int((settings or get_settings())["limits.due_soon_working_days"])
    return deadline_status(case.next_deadline, today(), cal, soon, case.clock_paused)
