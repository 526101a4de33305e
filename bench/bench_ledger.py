"""The ledger (台账) at 10,000 and 100,000 rows (BENCH_SIZES): export to .xlsx, read back, import into
an empty database — each against what the library alone costs for the same file in the same run:
- export   vs a bare openpyxl write-only sheet of the same rows (no styles, no formula guard); the
           export's figure includes reading the cases and computing their deadlines;
- read     vs python-calamine parsing the same file (our reader adds the header search);
- import   vs python-calamine parsing the same file: import_ledger on the rows read, i.e. every
           check of docs/rules.md §4/§10 and the writing, what a clerk waits for after the read;
- peak memory of the export and of the read + import, against the bare library's peak for the
  same work (openpyxl writing, calamine parsing).
Each step runs in its own process (`--step`), so that its peak memory (the growth of VmHWM
while it runs) is its own.

Usage: .venv/bin/python bench/bench_ledger.py
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, BenchResult, bench_sizes, demo_data_dir, print_table

EXPORT_BUDGET = 0.25    # × bare openpyxl write-only (docs/rules.md §12)
READ_BUDGET = 1.2       # × bare calamine
IMPORT_BUDGET = 2.0     # × bare calamine (docs/rules.md §12)
EXPORT_MEMORY_MB = 64   # the export streams: flat at any size
SPAN = (date(2000, 1, 1), date(2100, 12, 31))


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


# ---------------------------------------------------------------- one step, in its own process
def _peak_kb() -> int:
    """This process's peak resident memory in KiB: Linux's VmHWM, the high-water mark of the
    process's own memory, which starts afresh at exec. ru_maxrss does not: the kernel carries the
    forking parent's peak over into it, so a step started by run_all.py after the million-case
    benchmarks (a parent of ~150 MB) measured a growth of 0.0 MB. ru_maxrss where there is no /proc."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _step(step: str, cases: int, folder: Path) -> dict:
    """Set up (not measured), then time `step` and the growth of the process's peak memory."""
    from app.db.bootstrap import open_database
    from app.reports.excel.ledger.xlsx_reader import read_ledger
    from app.reports.excel.ledger.xlsx_writer import write_ledger
    from app.services.context import SYSTEM
    from app.services.ledger.export import export_ledger
    from app.services.ledger.importer import import_ledger

    ledger, out, before = folder / "台账.xlsx", {}, None
    if step in ("export", "bare_write"):
        open_database(demo_data_dir(cases))
    if step == "prepare":     # its own process: hashing the mediators' passwords peaks at ~100 MB
        return {"seconds": 0, "peak_mb": 0, "target": str(_prepare_target(folder).data_dir)}
    if step == "export":
        work = lambda: write_ledger(export_ledger(SYSTEM, *SPAN, unmasked=True), ledger)  # noqa: E731 - a timed call
    elif step == "bare_write":     # its memory: the rows held, as the bare sheet takes them, and the writing
        before = _peak_kb()
        rows = list(export_ledger(SYSTEM, *SPAN, unmasked=True).rows)
        work = lambda: _bare_write(rows, folder / "bare.xlsx")  # noqa: E731 - a timed call
    elif step == "bare_read":
        work = lambda: _bare_read(ledger)  # noqa: E731 - a timed call
    elif step == "read":
        work = lambda: read_ledger(ledger)  # noqa: E731 - a timed call
    else:   # import: the rows read first (the read has its own time), then checked and written
        open_database(folder / "target")
        before = _peak_kb()       # the memory figure is the read's and the import's together
        sheet = read_ledger(ledger)

        def work():
            result = import_ledger(SYSTEM, sheet.header, sheet.rows, sheet.first_row, ledger.name)
            out.update(imported=result.imported, summary=result.summary(), rows=len(sheet.rows))
    before = before or _peak_kb()
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": (_peak_kb() - before) / 1024, **out}


def _run_step(step: str, cases: int, folder: Path) -> dict:
    done = subprocess.run([PYTHON, __file__, "--step", step, str(cases), str(folder)], check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _at(cases: int) -> list[BenchResult]:
    demo_data_dir(cases)         # made once, before anything is timed
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        steps = {s: _run_step(s, cases, folder) for s in ("export", "bare_write", "bare_read", "read", "prepare", "import")}
    export, bare_write, bare_read = steps["export"], steps["bare_write"], steps["bare_read"]
    read, imported = steps["read"], steps["import"]
    print(f"导入结果（{cases:,} 行）：{imported['summary']}；文件 {imported['rows']} 行", file=sys.stderr)
    base_mem = bare_read["peak_mb"]
    return [
        BenchResult(f"导出台账 {cases:,} 行", export["seconds"], "openpyxl 只写模式裸表", bare_write["seconds"], "s",
                    f"≤ {EXPORT_BUDGET}× 基线", export["seconds"] <= EXPORT_BUDGET * bare_write["seconds"], cases),
        BenchResult(f"导出台账峰值内存 {cases:,} 行", export["peak_mb"], "openpyxl 裸表（行在内存）",
                    bare_write["peak_mb"], "MB", f"< {EXPORT_MEMORY_MB} MB", export["peak_mb"] < EXPORT_MEMORY_MB, cases),
        BenchResult(f"读取台账 {cases:,} 行（找表头）", read["seconds"], "calamine 解析同一文件", bare_read["seconds"], "s",
                    f"≤ {READ_BUDGET}× 基线", read["seconds"] <= READ_BUDGET * bare_read["seconds"], cases),
        BenchResult(f"导入台账 {cases:,} 行（逐行检查、写库）", imported["seconds"], "calamine 解析同一文件",
                    bare_read["seconds"], "s", f"≤ {IMPORT_BUDGET}× 基线",
                    imported["seconds"] <= IMPORT_BUDGET * bare_read["seconds"] and imported["imported"] == cases, cases),
        BenchResult(f"读取并导入峰值内存 {cases:,} 行", imported["peak_mb"], "calamine 解析峰值",
                    base_mem, "MB", "记录（随行数增长见右）", True, cases),
    ]


def run() -> list[BenchResult]:
    results = []
    for cases in bench_sizes():
        results.extend(_at(cases))
    return results


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--step":
        print(json.dumps(_step(sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])), ensure_ascii=False))
    else:
        print_table(run())
