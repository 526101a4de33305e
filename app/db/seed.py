"""First-run contents: classification dictionaries, the association as handling unit, and the
official holiday schedule from the `chinesecalendar` package (2004 to its last known year)."""
from __future__ import annotations

import json
import uuid
from datetime import date

from app.db.models import DictEntry, Holiday, HolidayYear, Setting
from app.domain.classification import seed_entries

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争胜利70周年纪念日",
}

MAIN_UNIT = ("U00", "本会")

# Names this database among all others: backups record it, so that `check` compares the audit chain
# only with backups of this very database (a folder may hold exports of other servers or schemas).
DATABASE_ID_KEY = "database.id"


def seed_database_id() -> None:
    if not Setting.select().where(Setting.key == DATABASE_ID_KEY).exists():
        Setting.insert(key=DATABASE_ID_KEY, value=json.dumps(uuid.uuid4().hex)).on_conflict_ignore().execute()


def database_id() -> str | None:
    value = Setting.select(Setting.value).where(Setting.key == DATABASE_ID_KEY).scalar()
    return json.loads(value) if value else None


def seed_dictionaries() -> None:
    rows = [
        {"kind": e.kind, "code": e.code, "label": e.label, "parent": e.parent, "level": e.level,
         "sort_order": i}
        for i, e in enumerate(seed_entries())
    ]
    rows.append({"kind": "unit", "code": MAIN_UNIT[0], "label": MAIN_UNIT[1], "parent": None,
                 "level": "", "sort_order": 0})
    existing = {(k, c) for k, c in DictEntry.select(DictEntry.kind, DictEntry.code).tuples()}
    fresh = [r for r in rows if (r["kind"], r["code"]) not in existing]
    for start in range(0, len(fresh), 200):
        DictEntry.insert_many(fresh[start:start + 200]).execute()


def packaged_holidays() -> tuple[list[dict], list[int]]:
    """Holiday-table rows and covered years from the installed `chinesecalendar` package."""
    import chinese_calendar.constants as cc

    rows = [{"day": d, "is_workday": False, "name": HOLIDAY_NAMES.get(str(n), str(n))}
            for d, n in cc.holidays.items()]
    rows += [{"day": d, "is_workday": True, "name": HOLIDAY_NAMES.get(str(n), str(n)) + "调休"}
             for d, n in cc.workdays.items()]
    years = sorted({d.year for d in cc.holidays} | {d.year for d in cc.workdays})
    return rows, list(range(years[0], years[-1] + 1))


def seed_holidays() -> list[int]:
    """Load the package's schedule for every year the table does not have yet."""
    rows, years = packaged_holidays()
    have = {y for (y,) in HolidayYear.select(HolidayYear.year).tuples()}
    new_years = [y for y in years if y not in have]
    fresh = [r for r in rows if r["day"].year in new_years]
    for start in range(0, len(fresh), 200):
        Holiday.insert_many(fresh[start:start + 200]).execute()
    if new_years:
        HolidayYear.insert_many([{"year": y, "source": "chinesecalendar"} for y in new_years]).execute()
    return new_years


def seed_all() -> None:
    seed_database_id()
    seed_dictionaries()
    seed_holidays()


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)
