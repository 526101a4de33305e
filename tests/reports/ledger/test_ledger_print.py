"""The 台账 and its blank template as they print: the data sheet fitted to landscape A4 as a
fallback, the 打印版 sheet at a readable size with whole rows and its header row on every page,
the association in the page header and the file's properties, the export date as text (never
Excel's &D, which prints the viewer's date in the viewer's locale), no styled empty rows —
checked in the file and, where LibreOffice is installed, in the PDF it prints."""
from __future__ import annotations

import random
from datetime import date

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from app.reports.excel.ledger import print_sheet
from app.reports.excel.ledger.print_setup import PRINT_SHEET, for_period
from app.reports.excel.ledger.xlsx_import_files import write_template
from app.reports.excel.ledger.xlsx_writer import write_ledger, write_table
from app.services import registration
from app.services.context import SYSTEM
from app.services.ledger.export import export_ledger
from app.services.settings import update_settings
from tests import libreoffice
from tests.factories import complaint
from tests.reports.pdf_layout import mixed_text

ORG = "清河县消费者协会"
START, END = date(2026, 11, 1), date(2026, 11, 30)
A4_LANDSCAPE_MM = 297
EXCEL_UNIT_MM = 7 * 25.4 / 96        # a unit of column width: 7 px of Calibri 11's digit at 96 dpi


@pytest.fixture
def ledger(sqlite_db, tmp_path):
    update_settings(SYSTEM, {"org.name": ORG})
    for i in range(40):
        registration.register(SYSTEM, complaint(person_kw={"name": f"张{i}", "phone": f"139{i:08d}"},
                                                facts=mixed_text(300, i), request_text=mixed_text(20 + 5 * i, i)))
    path = tmp_path / "台账.xlsx"
    write_ledger(export_ledger(SYSTEM, START, END, False), path, printing=for_period(START, END))
    return path


def _print_setup_of(ws) -> None:
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows in ("1:1", "$1:$1")
    assert ws.oddHeader.left.text == ORG and "&P" in ws.oddFooter.center.text
    parts = (ws.oddHeader.left, ws.oddHeader.center, ws.oddHeader.right, ws.oddFooter.left, ws.oddFooter.center,
             ws.oddFooter.right)
    assert not any("&D" in (p.text or "") for p in parts)      # the viewer's date, in the viewer's locale


def _date_text(label: str) -> str:
    from app.services.context import today
    return f"{label}：{today().year}年{today().month:02d}月{today().day:02d}日"


def test_the_ledger_prints_whole_rows_with_the_association_in_its_header_and_properties(ledger):
    wb = load_workbook(ledger)
    assert wb.sheetnames == ["台账", PRINT_SHEET] and wb.active.title == "台账"     # the data sheet opens
    _print_setup_of(wb.active)
    assert "2026-11-01至2026-11-30" in wb.active.oddHeader.center.text
    assert "打印版" in wb.active.oddHeader.right.text                 # printing the data sheet says where to go
    assert wb.active.oddFooter.right.text == _date_text("导出日期")
    assert wb.active.print_area == f"'台账'!$A$1:${get_column_letter(wb.active.max_column)}$41"   # header + 40 rows
    assert wb.properties.creator == ORG and "投诉台账" in wb.properties.title


def test_the_print_sheet_holds_the_filed_columns_as_values_within_the_page_width(ledger):
    wb = load_workbook(ledger)
    ws, data = wb[PRINT_SHEET], wb["台账"]
    _print_setup_of(ws)
    assert ws.oddHeader.right.text == _date_text("导出日期") and "打印版" in ws.oddHeader.center.text
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    header = [c.value for c in ws[1]]
    assert header == [c.title for c in print_sheet.COLUMNS] and 10 <= len(header) <= 12
    assert ws.print_area == f"'{PRINT_SHEET}'!$A$1:$L$41"
    left, right = ws.page_margins.left, ws.page_margins.right
    printable_mm = A4_LANDSCAPE_MM - 25.4 * (left + right)
    widths = [ws.column_dimensions[get_column_letter(i)].width for i in range(1, len(header) + 1)]
    used_mm = sum(w * EXCEL_UNIT_MM + 5 * 25.4 / 96 for w in widths)      # each column's 5 px of padding
    assert used_mm <= printable_mm                         # Excel prints it at 100 %: the fit never shrinks it
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == 40 and [r[0].value for r in rows] == list(range(1, 41))
    data_rows = {r[0].value: [c.value for c in r] for r in data.iter_rows(min_row=2)}
    data_header = [c.value for c in data[1]]
    for row in rows:
        assert all(c.data_type != "f" for c in row)
        source = data_rows[row[1].value]
        assert row[3].value == source[data_header.index("投诉人")]
        request = " ".join(source[data_header.index("投诉请求")].split())
        summary = row[header.index("诉求摘要")].value
        assert summary == request if len(request) <= print_sheet.SUMMARY_CHARS else (
            len(summary) == print_sheet.SUMMARY_CHARS and summary.endswith("…") and request.startswith(summary[:-1]))
        assert row[header.index("诉求摘要")].alignment.wrap_text
        assert ws.row_dimensions[row[0].row].height >= print_sheet.LINE_PT   # a height for its lines, written


