"""Looking at a workbook before anyone allocates for it (issue 14, item 7).

calamine builds a sheet as one rectangle around its cells: a 2 KB file with one cell at XFD1048576
asks for 17 billion cells (the process aborts), a million junk rows end in MemoryError minutes
later, 800 KB of zip holding 340 MB of shared strings takes 1.1 GB. So the reader first streams
each sheet's XML out of the zip — never holding more than a chunk — and reads where its cells are
and where formulas are (`<f>`), refusing a sheet beyond the limits with the reason before calamine
sees it. A damaged zip or XML is one line too.

The quick look vouches for what every spreadsheet program writes: each `<row>` and `<c>` tag with
its address `r="…"` first, in double quotes, within A1…CV200050 — one pattern pass finds any tag
that is not so. A far address is measured where it stands; anything else it cannot vouch for (a
cell or row without its address first, an address in single quotes or spaced around "=", in lower
case or with leading zeros, prefixed tags, a declared DTD) sends that sheet to the exact measuring
of xlsx_scan_exact, which places every cell as calamine does. (The quick look once only looked for
` r="` followed by capitals: `r="xfd1048576"` or `r='XFD1048576'` passed it, and calamine aborted.)
"""
from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from app.domain.errors import ValidationFailed
from app.reports.excel.ledger.xlsx_scan_exact import ExactScan, column_number

MAX_ROWS = 200_000            # rows of one ledger sheet (a county office's 20 years; split beyond)
MAX_COLUMNS = 100             # the ledger has 33 columns; offices add a few of their own (beyond CV)
MAX_SHEET_BYTES = 1 << 30     # the sheet's XML once unpacked (a 100,000-row ledger is ~190 MB)
MAX_SHARED_BYTES = 512 << 20  # the shared strings once unpacked (Excel's re-save of that ledger: ~40 MB)
MAX_SHARED_STRINGS = 5_000_000    # distinct texts: 25 a row for 200,000 rows; calamine keeps each
MAX_SMALL_PART = 32 << 20     # workbook.xml, its relations, styles.xml (Excel's own: ~50 KB)
MAX_FORMULAS_KEPT = 10_000
CHUNK = 1 << 20
_OVERLAP = 512                # a tag cut by a chunk boundary is seen whole in the next pass
ROW_SLACK = 50                # rows past MAX_ROWS still read, so that the count is said exactly

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?"')
_ROW_OK = rb"(?:[1-9]\d{0,4}|1\d{5}|200(?:0[0-4]\d|050))"                       # 1 … 200,050
_CELL_OK = rb"(?:[AB][A-Z]|C[A-V]|[A-Z])" + _ROW_OK + rb'"'                      # A1 … CV200050
# One pass of one pattern that starts with "<" finds every tag the quick look cannot vouch for;
# the group that took part says which (text in the XML never holds "<", so only tags are seen).
# Every alternative begins with f, c or r: the lookahead turns away the other tags (<is>, <t>,
# </c> …, most of a sheet's 16 million) before the alternation is tried, 0.83 → 0.66 s for
# 100,000 rows' 180 MB.
_UNVOUCHED = re.compile(
    rb"<(?=[cfr])(?:(f)[\s/>]"                          # 1: a formula
    rb'|c\s++r="(?!' + _CELL_OK + rb")()"               # 2: a cell's address beyond CV200050 (or odd)
    rb'|row\s++r="(?!' + _ROW_OK + rb'")()'            # 3: a row's number beyond 200,050 (or odd)
    rb'|(?:c|row)(?:\s*+>|\s++(?!r="))()'             # 4: a cell or row without its address first
    rb"|c\s*+/>)")                                       # (an empty cell without one: nothing to place)
_FAR_CELL = re.compile(rb'([A-Z]{1,3})([1-9]\d{0,6})"')
_FAR_ROW = re.compile(rb'([1-9]\d{0,6})"')
_REF = re.compile(rb'r="([A-Z]+)(\d+)"')
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


class _Unvouched(Exception):
    """The quick look met a tag it cannot vouch for: the sheet is measured exactly instead."""


