"""Cell addresses written in every way calamine reads them (the quick look of xlsx_scan once saw
only ` r="` with capitals: `r="xfd1048576"` passed it and calamine aborted the process). Each
form of a far cell is refused before calamine is asked; a sheet the quick look cannot vouch for is
measured exactly, and read as before when it is within the limits; shared strings are measured
too; the common programs' files keep the quick look."""
import subprocess
import sys
import zipfile

import pytest
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from app.domain.errors import ValidationFailed
from app.reports.excel.ledger import xlsx_scan
from app.reports.excel.ledger.xlsx_reader import read_ledger
from app.reports.excel.ledger.xlsx_scan import scan_workbook
from tests import libreoffice
from tests.reports.ledger.test_hostile_xlsx import ROOT, _header_row, _xlsx

VALUE = '<is><t>x</t></is>'


@pytest.mark.parametrize("cell", [
    '<c r="dz2" t="inlineStr">',                 # lower case: column DZ (130)
    "<c r='DZ2' t=\"inlineStr\">",               # single quotes
    '<c\tr="DZ2" t="inlineStr">',                # a tab before the address
    '<c\nr="DZ2" t="inlineStr">',                # a line break before it
    '<c r = "DZ2" t="inlineStr">',               # spaces around "="
    '<c s="0" r="DZ2" t="inlineStr">',           # the address not first
    '<c  r="DZ2" t="inlineStr">',                # two spaces
    '<c r="DZ0002" t="inlineStr">',              # leading zeros
    '<c r="dZ2" t="inlineStr">',                 # mixed case
    '<c r="&#68;Z2" t="inlineStr">',             # a character reference (calamine refuses it; so do we)
])
def test_every_way_of_writing_a_far_column_is_refused(tmp_path, cell):
    path = _xlsx(tmp_path / "far.xlsx", [_header_row(), f'<row r="2">{cell}{VALUE}</c></row>'])
    with pytest.raises(ValidationFailed, match="130 列"):
        read_ledger(path)


@pytest.mark.parametrize("cell", ['<c r="a0300000">', '<c r="A0300000">', "<c r='A300000'>", '<c r="a300000">'])
def test_every_way_of_writing_a_far_row_is_refused(tmp_path, cell):
    path = _xlsx(tmp_path / "deep.xlsx", [_header_row(), f'<row r="2">{cell}<v>1</v></c></row>'])
    with pytest.raises(ValidationFailed, match="300,000 行"):
        read_ledger(path)


