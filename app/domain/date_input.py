"""Dates as clerks type them (issue 10): 20261205, 2026-12-05, 2026/12/5, 2026.12.5,
2026年12月5日, and a month and day alone (12-05, 12月5日) for this year. Every date field of
the program reads its text through `read_date`; the 台账 import reads full dates only.

The answer is a date, or a Chinese sentence saying what is wrong and what to type instead.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import NamedTuple

from app.domain.validators import clean

EARLIEST_YEAR, LATEST_YEAR = 1900, 2099


# The examples are today's date: a fixed one (20261205) read as a near-future date on the days
# before it, and as a stale one after; today is also the date a clerk types most.
def examples(today: date) -> str:
    return f"如 {today:%Y%m%d}、{today.isoformat()} 或 {today:%m-%d}"


def form_hint(today: date) -> str:
    """A date that reads like a date but is not one (2026-02-30) says the form to keep to: the
    text stays in the field for the clerk to correct (issue: a wrong date was cleared on leaving)."""
    return f"请按 {today.isoformat()} 的格式填写"

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_SEPARATOR = r"\s*[-/.．。、年]\s*"
_MONTH_DAY_SEPARATOR = r"\s*[-/.．。、月]\s*"
_FULL = re.compile(rf"^(\d{{4}}){_SEPARATOR}(\d{{1,2}}){_MONTH_DAY_SEPARATOR}(\d{{1,2}})\s*[日号]?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH_DAY = re.compile(rf"^(\d{{1,2}}){_MONTH_DAY_SEPARATOR}(\d{{1,2}})\s*[日号]?$")
_TIMES = (re.compile(r"^(\d{1,2})\s*[:：点时.]\s*(\d{1,2})\s*分?$"),    # 14:30, 14点30分
          re.compile(r"^(\d{2})(\d{2})$"),                                # 1430
          re.compile(r"^(\d{1,2})()\s*[点时]?$"))                          # 14点, 9


class DateReading(NamedTuple):
    """What a typed text says: `day` (None when empty or wrong) and `problem` (None when fine)."""
    day: date | None
    problem: str | None = None

    @property
    def empty(self) -> bool:
        return self.day is None and self.problem is None


def read_date(text: str | None, today: date, year_optional: bool = True) -> DateReading:
    """The date a clerk typed. A month and day alone (12-05) are in `today`'s year unless
    `year_optional` is False (an import file must say its year)."""
    raw = text or ""
    if _CONTROL.search(raw):
        return DateReading(None, "日期中含有不可见的控制字符，请删除后重新输入")
    value = clean(raw)
    if not value:
        return DateReading(None)
    for pattern in (_COMPACT, _FULL):
        found = pattern.match(value)
        if found:
            return _checked(int(found.group(1)), int(found.group(2)), int(found.group(3)), today)
    found = _MONTH_DAY.match(value)
    if found:
        if not year_optional:
            return DateReading(None, f"“{_shown(value)}”缺少年份，请写成 YYYY-MM-DD")
        return _checked(today.year, int(found.group(1)), int(found.group(2)), today)
    return DateReading(None, f"“{_shown(value)}”不是日期，请输入{examples(today)}")


def read_full_date(text: str | None) -> date | None:
    """A date with its year (the 台账 import), or None."""
    return read_date(text, date(2000, 1, 1), year_optional=False).day


def _checked(year: int, month: int, day: int, today: date) -> DateReading:
    hint = form_hint(today)
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return DateReading(None, f"年份{year}不在{EARLIEST_YEAR}–{LATEST_YEAR}年之间，{hint}")
    if not 1 <= month <= 12:
        return DateReading(None, f"月份应为1–12，现为{month}，{hint}")
    try:
        return DateReading(date(year, month, day))
    except ValueError:
        return DateReading(None, f"{year}年{month}月没有{day}日，{hint}")


def _shown(value: str) -> str:
    return value if len(value) <= 20 else value[:20] + "…"


def format_date(day: date | None) -> str:
    """How every date field shows its date."""
    return day.isoformat() if day else ""


# ---------------------------------------------------------------- times of day
class TimeReading(NamedTuple):
    moment: time | None
    problem: str | None = None


def read_time(text: str | None) -> TimeReading:
    """14:30, 14：30, 1430, 14点30, 14点 or 9 — a time of day to the minute."""
    raw = text or ""
    if _CONTROL.search(raw):
        return TimeReading(None, "时间中含有不可见的控制字符，请删除后重新输入")
    value = clean(raw)
    if not value:
        return TimeReading(None)
    found = next((m for m in (p.match(value) for p in _TIMES) if m), None)
    if not found:
        return TimeReading(None, f"“{_shown(value)}”不是时间，请输入如 14:30 或 1430")
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    if hour > 23 or minute > 59:
        return TimeReading(None, f"“{_shown(value)}”不是有效时间（时0–23，分0–59）")
    return TimeReading(time(hour, minute))


def format_time(moment: datetime | time | None) -> str:
    return moment.strftime("%H:%M") if moment else ""
