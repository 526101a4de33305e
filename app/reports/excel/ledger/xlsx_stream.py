"""The ledger's rows streamed straight into the .xlsx file.

openpyxl's write-only mode spends ~25 µs on every cell (a cell object, an XML element, its
serialisation): 3.3 million cells in a 100,000-row ledger. Here openpyxl writes a one-row template
of the same sheet with `write_table` — styles, workbook, document properties, print setup, header
row, column widths, freeze panes, filter, all as before — and this module writes the data rows
itself, as openpyxl writes them: inline strings, the template's style for each column's dates,
amounts and quote-prefixed text, text escaped as ElementTree escapes it, control characters a
workbook cannot hold replaced, text cut at Excel's 32,767 characters. The rows go through zlib at
level 1 into the zip as they come (memory stays flat at any size); the file gets its name only when
it is complete.
"""
from __future__ import annotations

import math
import os
import re
import zipfile
import zlib
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Callable, Iterable

from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from app.file_modes import as_saved_by_user
from app.reports.excel import styles as st
from app.reports.excel.ledger.print_setup import LedgerPrint
from app.reports.excel.ledger.print_sheet import COLUMNS as COPY_COLUMNS
from app.reports.excel.ledger.print_sheet import PrintRows, height
from app.reports.excel.ledger.xlsx_writer import PROGRESS_EVERY, write_table

SHEET = "xl/worksheets/sheet1.xml"
COPY_SHEET = "xl/worksheets/sheet2.xml"          # the 打印版 (print_sheet.py)
# zlib level 1 deflates sheet XML ~4× faster than the default 6 for a file ~15 % larger.
COMPRESSLEVEL = 1
CHUNK_ROWS = 500                 # rows joined, encoded and deflated at a time
MAX_TEXT = 32767                 # Excel's limit for a cell's text (openpyxl cuts there too)
ZIP64_ROWS = 400_000             # ~2 KB a row: beyond this a sheet may pass zip's 2 GiB limit
_SAMPLE = {"date": date(2000, 1, 1), "money": Decimal(0), None: "="}
_ROW_SPLIT = re.compile(r'<row r="(\d+)"')
_STYLE = re.compile(r'<c r="([A-Z]+)\d+"(?: s="(\d+)")?')


class _Template:
    """The parts of a one-row openpyxl workbook of the sheet: every file of the zip, the sheets
    split around their data rows, and the style ids of the sample rows (one cell per column; the
    打印版's plain row, quote-prefixed row and note row)."""

    def __init__(self, title: str, header: list[str], number_columns: dict, printing: LedgerPrint | None,
                 print_rows: int, copy_rows: int = 1):
        buffer = BytesIO()
        sample = [_SAMPLE[number_columns.get(i)] for i in range(len(header))]
        write_table(buffer, title, header, [sample], number_columns, printing=printing, print_rows=print_rows,
                    print_copy=PrintRows.sample(header, copy_rows))
        with zipfile.ZipFile(buffer) as zf:
            self.parts = {name: zf.read(name) for name in zf.namelist()}
        self.head, rows, self.tail = _split(self.parts[SHEET])
        self.styles = {letter: style for letter, style in _STYLE.findall(rows[0]) if style}
        self.copy_head, rows, self.copy_tail = _split(self.parts[COPY_SHEET])
        plain, quoted, note = ({letter: f' s="{style}"' for letter, style in _STYLE.findall(r)} for r in rows)
        letters = [get_column_letter(i) for i in range(1, len(COPY_COLUMNS) + 1)]
        self.copy_columns = [(letter, plain[letter], quoted[letter], c.kind) for letter, c in zip(letters, COPY_COLUMNS)]
        self.note_style = note["A"]


def _split(xml: bytes) -> tuple[str, list[str], str]:
    """A sheet's XML before its row 2, its rows from 2 on (their cells), and after its rows."""
    sheet = xml.decode("utf-8")
    top, data = sheet.split("<sheetData>", 1)
    data, tail = data.split("</sheetData>", 1)
    parts = _ROW_SPLIT.split(data)                       # ['', '1', row 1, '2', row 2, …]
    return top + "<sheetData>" + data[: data.index('<row r="2"')], parts[4::2], tail


