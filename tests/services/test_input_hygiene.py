"""Input hygiene at every entry point (issue 14, items 6 and 10): control characters refused with
the field or cell named, bidirectional overrides and zero-width characters removed, amounts beyond
a sane limit refused with a reason — in the registration form's service and the ledger import —
and a case written before these checks still exports."""
from datetime import date

import pytest
from openpyxl import load_workbook

from app.db.models import Business, Case, Complainant, database
from app.domain.errors import ValidationFailed
from app.domain.money import MoneyError, parse_money
from app.reports.excel.ledger.xlsx_writer import write_ledger
from app.services import registration
from app.services.context import SYSTEM
from app.services.ledger.export import export_ledger
from app.services.ledger.importer import import_ledger
from tests.factories import complaint
from tests.reports.ledger.test_ledger_import import HEADER, row

RTL, ZWSP = "\u202e", "\u200b"


@pytest.mark.parametrize("field,value,key", [
    ("person", {"name": "张\x07三"}, "complainant.name"),
    ("person", {"address": "某县\x00人民路"}, "complainant.address"),
    ("business", {"name": "鑫源\x1b商行"}, "business.name"),
    ("case", {"facts": "空调不制冷\x0c多次维修"}, "facts"),
    ("case", {"goods_name": "空调\x7f"}, "goods_name"),
])
def test_the_form_refuses_control_characters_naming_the_field(db, field, value, key):
    data = complaint(person_kw=value) if field == "person" else complaint(business_kw=value) \
        if field == "business" else complaint(**value)
    with pytest.raises(ValidationFailed) as refused:
        registration.register(SYSTEM, data)
    assert "控制字符" in refused.value.errors[key] and "U+00" in refused.value.errors[key]
    assert Case.select().count() == 0


def test_line_breaks_stay_in_long_text_but_not_in_a_name(db):
    case_id = registration.register(SYSTEM, complaint(facts="第一行\n第二行\t（附表）")).case_id
    assert Case.get_by_id(case_id).facts == "第一行\n第二行\t（附表）"
    with pytest.raises(ValidationFailed) as refused:
        registration.register(SYSTEM, complaint(person_kw={"name": "张\n三"}))
    assert "控制字符（U+000A）" in refused.value.errors["complainant.name"]


def test_bidi_overrides_and_zero_width_characters_are_removed(db):
    case_id = registration.register(SYSTEM, complaint(person_kw={"name": f"张{RTL}三{ZWSP}"},
                                                      business_kw={"name": f"鑫源{ZWSP}家电{RTL}"})).case_id
    case = Case.get_by_id(case_id)
    assert Complainant.get_by_id(case.complainant_id).name == "张三"
    assert Business.get_by_id(case.business_id).name == "鑫源家电"


@pytest.mark.parametrize("amount", ["1e28", "1E+30", "99999999999999999999999999999", "10000000000", "1e999999"])
def test_amounts_beyond_the_limit_are_refused_with_a_reason(db, amount):
    with pytest.raises(MoneyError, match="超出可登记的范围"):
        parse_money(amount)
    with pytest.raises(ValidationFailed) as refused:
        registration.register(SYSTEM, complaint(amount=amount))
    assert "超出可登记的范围" in refused.value.errors["amount"]


def _import(**values):
    cells = row(**values)
    return import_ledger(SYSTEM, HEADER, [[cells.get(h) for h in HEADER]], 2, "台账.xlsx")


@pytest.mark.parametrize("column,value", [("投诉人", "周\x00明"), ("投诉内容", "冰箱\x07不制冷"),
                                          ("被投诉人", "鑫源\x1f商行"), ("备注", "\x08")])
def test_the_import_refuses_control_characters_naming_the_cell(db, column, value):
    result = _import(**{column: value})
    assert result.imported == 0 and result.rejected == 1
    assert any(p.column == column and "控制字符" in p.reason for p in result.problems), result.problems


def test_the_import_removes_invisible_characters_and_refuses_huge_amounts(db):
    result = _import(投诉人=f"周{RTL}明", **{"涉案金额(元)": "1e28"})
    assert result.rejected == 1 and any(p.column == "涉案金额(元)" and "超出可登记的范围" in p.reason
                                        for p in result.problems)
    result = _import(投诉人=f"周{RTL}明{ZWSP}")
    assert result.imported == 1 and Complainant.get().name == "周明"


def test_a_case_holding_a_control_character_from_before_still_exports(db, tmp_path):
    case_id = registration.register(SYSTEM, complaint()).case_id
    database.execute_sql("UPDATE complaint_case SET facts = %s WHERE id = %s" % (
        database.param, database.param), ("不制冷\x07\x1b了", case_id))   # (PostgreSQL text holds no NUL)
    export = export_ledger(SYSTEM, date(2026, 1, 1), date(2026, 12, 31))
    assert write_ledger(export, tmp_path / "台账.xlsx") == 1
    cells = [c.value for line in load_workbook(tmp_path / "台账.xlsx").active.iter_rows() for c in line]
    assert "不制冷\ufffd\ufffd了" in cells