@dataclass
class SheetScan:
    name: str
    problem: str | None = None        # why the sheet cannot be read, in Chinese
    rows: int = 0                     # row tags, counted by the exact measuring (the quick look needs no count)
    max_row: int = 0
    max_column: int = 0
    exact: bool = False               # measured element by element (xlsx_scan_exact), not by the quick look
    formulas: dict[int, set[int]] = field(default_factory=dict)   # Excel row → 0-based columns


def _refuse(path: Path, reason: str) -> ValidationFailed:
    return ValidationFailed({}, f"无法读取文件“{path.name}”：{reason}")


def _sheet_parts(zf: zipfile.ZipFile, path: Path) -> list[tuple[str, str]]:
    """(sheet name, zip member) in workbook order, once the shared strings are measured."""
    try:
        workbook = _small_xml(zf, "xl/workbook.xml")
        rels = _small_xml(zf, "xl/_rels/workbook.xml.rels")
    except KeyError:
        raise _refuse(path, "不是有效的 Excel（.xlsx）文件（缺少工作簿结构）") from None
    except ElementTree.ParseError as exc:
        raise _refuse(path, f"文件已损坏（工作簿结构无法解析：{exc}）") from None
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter() if r.tag.endswith("Relationship")}
    shared = {_member(r.get("Target", "")) for r in rels.iter() if r.get("Type", "").endswith("/sharedStrings")}
    for member in sorted(shared | {"xl/sharedStrings.xml"}):
        _measure_part(zf, path, member, MAX_SHARED_BYTES, MAX_SHARED_STRINGS)
    _measure_part(zf, path, "xl/styles.xml", MAX_SMALL_PART)
    parts = []
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        parts.append((sheet.get("name", ""), _member(targets.get(sheet.get(f"{_REL}id"), ""))))
    return parts


def _member(target: str) -> str:
    """The zip member a relationship of xl/workbook.xml points to."""
    return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)


def _measure_part(zf: zipfile.ZipFile, path: Path, member: str, max_bytes: int, max_entries: int = 0) -> None:
    """calamine keeps all of the shared strings and the styles in memory before any cell is read
    (800 KB of zip can hold 340 MB of shared strings: 1.1 GB in calamine): a part's unpacked size
    and, for shared strings, their number, streamed."""
    try:
        info = zf.getinfo(member)
    except KeyError:
        return
    seen, entries, tail = 0, 0, b""
    with zf.open(info) as stream:
        while chunk := stream.read(CHUNK):
            seen += len(chunk)
            data = tail + chunk
            if max_entries:
                entries += data.count(b"<si") + data.count(b":si")    # <si>, <si/>, <x:si> (the last twice)
            tail = data[-2:]          # a tag cut between chunks is counted once, whole, in the next
            if seen > max_bytes or (max_entries and entries > max_entries):
                what = f"共享文本（sharedStrings）超过 {max_bytes >> 20} MB 或 {max_entries:,} 条" if max_entries \
                    else f"“{member}”解压后超过 {max_bytes >> 20} MB"
                raise _refuse(path, f"{what}，远超任何台账，可能是恶意文件；未读取")


def _small_xml(zf: zipfile.ZipFile, name: str):
    with zf.open(name) as stream:
        data = stream.read(MAX_SMALL_PART + 1)      # at most this much, whatever the zip declares
    if len(data) > MAX_SMALL_PART:
        raise ElementTree.ParseError(f"{name} 异常地大")
    return ElementTree.fromstring(data)


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
    try:
        _look(zf, info, scan)
    except _Unvouched:
        scan = SheetScan(name, exact=True)
        ExactScan(scan, _over, MAX_SHEET_BYTES, MAX_FORMULAS_KEPT).run(zf, info)
    return scan


