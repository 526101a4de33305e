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

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class DayException:
    day: date
    is_workday: bool
    name: str = ""


@dataclass
class WorkCalendar:
    """`exceptions`: day → is_workday; `covered_years`: years whose schedule is known."""

    exceptions: dict[date, bool] = field(default_factory=dict)
    covered_years: frozenset[int] = frozenset()
    names: dict[date, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.covered_years = frozenset(self.covered_years)
        # Per-instance caches: the same start dates recur across thousands of cases.
        self._add_cached = lru_cache(maxsize=8192)(self._add_working_days)

    @classmethod
    def from_rows(cls, rows, covered_years) -> "WorkCalendar":
        rows = list(rows)
        return cls({r.day: r.is_workday for r in rows}, frozenset(covered_years),
                   {r.day: r.name for r in rows if r.name})

    def is_covered(self, year: int) -> bool:
        return year in self.covered_years

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
        return [y for y in range(first.year, last.year + 1) if y not in self.covered_years]


def missing_year_warning(years: list[int]) -> str:
    joined = "、".join(f"{y}年" for y in years)
    return (f"{joined}的节假日安排尚未录入，期限暂按周一至周五推算；"
            "请管理员在“设置 → 节假日”中录入该年安排")
