"""Reading a ledger (台账) workbook with python-calamine: a 100,000-row, 29-column ledger parses in
about 3 s where openpyxl's read-only mode needs about 20 s (docs/rules.md §12).

The header row is found by its text, not its position: offices often put a title row or two above
it. Cells come back as Python values: str, float, int, bool, date, datetime (Excel dates), or ""
for an empty cell (a formula without a cached value also reads as "").

Before calamine allocates anything, xlsx_scan measures every sheet from the file's own XML and
refuses one beyond the limits with the reason; it also says which cells hold formulas, which the
import refuses (a cached result is not what a ledger records). A damaged member is one line.

The 打印版 sheet of an exported ledger (print_sheet.py) is never read, whatever it holds: it is a
shortened copy of the data sheet for paper, and what a clerk edits or adds there is not the ledger.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.domain.errors import ValidationFailed
from app.reports.excel.ledger.print_setup import PRINT_SHEET
from app.reports.excel.ledger.xlsx_scan import scan_workbook
from app.services.ledger.columns import header_key

HEADER_SEARCH_ROWS = 10
MIN_KNOWN_HEADERS = 3


@dataclass
class LedgerSheet:
    sheet_name: str
    header: list
    rows: list[list]
    first_row: int          # Excel row number of rows[0] (1-based)
    formulas: dict[int, set[int]] = field(default_factory=dict)   # Excel row → 0-based columns


def read_ledger(path: Path | str) -> LedgerSheet:
    from python_calamine import CalamineWorkbook

    path = Path(path)
    scans = scan_workbook(path, unread=(PRINT_SHEET,))
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - calamine raises its own types for damaged or non-Excel files
        raise ValidationFailed({}, f"无法读取文件“{path.name}”：不是有效的 Excel（.xlsx）文件（{exc}）") from None
    best, refused = None, []
    for scan in scans:
        if scan.problem:
            refused.append(scan.problem)
            continue
        cells = _sheet_cells(workbook, path, scan.name)
        index, known = _header_row(cells)
        if known >= MIN_KNOWN_HEADERS and (best is None or known > best[0]):
            best = (known, scan, cells, index)
    if best is None and refused:
        raise ValidationFailed({}, f"无法读取文件“{path.name}”：{refused[0]}")
    if best is None:
        raise ValidationFailed({}, f"文件“{path.name}”中没有找到台账表头（应有“案件编号”“登记日期”“投诉人”等列名）")
    _, scan, cells, index = best
    name = scan.name
    header = [_text(c) for c in cells[index]]
    width = len(header)
    rows = [_padded(row, width) for row in cells[index + 1:]]
    while rows and all(v in ("", None) for v in rows[-1]):
        rows.pop()
    return LedgerSheet(name, header, rows, index + 2, scan.formulas)


def _sheet_cells(workbook, path: Path, name: str) -> list[list]:
    try:
        return workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:  # noqa: BLE001 - calamine's XmlError and friends for a damaged sheet
        raise ValidationFailed({}, f"无法读取文件“{path.name}”：工作表“{name}”已损坏（{' '.join(str(exc).split())}）；"
                                   "请用 Excel 或 WPS 打开后另存为 .xlsx 再导入") from None


def _header_row(cells: list[list]) -> tuple[int, int]:
    """(index, number of known column names) of the most header-like row near the top."""
    best = (0, 0)
    for index, row in enumerate(cells[:HEADER_SEARCH_ROWS]):
        known = len({header_key(c) for c in row if header_key(c)})
        if known > best[1]:
            best = (index, known)
    return best


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value))


def _padded(row: list, width: int) -> list:
    if len(row) == width:           # calamine's rows, read with their empty area, all are
        return row
    if len(row) > width:
        return row[:width]
    return list(row) + [""] * (width - len(row))
