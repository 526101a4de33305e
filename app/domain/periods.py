"""Report periods (docs/rules.md §8): a month, a quarter, a year or any date range, the same period
last year, and the year to date. Pure date arithmetic, no I/O."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import MINYEAR, date

KINDS = ("month", "quarter", "year", "range")
QUARTER_NAMES = ("第一季度", "第二季度", "第三季度", "第四季度")


class PeriodError(ValueError):
    """Carries the Chinese message shown to the clerk."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    kind: str = "range"

    def __post_init__(self):
        if self.end < self.start:
            raise PeriodError("统计期间的结束日期不能早于开始日期")


    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == "quarter":
            return f"{self.start.year}年{QUARTER_NAMES[(self.start.month - 1) // 3]}"
        if self.kind == "year":
            return f"{self.start.year}年"
        return f"{self.start.isoformat()}至{self.end.isoformat()}"

    @property
    def dates(self) -> str:
        return f"{self.start.isoformat()}至{self.end.isoformat()}"

    def last_year(self) -> "Period":
        """The same period one year earlier (a whole month stays a whole month: Feb 2025 → Feb 2024
        has 29 days). A period in year 1 has none (a crafted county report or a typed --year 0001
        once ended in date arithmetic's ValueError)."""
        if self.start.year <= MINYEAR:
            raise PeriodError(f"{self.label}没有上年同期；请选1900年以后的统计期间")
        if self.kind == "month":
            return month(self.start.year - 1, self.start.month)
        if self.kind == "quarter":
            return quarter(self.start.year - 1, (self.start.month - 1) // 3 + 1)
        if self.kind == "year":
            return year(self.start.year - 1)
        return Period(_year_earlier(self.start), _year_earlier(self.end), "range")

    def year_to_date(self) -> "Period":
        """1 January of the period's year up to its last day (the 本年累计 columns)."""
        return Period(date(self.end.year, 1, 1), self.end, "range")

    def compared_periods(self) -> list["Period"]:
        """The periods of a report's columns: this one and the same period last year; for a month,
        also the year to date and its last year (docs/rules.md §8)."""
        periods = [self, self.last_year()]
        if self.kind == "month":
            periods += [self.year_to_date(), self.year_to_date().last_year()]
        return periods


def _year_earlier(day: date) -> date:
    if day.month == 2 and day.day == 29:
        return date(day.year - 1, 2, 28)
    return date(day.year - 1, day.month, day.day)


def month(y: int, m: int) -> Period:
    if not 1 <= m <= 12:
        raise PeriodError("月份应在1到12之间")
    return Period(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), "month")


def quarter(y: int, q: int) -> Period:
    if not 1 <= q <= 4:
        raise PeriodError("季度应在1到4之间")
    first = 3 * (q - 1) + 1
    return Period(date(y, first, 1), date(y, first + 2, calendar.monthrange(y, first + 2)[1]), "quarter")


def year(y: int) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31), "year")


def last_complete_month(day: date) -> Period:
    """The month a report is made for on `day`: the one before (on 1 December, November — not a
    one-day-old December compared with a whole month last year)."""
    return month(day.year - 1, 12) if day.month == 1 else month(day.year, day.month - 1)


def last_complete_quarter(day: date) -> Period:
    current = (day.month - 1) // 3 + 1
    return quarter(day.year - 1, 4) if current == 1 else quarter(day.year, current - 1)


def date_range(start: date, end: date) -> Period:
    return Period(start, end, "range")


def parse_month(text: str) -> Period:
    found = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text or "")
    if not found:
        raise PeriodError(f"月份应写作 YYYY-MM，如 2026-11（收到“{text}”）")
    return month(int(found.group(1)), int(found.group(2)))


def parse_quarter(text: str) -> Period:
    found = re.fullmatch(r"\s*(\d{4})\s*[Qq]([1-4])\s*", text or "")
    if not found:
        raise PeriodError(f"季度应写作 YYYYQn，如 2026Q4（收到“{text}”）")
    return quarter(int(found.group(1)), int(found.group(2)))


def parse_year(text: str) -> Period:
    found = re.fullmatch(r"\s*(\d{4})\s*", str(text or ""))
    if not found:
        raise PeriodError(f"年份应写作 YYYY，如 2026（收到“{text}”）")
    return year(int(found.group(1)))


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise PeriodError(f"日期应写作 YYYY-MM-DD，如 2026-01-31（收到“{text}”）") from None
