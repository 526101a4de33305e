"""Three counties' demo databases, each with its own association, units, mediators and businesses,
reported separately — and the same three counties' cases in ONE database, made by running the same
demo seeds into it one after another, each county's units under codes of their own (the county
files all use U01/U02, which in one database would be one unit) and its mediators as users of
their own. The demo draws the same cases for the same seed whichever database it writes into (its
random stream does not depend on ids or on what the database already holds), so the one database
holds exactly the three counties' cases — what a city would count if all three worked in one."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from app.db.bootstrap import open_database
from app.domain import periods
from app.reports.excel.report_workbook import write_report
from app.services import demo, settings
from app.services.context import SYSTEM, freeze_today
from app.services.statistics_report import build_report

TODAY = date(2026, 11, 30)
MONTH = periods.month(2026, 11)
CASES = 360
CITY = "某市消费者协会"
COUNTIES = [("甲县消费者协会", "甲县", 11), ("乙县消费者协会", "乙县", 12), ("丙县消费者协会", "丙县", 13)]
MEDIATOR_NAMES = [name for _, name in demo.DEMO_MEDIATORS]


@dataclass
class Counties:
    files: list[Path]          # each county's monthly report
    combined: Path             # the report of the one database holding all three
    october: Path              # the first county's report of another month
    one_unit: Path             # the first county's report of one handling unit
    late: Path                 # a county whose cases begin this month (no comparison figures of its own)
    folder: Path


def _seed_county(index: int, county: str, seed: int, unit_codes: tuple[str, str]) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(demo, "COUNTY", county)
        mp.setattr(demo, "DEMO_UNITS", [(unit_codes[0], f"{county}城关分会"), (unit_codes[1], f"{county}白沙镇联络站")])
        mp.setattr(demo, "DEMO_MEDIATORS", [(f"m{index}{k}", f"{county}{name}") for k, name in enumerate(MEDIATOR_NAMES)])
        # The counties before this one are demo mediators too, not a real user list to keep out of.
        mp.setattr(demo, "real_users", lambda: [])
        demo.generate_demo(SYSTEM, CASES, seed)


def _open(folder: Path, name: str):
    opened = open_database(folder)
    settings.update_settings(SYSTEM, {"org.name": name})
    return opened


def build(folder: Path) -> Counties:
    freeze_today(TODAY)
    try:
        files = []
        for index, (name, county, seed) in enumerate(COUNTIES):
            opened = _open(folder / f"db{index}", name)
            _seed_county(index, county, seed, ("U01", "U02"))
            files.append(write_report(build_report(MONTH), folder / f"{county}.xlsx"))
            if index == 0:
                october = write_report(build_report(periods.month(2026, 10)), folder / f"{county}10月.xlsx")
                one_unit = write_report(build_report(MONTH, "U01"), folder / f"{county}城关分会.xlsx")
            opened.db.close()
        late = _late_county(folder)
        opened = _open(folder / "one", CITY)
        for index, (_, county, seed) in enumerate(COUNTIES):
            _seed_county(index, county, seed, (f"U{index + 1}1", f"U{index + 1}2"))
        combined = write_report(build_report(MONTH), folder / "一个数据库.xlsx")
        opened.db.close()
    finally:
        freeze_today(None)
    return Counties(files, combined, october, one_unit, late, folder)


def _late_county(folder: Path) -> Path:
    """丁县 began using the program this November: two complaints, both accepted."""
    from app.services import registration, workflow
    from tests.factories import complaint
    opened = _open(folder / "late", "丁县消费者协会")
    for index, day in enumerate((date(2026, 11, 5), date(2026, 11, 9))):
        case = registration.register(SYSTEM, complaint(person_kw={"name": f"丁县投诉人{index}",
                                                                  "phone": f"1390000100{index}"},
                                                       received_date=day, purchase_date=day))
        workflow.accept(SYSTEM, case.case_id, day=day)
    path = write_report(build_report(MONTH), folder / "丁县.xlsx")
    opened.db.close()
    return path
