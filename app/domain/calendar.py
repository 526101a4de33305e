"""China's working-day calendar, from the office's own holiday table.

The table holds only the exceptions to Monday–Friday: statutory holidays (including the
weekend days inside a holiday period) and 调休 make-up workdays. A year the table has no
data for is counted Monday–Friday and reported as a warning — never a crash, never a silent
guess.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

ONE_DAY = timedelta(days=1)


class DayException(NamedTuple):
    day: date
    is_workday: bool
    name: str = ""


# The statutory festivals and where in the solar year their days off can fall (the lunar ones
# move: 春节 21 Jan–20 Feb, 清明 4–6 Apr, 端午 28 May–25 Jun, 中秋 8 Sep–7 Oct), so that a year's
# schedule can be told complete without relying on the optional names. 清明、端午、中秋 are
# holidays since 2008. A 中秋 inside the 国庆 days (2020, 2025) is found there.
FESTIVAL_WINDOWS = (
    ("元旦", (1, 1), (1, 1), 2004), ("春节", (1, 20), (2, 28), 2004), ("清明节", (4, 2), (4, 7), 2008),
    ("劳动节", (5, 1), (5, 1), 2004), ("端午节", (5, 27), (6, 26), 2008), ("中秋节", (9, 7), (10, 8), 2008),
    ("国庆节", (10, 1), (10, 1), 2004),
)


def missing_festivals(year: int, holidays) -> list[str]:
    """The festivals of `year` that none of the given holiday dates stands for, in calendar order."""
    days = {d for d in holidays if d.year == year}
    return [name for name, (m1, d1), (m2, d2), since in FESTIVAL_WINDOWS
            if year >= since and not any(date(year, m1, d1) <= d <= date(year, m2, d2) for d in days)]


@dataclass
class WorkCalendar:
    """`exceptions`: day → is_workday; `covered_years`: years whose schedule was entered;
    `gaps`: entered years that still lack a festival (year → its names) — such a year is not
    counted as known until it is complete."""

    exceptions: dict[date, bool] = field(default_factory=dict)
    covered_years: frozenset[int] = frozenset()
    names: dict[date, str] = field(default_factory=dict)
    gaps: dict[int, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.covered_years = frozenset(self.covered_years)
        # Per-instance caches: the same start dates recur across thousands of cases.
        self._add_cached = lru_cache(maxsize=8192)(self._add_working_days)
        self._missing_cached = lru_cache(maxsize=256)(self._missing_years)

    @classmethod
    def from_rows(cls, rows, covered_years) -> "WorkCalendar":
        rows = list(rows)
        covered = frozenset(covered_years)
        by_year: dict[int, list[date]] = {}       # each year its own days: not the whole table a year
        for r in rows:
            if not r.is_workday:
                by_year.setdefault(r.day.year, []).append(r.day)
        gaps = {y: missing for y in covered if (missing := missing_festivals(y, by_year.get(y, ())))}
        return cls({r.day: r.is_workday for r in rows}, covered, {r.day: r.name for r in rows if r.name}, gaps)

    def is_covered(self, year: int) -> bool:
        return year in self.covered_years and year not in self.gaps

    def is_workday(self, day: date) -> bool:
        found = self.exceptions.get(day)
        if found is not None:
            return found
        return day.weekday() < 5

    def is_statutory_holiday(self, day: date) -> bool:
        return self.exceptions.get(day) is False

    def add_working_days(self, start: date, count: int) -> date:
        """The day on which a period of `count` working days that starts on `start` ends;
        the start day itself is not counted (O121 Art. 45)."""
        return self._add_cached(start, count)

    def _add_working_days(self, start: date, count: int) -> date:
        day, counted = start, 0
        while counted < count:
            day += ONE_DAY
            if self.is_workday(day):
                counted += 1
        return day

    def roll_forward(self, day: date, roll_weekends: bool) -> date:
        """A period ending on a statutory holiday ends on the first day after it (Art. 45);
        with `roll_weekends` also past an ordinary weekend."""
        while self.is_statutory_holiday(day) or (roll_weekends and not self.is_workday(day)):
            day += ONE_DAY
        return day

    def missing_years(self, first: date, last: date) -> list[int]:
        """Years in [first, last] not yet known: never entered, or entered only in part."""
        return list(self._missing_cached(first.year, last.year))

    def _missing_years(self, first: int, last: int) -> tuple[int, ...]:
        return tuple(y for y in range(first, last + 1) if not self.is_covered(y))

    def missing_warning(self, years: list[int]) -> str:
        return missing_year_warning(years, self.gaps)

    def missing_notice(self, years: list[int]) -> str:
        return missing_year_notice(years, self.gaps)


def missing_year_warning(years: list[int], gaps: dict[int, list[str]] | None = None) -> str:
    """One sentence for the years not yet known; a year entered in part says what it lacks."""
    gaps = gaps or {}
    absent = [y for y in years if y not in gaps]
    parts = [f"{'、'.join(f'{y}年' for y in absent)}的节假日安排尚未录入"] if absent else []
    parts += [f"{y}年的节假日安排不完整（尚缺{'、'.join(gaps[y])}）" for y in years if y in gaps]
    told = "除已录入的日期外" if any(y in gaps for y in years) else ""
    return (f"{'；'.join(parts)}，期限{told}暂按周一至周五推算；"
            f"请管理员在“设置 → 节假日”中录入{'该年' if len(years) == 1 else '这些年份的'}安排")


def missing_year_notice(years: list[int], gaps: dict[int, list[str]] | None = None) -> str:
    """The same news in the few words a status bar holds at 1366 px (the sentence above is its
    tooltip): which years, and where to enter them."""
    gaps = gaps or {}
    state = "未录全" if all(y in gaps for y in years) else "未录入"
    return f"{'、'.join(f'{y}年' for y in years)}节假日{state}，期限按周一至周五计 — 设置 → 节假日"