def stream_table(path: Path | str, title: str, header: list[str], rows: Iterable[list], number_columns: dict,
                 total: int = 0, progress: Callable[[int, int], None] | None = None,
                 printing: LedgerPrint | None = None) -> int:
    """`write_table`'s workbook, the rows streamed; returns the number of data rows."""
    path = Path(path)
    first = _Template(title, header, number_columns, printing, 1)
    copy = _CopyRows(first, header)
    part = path.with_name(path.name + ".part")
    try:
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSLEVEL) as zf:
            names = list(first.parts)
            before = names[: names.index(SHEET)]
            for name in before:                         # docProps, theme: as openpyxl orders them
                zf.writestr(name, first.parts[name])
            with zf.open(SHEET, "w", force_zip64=total > ZIP64_ROWS) as out:
                written = _write_sheet(out, first, header, rows, number_columns, total, progress, copy)
            last = _Template(title, header, number_columns, printing, written + 1, copy.rows.area_rows)  # print areas
            with zf.open(COPY_SHEET, "w") as out:
                copy.write(out, last)
            for name in names[names.index(COPY_SHEET) + 1:]:
                zf.writestr(name, last.parts[name])
        os.replace(part, path)
        as_saved_by_user(path)
    finally:
        if part.exists():
            part.unlink()
    if progress:
        progress(written, total)
    return written


def _write_sheet(out, template: _Template, header, rows, number_columns, total, progress, copy: PrintRows) -> int:
    out.write(template.head.encode("utf-8"))
    cells = _Cells(header, number_columns, template.styles)
    chunk: list[str] = []
    written = 0
    limit = copy.rows.limit
    for written, values in enumerate(rows, 1):
        chunk.append(cells.row(written + 1, values))
        if written <= limit:
            copy.add(values, cells.clean)
        if written % CHUNK_ROWS == 0:
            out.write("".join(chunk).encode("utf-8"))
            chunk.clear()
            if progress and written % PROGRESS_EVERY == 0:
                progress(written, total)
    out.write("".join(chunk).encode("utf-8"))
    out.write(("</sheetData>" + template.tail).encode("utf-8"))
    copy.rows.total = written
    return written


class _CopyRows:
    """The 打印版's rows as openpyxl writes them (print_sheet.write_print_sheet: every cell styled,
    empty ones too; formula-like text with the quote-prefixed style), made as the data rows stream
    and kept deflated until the data sheet is complete (2,000 rows of values would hold ~3 MB)."""

    def __init__(self, template: _Template, header: list[str]):
        self.rows = PrintRows(header)           # the columns, the limit, the count and the note
        self.columns = template.copy_columns
        self.deflate = zlib.compressobj(COMPRESSLEVEL)
        self.deflated: list[bytes] = []
        self.made = 0
        self.dates: dict = {}      # a date's <v> text, as _Cells keeps them

    def add(self, values: list, clean: bool = False) -> None:
        """The next data row's 打印版 row; `clean`: every text of the data row is in its XML as it is
        (_Cells.clean), so none needs a control character replaced."""
        self.made += 1
        row = self.rows.values(values, self.made)
        chunk = self.deflate.compress(self.row(self.made + 1, row, clean).encode("utf-8"))
        if chunk:
            self.deflated.append(chunk)

    def row(self, r: int, values: list, clean: bool = False) -> str:
        rs = str(r)
        parts = [f'<row r="{rs}" ht="{"%.16g" % height(values)}" customHeight="1">']
        add = parts.append
        for (letter, plain, quoted, kind), value in zip(self.columns, values):
            if value is None or value == "":
                add(f'<c r="{letter}{rs}"{plain} t="n" />')
            elif kind is None:
                if (clean and value.__class__ is str and value[0] not in _SLOW_START and not value[0].isspace()
                        and not value[-1].isspace() and len(value) <= MAX_TEXT
                        and "&" not in value and "<" not in value and ">" not in value):
                    add(f'<c r="{letter}{rs}"{plain} t="inlineStr"><is><t>{value}</t></is></c>')   # as _text makes it
                    continue
                text = st.printable(value)
                add(_text(f'<c r="{letter}{rs}', quoted if text[0] in "=+-@" or text in ERROR_CODES else plain, text,
                          True))
            elif kind == "date":
                text = self.dates.get(value)
                if text is None:
                    text = self.dates[value] = _number(value, kind)
                add(f'<c r="{letter}{rs}"{plain}{text}</v></c>')
            else:
                add(f'<c r="{letter}{rs}"{plain}{_number(value, None)}</v></c>')
        add("</row>")
        return "".join(parts)

    def write(self, out, template: _Template) -> None:
        out.write(template.copy_head.encode("utf-8"))
        inflate = zlib.decompressobj()
        for chunk in self.deflated + [self.deflate.flush()]:
            out.write(inflate.decompress(chunk))
        note = self.rows.note
        if note:
            rs = str(self.made + 2)
            out.write((f'<row r="{rs}">' + _text('<c r="A' + rs, template.note_style, note, True) + "</row>")
                      .encode("utf-8"))
        out.write(("</sheetData>" + template.copy_tail).encode("utf-8"))


