"""A 100,000-row ledger (台账): export to .xlsx, read back, import into an empty database — each
against what the library alone costs for the same file in the same run:
- export   vs a bare openpyxl write-only sheet of the same rows (no styles, no formula guard);
- read     vs python-calamine parsing the same file (our reader adds the header search);
- import   vs python-calamine parsing the same file (what a clerk waits for before any checking).

Usage: .venv/bin/python bench/bench_ledger.py
"""
from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BenchResult, demo_data_dir, print_table

CASES = 100_000
EXPORT_BUDGET = 1.5     # × bare openpyxl write-only
READ_BUDGET = 1.2       # × bare calamine
# Checking and writing 100,000 cases costs ~10× parsing them; DESIGN sets no figure for it, so the
# budget is what a clerk accepts for a decade of ledgers behind a progress bar: under a minute.
IMPORT_BUDGET_S = 60.0


def seconds(func) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def _bare_write(rows: list[list], path: Path) -> None:
    from openpyxl import Workbook
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    for row in rows:
        ws.append(row)
    wb.save(path)


def _bare_read(path: Path) -> None:
    from python_calamine import CalamineWorkbook
    CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def _prepare_target(folder: Path):
    """An empty database with the demo's handling units and mediators (the office being imported)."""
    from app.db.bootstrap import open_database
    from app.services import settings, users
    from app.services.context import SYSTEM
    from app.services.demo import DEMO_MEDIATORS, DEMO_UNITS

    opened = open_database(folder / "target")
    for _, label in DEMO_UNITS:
        settings.add_dictionary_entry(SYSTEM, "unit", label)
    for login, name in DEMO_MEDIATORS:
        users.create_user(SYSTEM, login, name, "mediator", "Bench#2026x")
    return opened


def run() -> list[BenchResult]:
    from app.db.bootstrap import open_database
    from app.reports.excel.ledger.xlsx_reader import read_ledger
    from app.reports.excel.ledger.xlsx_writer import write_ledger
    from app.services.context import SYSTEM
    from app.services.ledger.export import export_ledger
    from app.services.ledger.importer import import_ledger

    source = open_database(demo_data_dir(CASES))
    span = (date(2000, 1, 1), date(2100, 12, 31))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ledger = folder / "台账.xlsx"
        export = seconds(lambda: write_ledger(export_ledger(SYSTEM, *span, unmasked=True), ledger))
        rows = list(export_ledger(SYSTEM, *span, unmasked=True).rows)
        bare_write = seconds(lambda: _bare_write(rows, folder / "bare.xlsx"))
        rows = None      # the 100,000 rows need not stay in memory for the reads below
        source.db.close()
        bare_read = seconds(lambda: _bare_read(ledger))
        sheet = None

        def read():
            nonlocal sheet
            sheet = read_ledger(ledger)
        ours_read = seconds(read)
        target = _prepare_target(folder)
        outcome = {}
        importing = seconds(lambda: outcome.update(result=import_ledger(
            SYSTEM, sheet.header, sheet.rows, sheet.first_row, ledger.name)))
        target.db.close()
    result = outcome["result"]
    print(f"导入结果：{result.summary()}；文件 {len(sheet.rows)} 行", file=sys.stderr)
    return [
        BenchResult(f"导出台账 {CASES:,} 行", export, "openpyxl 只写模式裸表", bare_write, "s",
                    f"≤ {EXPORT_BUDGET}× 基线", export <= EXPORT_BUDGET * bare_write),
        BenchResult(f"读取台账 {CASES:,} 行（找表头）", ours_read, "calamine 解析同一文件", bare_read, "s",
                    f"≤ {READ_BUDGET}× 基线", ours_read <= READ_BUDGET * bare_read),
        BenchResult(f"导入台账 {CASES:,} 行（逐行检查、写库）", importing, "calamine 解析同一文件", bare_read, "s",
                    f"< {IMPORT_BUDGET_S:.0f} s", importing < IMPORT_BUDGET_S and result.imported == CASES),
    ]


if __name__ == "__main__":
    print_table(run())
