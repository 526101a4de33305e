"""Ledger (台账) workbooks. openpyxl's write-only mode here (`write_table`) makes the parts of the
file — styles, workbook, print setup, header, column widths, freeze panes — and is the reference
for the cells; the ledger export itself streams its rows with xlsx_stream.py, which takes those
parts from a one-row `write_table` and writes the rows the same way ~10× faster.

Dates are real Excel dates, amounts real numbers with two decimals, and text that Excel would
take for a formula (= + - @ at the start) is written as text with a quote prefix — a complaint
text "=HYPERLINK(...)" stays visible text in Excel and WPS, never runs.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils import get_column_letter

from app.file_modes import as_saved_by_user
from app.reports.excel import styles as st
from app.reports.excel.ledger.print_setup import LedgerPrint, apply_openpyxl, set_print_area
from app.reports.excel.ledger.print_sheet import PrintRows, write_print_sheet

WIDTHS = {"案件编号": 22, "投诉内容": 40, "投诉请求": 30, "联系地址": 28, "被投诉人": 26, "被投诉人地址": 28,
          "统一社会信用代码": 21, "身份证号": 20, "不予受理理由": 24, "备注": 20, "处理结果": 18, "来源渠道": 16,
          "类别大类": 18, "类别细类": 14, "处理状态": 14}
PROGRESS_EVERY = 2000


class _Cells:
    """Styled cells per column, reused row after row: a write-only sheet serialises each row as it
    is appended, so the same cell objects can carry the next row's values (one per column — a row
    holds several dates at once)."""

    def __init__(self, ws, kinds: list[str | None]):
        self.cells = []
        for kind in kinds:
            cell = WriteOnlyCell(ws)
            if kind == "date":
                cell.number_format = st.DATE
            elif kind == "money":
                cell.number_format = st.MONEY
            else:
                cell.quotePrefix = True     # used only for text Excel would take for a formula or an error
            self.cells.append(cell)


def write_table(path: Path | str, sheet_title: str, header: list[str], rows: Iterable[list],
                number_columns: dict | None = None, total: int = 0,
                progress: Callable[[int, int], None] | None = None,
                printing: LedgerPrint | None = None, print_rows: int | None = None,
                print_copy: bool | PrintRows = True) -> int:
    """Write `header` and `rows` to a workbook (`path` a file name or a binary file), the data
    sheet and, unless `print_copy` is False, the 打印版 of the rows (print_sheet.py; `print_copy`
    its rows when they are not made from these — the stream's template); returns the number of
    data rows. `print_rows` sets the print area's rows (header included) when they are not the
    rows written (a template of the real sheet)."""
    number_columns = number_columns or {}
    printing = printing or LedgerPrint(org="")
    copy = PrintRows(header) if print_copy is True else print_copy or None
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title[:31])
    for index, head in enumerate(header, 1):
        ws.column_dimensions[get_column_letter(index)].width = WIDTHS.get(head, max(10, 2 * len(head) + 2))
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}1"
    apply_openpyxl(ws, wb, printing, None if copy else "")
    ws.append([_header_cell(ws, head) for head in header])
    written = 0
    kinds = [number_columns.get(i) for i in range(len(header))]
    cells = _Cells(ws, kinds).cells
    for row in rows:
        ws.append([_cell(cell, kind, value) for cell, kind, value in zip(cells, kinds, row)])
        written += 1
        if print_copy is True:
            copy.add(row)
        if progress and written % PROGRESS_EVERY == 0:
            progress(written, total)
    set_print_area(ws, len(header), print_rows or written + 1)
    if copy:
        write_print_sheet(wb, copy, printing)
    if hasattr(path, "write"):
        wb.save(path)
    else:
        wb.save(Path(path))
        as_saved_by_user(path)
    if progress:
        progress(written, total)
    return written


def _header_cell(ws, text):
    cell = WriteOnlyCell(ws, text)
    cell.font, cell.fill, cell.alignment, cell.border = st.HEADER, st.HEADER_FILL, st.CENTER, st.GRID
    return cell


def _cell(cell, kind: str | None, value):
    if value is None or value == "":
        return None
    if kind is not None:
        cell.value = value
        return cell
    value = st.printable(value)
    if st.formula_like(value) or value in ERROR_CODES:    # "#N/A" typed in a note is text, not an error
        cell.value = value
        cell.data_type = "s"
        return cell
    return value


def write_ledger(export, path: Path | str, progress=None, printing: LedgerPrint | None = None) -> int:
    """A ledger export (app.services.ledger.export.LedgerExport) to an .xlsx file, set up to print
    as `printing` says (the association, the period)."""
    from app.reports.excel.ledger.xlsx_stream import stream_table
    return stream_table(path, "台账", export.header, export.rows, export.number_columns, export.count,
                        progress, printing)
