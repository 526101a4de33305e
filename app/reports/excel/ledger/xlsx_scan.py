"""Looking at a workbook before anyone allocates for it (issue 14, item 7).

calamine builds a sheet as one rectangle from A1 to its farthest cell: a 2 KB file with one cell
at XFD1048576 asks for 17 billion cells (SIGABRT), a million junk rows end in MemoryError minutes
later. So the reader first streams each sheet's XML out of the zip — never holding more than a
chunk — and reads what the file *says* (`<dimension ref=…>`, each `<row r=…>`, each cell's
`r="…"`) and where formulas are (`<f>`), refusing a sheet beyond the limits with the reason
before calamine sees it. A damaged zip or XML is one line too.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from app.domain.errors import ValidationFailed

MAX_ROWS = 200_000            # rows of one ledger sheet (a county office's 20 years; split beyond)
MAX_COLUMNS = 100             # the ledger has 33 columns; offices add a few of their own (_WIDE: beyond CV)
MAX_SHEET_BYTES = 1 << 30     # the sheet's XML once unpacked (a 100,000-row ledger is ~100 MB)
MAX_SMALL_PART = 32 << 20     # workbook.xml and its relations
MAX_FORMULAS_KEPT = 10_000
CHUNK = 1 << 20
_OVERLAP = 512                # a tag cut by a chunk boundary is seen whole in the next pass

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?"')
# Only what can make a sheet too big is looked for, in one pass of one pattern that starts with a
# literal (the regex engine skips ahead to it): a reference beyond column CV (100), or with a row
# number from 210,000 on. Formula tags are found with bytes.find (text in the XML never holds "<").
_FAR = re.compile(rb' r="(?:((?:[A-Z]{3,}|[D-Z][A-Z]|C[W-Z]))\d|[A-Z]*(2[1-9]\d{4}|[3-9]\d{5}|[1-9]\d{6,})")')
_REF = re.compile(rb' r="([A-Z]+)(\d+)"')
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def column_number(letters: bytes | str) -> int:
    number = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        number = number * 26 + ord(ch) - 64
    return number


@dataclass
class SheetScan:
    name: str
    problem: str | None = None        # why the sheet cannot be read, in Chinese
    rows: int = 0
    max_row: int = 0
    max_column: int = 0
    prefixed: bool = False
    formulas: dict[int, set[int]] = field(default_factory=dict)   # Excel row → 0-based columns


def _refuse(path: Path, reason: str) -> ValidationFailed:
    return ValidationFailed({}, f"无法读取文件“{path.name}”：{reason}")


def _sheet_parts(zf: zipfile.ZipFile, path: Path) -> list[tuple[str, str]]:
    """(sheet name, zip member) in workbook order."""
    try:
        workbook = _small_xml(zf, "xl/workbook.xml")
        rels = _small_xml(zf, "xl/_rels/workbook.xml.rels")
    except KeyError:
        raise _refuse(path, "不是有效的 Excel（.xlsx）文件（缺少工作簿结构）") from None
    except ElementTree.ParseError as exc:
        raise _refuse(path, f"文件已损坏（工作簿结构无法解析：{exc}）") from None
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter() if r.tag.endswith("Relationship")}
    parts = []
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        parts.append((sheet.get("name", ""), member))
    return parts


def _small_xml(zf: zipfile.ZipFile, name: str):
    info = zf.getinfo(name)
    if info.file_size > MAX_SMALL_PART:
        raise ElementTree.ParseError(f"{name} 异常地大")
    return ElementTree.fromstring(zf.read(name))


def _scan_sheet(zf: zipfile.ZipFile, name: str, member: str) -> SheetScan:
    scan = SheetScan(name)
    try:
        info = zf.getinfo(member)
    except KeyError:
        scan.problem = f"工作表“{name}”的内容缺失，文件已损坏"
        return scan
    if info.file_size > MAX_SHEET_BYTES:
        scan.problem = f"工作表“{name}”解压后有 {info.file_size >> 20} MB，超出可读取的 {MAX_SHEET_BYTES >> 20} MB"
        return scan
    tail, seen = b"", 0
    with zf.open(info) as stream:
        while True:
            chunk = stream.read(CHUNK)
            seen += len(chunk)
            if seen > MAX_SHEET_BYTES:       # the zip's declared size lied
                scan.problem = f"工作表“{name}”解压后超出可读取的 {MAX_SHEET_BYTES >> 20} MB"
                return scan
            if not chunk:
                break
            data = tail + chunk
            cut = max(len(data) - _OVERLAP, 0)
            _read(scan, data, cut if stream.peek(1) else len(data))
            if _over(scan):
                return scan
            tail = data[cut:]
    return scan


def _read(scan: SheetScan, data: bytes, limit: int) -> None:
    """Tags that start before `limit` in `data` (the rest comes again with the next chunk)."""
    if scan.rows == 0:
        scan.prefixed = b":sheetData" in data      # tags written as <x:c …> (rare, but calamine reads them)
        found = _DIMENSION.search(data, 0, limit + _OVERLAP)
        if found and found.group(3):
            scan.max_row = max(scan.max_row, int(found.group(4)))
            scan.max_column = max(scan.max_column, column_number(found.group(3)))
    scan.rows += data.count(b"<row", 0, limit)
    if scan.prefixed:
        scan.rows += data.count(b":row ", 0, limit) + data.count(b":row>", 0, limit)
    for match in _FAR.finditer(data, 0, limit):
        if match.group(1):
            scan.max_column = max(scan.max_column, column_number(match.group(1)))
        else:
            scan.max_row = max(scan.max_row, int(match.group(2)))
    for tag in (b"<f", b":f") if scan.prefixed else (b"<f",):
        position = data.find(tag, 0, limit)
        while position >= 0:
            if data[position + 2:position + 3] in (b">", b" ", b"/", b"\t", b"\n", b"\r"):   # not <filterColumn …
                _note_formula(scan, data, position)
            position = data.find(tag, position + 1, limit)


def _note_formula(scan: SheetScan, data: bytes, position: int) -> None:
    """The cell whose <f> starts at `position`: the nearest r="…" before it."""
    start = data.rfind(b' r="', 0, position)
    cell = _REF.match(data, start) if start >= 0 else None
    if cell and sum(map(len, scan.formulas.values())) < MAX_FORMULAS_KEPT:
        scan.formulas.setdefault(int(cell.group(2)), set()).add(column_number(cell.group(1)) - 1)


def _over(scan: SheetScan) -> bool:
    if max(scan.rows, scan.max_row) > MAX_ROWS + 50:      # (_DEEP finds row numbers from 210,000)
        scan.problem = (f"工作表“{scan.name}”有 {max(scan.rows, scan.max_row):,} 行，超过一次可导入的 "
                        f"{MAX_ROWS:,} 行；请分成几个文件导入")
    elif scan.max_column > MAX_COLUMNS:
        scan.problem = (f"工作表“{scan.name}”的内容延伸到第 {scan.max_column:,} 列，台账不超过 {MAX_COLUMNS} 列；"
                        "请删除多余的列（或远处的单元格）后再导入")
    return scan.problem is not None


def scan_workbook(path: Path | str) -> list[SheetScan]:
    """Every sheet of the workbook, measured; raises ValidationFailed when the file itself is not
    a readable .xlsx."""
    return _scanned(Path(path), lambda zf, members: [_scan_sheet(zf, name, member) for name, member in members])


def scan_named_sheet(path: Path | str, name: str) -> SheetScan | None:
    """One sheet of the workbook, measured as above (None when the workbook has no such sheet);
    raises ValidationFailed when the file itself is not a readable .xlsx."""
    def one(zf, members):
        member = dict(members).get(name)
        return _scan_sheet(zf, name, member) if member is not None else None
    return _scanned(Path(path), one)


def _scanned(path: Path, scan):
    """`scan(zip, [(sheet name, member)])` on the open workbook, its damage said in one line."""
    try:
        with zipfile.ZipFile(path) as zf:
            return scan(zf, _sheet_parts(zf, path))
    except zipfile.BadZipFile:
        raise _refuse(path, "不是有效的 Excel（.xlsx）文件") from None
    except (zlib.error, EOFError, OSError) as exc:
        raise _refuse(path, f"文件已损坏，无法解压（{exc}）") from None
