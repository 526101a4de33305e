"""Shared look of the Excel files (fonts, borders, number formats, print setup) and the one rule
for text: a value that Excel would read as a formula (= + - @ at the start) is written as text."""
from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

BODY_FONT = "宋体"
TITLE_FONT = "黑体"

TITLE = Font(name=TITLE_FONT, size=16, bold=True)
SUBTITLE = Font(name=BODY_FONT, size=10, color="444444")
HEADER = Font(name=BODY_FONT, size=10, bold=True)
BODY = Font(name=BODY_FONT, size=10)
TOTAL = Font(name=BODY_FONT, size=10, bold=True)
NOTE = Font(name=BODY_FONT, size=9, color="555555")

HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="808080")
GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
WRAP_TOP = Alignment(horizontal="left", vertical="top", wrap_text=True)

# Number formats: numbers stay numbers; arrows come from the format, not from text.
COUNT = "#,##0"
SHARE = "0.00"
MONEY = "#,##0.00"
WAN = "#,##0.0000"
DATE = "yyyy-mm-dd"
CHANGE = {
    "count": '"↑"#,##0;"↓"#,##0;0',
    "money": '"↑"#,##0.00;"↓"#,##0.00;0.00',
    "wan": '"↑"#,##0.0000;"↓"#,##0.0000;0.0000',
    "rate": '"↑"0.00;"↓"0.00;0.00',
}

FORMULA_STARTS = ("=", "+", "-", "@")


def formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def printable(value):
    """Text without the control characters a workbook cannot hold (openpyxl refuses them): data
    written before they were refused at entry must still export."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value


def put_text(cell, value) -> None:
    """Write text so that Excel and WPS never evaluate it: `=HYPERLINK(...)` stays visible text."""
    value = printable(value)
    cell.value = value
    if formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True


def page_setup(ws, landscape: bool, title_rows: str | None = None) -> None:
    """A4, fitted to the page width, header rows repeated, page numbers in the footer."""
    ws.page_setup.paperSize = "9"   # A4 (openpyxl PAPERSIZE_A4; write-only sheets lack the constant)
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.7
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9
