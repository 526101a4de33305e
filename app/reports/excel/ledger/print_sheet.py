"""The 打印版 sheet of a 台账 export: the dozen columns a clerk files on paper, at full size.

The data sheet's 34 columns fitted to landscape A4 print at about a quarter of their size; this
sheet holds what a paper ledger shows — 序号, 案件编号, 登记日期, 投诉人, 被投诉人, 投诉类别, a
诉求摘要 cut at SUMMARY_CHARS with …, 涉案金额, 办理情况 (the result once there is one, else the
state), 调解员, 办结日期, 挽回经济损失 — values only, text wrapped in its cell, in widths that add up
to the printable width of landscape A4 at 100 % (fit to width stays on as a safety net: another
program's font measures a little wider). The importer never reads it (xlsx_reader skips it by
name); it is written after the data rows from the first ROW_LIMIT of them: 2,000 rows are some
160 pages, more than is printed at once (a longer period is exported and printed in parts), and
each costs about half a data row's writing (5,000 of them put a 10,000-row export over its time
budget). A last row then says where the rest is and how to print it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from app.reports.excel import styles as st
from app.reports.excel.ledger.print_setup import PRINT_SHEET, LedgerPrint, apply_print_sheet, set_print_area

ROW_LIMIT = 2000
SUMMARY_CHARS = 36        # at most four lines of the 诉求摘要 column
TEXT_TOP = Alignment(horizontal="left", vertical="top", wrap_text=True)
MIDDLE_TOP = Alignment(horizontal="center", vertical="top", wrap_text=True)
RIGHT_TOP = Alignment(horizontal="right", vertical="top")
NOTE_LINE = Alignment(horizontal="left", vertical="center")     # not wrapped: runs across the empty row
# Row heights are written, not left to the program: LibreOffice keeps a saved file's default
# height for a wrapped cell and cuts its second line off. A line of 10 pt text with CJK fonts'
# leading (Noto's is 1.45 em) and the cell's padding:
LINE_PT = 14.5
PAD_PT = 2
HEADER_PT = 2 * LINE_PT + PAD_PT      # 挽回经济损失(元) takes two lines
_RUN = re.compile(r"[A-Za-z0-9.,:/%_-]+|.", re.S)     # a Latin word or a number wraps as a whole
_NARROW = re.compile(r"[\x00-\u2e80]")                  # a character one unit wide (else two)


@dataclass(frozen=True)
class PrintColumn:
    title: str
    width: float              # Excel's character units; all of them add up to the page's width
    kind: str | None = None   # "date" | "money" | "count" | None (text)
    source: tuple[str, ...] = ()    # the data sheet's columns it is made from (the first with a value)


COLUMNS = (
    PrintColumn("序号", 4.5, "count"),
    PrintColumn("案件编号", 11, source=("案件编号",)),
    PrintColumn("登记日期", 10.5, "date", ("登记日期",)),
    PrintColumn("投诉人", 7.5, source=("投诉人",)),
    PrintColumn("被投诉人", 13, source=("被投诉人",)),
    PrintColumn("投诉类别", 10, source=("类别细类", "类别大类")),
    PrintColumn("诉求摘要", 21, source=("投诉请求", "投诉内容")),
    PrintColumn("涉案金额(元)", 10, "money", ("涉案金额(元)",)),
    PrintColumn("办理情况", 10, source=("处理结果", "处理状态")),
    PrintColumn("调解员", 7, source=("调解员",)),
    PrintColumn("办结日期", 10.5, "date", ("办结日期",)),
    PrintColumn("挽回经济损失(元)", 10, "money", ("挽回经济损失(元)",)),
)
SUMMARY = 6               # the 诉求摘要's place
NUMBER_FORMATS = {"date": st.DATE, "money": st.MONEY, "count": "0"}
_SAMPLES = {"date": date(2000, 1, 1), "money": Decimal(0), "count": 1, None: "x"}


def summary(text: str) -> str:
    """One paragraph of at most SUMMARY_CHARS characters, … where it was cut."""
    flat = " ".join(text.split())
    return flat if len(flat) <= SUMMARY_CHARS else flat[:SUMMARY_CHARS - 1] + "…"


class PrintRows:
    """The 打印版's rows, made from the data rows as they are written (the first `limit` of them)."""

    def __init__(self, header: list[str], limit: int | None = None):
        at = {h: i for i, h in enumerate(header)}
        self.sources = [tuple(at[s] for s in c.source if s in at) for c in COLUMNS]
        self.limit = limit or ROW_LIMIT
        self.rows: list[list] = []
        self.heights: list[float] = []    # each row's, in points
        self.total = 0
        self.area: int | None = None      # the print area's rows when not these (the template's)

    def add(self, row: list) -> None:
        self.total += 1
        if len(self.rows) < self.limit:
            values = self.values(row, len(self.rows) + 1)
            self.rows.append(values)
            self.heights.append(height(values))

    def values(self, row: list, number: int) -> list:
        """The 打印版's values of data row `row`, the `number`th."""
        values: list = [number]
        add = values.append
        for where in self.sources[1:]:
            for i in where:               # the first of the source columns with a value
                value = row[i]
                if value is not None and value != "":
                    add(value)
                    break
            else:
                add(None)
        if isinstance(values[SUMMARY], str):
            values[SUMMARY] = summary(values[SUMMARY])
        return values

    @property
    def kept(self) -> int:
        return min(self.total, self.limit)

    @property
    def note(self) -> str | None:
        """The last row's text when not every row is in the sheet."""
        rest = self.total - self.kept
        if rest <= 0:
            return None
        return (f"以上为前 {self.kept:,} 件，其余 {rest:,} 件未列入打印版，"
                f"见“台账”工作表（打印版最多列 {self.limit:,} 件；可按登记日期分段导出后打印）")

    @property
    def area_rows(self) -> int:
        """Rows of the print area: the header, the rows and the note."""
        return self.area or 1 + self.kept + (self.note is not None)

    @classmethod
    def sample(cls, header: list[str], area_rows: int) -> PrintRows:
        """The stream's template (xlsx_stream): one plain row, one of formula-like text (its
        quote-prefixed style), the note row — and the print area of the rows to come."""
        sample = cls(header, limit=2)
        sample.rows = [[_SAMPLES[c.kind] for c in COLUMNS], [_SAMPLES[c.kind] if c.kind else "=" for c in COLUMNS]]
        sample.heights = [height(row) for row in sample.rows]
        sample.total = 3
        sample.area = area_rows
        return sample


