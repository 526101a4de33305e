"""Round trip: export a ledger, import it into an empty database, export again — the same rows,
column for column (the computed deadline columns included)."""
from datetime import date

from app.db.bootstrap import open_database
from app.reports.excel.ledger.xlsx_reader import read_ledger
from app.reports.excel.ledger.xlsx_writer import write_ledger
from app.services import registration, settings, users, workflow
from app.services.context import SYSTEM
from app.services.ledger.export import export_ledger
from app.services.ledger.importer import import_ledger
from tests.factories import GOOD_ID, complaint
from tests.reports import report_scenario as sc

SPAN = (date(2025, 1, 1), date(2026, 11, 30))


def _export(path):
    write_ledger(export_ledger(SYSTEM, *SPAN, unmasked=True), path)
    return read_ledger(path)


def _extra_cases() -> None:
    odd = registration.register(SYSTEM, complaint(
        person_kw={"name": "欧阳喆", "phone": "0571-87650000", "id_number": GOOD_ID},
        business_kw={"name": "某县@好物直播间", "credit_code": "", "phone": "400-123-4567"},
        received_date=date(2026, 11, 16), facts="-屏幕碎裂，商家称“人为损坏”。\n第二行说明", request_text="+退款",
        note="回访时再核对", amount="0.01", category_code="S1302", nature_code="N04", channel="platform12315",
        platform_no="12315202611160001"))
    workflow.reject(SYSTEM, odd.case_id, "a16_2", text="已由县人民法院受理", day=date(2026, 11, 17))


def test_export_import_export_gives_the_same_rows(tmp_path, frozen_today):
    source = open_database(tmp_path / "source")
    sc.build()
    _extra_cases()
    first = _export(tmp_path / "台账1.xlsx")
    source.db.close()

    target = open_database(tmp_path / "target")
    settings.add_dictionary_entry(SYSTEM, "unit", "城关分会")
    for login, name in (("wangjg", "王建国"), ("lixy", "李秀英")):
        users.create_user(SYSTEM, login, name, "mediator", "Xiehui#2026")
    result = import_ledger(SYSTEM, first.header, first.rows, first.first_row, "台账1.xlsx")
    assert (result.imported, result.rejected, result.skipped) == (len(first.rows), 0, [])
    assert result.warnings == []
    second = _export(tmp_path / "台账2.xlsx")
    target.db.close()

    assert len(first.rows) == 14 and second.header == first.header     # the 13 scenario cases and one more
    for before, after in zip(first.rows, second.rows):
        assert after == before, [(h, b, a) for h, b, a in zip(first.header, before, after) if a != b]
    assert len(second.rows) == len(first.rows)


def test_the_import_reads_the_data_sheet_and_never_the_print_sheet(tmp_path, frozen_today):
    """The 打印版 is a shortened copy for paper: whatever a clerk types into it — even a whole
    ledger with more rows, or formulas — the import reads the data sheet only, and a workbook
    left with only the 打印版 is no ledger."""
    import pytest
    from openpyxl import load_workbook

    from app.domain.errors import ValidationFailed
    source = open_database(tmp_path / "source")
    sc.build()
    first = _export(tmp_path / "台账1.xlsx")
    source.db.close()
    assert first.sheet_name == "台账"

    wb = load_workbook(tmp_path / "台账1.xlsx")
    printed = wb["打印版"]
    printed.delete_rows(1, printed.max_row)
    printed.append(first.header)                             # every column the importer knows …
    for row in first.rows + first.rows:                      # … and twice the rows, with a formula
        printed.append(["消调〔2026〕第999号" if i == 0 else v for i, v in enumerate(row)])
    printed["R2"] = "=1+2"
    wb.move_sheet("打印版", offset=-1)                         # even as the first sheet
    wb.save(tmp_path / "改过的.xlsx")
    again = read_ledger(tmp_path / "改过的.xlsx")
    assert again.sheet_name == "台账" and again.header == first.header and again.rows == first.rows
    assert again.formulas == {}

    del wb["台账"]
    wb.save(tmp_path / "只有打印版.xlsx")
    with pytest.raises(ValidationFailed, match="没有找到台账表头"):
        read_ledger(tmp_path / "只有打印版.xlsx")