class _Cells:
    """One row's XML, as openpyxl's etree writer makes it (`<c r="B2" s="2" t="n"><v>46172</v></c>`).
    Most text needs nothing but its cell around it: that is the fast path; text starting with a
    formula or error sign or a space, holding & < >, or too long, goes through `_text`, and a row
    with a control character anywhere is made again with every text made printable."""

    def __init__(self, header: list[str], number_columns: dict, styles: dict[str, str]):
        letters = [get_column_letter(i) for i in range(1, len(header) + 1)]
        self.kinds = [number_columns.get(i) for i in range(len(header))]
        self.columns = []       # per column: '<c r="B', its style attribute (typed: always; text: when quoted)
        for letter, kind in zip(letters, self.kinds):
            self.columns.append(('<c r="' + letter, f' s="{styles[letter]}"' if letter in styles else "", kind))
        self.dates: dict = {}      # a date's <v> text (the same dates recur; a few thousand at most)
        self.clean = True          # every text of the last row is in its XML whole, none with a control character

    def row(self, r: int, values: list, printable: bool = False) -> str:
        rs = str(r)
        parts = [f'<row r="{rs}">']
        add = parts.append
        whole = True
        for (start, style, kind), value in zip(self.columns, values):
            if value is None:
                continue
            if value.__class__ is str:
                if not value:
                    continue
                if (kind is None and not printable and value[0] not in _SLOW_START and not value[0].isspace()
                        and not value[-1].isspace() and len(value) <= MAX_TEXT
                        and "&" not in value and "<" not in value and ">" not in value):
                    add(f'{start}{rs}" t="inlineStr"><is><t>{value}</t></is></c>')
                else:
                    add(_text(start + rs, style, value, kind is not None))
                    whole = whole and len(value) <= MAX_TEXT
            elif kind == "date":
                text = self.dates.get(value)
                if text is None:
                    text = self.dates[value] = _number(value, kind)
                add(f'{start}{rs}"{style}{text}</v></c>')
            else:
                add(f'{start}{rs}"{style if kind else ""}{_number(value, kind)}</v></c>')
        parts.append("</row>")
        xml = "".join(parts)
        if not printable and ILLEGAL_CHARACTERS_RE.search(xml):     # (the markup itself holds none)
            return self.row(r, values, printable=True)
        self.clean = whole and not printable
        return xml


_SLOW_START = frozenset("=+-@#")      # formula signs, and the # of an error value


def _text(ref: str, style: str, value: str, typed: bool) -> str:
    value = st.printable(value)
    quoted = style if typed or value[0] in "=+-@" or value in ERROR_CODES else ""
    if len(value) > MAX_TEXT:
        value = value[:MAX_TEXT]
    space = ""
    if value[0].isspace() or value[-1].isspace():
        space = ' xml:space="preserve"' if value.strip() else ""
    if "&" in value or "<" in value or ">" in value:
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'{ref}"{quoted} t="inlineStr"><is><t{space}>{value}</t></is></c>'


def _number(value, kind) -> str:
    """The type attribute and the start of <v> of a number, date or truth value."""
    if isinstance(value, bool):
        return f' t="b"><v>{int(value)}'
    if isinstance(value, (date, datetime)):
        if kind != "date":
            raise TypeError(f"a date in a column without the date format: {value!r}")
        return ' t="n"><v>' + "%.16g" % to_excel(value)
    if isinstance(value, (int, float, Decimal)):
        return ' t="n"><v>' + ("%.16g" % value if math.isfinite(value) else "")    # openpyxl's safe_string
    raise TypeError(f"a ledger cell cannot hold {type(value).__name__}: {value!r}")