def test_the_print_sheet_stops_at_its_row_limit_with_a_note(ledger, monkeypatch, tmp_path):
    monkeypatch.setattr(print_sheet, "ROW_LIMIT", 15)
    path = tmp_path / "限额.xlsx"
    write_ledger(export_ledger(SYSTEM, START, END, False), path, printing=for_period(START, END))
    wb = load_workbook(path)
    ws = wb[PRINT_SHEET]
    assert ws.max_row == 1 + 15 + 1 and wb["台账"].max_row == 41          # the data sheet whole
    assert [ws.cell(r, 1).value for r in (2, 16)] == [1, 15]
    assert "其余 25 件" in ws.cell(17, 1).value and "台账" in ws.cell(17, 1).value
    assert ws.print_area == f"'{PRINT_SHEET}'!$A$1:$L$17"
    export = export_ledger(SYSTEM, START, END, False)
    write_table(tmp_path / "参照.xlsx", "台账", export.header, export.rows, export.number_columns,
                printing=for_period(START, END))       # openpyxl's own writing: the same sheet
    theirs = load_workbook(tmp_path / "参照.xlsx")[PRINT_SHEET]
    def look(c) -> tuple:
        return (c.value, c.number_format, c.quotePrefix, c.alignment.wrap_text, c.alignment.horizontal,
                c.border.left.style, c.font.sz, c.font.b)
    assert [[look(c) for c in r] for r in ws.iter_rows()] == [[look(c) for c in r] for r in theirs.iter_rows()]
    assert ({r: d.height for r, d in ws.row_dimensions.items()}
            == {r: d.height for r, d in theirs.row_dimensions.items()})


def test_the_template_has_print_setup_and_no_styled_empty_rows(sqlite_db, tmp_path):
    update_settings(SYSTEM, {"org.name": ORG})
    path = write_template(tmp_path / "模板.xlsx")
    ws = load_workbook(path)["台账"]
    _print_setup_of(ws)
    assert ws.oddFooter.right.text == _date_text("生成日期")
    assert ws.max_row == 1                                   # the header only: nothing below prints
    assert ws.column_dimensions["F"].number_format == "@"    # 身份证号 typed as text, by the column's style


def _pdf(xlsx, tmp_path) -> list:
    """LibreOffice's PDF of the workbook: [(page, its text)] of every sheet, in sheet order."""
    pdf_path = libreoffice.convert(xlsx, "pdf", tmp_path)
    import pdfplumber
    with pdfplumber.open(pdf_path) as pdf:
        assert pdf.pages[0].width > pdf.pages[0].height          # the 台账 sheet: landscape
        pages = []
        for page in pdf.pages:                                   # nothing runs into the right margin's outer half
            assert all(0 < char["x0"] and char["x1"] < page.width - 12 for char in page.chars)
            # LibreOffice draws a missing bold face three times over: read each character once
            page = page.dedupe_chars()
            pages.append((page.chars, page.extract_text() or ""))
        return pages


def _pdf_pages(xlsx, tmp_path) -> list[str]:
    return [text for _, text in _pdf(xlsx, tmp_path)]


def _flat(text: str) -> str:
    return text.replace("\n", "").replace(" ", "")


def test_libreoffice_prints_every_column_of_a_row_on_one_landscape_page(ledger, tmp_path):
    pages = [text for text in _pdf_pages(ledger, tmp_path) if "（打印版）" not in text]
    assert len(pages) <= 2                     # 40 rows on one page width, not 6 pages across
    for text in pages:
        flat = _flat(text)
        assert "是否超期" in flat and "调解期限" in flat       # the last columns are on every page
        assert flat.startswith(ORG + "投诉台账2026-11-01至2026-11-30")    # the page header


