"""The two helper workbooks of a ledger import: the result file listing what was not imported
(row, column, reason — and the rows themselves, ready to fix and import again), and the blank
template with the header row and drop-down lists for every label column."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from app.file_modes import as_saved_by_user
from app.domain.codes import CHANNELS, GENDERS, ID_TYPES, OUTCOMES, SATISFACTION, STATES
from app.reports.excel import styles as st
from app.reports.excel.ledger.print_setup import LedgerPrint, apply_instructions, apply_openpyxl
from app.reports.excel.ledger.xlsx_writer import WIDTHS
from app.services.ledger.columns import COLUMNS, DATE_COLUMNS, MONEY_COLUMNS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from app.services.context import today
from app.services.settings import dictionary, get_settings

NOTES_WIDTH = 84          # the 填写说明 column: within A4 portrait's width at 100 %
NOTES_LINE = 76           # its notes' lines, in the same units (38 ideographs of 10 pt)
NO_LINE_START = "、，。；：）”’》"    # punctuation hangs at the end of a line instead of starting the next
TEMPLATE_ROWS = 5000      # rows that get the drop-down lists (a rule, not styled cells)


def _head(ws, row: int, values: list[str], widths: list[float]) -> None:
    for col, (text, width) in enumerate(zip(values, widths), 1):
        cell = ws.cell(row, col, text)
        cell.font, cell.fill, cell.border, cell.alignment = st.HEADER, st.HEADER_FILL, st.GRID, st.CENTER
        ws.column_dimensions[get_column_letter(col)].width = width


# ---------------------------------------------------------------- import result
def write_import_errors(result, header: list, path: Path | str) -> Path:
    """Sheet 1: one line per problem (行号, 列, 内容, 原因) and per skipped row; sheet 2: the rows
    that were not imported, with the original header, to correct and import again."""
    wb = Workbook()
    ws = wb.active
    ws.title = "未导入原因"
    _head(ws, 1, ["行号", "列", "内容", "原因"], [8, 18, 36, 70])
    row = 2
    for problem in sorted(result.problems, key=lambda p: p.row):
        for col, value in enumerate((problem.row, problem.column, problem.value, problem.reason), 1):
            st.put_text(ws.cell(row, col), value)
        row += 1
    for skipped in result.skipped:
        for col, value in enumerate((skipped.row, "案件编号", skipped.number, skipped.reason), 1):
            st.put_text(ws.cell(row, col), value)
        row += 1
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:D{max(1, row - 1)}"
    st.page_setup(ws, landscape=True, title_rows="1:1")
    rows = wb.create_sheet("未导入的行")
    heads = ["原行号"] + [str(h) for h in header]
    _head(rows, 1, heads, [8] + [WIDTHS.get(str(h), 14) for h in header])
    for index, (number, cells) in enumerate(sorted(result.rejected_rows.items()), 2):
        rows.cell(index, 1, number)
        for col, value in enumerate(cells, 2):
            if value not in (None, ""):
                st.put_text(rows.cell(index, col), value)
    rows.freeze_panes = "B2"
    path = Path(path)
    wb.save(path)
    return as_saved_by_user(path)


# ---------------------------------------------------------------- blank template
def write_template(path: Path | str) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    keys = [k for k, _ in COLUMNS + OPTIONAL_COLUMNS]
    heads = [h for _, h in COLUMNS + OPTIONAL_COLUMNS]
    _head(ws, 1, heads, [WIDTHS.get(h, max(10, 2 * len(h) + 2)) for h in heads])
    for col, key in enumerate(keys, 1):
        if key in REQUIRED_COLUMNS:
            ws.cell(1, col).font = st.Font(name=st.BODY_FONT, size=10, bold=True, color="C00000")
    lists = _option_lists()
    options = wb.create_sheet("选项")
    for col, (key, values) in enumerate(lists.items(), 1):
        options.cell(1, col, heads[keys.index(key)])
        for row, value in enumerate(values, 2):
            st.put_text(options.cell(row, col), value)
        letter = get_column_letter(col)
        target = get_column_letter(keys.index(key) + 1)
        rule = DataValidation(type="list", formula1=f"=选项!${letter}$2:${letter}${len(values) + 1}",
                              allow_blank=True, showErrorMessage=True, errorTitle="请从列表中选择",
                              error=f"“{heads[keys.index(key)]}”请从下拉列表中选择")
        rule.add(f"{target}2:{target}{TEMPLATE_ROWS}")
        ws.add_data_validation(rule)
    options.sheet_state = "hidden"
    for col, key in enumerate(keys, 1):
        fmt = st.DATE if key in DATE_COLUMNS else st.MONEY if key in MONEY_COLUMNS else "@" if key in (
            "number", "id_number", "phone", "credit_code", "business_phone") else None
        if fmt:   # text format keeps an 18-digit ID number from turning into 1.10105E+17
            # a column style, not 5,000 styled empty cells (which printed as 12 pages of headers)
            ws.column_dimensions[get_column_letter(col)].number_format = fmt
    ws.freeze_panes = "B2"
    # the date it was made, as text (Excel's &D prints the viewer's date in the viewer's locale);
    # no pointer to a 打印版: a template has none
    apply_openpyxl(ws, wb, LedgerPrint(org=get_settings()["org.name"], title="投诉台账（空白模板）", made=today(),
                                       made_label="生成日期"), note="")
    _instructions(wb.create_sheet("填写说明"), heads, keys)
    path = Path(path)
    wb.save(path)
    return as_saved_by_user(path)


def _option_lists() -> dict[str, list[str]]:
    categories = dictionary("category", active_only=True)
    return {
        "channel": CHANNELS.labels(), "gender": GENDERS.labels(),
        "category_major": [e.label for e in categories if e.level == "major"],
        "category_minor": [e.label for e in categories if e.level == "minor"],
        "nature": [e.label for e in dictionary("nature", active_only=True)],
        "state": STATES.labels(), "outcome": OUTCOMES.labels(), "satisfaction": SATISFACTION.labels(),
        "unit": [e.label for e in dictionary("unit", active_only=True)], "id_type": ID_TYPES.labels(),
    }


def _broken(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` units (an ideograph is two, as in a column's width): broken
    here rather than by the cell's wrap, which Excel, WPS and LibreOffice each measure in their own
    fonts (LibreOffice's ran past the page's edge)."""
    lines, line, units = [], "", 0
    for ch in text:
        size = 2 if ord(ch) > 0x2E80 else 1
        if units + size > width and ch not in NO_LINE_START:
            lines.append(line)
            line, units = "", 0
        line, units = line + ch, units + size
    return lines + [line]


