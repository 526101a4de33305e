"""How a 台账 prints and what its file says about itself — in one place, so that any writer of the
ledger (openpyxl's write-only sheet today, a faster one tomorrow) applies the same setup.

A ledger has 34 columns: printed at 100 % they run over six landscape pages side by side, and
fitted to the width of landscape A4 they print at about a quarter of their size (2-3 pt type).
So the data sheet 台账 — the exchange format, what the importer reads — keeps that fit only as a
fallback and says in its page header that the 打印版 sheet (print_sheet.py: a dozen columns a
clerk files, wrapped, at full size) is the one to print. Both carry the association and the
period in the page header, page numbers, and the export date as text: Excel's &D field prints
the date of printing in the viewer's locale (an English-format date on some machines).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from openpyxl.utils import get_column_letter

PRINT_SHEET = "打印版"
PRINT_MARGINS_INCH = (0.5, 0.3, 0.75, 0.5)      # left, right, top, bottom


@dataclass(frozen=True)
class LedgerPrint:
    org: str                  # the association (page header, file author)
    title: str = "投诉台账"
    period: str = ""          # "2026-01-01至2026-11-30"
    made: date | None = None  # the export's date, printed as text
    made_label: str = "导出日期"

    # ---------------------------------------------------------- page
    paper_size: int = 9       # A4
    orientation: str = "landscape"
    margins_inch: tuple[float, float, float, float] = (0.25, 0.25, 0.75, 0.5)   # left, right, top, bottom
    header_inch: float = 0.3
    footer_inch: float = 0.25
    title_rows: str = "1:1"

    @property
    def heading(self) -> str:
        return f"{self.title} {self.period}".strip()

    @property
    def header_left(self) -> str:
        return self.org

    @property
    def header_center(self) -> str:
        return self.heading

    @property
    def date_text(self) -> str:
        made = self.made
        return f"{self.made_label}：{made.year}年{made.month:02d}月{made.day:02d}日" if made else ""

    footer_center: str = "第 &P 页，共 &N 页"
    # the data sheet's own page header: printing it is the fallback, not the way
    data_note: str = f"数据表：打印请用“{PRINT_SHEET}”工作表"

    # ---------------------------------------------------------- file properties
    @property
    def properties(self) -> dict[str, str]:
        return {"title": self.heading, "creator": self.org, "subject": self.heading,
                "description": f"{self.org}{self.title}（消协投诉调解台导出）", "keywords": "投诉台账",
                "category": "投诉台账"}


def apply_openpyxl(ws, wb, setup: LedgerPrint, note: str | None = None) -> None:
    """The data sheet's setup on an openpyxl worksheet (normal or write-only) and its workbook;
    `note` (default: the pointer to the 打印版) in the page header's right."""
    _page(ws, setup, setup.margins_inch, setup.header_center, setup.data_note if note is None else note,
          setup.date_text)
    for key, value in setup.properties.items():
        setattr(wb.properties, key, value)


def apply_print_sheet(ws, setup: LedgerPrint) -> None:
    """The 打印版 sheet's setup: the same page, a wider left margin for the binder's holes, the
    export date in the header."""
    _page(ws, setup, PRINT_MARGINS_INCH, f"{setup.title}（打印版） {setup.period}".strip(), setup.date_text, "")


def _page(ws, setup: LedgerPrint, margins_inch, center: str, right: str, footer_right: str) -> None:
    ws.page_setup.paperSize = str(setup.paper_size)
    ws.page_setup.orientation = setup.orientation
    ws.page_setup.fitToWidth = 1          # every column on the page: whole rows
    ws.page_setup.fitToHeight = 0         # as many pages down as the rows need
    # each sheet counts its own pages from 1 (LibreOffice numbers on across the sheets otherwise)
    ws.page_setup.firstPageNumber, ws.page_setup.useFirstPageNumber = 1, True
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    left, right_margin, top, bottom = margins_inch
    margins = ws.page_margins
    margins.left, margins.right, margins.top, margins.bottom = left, right_margin, top, bottom
    margins.header, margins.footer = setup.header_inch, setup.footer_inch
    ws.print_title_rows = setup.title_rows
    ws.print_options.horizontalCentered = True
    ws.oddHeader.left.text, ws.oddHeader.left.size = header_literal(setup.header_left), 9
    ws.oddHeader.center.text, ws.oddHeader.center.size = header_literal(center), 11
    if right:
        ws.oddHeader.right.text, ws.oddHeader.right.size = header_literal(right), 9
    ws.oddFooter.center.text, ws.oddFooter.center.size = setup.footer_center, 9
    if footer_right:
        ws.oddFooter.right.text, ws.oddFooter.right.size = header_literal(footer_right), 9


def header_literal(text: str) -> str:
    """A page header's text printed as written: in a header "&" starts a code (&B bold, &P the
    page number …), so an association named "A&B" would print "A" and turn bold; "&&" is a
    literal "&"."""
    return text.replace("&", "&&")


def set_print_area(ws, columns: int, rows: int) -> None:
    """The print area: the ledger's columns and rows (header included) and nothing beside them — a
    stray value or style far off would otherwise widen the page the fit shrinks to. Set once the
    rows are known (a write-only sheet writes its defined names when the workbook is saved)."""
    ws.print_area = f"A1:{get_column_letter(columns)}{max(rows, 1)}"


def apply_instructions(ws) -> None:
    """A sheet of one wide column of notes: wrapped, one A4 portrait page wide."""
    ws.page_setup.paperSize = "9"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def for_period(start, end) -> LedgerPrint:
    """The setup of a ledger exported today for start–end, with the office's association name."""
    from app.services.context import today
    from app.services.settings import get_settings
    return LedgerPrint(org=get_settings()["org.name"], period=f"{start.isoformat()}至{end.isoformat()}",
                       made=today())