def test_rows_without_numbers_are_counted(tmp_path):
    rows = (f'<row><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, 3))
    deep = '<row r="250000"><c><v>1</v></c></row>'
    with pytest.raises(ValidationFailed, match="250,000 行"):
        read_ledger(_xlsx(tmp_path / "deep.xlsx", [_header_row(), *rows, deep]))


def test_cells_without_addresses_count_across_the_row(tmp_path):
    wide = _xlsx(tmp_path / "wide.xlsx", [_header_row(), '<row r="2">' + f'<c t="inlineStr">{VALUE}</c>' * 120 + "</row>"])
    assert CalamineWorkbook.from_path(str(wide)).get_sheet_by_index(0).width == 120     # what calamine would build
    with pytest.raises(ValidationFailed, match="第 120 列"):
        read_ledger(wide)
    after = _xlsx(tmp_path / "after.xlsx", [_header_row(), '<row r="2"><c r="CU2"><v>1</v></c>' + "<c><v>1</v></c>" * 10 + "</row>"])
    with pytest.raises(ValidationFailed, match="第 109 列"):
        read_ledger(after)


def test_a_sheet_without_addresses_is_read_exactly_and_as_calamine_reads_it(tmp_path):
    header = _header_row().replace(' r="1"', "", 1)
    cells = "".join(f'<c t="inlineStr"><is><t>值{i}</t></is></c>' for i in range(5))
    formula = '<c><f>1+1</f><v>2</v></c>'
    path = _xlsx(tmp_path / "plain.xlsx", [header, f"<row>{cells}</row>", f"<row>{cells}{formula}</row>"])
    scan = next(s for s in scan_workbook(path))
    assert scan.exact and scan.problem is None and scan.rows == 3
    assert scan.formulas == {3: {5}}                       # the sixth cell of the third row
    sheet = read_ledger(path)
    assert sheet.rows[0][:5] == [f"值{i}" for i in range(5)] and sheet.formulas == {3: {5}}


def test_an_unreadable_address_is_one_line(tmp_path):
    path = _xlsx(tmp_path / "odd.xlsx", [_header_row(), '<row r="2"><c r="A-2"><v>1</v></c></row>'])
    with pytest.raises(ValidationFailed, match="无法识别的单元格地址“A-2”") as refused:
        read_ledger(path)
    assert "\n" not in refused.value.message


def test_a_declared_dtd_is_refused(tmp_path):
    path = _xlsx(tmp_path / "dtd.xlsx", [_header_row()])
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = members[sheet].replace(b"?>", b'?><!DOCTYPE worksheet [<!ENTITY far "XFD1">]>', 1)
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    with pytest.raises(ValidationFailed, match="DTD"):
        read_ledger(path)


def test_a_prefixed_sheet_is_measured_exactly(tmp_path):
    path = tmp_path / "prefixed.xlsx"
    _xlsx(path, [])
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members["xl/worksheets/sheet1.xml"] = (
        '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="dz1"><x:v>2</x:v></x:c></x:row>'
        "</x:sheetData></x:worksheet>").encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    scan = scan_workbook(path)[0]
    assert scan.exact and "130 列" in scan.problem


def _with_shared_strings(path, strings: int, size: int):
    """`path` given a sharedStrings.xml of `strings` entries padded to about `size` bytes."""
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf, zf.open("xl/sharedStrings.xml", "w") as out:
        out.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
        pad = b"x" * max(size // max(strings, 1) - 16, 1)
        for _ in range(strings):
            out.write(b"<si><t>" + pad + b"</t></si>")
        out.write(b"</sst>")
    return path


def test_shared_strings_beyond_the_limits_are_refused_before_calamine_reads_them(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_scan, "MAX_SHARED_BYTES", 1 << 20)
    monkeypatch.setattr(xlsx_scan, "MAX_SHARED_STRINGS", 5_000)
    big = _with_shared_strings(_xlsx(tmp_path / "big.xlsx", [_header_row()]), 100, 3 << 20)
    with pytest.raises(ValidationFailed, match="共享文本"):
        read_ledger(big)
    many = _with_shared_strings(_xlsx(tmp_path / "many.xlsx", [_header_row()]), 6_000, 100_000)
    with pytest.raises(ValidationFailed, match="5,000 条"):
        read_ledger(many)
    fine = _with_shared_strings(_xlsx(tmp_path / "fine.xlsx", [_header_row()]), 4_000, 200_000)
    assert scan_workbook(fine)[0].problem is None


def test_the_command_line_refuses_a_lower_case_bomb_in_one_line(tmp_path):
    bomb = _xlsx(tmp_path / "bomb.xlsx", [_header_row(), '<row r="2"><c r="xfd1048576"><v>1</v></c></row>'])
    done = subprocess.run([sys.executable, "main.py", "--data-dir", str(tmp_path / "data"), "import-ledger", str(bomb)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr[-300:]              # 134 (SIGABRT) before the fix
    assert done.stderr.count("\n") == 1 and "1,048,576 行" in done.stderr


def test_what_spreadsheet_programs_write_keeps_the_quick_look(tmp_path):
    wb = Workbook()
    ws = wb.active
    for n in range(1, 40):
        ws.append([f"文本{n}", n, n * 1.5, None, "=1+1" if n == 7 else "x"])
    saved = tmp_path / "openpyxl.xlsx"
    wb.save(saved)
    scan = scan_workbook(saved)[0]
    assert not scan.exact and scan.formulas == {7: {4}}
    libreoffice.soffice_or_skip()
    resaved = libreoffice.convert(saved, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    scan = scan_workbook(resaved)[0]
    assert not scan.exact and scan.problem is None and scan.formulas == {7: {4}}


@pytest.mark.parametrize("member", ["xl/styles.xml", "xl/workbook.xml"])
def test_an_oversized_workbook_part_is_refused_after_a_bounded_read(tmp_path, monkeypatch, member):
    monkeypatch.setattr(xlsx_scan, "MAX_SMALL_PART", 1 << 20)
    path = _xlsx(tmp_path / "liar.xlsx", [_header_row()])
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    padding = b"<!--" + b"x" * (2 << 20) + b"-->"
    members[member] = members.get(member, b"<styleSheet/>").replace(b"?>", b"?>" + padding, 1) if member in members \
        else b'<?xml version="1.0"?>' + padding + b"<styleSheet/>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    with pytest.raises(ValidationFailed) as refused:
        read_ledger(path)
    assert "\n" not in refused.value.message and ("MB" in refused.value.message or "异常地大" in refused.value.message)


def test_chunk_boundaries_anywhere_keep_the_quick_look(tmp_path, monkeypatch):
    """The quick look reads a chunk at a time; wherever a chunk ends — inside a tag, an address,
    a formula — the sheet is vouched for and the formula found (a 100,000-row ledger once went to
    the exact measuring, 20 s, because a chunk ended just after "<c ")."""
    rows = [_header_row()] + [f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>文本{n}</t></is></c>'
                              f'<c r="B{n}"><f>1+{n}</f><v>{n}</v></c></row>' for n in range(2, 40)]
    path = _xlsx(tmp_path / "chunks.xlsx", rows)
    monkeypatch.setattr(xlsx_scan, "_OVERLAP", 64)
    for size in range(200, 260):
        monkeypatch.setattr(xlsx_scan, "CHUNK", size)
        scan = scan_workbook(path)[0]
        assert not scan.exact and scan.problem is None, size
        assert scan.formulas == {n: {1} for n in range(2, 40)}, size


def test_a_far_cell_is_seen_wherever_a_chunk_ends(tmp_path, monkeypatch):
    rows = [_header_row()] + [f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>文本{n}</t></is></c></row>'
                              for n in range(2, 30)] + ['<row r="30"><c r="DZ30"><v>1</v></c></row>']
    path = _xlsx(tmp_path / "far.xlsx", rows)
    monkeypatch.setattr(xlsx_scan, "_OVERLAP", 64)
    for size in range(200, 260):
        monkeypatch.setattr(xlsx_scan, "CHUNK", size)
        assert "130 列" in scan_workbook(path)[0].problem, size
