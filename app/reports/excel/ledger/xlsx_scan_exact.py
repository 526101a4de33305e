"""The exact measuring of a sheet the quick look (xlsx_scan) cannot vouch for: read as an XML
parser reads it, element by element, and placed as calamine places its cells — a row without r is
the one after the last, a cell without r the one right of the last in its row, a reference in
lower case or with leading zeros counts for what it names. Slow (a Python call per element, about
1 s for 10,000 ledger rows) but only for files no spreadsheet program writes: cells without their
address first, attributes in single quotes or spaced around "=", prefixed tags, far references.
It stops at the first limit passed."""
from __future__ import annotations

import re
import zipfile
from xml.parsers import expat

CHUNK = 1 << 20
EXCEL_COLUMNS = 16_384        # a row is measured to its end (the refusal says how far it goes) up to here
_ADDRESS = re.compile(r"([A-Za-z]*)(\d+)\Z")


class _Stop(Exception):
    """Raised from a handler to end the parse: the sheet passed a limit or is unreadable."""


def column_number(letters: str | bytes) -> int:
    number = 0
    for ch in (letters.decode("ascii", "replace") if isinstance(letters, bytes) else letters).upper():
        number = number * 26 + ord(ch) - 64
    return number


class ExactScan:
    """Feeds one sheet's XML through expat into `scan` (an xlsx_scan.SheetScan, filled in place);
    `over(scan)` says when to stop (a limit passed)."""

    def __init__(self, scan, over, max_bytes: int, max_formulas: int):
        self.scan, self.over, self.max_bytes, self.max_formulas = scan, over, max_bytes, max_formulas
        self.inside, self.row, self.column, self.cell_row = False, 0, 0, 0
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.StartDoctypeDeclHandler = self._doctype

    def run(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        seen = 0
        try:
            with zf.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    seen += len(chunk)
                    if seen > self.max_bytes:
                        self.scan.problem = f"工作表“{self.scan.name}”解压后超出可读取的 {self.max_bytes >> 20} MB"
                        return
                    self.parser.Parse(chunk, False)
                self.parser.Parse(b"", True)
            self.over(self.scan)
        except _Stop:
            pass
        except expat.ExpatError as exc:
            self.scan.problem = (f"工作表“{self.scan.name}”已损坏（{expat.errors.messages[exc.code]}，"
                                 f"第 {exc.lineno} 行第 {exc.offset} 列）；请用 Excel 或 WPS 打开后另存为 .xlsx 再导入")

    def _doctype(self, *_):
        # a sheet never declares a DTD; one that does may define entities calamine would not expand
        self._refuse(f"工作表“{self.scan.name}”含有文档类型声明（DTD），不是 Excel 写出的工作表；请用 Excel 或 WPS 另存后再导入")

    def _refuse(self, problem: str):
        self.scan.problem = problem
        raise _Stop

    def _start(self, name: str, attrs: dict) -> None:
        local = name.rpartition(" ")[2]
        if local == "sheetData":
            self.inside = True
        elif not self.inside:
            return
        elif local == "row":
            self._row(attrs.get("r"))
        elif local == "c":
            self._cell(attrs.get("r"))
        elif local == "f":
            self._formula()

    def _end(self, name: str) -> None:
        local = name.rpartition(" ")[2]
        if local == "sheetData":
            self.inside = False
        elif local == "row" and self.inside:
            self._check()

    def _row(self, reference: str | None) -> None:
        scan = self.scan
        scan.rows += 1
        if reference is None:
            self.row += 1
        elif reference.strip().isdigit():
            self.row = int(reference)
        else:
            self._unreadable(reference, self.row + 1)
        self.column = 0
        scan.max_row = max(scan.max_row, self.row)
        self._check()

    def _cell(self, reference: str | None) -> None:
        scan = self.scan
        self.cell_row = self.row
        if reference is None:
            self.column += 1
        else:
            address = _ADDRESS.match(reference)
            if address is None:
                self._unreadable(reference, max(self.row, 1))
            self.column = column_number(address.group(1)) if address.group(1) else self.column + 1
            self.cell_row = int(address.group(2))
            scan.max_row = max(scan.max_row, self.cell_row)
        scan.max_column = max(scan.max_column, self.column)
        if self.column > EXCEL_COLUMNS or self.cell_row > self.row:
            self._check()

    def _formula(self) -> None:
        formulas = self.scan.formulas
        if sum(map(len, formulas.values())) < self.max_formulas:
            formulas.setdefault(self.cell_row, set()).add(self.column - 1)

    def _unreadable(self, reference: str, row: int) -> None:
        self._refuse(f"工作表“{self.scan.name}”第 {row:,} 行附近有无法识别的单元格地址“{reference[:20]}”，"
                     "文件可能已损坏或被改动；请用 Excel 或 WPS 打开后另存为 .xlsx 再导入")

    def _check(self) -> None:
        if self.over(self.scan):
            raise _Stop
