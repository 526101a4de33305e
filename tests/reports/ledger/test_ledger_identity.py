"""The ledger and identity documents (issue 12, items 5 and 6): an optional 证件类型 column; without
it the type is recognised from the number's shape; the export writes the type and masks each
number by it."""
from datetime import date

import pytest
from openpyxl import load_workbook

from app.db.models import Case
from app.reports.excel.ledger.xlsx_writer import write_ledger
from app.services import registration
from app.services.context import SYSTEM
from app.services.inputs import AgentInput
from app.services.ledger.export import export_ledger
from app.domain.codes import ID_TYPES
from tests.factories import complaint
from tests.identity_cases import INVALID, VALID, with_check
from tests.reports.ledger.test_ledger_import import HEADER, row, run_import, write_file

# openpyxl cannot put a control character in a cell (tests/reports/ledger/test_hostile_xlsx.py
# writes such files by hand); the other invalid numbers all go into the file.
WRITABLE_INVALID = [case for case in INVALID if not any(ord(ch) < 32 for ch in case[1])]


def _numbered(rows: list[dict]) -> list[dict]:
    """Each row its own case number and its own complainant (a name and phone of their own)."""
    for i, values in enumerate(rows, 1):
        values["案件编号"] = f"消调〔2025〕第{100 + i}号"
        values["投诉人"], values["联系电话"] = f"{values['投诉人']}{i}", f"139{i:08d}"
    return rows


def _problems(result) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list] = {}
    for problem in result.problems:
        found.setdefault(problem.row, []).append((problem.column, problem.reason))
    return found


def test_with_a_type_column_every_valid_number_goes_in_and_every_invalid_one_is_refused(sqlite_db, tmp_path):
    rows = [row(证件类型=ID_TYPES.label(t), 身份证号=n, 性别=None) for t, n, *_ in VALID]
    rows += [row(证件类型=ID_TYPES.label(t), 身份证号=n) for t, n, _ in WRITABLE_INVALID]
    result, sheet = run_import(write_file(tmp_path / "台账.xlsx", _numbered(rows), header=HEADER + ["证件类型"]))
    assert (result.imported, result.rejected) == (len(VALID), len(WRITABLE_INVALID))
    problems = _problems(result)
    for offset, (_t, _n, reason) in enumerate(WRITABLE_INVALID):
        excel_row = sheet.first_row + len(VALID) + offset
        assert [c for c, r in problems[excel_row] if reason in r] == ["身份证号"], problems[excel_row]
    for offset, (id_type, _n, born, gender) in enumerate(VALID):
        person = Case.get(Case.number == f"消调〔2025〕第{101 + offset}号").complainant
        assert (person.id_type, person.birth_date, person.gender) == (id_type, born, gender or "unknown")


def test_without_the_column_the_type_is_recognised_from_the_number(sqlite_db, tmp_path):
    numbers = {"resident": "11010519491231002X", "residence_permit": with_check("82000019900101123"),
               "foreign_permanent": with_check("93115619800202004"), "hk_mo_permit": "M12345678",
               "tw_permit": "12345678", "passport": "E12345678"}
    rows = [row(身份证号=n, 性别=None) for n in numbers.values()]
    rows.append(row(身份证号="110105491231003", 性别="男", 投诉人="老户籍"))           # 15 digits: in, with a note
    rows.append(row(身份证号="军官证123", 投诉人="无类型"))                           # no known shape: refused
    rows.append(row(身份证号="1101051949123100", 投诉人="少两位"))                     # a short resident ID
    result, sheet = run_import(write_file(tmp_path / "台账.xlsx", _numbered(rows)))
    assert (result.imported, result.rejected) == (len(numbers) + 1, 2)
    stored = [Case.get(Case.number == f"消调〔2025〕第{101 + i}号").complainant.id_type for i in range(len(numbers))]
    assert stored == list(numbers)
    legacy_row = sheet.first_row + len(numbers)
    assert any(w.startswith(f"第{legacy_row}行 15位旧身份证号") for w in result.warnings), result.warnings
    problems = _problems(result)
    assert problems[legacy_row + 1] == [("身份证号", "无法从号码认出证件类型；请在“证件类型”列注明（如 护照、其他证件）")]
    assert problems[legacy_row + 2] == [("身份证号", "身份证号应为18位，现为16位")]


def test_a_type_the_list_does_not_have_is_refused_naming_the_column(sqlite_db, tmp_path):
    rows = _numbered([row(证件类型="驾驶证", 身份证号="123456"), row(证件类型="台胞证", 身份证号="12345678"),
                      row(证件类型="", 身份证号="11010519491231002X")])
    result, sheet = run_import(write_file(tmp_path / "台账.xlsx", rows, header=HEADER + ["证件类型"]))
    assert (result.imported, result.rejected) == (2, 1)
    reason = _problems(result)[sheet.first_row][0]
    assert reason[0] == "证件类型" and reason[1].startswith("证件类型“驾驶证”不在证件类型列表中")


def _export_rows(tmp_path, unmasked: bool) -> list[dict]:
    path = tmp_path / ("full.xlsx" if unmasked else "shared.xlsx")
    write_ledger(export_ledger(SYSTEM, date(2026, 11, 1), date(2026, 11, 30), unmasked), path)
    ws = load_workbook(path).active
    header = [c.value for c in ws[1]]
    return [dict(zip(header, (c.value for c in cells))) for cells in ws.iter_rows(min_row=2)]


@pytest.mark.parametrize("unmasked", [False, True])
def test_the_export_writes_the_type_and_masks_each_number_by_it(sqlite_db, tmp_path, unmasked):
    people = [("resident", "11010519491231002X", "110105********002X"),
              ("passport", "E12345678", "E******78"),
              ("tw_permit", "12345678", "1*****78"),
              ("resident", "", "")]
    for i, (id_type, number, _) in enumerate(people):
        registration.register(SYSTEM, complaint(person_kw={"name": f"顾客{i}", "phone": f"1390000000{i}",
                                                           "id_type": id_type, "id_number": number},
                                                agents=[AgentInput(name="代理", id_type="passport",
                                                                   id_number="E7654321", authorization="代为调解")]))
    rows = _export_rows(tmp_path, unmasked)
    assert [r["证件类型"] or "" for r in rows] == ["居民身份证", "护照", "台湾居民来往大陆通行证", ""]
    assert [r["身份证号"] or "" for r in rows] == [number if unmasked else masked for _, number, masked in people]


def test_a_full_export_imports_back_with_its_types(sqlite_db, tmp_path):
    registration.register(SYSTEM, complaint(person_kw={"id_type": "hk_mo_permit", "id_number": "H12345678"}))
    write_ledger(export_ledger(SYSTEM, date(2026, 11, 1), date(2026, 11, 30), True), tmp_path / "full.xlsx")
    Case.update(number="消调〔2026〕第99号").execute()            # so that the re-import is a new case
    result, _ = run_import(tmp_path / "full.xlsx")
    assert result.imported == 1 and result.rejected == 0
    assert Case.get(Case.number == "消调〔2026〕第1号").complainant.id_type == "hk_mo_permit"
