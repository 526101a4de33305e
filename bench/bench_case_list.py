"""The case list over 100,000 demo cases, as the clerk sees it: the id query plus the first
page of display rows through the list model. Each against the raw SQL id query it runs, in the
same run. Budget: under 100 ms each."""
from __future__ import annotations

import gc
import os
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import BenchResult, demo_data_dir, timed

CASES = 100_000
BUDGET_MS = 100.0
SEARCH = "张"          # a common surname: ~1,000 matches, the whole search text is scanned

RAW = {
    "first page": ("SELECT id FROM complaint_case ORDER BY received_date DESC, id DESC", ()),
    "re-sort by complainant": (
        "SELECT c.id FROM complaint_case c JOIN complainant p ON c.complainant_id = p.id "
        "ORDER BY p.name ASC, p.id ASC, c.id ASC", ()),
    "search": ("SELECT id FROM complaint_case WHERE id IN (SELECT case_id FROM case_search WHERE instr(text, ?) > 0) "
               "ORDER BY received_date DESC, id DESC", (SEARCH,)),
    "已办结 queue": ("SELECT id FROM complaint_case WHERE state = 'closed' ORDER BY received_date DESC, id DESC", ()),
}


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


def run() -> list[BenchResult]:
    data = demo_data_dir(CASES)
    from app.db.bootstrap import open_database
    from app.services.context import SYSTEM
    from app.services.queries import CaseFilter
    from app.ui.app import create_application
    from app.ui.cases.list_model import CaseListModel

    create_application(["bench"])
    opened = open_database(data)
    raw = sqlite3.connect(str(opened.db.database))
    model = CaseListModel(SYSTEM)

    def first_page():
        model.sort_column, model.descending = "received_date", True
        model.set_filter(CaseFilter())
        _show_first_page(model)

    def resort():
        model.filter = CaseFilter()
        model.set_sort("complainant", False)
        _show_first_page(model)

    def search():
        model.sort_column, model.descending = "received_date", True
        model.set_filter(CaseFilter(text=SEARCH))
        _show_first_page(model)

    def closed_queue():
        model.sort_column, model.descending = "received_date", True
        model.set_filter(CaseFilter(queue="closed"))
        _show_first_page(model)

    results = []
    for name, action in (("first page", first_page), ("re-sort by complainant", resort), ("search", search),
                         ("已办结 queue", closed_queue)):
        sql, params = RAW[name]
        baseline = timed(lambda sql=sql, params=params: raw.execute(sql, params).fetchall())
        figure = timed(action)
        results.append(BenchResult(f"case list: {name} ({CASES:,} cases)", figure, "raw SQL id query", baseline,
                                   "ms", f"< {BUDGET_MS:g} ms", figure < BUDGET_MS))
    raw.close()
    model = None         # before the interpreter tears Qt down: no model outliving its application
    gc.collect()
    return results


if __name__ == "__main__":
    from bench.common import print_table
    print_table(run())