def test_libreoffice_prints_the_print_sheet_readable_with_whole_rows_and_its_header_on_every_page(ledger, tmp_path):
    every = _pdf(ledger, tmp_path)
    pages = [(chars, text) for chars, text in every if "（打印版）" in text]
    assert len(pages) >= 2
    found: dict[str, int] = {}
    for number, (chars, text) in enumerate(pages, 1):
        flat = _flat(text)
        assert flat.startswith(ORG + "投诉台账（打印版）2026-11-01至2026-11-30" + _date_text("导出日期"))
        assert "序号案件编号登记日期投诉人被投诉人" in flat              # the header row, repeated
        # its own page numbers from 1; LibreOffice's &N counts every sheet's pages (Excel's, the sheet's)
        assert flat.endswith(f"第{number}页，共{len(every)}页")
        sizes = sorted(c["size"] for c in chars)
        assert sizes[len(sizes) // 2] >= 8.5                    # the body type: 10 pt at ≥ 85 %
        for line in text.splitlines():
            first = line.split(" ", 1)[0]
            if first.isdigit() and " 张" in line:               # a row's first line: 序号 … 投诉人
                found[line.split(" 张", 1)[1].split(" ", 1)[0]] = number
    assert sorted(map(int, found)) == list(range(40))          # every row printed, once
    for i, number in found.items():                           # and whole: its last column on the same page
        chars, text = pages[number - 1]
        assert f"张{i}" in text and "2026-11-" in text
def test_libreoffice_prints_the_template_on_one_page(sqlite_db, tmp_path):
    update_settings(SYSTEM, {"org.name": ORG})
    path = write_template(tmp_path / "模板.xlsx")
    pages = _pdf_pages(path, tmp_path)
    assert len(pages) == 2             # the 台账 header and the 填写说明 sheet: not 12 pages, no note cut across
    last = ("（15位旧身份证号可以导入）。6. 已办结的案件须填写处理结果和办结日期；已受理（含调解成功、自行和解、终止调解）"
            "的案件须填写受理日期。7. 导入时逐行检查：有错误的行不导入，并在结果文件中列出行号、列和原因；同一文件重复导入不会重复登记。")
    assert pages[1].replace("\n", "").endswith(last)       # the notes whole, on one page


def test_an_ampersand_in_the_association_prints_as_written_in_every_page_header(sqlite_db, tmp_path):
    # in a page header "&B" turns bold and "&P" is the page number: the name must print literally
    org = "清河县A&B&P消费者协会"
    update_settings(SYSTEM, {"org.name": org})
    registration.register(SYSTEM, complaint(facts="空调不制冷"))
    path = tmp_path / "台账.xlsx"
    write_ledger(export_ledger(SYSTEM, START, END, False), path, printing=for_period(START, END))
    pages = _pdf_pages(path, tmp_path) + _pdf_pages(write_template(tmp_path / "模板.xlsx"), tmp_path)[:1]
    assert len(pages) >= 3
    for text in pages:
        assert _flat(text).startswith(org)


def test_a_print_row_is_as_tall_as_its_tallest_cell_counted_as_excel_wraps():
    assert print_sheet.lines("", 10) == print_sheet.lines("调解成功", 10) == 1
    assert print_sheet.lines("调解成功（达成协议）", 10) == 2          # five ideographs a line
    assert print_sheet.lines("消调〔2024〕第1号", 11) == 2              # 2024 is not broken
    assert print_sheet.lines("iPhone 15 Pro Max 屏幕", 10) == 3
    assert print_sheet.lines("某县天成\n家电有限公司", 13) == 2          # a break in the text starts a line
    assert print_sheet.lines("x" * 25, 10) == 3                        # a run longer than a line, broken
    values = [1, "消调〔2026〕第1号", None, "张三", "某县天成家电有限公司某县天成家电有限公司", "", "退货", None,
              "已受理", "", None, None]
    assert print_sheet.height(values) == 4 * print_sheet.LINE_PT + print_sheet.PAD_PT   # 被投诉人: 20 ideographs


def test_the_line_counts_shortcuts_count_as_the_walk_through_the_text():
    """A text that fits even at two units a character, and a text of ideographs only, are counted
    without the token walk: the same counts as the walk's, at every width."""
    rng = random.Random(11)
    wide, mixed = "调解成功某县天成家电有限公司，。〔〕😀\u2e81", "调解成功，〔2024〕第1号 iPhone 15 Pro-Max 5.5% \u2e80"
    for _ in range(2000):
        pool = rng.choice((wide, mixed))
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 45)))
        for width in (1, 1.5, 2, 2.5, 3, 4.5, 7, 7.5, 10, 10.5, 11, 13, 21):
            assert print_sheet.lines(text, width) == print_sheet._wrapped_lines(text, width), (text, width)