def _instructions(ws, heads: list[str], keys: list[str]) -> None:
    required = "、".join(h for h, k in zip(heads, keys) if k in REQUIRED_COLUMNS)
    lines = [
        "台账填写说明",
        "1. 每行一件投诉；第一行为列名，请勿修改列名（列的顺序可以不同）。",
        f"2. 必须有的列（列名为红色）：{required}。案件编号可留空，导入时自动编号。",
        "3. 日期填 Excel 日期或 YYYY-MM-DD 文字（如 2026-03-15）；金额填数字（元，最多两位小数）。",
        "4. 来源渠道、性别、类别、投诉性质、处理状态、处理结果、回访满意度、承办单位、证件类型请从下拉列表选择。",
        "5. 身份证号（证件号码）、电话、统一社会信用代码请按文本填写，身份证号和信用代码会核对校验位。"
        "“身份证号”列也可填护照、港澳台通行证等其他证件的号码：请在“证件类型”列注明；"
        "该列留空时按号码格式识别（15位旧身份证号可以导入）。",
        "6. 已办结的案件须填写处理结果和办结日期；已受理（含调解成功、自行和解、终止调解）的案件须填写受理日期。",
        "7. 导入时逐行检查：有错误的行不导入，并在结果文件中列出行号、列和原因；同一文件重复导入不会重复登记。",
    ]
    for row, text in enumerate(lines, 1):
        broken = _broken(text, NOTES_LINE)
        cell = ws.cell(row, 1, "\n".join(broken))
        cell.font = st.TITLE if row == 1 else st.BODY
        cell.alignment = st.WRAP_TOP    # shows the line breaks
        # Excel and LibreOffice keep a saved row's height: give the title and a note their lines
        ws.row_dimensions[row].height = 24 if row == 1 else 14 * len(broken)
    ws.column_dimensions["A"].width = NOTES_WIDTH
    apply_instructions(ws)
