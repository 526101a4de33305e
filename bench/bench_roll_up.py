"""The city's roll-up of three counties' year reports (each from 100,000 demo cases, ~14,000
businesses in its hidden sheet 汇总数据): read, checked, added up and written as one workbook —
against what one county's clerk waits for to export that year report, measured in the same run,
and against a bare calamine parse of the same three hidden sheets. Budget: the roll-up within 3×
one county's export (it reads three and writes one of the same layout).

Usage: .venv/bin/python bench/bench_roll_up.py
"""
from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BenchResult, demo_data_dir, print_table, timed

CASES = 100_000
COUNTIES = ("甲县消费者协会", "乙县消费者协会", "丙县消费者协会")


def run() -> list[BenchResult]:
    from python_calamine import CalamineWorkbook

    from app.db.bootstrap import open_database
    from app.domain import periods
    from app.reports.excel.report_workbook import write_report
    from app.reports.excel.rollup_reader import read_county_report
    from app.services.report_data import SHEET
    from app.services.rollup import roll_up
    from app.services.statistics_report import build_report

    opened = open_database(demo_data_dir(CASES))
    report = build_report(periods.year(date.today().year - 1))
    opened.db.close()
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for name in COUNTIES:                 # the same figures under three associations' names
            report.org_name = name
            files.append(write_report(report, Path(folder) / f"{name}.xlsx"))
        export = timed(lambda: write_report(report, Path(folder) / "县.xlsx"), repeat=3)
        bare = timed(lambda: [CalamineWorkbook.from_path(str(f)).get_sheet_by_name(SHEET).to_python() for f in files],
                     repeat=3)

        def city():
            write_report(roll_up([read_county_report(f) for f in files], "某市消费者协会"), Path(folder) / "市.xlsx")
        rolled = timed(city, repeat=3)
    return [
        BenchResult("三县年报汇总（读取、校验、相加、写出）", rolled, "一县年报导出", export, "ms", "≤ 3× 基准",
                    rolled <= 3 * export),
        BenchResult("三县年报汇总（读取、校验、相加、写出）", rolled, "三张汇总数据表的 calamine 解析", bare, "ms",
                    "（参考）", True),
    ]


if __name__ == "__main__":
    print_table(run())
