"""Server mode at scale (issue 17, item 5): the case list (first page, re-sort, queue switch,
queue counts, search) and a year's statistics on PostgreSQL with 1,000,000 demo cases, each
against its raw SQL measured in the same run — the same measurements as bench_case_list.py and
bench_report.py, on the server. Budgets: the list under 50 ms, the statistics under 2 s.

The database is made once by `main.py --database URL demo --cases N` (the bulk path: COPY,
search indexes built after the load; minutes) and reused while it holds exactly those demo
cases; then VACUUM ANALYZE, as autovacuum would after a load.

Usage: .venv/bin/python bench/run_all.py pg1m   (or bench/bench_pg1m.py)
  BENCH_PG1M=postgresql://postgres@127.0.0.1:5432/bench1m (default; opt in by creating that
  database, empty: `createdb -h 127.0.0.1 -U postgres bench1m`)   BENCH_PG1M_CASES=1000000
Without that database (or with BENCH_PG=off) the benchmark says so on stderr and reports nothing.
"""
from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import PYTHON, ROOT, BenchResult, print_table, timed

URL = os.environ.get("BENCH_PG1M", "postgresql://postgres@127.0.0.1:5432/bench1m")
CASES = int(os.environ.get("BENCH_PG1M_CASES", "1000000"))
SEED = 7
LIST_BUDGET_MS, REPORT_BUDGET_MS = 50.0, 2000.0


class _Raw:
    """A psycopg2 connection that answers `execute(sql, params).fetchall()` like sqlite3's, for
    the shared measuring code of bench_case_list.py."""

    def __init__(self, url: str):
        import psycopg2
        self.con = psycopg2.connect(url)
        self.con.autocommit = True

    def execute(self, sql: str, params=()):
        cursor = self.con.cursor()
        cursor.execute(sql, params)
        return cursor

    def close(self) -> None:
        self.con.close()


def _demo_cases(raw: _Raw) -> int:
    exists = raw.execute("SELECT to_regclass('complaint_case')").fetchall()[0][0]
    if not exists:
        return 0
    return raw.execute("SELECT count(*) FROM complaint_case WHERE source = 'demo'").fetchall()[0][0]


def _ensure_demo(raw: _Raw) -> None:
    """Make the demo cases once (timed: the figure of the bulk path), then VACUUM ANALYZE."""
    found = _demo_cases(raw)
    if found == CASES:
        return
    if found:
        raise SystemExit(f"{URL} holds {found:,} demo cases, not {CASES:,}: drop and create it again")
    started = time.perf_counter()
    subprocess.run(["nice", "-n", "10", PYTHON, str(ROOT / "main.py"), "--database", URL, "demo",
                    "--cases", str(CASES), "--seed", str(SEED)], check=True, cwd=ROOT)
    print(f"… {CASES:,} demo cases made in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    raw.execute("VACUUM ANALYZE")


def _case_list(raw: _Raw) -> list[BenchResult]:
    from bench.bench_case_list import list_figures
    from app.services.context import SYSTEM
    from app.ui.cases.list_model import CaseListModel

    model = CaseListModel(SYSTEM)
    label = f"(PostgreSQL, {CASES:,} cases)"
    out = []

    def add(name, figure, baseline, baseline_name="raw SQL id query"):
        out.append(BenchResult(f"case list: {name} {label}", figure, baseline_name, baseline, "ms",
                               f"< {LIST_BUDGET_MS:g} ms", figure < LIST_BUDGET_MS, size=CASES))

    list_figures(model, raw, add)
    model = None         # before the interpreter tears Qt down: no model outliving its application
    gc.collect()
    return out


def _raw_statistics(raw: _Raw, periods) -> None:
    from bench.bench_report import GROUPED, RAW_QUERIES
    for period in periods:
        span = (period.start, period.end)
        for template in RAW_QUERIES:
            for column in (GROUPED if "{col}" in template else ("",)):
                raw.execute(template.format(col=column).replace("?", "%s"), span).fetchall()


def _statistics(raw: _Raw) -> list[BenchResult]:
    from app.domain import periods
    from app.services.statistics_report import build_report

    year = periods.year(date.today().year - 1)          # the last full year of the demo data
    build_report(year, with_businesses=False)            # warm: dictionaries, settings, buffers
    baseline = timed(lambda: _raw_statistics(raw, [year, year.last_year()]), repeat=3)
    # what the 统计报表 screen computes, and what an exported workbook adds: its data sheet's list of
    # every business with its counts, for a city's roll-up (140,000 a year here)
    figure = timed(lambda: build_report(year, with_businesses=False), repeat=3)
    exported = timed(lambda: build_report(year), repeat=3)
    label = f"PostgreSQL，{CASES // 10000}万件，本年与上年"
    return [BenchResult(f"年报统计（{label}）", figure, "同样的 SQL 聚合",
                        baseline, "ms", f"< {REPORT_BUDGET_MS:.0f} ms", figure < REPORT_BUDGET_MS, size=CASES),
            BenchResult(f"年报导出的数据（{label}，另含全部经营者）", exported, "同样的 SQL 聚合", baseline, "ms",
                        "记录", True, size=CASES)]


def run() -> list[BenchResult]:
    if os.environ.get("BENCH_PG", "") == "off":
        return []
    try:
        raw = _Raw(URL)
    except Exception as exc:  # noqa: BLE001 - no server here: nothing to measure, said why
        print(f"… bench_pg1m skipped: PostgreSQL at {URL} unreachable ({' '.join(str(exc).split())})",
              file=sys.stderr)
        return []
    from app.db.bootstrap import open_database
    from app.ui.app import create_application

    _ensure_demo(raw)
    create_application(["bench"])
    opened = open_database(Path(os.environ.get("BENCH_DATA", "/tmp/xiehui-bench")) / "pg1m", URL)
    try:
        return _case_list(raw) + _statistics(raw)
    finally:
        opened.db.close()
        raw.close()


if __name__ == "__main__":
    print_table(run())
