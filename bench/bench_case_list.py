"""The case list as the clerk sees it, at 10,000 and 100,000 demo cases: the first page, a re-sort
by every sortable column, a switch to every queue, the navigation's queue counts and searches of
one, two and four characters (through the search index) — each through the list model, with the
display rows of the first screen asked for, against the same id query sent as raw SQL in the same
run. Budget: under 50 ms each (issue 17, item 4). Where a PostgreSQL server answers at BENCH_PG
(default postgresql://postgres@127.0.0.1:5432/test) the same figures follow on the server, its demo
data in schemas of a database `bench_list` made beside it (issue 17, item 6); BENCH_PG=off skips them.

Usage: .venv/bin/python bench/bench_case_list.py   (BENCH_SIZES=10000 for the small size only)
"""
from __future__ import annotations

import gc
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import BenchResult, bench_sizes, demo_data_dir, pg_demo_url, timed

BUDGET_MS = 50.0
SEARCHES = ("张", "空调", "质量问题", "会员订阅")
QUEUES = ("to_accept", "mediating", "due_soon", "overdue", "to_follow_up", "closed", "all")


def _show_first_page(model) -> None:
    """What painting the list asks of the model: every cell of the rows on screen (asked of
    the Python model directly, as the view's C++ does; QModelIndex.data() from Python would
    hit PySide6 6.12's None reference bug for the empty cells)."""
    from PySide6.QtCore import Qt
    for row in range(min(40, model.rowCount())):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole,
                         Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole):
                model.data(index, role)


def _raw_sql(flt, sort: str, descending: bool):
    """The id query the list runs, as SQL text for a raw connection (its first page)."""
    from app.services.queries import id_query
    return id_query(flt, sort, descending, limit=None).sql()


def _fetch(raw, sql: str, params=()) -> list:
    """All rows of `sql` on a raw sqlite3 connection or psycopg2 cursor."""
    result = raw.execute(sql, params)
    return (result if result is not None else raw).fetchall()


def _measure(model, raw, flt, sort: str, descending: bool) -> tuple[float, float]:
    """The UI thread's part (first-page ids, display rows, the cells of the first screen),
    median of 5; each run's pool-thread completion is let finish, untimed, before the next, so
    that runs do not pile up on each other."""
    sql, params = _raw_sql(flt, sort, descending)
    baseline = timed(lambda: _fetch(raw, sql, params))
    samples = []
    for _ in range(5):
        started = time.perf_counter()
        model.sort_column, model.descending = sort, descending
        model.set_filter(flt)
        _show_first_page(model)
        samples.append((time.perf_counter() - started) * 1000)
        _drain(model)
    return statistics.median(samples), baseline


def _drain(model) -> None:
    """What the list view does after painting the first screen: the other ids from the pool
    thread (CaseListView._complete_after_paint), waited for here."""
    from PySide6.QtWidgets import QApplication
    model.complete_in_background()
    while not model.complete:
        QApplication.processEvents()
        time.sleep(0.001)


def _until_complete(model, flt) -> float:
    """From a new filter until the last id arrived from the pool thread (the list is usable and
    painted long before: this is what scrolling to the end would wait for)."""
    def action():
        model.set_filter(flt)
        _drain(model)                           # as the view does after its paint
    return timed(action, repeat=3)


def _slowest(results: list[tuple[str, float, float]]) -> tuple[str, float, float]:
    return max(results, key=lambda r: r[1])


def _open(cases: int, server: bool):
    """The demo database bound for the program, and a raw connection to the same data."""
    from app.db.bootstrap import open_database
    if not server:
        from app.db.fts import INSTANCES_DDL
        opened = open_database(demo_data_dir(cases))
        raw = sqlite3.connect(str(opened.db.database))
        raw.execute(INSTANCES_DDL)      # what the program's connections make on their first short search
        return opened, raw
    import tempfile

    import psycopg2
    url = pg_demo_url(cases)
    opened = open_database(Path(tempfile.mkdtemp(prefix="bench-pg-")), url)
    where, schema = url.split("?schema=")
    raw = psycopg2.connect(where, options=f"-c search_path={schema}")
    raw.autocommit = True
    return opened, raw.cursor()


def list_figures(model, raw, add) -> None:
    """The list's figures, each handed to `add(name, figure, baseline[, baseline_name])`: first page,
    all ids in, the slowest re-sort and queue switch, the queue counts and each search. Shared by
    bench_pg1m.py, which measures the same on a million cases."""
    from app.services.queries import CaseFilter, queue_counts
    from app.ui.cases.list_model import CASE_COLUMNS

    figure, baseline = _measure(model, raw, CaseFilter(), "received_date", True)
    add("first page", figure, baseline)
    add("all ids in, from the pool thread (list usable before)", _until_complete(model, CaseFilter()), baseline)
    sorts = [(c.sort_key, *_measure(model, raw, CaseFilter(), c.sort_key, False)) for c in CASE_COLUMNS if c.sort_key]
    key, figure, baseline = _slowest(sorts)
    add(f"re-sort, slowest of {len(sorts)} ({key})", figure, baseline)
    queues = [(q, *_measure(model, raw, CaseFilter(queue=q), "received_date", True)) for q in QUEUES]
    key, figure, baseline = _slowest(queues)
    add(f"switch queue, slowest of {len(queues)} ({key})", figure, baseline)
    counts = timed(queue_counts)
    closed_sql = "SELECT COUNT(*) FROM complaint_case WHERE state = 'closed'"
    add("queue counts (all 7, in a pool thread)", counts, timed(lambda: _fetch(raw, closed_sql)), "raw COUNT of 已办结")
    for term in SEARCHES:
        figure, baseline = _measure(model, raw, CaseFilter(text=term), "received_date", True)
        add(f"search 「{term}」", figure, baseline)


def _one_size(cases: int, server: bool = False) -> list[BenchResult]:
    from app.services.context import SYSTEM
    from app.ui.cases.list_model import CaseListModel

    opened, raw = _open(cases, server)
    model = CaseListModel(SYSTEM)
    label = f"({cases:,} cases)"
    out = []

    def add(name, figure, baseline, baseline_name="raw SQL id query"):
        where = "case list (PostgreSQL)" if server else "case list"
        out.append(BenchResult(f"{where}: {name} {label}", figure, baseline_name, baseline, "ms",
                               f"< {BUDGET_MS:g} ms", figure < BUDGET_MS, size=cases))

    list_figures(model, raw, add)
    raw.close()
    model = None         # before the interpreter tears Qt down: no model outliving its application
    gc.collect()
    opened.db.close()
    return out


def run() -> list[BenchResult]:
    from app.ui.app import create_application
    create_application(["bench"])
    results = []
    for cases in bench_sizes():
        results.extend(_one_size(cases))
    if os.environ.get("BENCH_PG", "") != "off" and pg_demo_url(min(bench_sizes())) is not None:
        for cases in bench_sizes():        # the same figures on the server, beside SQLite's (item 6)
            results.extend(_one_size(cases, server=True))
    return results


if __name__ == "__main__":
    from bench.common import print_table
    print_table(run())
