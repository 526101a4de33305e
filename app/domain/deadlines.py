"""Where a stored deadline stands today: the case list's badge and its 即将到期 queue.

Apart from the clock's rules (app/domain/clock.py, which names these too): the list needs only
these two, and the start-up then does not import the periods, pauses and their records before
the first paint."""
from __future__ import annotations

from datetime import date

from app.domain.calendar import WorkCalendar


def deadline_status(due: date | None, today: date, cal: WorkCalendar, soon_days: int = 2,
                    paused: bool = False) -> str:
    """"ok" | "due_soon" (within `soon_days` working days) | "overdue" | "paused" | "none"."""
    if paused:
        return "paused"
    if due is None:
        return "none"
    if due < today:
        return "overdue"
    if due <= cal.add_working_days(today, soon_days):
        return "due_soon"
    return "ok"


def due_soon_threshold(today: date, cal: WorkCalendar, soon_days: int = 2) -> date:
    """The last day that still counts as "due soon" — lets queues filter in SQL."""
    return cal.add_working_days(today, soon_days)
