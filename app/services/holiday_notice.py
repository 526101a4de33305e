"""Next year's working days from the State Council's notice: read it (pasted or from a file),
show what was understood against the table, save it on confirmation (audited) and recompute
the deadlines of open cases."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.db.connection import write_transaction
from app.db.models import Holiday, HolidayYear
from app.domain.holiday_notice import (
    DayChange, NoticeSchedule, changes_against, day_cn, describe_change, describe_item, parse_notice,
)
from app.services.context import Actor, require
from app.services.notice_files import read_notice_file
from app.services.settings import set_single_days, set_year_schedule


@dataclass
class NoticePreview:
    schedule: NoticeSchedule
    changes: list[DayChange]          # against what the table says now
    replaces: str | None              # source code of the year's schedule it replaces, if any

    @property
    def year(self) -> int:
        return self.schedule.year

    def lines(self) -> list[str]:
        """What was understood, one line per holiday, then what was set aside and what changes."""
        out = [describe_item(item, self.year) for item in self.schedule.items]
        out += [f"未采用（既非放假也非上班）：{text}" for text in self.schedule.set_aside()]
        if self.replaces:
            out += [describe_change(change) for change in self.changes]
        return out

    def summary(self) -> str:
        holidays, workdays = self.schedule.days_in_year()
        text = f"{self.year}年：放假 {len(holidays)} 天，调休上班 {len(workdays)} 天"
        outside = self.schedule.days_outside_year()
        if outside:
            text += "；另有上一年的 " + "、".join(day_cn(d, self.year) for d, _, _ in outside)
        if self.replaces:
            text += f"；与现有安排相比有 {len(self.changes)} 天不同" if self.changes else "；与现有安排相同"
        return text


def _table_days(first: date, last: date) -> dict[date, bool]:
    return {day: is_workday for day, is_workday in
            Holiday.select(Holiday.day, Holiday.is_workday).where(Holiday.day.between(first, last)).tuples()}


def preview_notice(text: str, year: int | None = None) -> NoticePreview:
    """Raises NoticeError (a ValidationFailed) with the line it could not read."""
    schedule = parse_notice(text, year)
    current = _table_days(date(schedule.year - 1, 1, 1), date(schedule.year, 12, 31))
    existing = HolidayYear.get_or_none(HolidayYear.year == schedule.year)
    return NoticePreview(schedule, changes_against(schedule, current), existing.source if existing else None)


def preview_notice_file(path: Path | str, year: int | None = None) -> NoticePreview:
    return preview_notice(read_notice_file(path), year)


def save_notice(actor: Actor, schedule: NoticeSchedule) -> int:
    """One transaction: the year's schedule replaced, days of the year before put in, one audit
    row; returns how many open cases' deadlines changed."""
    require(actor, "settings")
    holidays, workdays = schedule.days_in_year()
    outside = schedule.days_outside_year()
    extra = [{"field": "items", "old": None, "new": "；".join(describe_item(i, schedule.year) for i in schedule.items)}]
    if outside:
        extra.append({"field": "days_before", "old": None,
                      "new": "、".join(f"{d.isoformat()} {n}" for d, _, n in outside)})
    with write_transaction():
        set_single_days(outside)
        return set_year_schedule(actor, schedule.year, holidays, workdays, source="notice", extra_changes=extra)
