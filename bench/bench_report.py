"""A year's statistics over 100,000 demo cases — the figures of docs/rules.md §8 for the year and the
year before, and the report workbook written from them — against the same GROUP BY queries sent
as raw SQL in the same run. Budget (docs/rules.md §12): under 2 s.

Usage: .venv/bin/python bench/bench_report.py
"""
from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BenchResult, demo_data_dir, print_table, timed

CASES = 100_000
BUDGET_MS = 2000.0

# The aggregations behind the figures of one period, as bare SQL (what the database alone costs).
RAW_QUERIES = [
    'SELECT {col}, COUNT(*) FROM complaint_case WHERE accepted_date BETWEEN ? AND ? GROUP BY {col}',
    'SELECT mediator_id, outcome, COUNT(*) FROM complaint_case WHERE closed_date BETWEEN ? AND ? '
    'GROUP BY mediator_id, outcome',
    'SELECT COALESCE(SUM(recovered), 0) FROM complaint_case WHERE closed_date BETWEEN ? AND ?',
    'SELECT COUNT(*), COALESCE(SUM(punitive), 0) FROM complaint_case WHERE closed_date BETWEEN ? AND ? '
    'AND punitive > 0',
    'SELECT COUNT(*) FROM complaint_case WHERE received_date BETWEEN ? AND ?',
    'SELECT COALESCE(SUM("count"), 0) FROM consultation WHERE day BETWEEN ? AND ?',
    'SELECT satisfaction, COUNT(*) FROM follow_up WHERE day BETWEEN ? AND ? GROUP BY satisfaction',
    'SELECT b.id, b.name, COUNT(*) AS n FROM complaint_case c JOIN business b ON b.id = c.business_id '
    'WHERE c.accepted_date BETWEEN ? AND ? GROUP BY b.id, b.name ORDER BY n DESC, b.name LIMIT 10',
]
GROUPED = ("nature_code", "category_code", "category_major", "channel", "handling_unit", "mediator_id")


def raw_sql(periods) -> None:
    from app.db.models import database
    for period in periods:
        span = (period.start.isoformat(), period.end.isoformat())
        for template in RAW_QUERIES:
            for column in (GROUPED if "{col}" in template else ("",)):
                database.execute_sql(template.format(col=column), span).fetchall()


def run() -> list[BenchResult]:
    from app.db.bootstrap import open_database
    from app.domain import periods
    from app.reports.excel.report_workbook import write_report
    from app.services.statistics_report import build_report

    opened = open_database(demo_data_dir(CASES))
    year = periods.year(date.today().year - 1)          # the last full year of the demo data
    month = periods.month(date.today().year, date.today().month)
    build_report(year)                                   # warm: dictionaries, settings, page cache
    raw_year = timed(lambda: raw_sql([year, year.last_year()]), repeat=5)
    figures = timed(lambda: build_report(year), repeat=5)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "年报.xlsx"
        workbook = timed(lambda: write_report(build_report(year), target), repeat=3)
    raw_month = timed(lambda: raw_sql([month, month.last_year(), month.year_to_date(),
                                       month.year_to_date().last_year()]), repeat=5)
    monthly = timed(lambda: build_report(month), repeat=5)
    opened.db.close()
    budget = f"< {BUDGET_MS:.0f} ms"
    return [
        BenchResult("年报统计（10万件，本年与上年）", figures, "同样的 SQL 聚合", raw_year, "ms", budget,
                    figures < BUDGET_MS),
        BenchResult("年报 Excel（统计 + 写出工作簿）", workbook, "同样的 SQL 聚合", raw_year, "ms", budget,
                    workbook < BUDGET_MS),
        BenchResult("月报统计（本月、累计与去年同期）", monthly, "同样的 SQL 聚合", raw_month, "ms", budget,
                    monthly < BUDGET_MS),
    ]


if __name__ == "__main__":
    print_table(run())