def _look(zf: zipfile.ZipFile, info: zipfile.ZipInfo, scan: SheetScan) -> None:
    """The quick look: the sheet's XML a chunk at a time, through one pattern. Each pass looks at
    the tags that start in [start, limit) of `data`; the bytes before `start` are the end of the
    last chunk, kept so that a formula's cell address is seen even when the chunk began between them."""
    tail, start, seen = b"", 0, 0
    with zf.open(info) as stream:
        while True:
            chunk = stream.read(CHUNK)
            seen += len(chunk)
            if seen > MAX_SHEET_BYTES:       # the zip's declared size lied
                scan.problem = f"工作表“{scan.name}”解压后超出可读取的 {MAX_SHEET_BYTES >> 20} MB"
                return
            if not chunk:
                return
            data = tail + chunk
            cut = max(len(data) - _OVERLAP, 0)
            if not seen - len(chunk):
                _first_chunk(scan, data)
            _read(scan, data, start, cut if stream.peek(1) else len(data))
            if _over(scan):
                return
            keep = max(cut - _OVERLAP, 0)
            tail, start = data[keep:], cut - keep


def _first_chunk(scan: SheetScan, data: bytes) -> None:
    if b":sheetData" in data or b"<!DOCTYPE" in data:   # <x:c …> tags (rare, but calamine reads them), a DTD
        raise _Unvouched
    found = _DIMENSION.search(data)
    if found and found.group(3):
        scan.max_row = max(scan.max_row, int(found.group(4)))
        scan.max_column = max(scan.max_column, column_number(found.group(3)))


def _read(scan: SheetScan, data: bytes, start: int, limit: int) -> None:
    """Tags that start in [start, limit) of `data` (the rest comes again with the next chunk). The
    pattern sees `data` to its end: cut at `limit`, a tag there would end early and look odd."""
    for tag in _UNVOUCHED.finditer(data, start):
        if tag.start() >= limit:
            break
        if tag.group(1):
            _note_formula(scan, data, tag.start())
        elif tag.group(2) is not None:
            far = _FAR_CELL.match(data, tag.end())
            if far is None:
                raise _Unvouched
            scan.max_column = max(scan.max_column, column_number(far.group(1)))
            scan.max_row = max(scan.max_row, int(far.group(2)))
        elif tag.group(3) is not None:
            far = _FAR_ROW.match(data, tag.end())
            if far is None:
                raise _Unvouched
            scan.max_row = max(scan.max_row, int(far.group(1)))
        elif tag.group(4) is not None:
            raise _Unvouched


def _note_formula(scan: SheetScan, data: bytes, position: int) -> None:
    """The cell whose <f> starts at `position`: the nearest r="…" before it (every cell's first
    attribute, or the quick look would have handed the sheet on; no other attribute of a cell ends
    in r)."""
    start = data.rfind(b'r="', 0, position)
    cell = _REF.match(data, start) if start >= 0 else None
    tag = data.rfind(b"<c", 0, position)
    if cell is None or tag < 0 or data[tag + 2:start].strip():
        # not the address of the last cell tag before it (that tag began more than a chunk's
        # overlap earlier, or holds more than a value): let the exact look place the formula
        raise _Unvouched
    if sum(map(len, scan.formulas.values())) < MAX_FORMULAS_KEPT:
        scan.formulas.setdefault(int(cell.group(2)), set()).add(column_number(cell.group(1)) - 1)


def _over(scan: SheetScan) -> bool:
    if max(scan.rows, scan.max_row) > MAX_ROWS + ROW_SLACK:
        scan.problem = (f"工作表“{scan.name}”有 {max(scan.rows, scan.max_row):,} 行，超过一次可导入的 "
                        f"{MAX_ROWS:,} 行；请分成几个文件导入")
    elif scan.max_column > MAX_COLUMNS:
        scan.problem = (f"工作表“{scan.name}”的内容延伸到第 {scan.max_column:,} 列，台账不超过 {MAX_COLUMNS} 列；"
                        "请删除多余的列（或远处的单元格）后再导入")
    return scan.problem is not None


def scan_workbook(path: Path | str, unread: tuple[str, ...] = ()) -> list[SheetScan]:
    """Every sheet of the workbook but those named in `unread` (which nobody will read), measured;
    raises ValidationFailed when the file itself is not a readable .xlsx."""
    return _scanned(Path(path), lambda zf, members: [_scan_sheet(zf, name, member) for name, member in members
                                                     if name not in unread])


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
