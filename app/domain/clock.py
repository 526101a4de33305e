"""The statutory clock (docs/rules.md §3): deadlines computed from case facts, never typed.

Counting, O121 Art. 45: the start day is not counted; a period ending on a statutory holiday
ends on the first day after it (and past weekends, a setting on by default).

Pauses for 鉴定/检测 (Art. 22): the day the case is paused still counts (work happened on it);
the days after it up to and including the day the clock resumes do not — the same rule as the
start day of a period. An open pause means there is no running deadline.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from operator import itemgetter

from app.domain.calendar import WorkCalendar
from app.domain.deadlines import deadline_status, due_soon_threshold  # noqa: F401 - kept apart for the case list, named from here too
from app.domain.grounds import order_for

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Period:
    days: int
    unit: str  # "working" | "natural"

    def describe(self) -> str:
        return f"{self.days}个{'工作日' if self.unit == 'working' else '自然日'}"


@dataclass(frozen=True)
class Limits:
    accept: Period
    mediate: Period
    notify: Period
    clue: Period


STATUTORY = {
    # O20 Art. 14, 21(五), 23; O121 Art. 15, 23(五), 23, 27.
    "O20": Limits(Period(7, "working"), Period(45, "working"), Period(7, "working"), Period(15, "working")),
    "O121": Limits(Period(7, "working"), Period(60, "natural"), Period(7, "working"), Period(15, "working")),
}


_OWN_SETTINGS = itemgetter(*(f"limits.own.{name}_{part}" for name in ("accept", "mediate", "notify", "clue")
                             for part in ("days", "unit")))


def own_limits(settings: dict) -> Limits:
    return _own_limits(_OWN_SETTINGS(settings))


@lru_cache(maxsize=64)
def _own_limits(values: tuple) -> Limits:
    """Made once per set of values (Limits is frozen): every case's clock asks (an import, 100,000)."""
    return Limits(*(Period(int(values[i]), str(values[i + 1])) for i in range(0, len(values), 2)))


def rule_set_for(received: date, basis: str) -> str:
    """Entrusted complaints follow the order in force on the receipt date; the association's own
    complaints follow its own limits (settings, defaulting to O121)."""
    if basis == "own":
        return "OWN"
    return order_for(received)


def limits_for(rule_set: str, settings: dict) -> Limits:
    return own_limits(settings) if rule_set == "OWN" else STATUTORY[rule_set]


@dataclass(frozen=True)
class Pause:
    start: date
    end: date | None = None  # resume date; None while paused

    def covers(self, day: date) -> bool:
        return self.start < day and (self.end is None or day <= self.end)


@dataclass
class PeriodEnd:
    due: date | None
    paused: bool = False
    missing_years: list[int] = field(default_factory=list)


def period_end(cal: WorkCalendar, start: date, period: Period, pauses: tuple[Pause, ...] = (),
               roll_weekends: bool = True) -> PeriodEnd:
    """Last day of `period` counted from `start`, skipping paused days."""
    if not pauses and period.unit == "working":
        due = cal.add_working_days(start, period.days)
    elif not pauses:
        due = start + timedelta(days=period.days)
    else:
        due = _count_with_pauses(cal, start, period, pauses)
        if due is None:
            return PeriodEnd(None, paused=True, missing_years=cal.missing_years(start, start))
    due = cal.roll_forward(due, roll_weekends)
    return PeriodEnd(due, missing_years=cal.missing_years(start, due))


def _count_with_pauses(cal, start, period, pauses) -> date | None:
    day, counted = start, 0
    while counted < period.days:
        day += ONE_DAY
        pause = next((p for p in pauses if p.covers(day)), None)
        if pause is not None:
            if pause.end is None:
                return None
            continue
        if period.unit == "natural" or cal.is_workday(day):
            counted += 1
    return day


@dataclass(frozen=True)
class ClockFacts:
    """What the clock needs to know about a case."""
    received: date
    basis: str
    state: str
    accepted: date | None = None
    closed: date | None = None
    outcome: str | None = None
    notice_sent: date | None = None
    pauses: tuple[Pause, ...] = ()
    # Closed before it was imported from an old ledger: whether the termination notice went out
    # is on paper, so it raises no task now (and nothing is invented about it).
    historical: bool = False


@dataclass
class ClockResult:
    rule_set: str
    accept_due: date | None = None
    mediate_due: date | None = None
    notify_due: date | None = None
    next_kind: str | None = None       # "accept" | "mediate" | "notify"
    next_due: date | None = None
    paused: bool = False
    warnings: list[str] = field(default_factory=list)


def compute_clock(facts: ClockFacts, cal: WorkCalendar, settings: dict) -> ClockResult:
    rule_set = rule_set_for(facts.received, facts.basis)
    limits = limits_for(rule_set, settings)
    roll = bool(settings.get("limits.roll_weekends", True))
    result = ClockResult(rule_set)
    missing: set[int] = set()

    accept = period_end(cal, facts.received, limits.accept, (), roll)
    result.accept_due = accept.due
    missing.update(accept.missing_years)
    if facts.state == "registered":
        result.next_kind, result.next_due = "accept", accept.due

    if facts.accepted is not None:
        mediate = period_end(cal, facts.accepted, limits.mediate, facts.pauses, roll)
        result.mediate_due, result.paused = mediate.due, mediate.paused
        missing.update(mediate.missing_years)
        if facts.state in ("accepted", "mediating", "suspended"):
            result.next_kind, result.next_due = "mediate", mediate.due

    if facts.outcome == "terminated" and facts.closed is not None:
        notify = period_end(cal, facts.closed, limits.notify, (), roll)
        result.notify_due = notify.due
        missing.update(notify.missing_years)
        if facts.notice_sent is None and facts.state == "closed" and not facts.historical:
            result.next_kind, result.next_due = "notify", notify.due

    if missing:
        result.warnings.append(cal.missing_warning(sorted(missing)))
    return result
