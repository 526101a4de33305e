"""The 台账 and its blank template as they print: whole rows on landscape A4, the association in the
page header and the file's properties, no styled empty rows — checked in the file and, where
LibreOffice is installed, in the PDF it prints."""
from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from app.reports.excel.ledger.print_setup import for_period
from app.reports.excel.ledger.xlsx_import_files import write_template
from app.reports.excel.ledger.xlsx_writer import write_ledger
from app.services import registration
from app.services.context import SYSTEM
from app.services.ledger.export import export_ledger
from app.services.settings import update_settings
from tests import libreoffice
from tests.factories import complaint
from tests.reports.pdf_layout import mixed_text

ORG = "清河县消费者协会"
START, END = date(2026, 11, 1), date(2026, 11, 30)


@pytest.fixture
def ledger(sqlite_db, tmp_path):
    update_settings(SYSTEM, {"org.name": ORG})
    for i in range(40):
        registration.register(SYSTEM, complaint(person_kw={"name": f"张{i}", "phone": f"139{i:08d}"},
                                                facts=mixed_text(300, i)))
    path = tmp_path / "台账.xlsx"
    write_ledger(export_ledger(SYSTEM, START, END, False), path, printing=for_period(START, END))
    return path


def _print_setup_of(ws) -> None:
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows in ("1:1", "$1:$1")
    assert ws.oddHeader.left.text == ORG and "&P" in ws.oddFooter.center.text


def test_the_ledger_prints_whole_rows_with_the_association_in_its_header_and_properties(ledger):
    wb = load_workbook(ledger)
    _print_setup_of(wb.active)
    assert "2026-11-01至2026-11-30" in wb.active.oddHeader.center.text
    assert wb.active.print_area == f"'台账'!$A$1:${get_column_letter(wb.active.max_column)}$41"   # header + 40 rows
    assert wb.properties.creator == ORG and "投诉台账" in wb.properties.title


def test_the_template_has_print_setup_and_no_styled_empty_rows(sqlite_db, tmp_path):
    update_settings(SYSTEM, {"org.name": ORG})
    path = write_template(tmp_path / "模板.xlsx")
    ws = load_workbook(path)["台账"]
    _print_setup_of(ws)
    assert ws.max_row == 1                                   # the header only: nothing below prints
    assert ws.column_dimensions["F"].number_format == "@"    # 身份证号 typed as text, by the column's style


def _pdf_pages(xlsx, tmp_path) -> list[str]:
    pdf_path = libreoffice.convert(xlsx, "pdf", tmp_path)
    import pdfplumber
    with pdfplumber.open(pdf_path) as pdf:
        assert pdf.pages[0].width > pdf.pages[0].height          # the 台账 sheet: landscape
        for page in pdf.pages:                                   # nothing runs into the right margin's outer half
            assert all(0 < char["x0"] and char["x1"] < page.width - 12 for char in page.chars)
        # LibreOffice draws a missing bold face three times over: read each character once
        return [page.dedupe_chars().extract_text() or "" for page in pdf.pages]


def test_libreoffice_prints_every_column_of_a_row_on_one_landscape_page(ledger, tmp_path):
    pages = _pdf_pages(ledger, tmp_path)
    assert len(pages) <= 2                     # 40 rows on one page width, not 6 pages across
    for text in pages:
        flat = text.replace("\n", "").replace(" ", "")
        assert "是否超期" in flat and "调解期限" in flat       # the last columns are on every page
        assert flat.startswith(ORG + "投诉台账2026-11-01至2026-11-30")    # the page header


def test_libreoffice_prints_the_template_on_one_page(sqlite_db, tmp_path):
    update_settings(SYSTEM, {"org.name": ORG})
    path = write_template(tmp_path / "模板.xlsx")
    pages = _pdf_pages(path, tmp_path)
    assert len(pages) == 2             # the 台账 header and the 填写说明 sheet: not 12 pages, no note cut across
    last = ("（15位旧身份证号可以导入）。6. 已办结的案件须填写处理结果和办结日期；已受理（含调解成功、自行和解、终止调解）"
            "的案件须填写受理日期。7. 导入时逐行检查：有错误的行不导入，并在结果文件中列出行号、列和原因；同一文件重复导入不会重复登记。")
    assert pages[1].replace("\n", "").endswith(last)       # the notes whole, on one page
