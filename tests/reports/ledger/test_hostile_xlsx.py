"""Hostile workbooks (issue 14, items 7 and 10): the reader measures each sheet from its own XML
before anything is allocated and refuses what is out of range with the reason — a 2 KB file with
one cell at XFD1048576, a million junk rows, a lying dimension — and a damaged member, a broken
zip and formula cells end in one line, never a crash or a traceback."""
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.domain.errors import ValidationFailed
from app.reports.excel.ledger.xlsx_reader import read_ledger
from app.reports.excel.ledger.xlsx_scan import MAX_ROWS, scan_workbook
from app.services.context import SYSTEM
from app.services.ledger.importer import import_ledger
from tests.reports.ledger.test_ledger_import import HEADER, row, write_file

ROOT = Path(__file__).resolve().parents[3]
CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                 'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
                 'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
                 '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
             '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
             '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>')
WB_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
           '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
           '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def _xlsx(path: Path, sheet_rows, dimension: str = "A1") -> Path:
    """A minimal workbook written by hand, the way an attacker would: `sheet_rows` yields the XML of
    <row> elements (streamed into the zip, so a million rows stay small on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", WB_RELS)
        with zf.open("xl/worksheets/sheet1.xml", "w") as out:
            out.write(('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                       f'spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>').encode())
            for chunk in sheet_rows:
                out.write(chunk.encode())
            out.write(b"</sheetData></worksheet>")
    return path


def _header_row() -> str:
    cells = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(HEADER[:20]))
    return f'<row r="1">{cells}</row>'


def test_one_far_cell_is_refused_before_anything_is_allocated(tmp_path):
    bomb = _xlsx(tmp_path / "bomb.xlsx", [_header_row(), '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'])
    assert bomb.stat().st_size < 4096
    with pytest.raises(ValidationFailed) as refused:
        read_ledger(bomb)
    assert "1,048,576 行" in refused.value.message and "分成几个文件" in refused.value.message


def test_a_far_column_on_an_early_row_is_refused(tmp_path):
    wide = _xlsx(tmp_path / "wide.xlsx", [_header_row(), '<row r="2"><c s="0" r="XFD2"><v>1</v></c></row>'])
    with pytest.raises(ValidationFailed, match="16,384 列"):
        read_ledger(wide)


def test_a_lying_dimension_is_refused(tmp_path):
    liar = _xlsx(tmp_path / "liar.xlsx", [_header_row()], dimension="A1:ZZ900000")
    with pytest.raises(ValidationFailed, match="900,000 行"):
        read_ledger(liar)


def test_a_million_junk_rows_are_refused_from_a_short_look(tmp_path):
    junk = _xlsx(tmp_path / "junk.xlsx", (f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 1_048_577)))
    scans = scan_workbook(junk)
    assert scans[0].problem and "分成几个文件导入" in scans[0].problem
    assert scans[0].rows < MAX_ROWS + 200_000          # stopped soon after the limit, not at the end
    with pytest.raises(ValidationFailed, match="超过一次可导入的 200,000 行"):
        read_ledger(junk)


def test_the_command_line_refuses_the_bomb_in_one_line(tmp_path):
    bomb = _xlsx(tmp_path / "bomb.xlsx", [_header_row(), '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'])
    done = subprocess.run([sys.executable, "main.py", "--data-dir", str(tmp_path / "data"), "import-ledger", str(bomb)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "bomb.xlsx" in done.stderr and "行" in done.stderr


@pytest.mark.parametrize("damage", ["sheet_xml", "zip", "missing_sheet", "not_zip"])
def test_damaged_files_are_one_line(tmp_path, damage):
    path = write_file(tmp_path / "台账.xlsx", [row()])
    if damage == "not_zip":
        path.write_bytes(b"PK\x03\x04 this is not really a zip")
    elif damage == "zip":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:
        with zipfile.ZipFile(path) as zf:
            members = {n: zf.read(n) for n in zf.namelist()}
        sheet = "xl/worksheets/sheet1.xml"
        if damage == "sheet_xml":
            members[sheet] = members[sheet][: len(members[sheet]) // 2] + b"<<</c></row>"
        else:
            del members[sheet]
        with zipfile.ZipFile(path, "w") as zf:
            for name, data in members.items():
                zf.writestr(name, data)
    with pytest.raises(ValidationFailed) as refused:
        read_ledger(path)
    assert "台账.xlsx" in refused.value.message and "\n" not in refused.value.message


def test_a_formula_cell_is_refused_with_a_reason(db, tmp_path):
    path = write_file(tmp_path / "台账.xlsx", [row(), row(案件编号="消调〔2025〕第58号", 投诉内容="另一件")])
    from openpyxl import load_workbook
    wb = load_workbook(path)
    ws = wb.active
    amount = HEADER.index("涉案金额(元)") + 1
    ws.cell(4, amount).value = "=1000*3"          # row 4: the second data row (title, header, row 3)
    wb.save(path)
    sheet = read_ledger(path)
    assert sheet.formulas == {4: {amount - 1}}
    result = import_ledger(SYSTEM, sheet.header, sheet.rows, sheet.first_row, path.name, formulas=sheet.formulas)
    assert (result.imported, result.rejected) == (1, 1)
    assert [(p.row, p.column) for p in result.problems] == [(4, "涉案金额(元)")] and "公式" in result.problems[0].reason


def test_memory_stays_bounded_for_many_rejected_rows(db):
    from app.services.ledger import db_writer
    bad = [[row(联系电话="12345", 案件编号=f"消调〔2025〕第{n}号").get(h) for h in HEADER]
           for n in range(1, db_writer.KEPT_REJECTED_ROWS + 301)]
    result = import_ledger(SYSTEM, HEADER, bad, 2, "坏.xlsx")
    assert result.rejected == len(bad) and len(result.rejected_rows) == db_writer.KEPT_REJECTED_ROWS