def lines(text: str, width: float) -> int:
    """The lines `text` takes in a column `width` units wide (a unit: a digit of the workbook's
    default font; the cell's padding is outside them), counted as Excel lays out 10 pt 宋体: an
    ideograph two units (1.9 in Excel; 1.4 in LibreOffice with DejaVu, which never needs more lines
    than counted here), a Latin letter or digit one, a word or number not broken; a line break
    in the text starts a line."""
    if "\n" in text:
        return sum(lines(part, width) for part in text.split("\n"))
    if 2 * len(text) <= width:          # fits even if every character is two units
        return 1
    if width >= 2 and not _NARROW.search(text):      # ideographs only: whole pairs of units a line
        return -(-len(text) // int(width // 2))
    return _wrapped_lines(text, width)


def _wrapped_lines(text: str, width: float) -> int:
    """`lines` of one paragraph, laid out token by token."""
    room = width
    count, used = 1, 0.0
    for token in _RUN.findall(text):
        size = len(token) if len(token) > 1 else (2 if ord(token) > 0x2E80 else 1)
        if used and used + size > room:
            count, used = count + 1, 0.0
        while size > room:        # a run longer than a line is broken after all
            count, size = count + 1, size - room
        used += size
    return count


_TEXT_COLUMNS = tuple((i, c.width) for i, c in enumerate(COLUMNS) if c.kind is None)


def height(values: list) -> float:
    """A row's height in points: its tallest text cell's lines."""
    most = 1
    for i, width in _TEXT_COLUMNS:
        value = values[i]
        if value and isinstance(value, str):
            most = max(most, lines(value, width))
    return most * LINE_PT + PAD_PT


def write_print_sheet(wb, copy: PrintRows, printing: LedgerPrint) -> None:
    """The 打印版 on a write-only workbook, after the data sheet (so the data sheet stays the first
    and the active one)."""
    ws = wb.create_sheet(PRINT_SHEET)
    for index, column in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    apply_print_sheet(ws, printing)
    ws.row_dimensions[1].height = HEADER_PT
    ws.append([_header_cell(ws, c.title) for c in COLUMNS])
    cells = [_styled(ws, c.kind) for c in COLUMNS]
    quoted = [_styled(ws, c.kind, quoted=True) for c in COLUMNS]
    for r, (values, tall) in enumerate(zip(copy.rows, copy.heights), 2):
        ws.row_dimensions[r].height = tall
        ws.append([_cell(plain, q, value) for plain, q, value in zip(cells, quoted, values)])
    if copy.note:
        note = WriteOnlyCell(ws, copy.note)
        note.font, note.alignment = st.NOTE, NOTE_LINE
        ws.append([note])
    set_print_area(ws, len(COLUMNS), copy.area_rows)


def _header_cell(ws, text):
    cell = WriteOnlyCell(ws, text)
    cell.font, cell.fill, cell.alignment, cell.border = st.HEADER, st.HEADER_FILL, st.CENTER, st.GRID
    return cell


def _styled(ws, kind: str | None, quoted: bool = False):
    cell = WriteOnlyCell(ws)
    cell.font, cell.border = st.BODY, st.GRID
    cell.alignment = TEXT_TOP if kind is None else RIGHT_TOP if kind == "money" else MIDDLE_TOP
    if kind:
        cell.number_format = NUMBER_FORMATS[kind]
    cell.quotePrefix = quoted
    return cell


def _cell(plain, quoted, value):
    """Each cell styled, empty ones too (the grid prints whole); text as in the data sheet."""
    if value is None or value == "":
        plain.value = None
        return plain
    if not isinstance(value, str):
        plain.value = value
        return plain
    value = st.printable(value)
    cell = quoted if st.formula_like(value) or value in ERROR_CODES else plain
    cell.value = value
    cell.data_type = "s"
    return cell
