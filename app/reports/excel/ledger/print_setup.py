"""How a 台账 prints and what its file says about itself — in one place, so that any writer of the
ledger (openpyxl's write-only sheet today, a faster one tomorrow) applies the same setup.

A ledger has 33 columns: printed at 100 % they run over six landscape pages side by side, seven
columns each, and no row can be read whole. It prints instead fitted to the width of landscape A4
(long texts wrap in their cells), the header row repeated on every page, the association and the
period in the page header, page numbers and the print date in the footer.
"""
from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter


@dataclass(frozen=True)
class LedgerPrint:
    org: str                  # the association (page header, file author)
    title: str = "投诉台账"
    period: str = ""          # "2026-01-01至2026-11-30"

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

    footer_center: str = "第 &P 页，共 &N 页"
    footer_right: str = "打印日期：&D"

    # ---------------------------------------------------------- file properties
    @property
    def properties(self) -> dict[str, str]:
        return {"title": self.heading, "creator": self.org, "subject": self.heading,
                "description": f"{self.org}{self.title}（消协投诉调解台导出）", "keywords": "投诉台账",
                "category": "投诉台账"}


def apply_openpyxl(ws, wb, setup: LedgerPrint) -> None:
    """The setup on an openpyxl worksheet (normal or write-only) and its workbook."""
    ws.page_setup.paperSize = str(setup.paper_size)
    ws.page_setup.orientation = setup.orientation
    ws.page_setup.fitToWidth = 1          # every column on the page: whole rows
    ws.page_setup.fitToHeight = 0         # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    left, right, top, bottom = setup.margins_inch
    margins = ws.page_margins
    margins.left, margins.right, margins.top, margins.bottom = left, right, top, bottom
    margins.header, margins.footer = setup.header_inch, setup.footer_inch
    ws.print_title_rows = setup.title_rows
    ws.print_options.horizontalCentered = True
    ws.oddHeader.left.text, ws.oddHeader.left.size = setup.header_left, 9
    ws.oddHeader.center.text, ws.oddHeader.center.size = setup.header_center, 11
    ws.oddFooter.center.text, ws.oddFooter.center.size = setup.footer_center, 9
    ws.oddFooter.right.text, ws.oddFooter.right.size = setup.footer_right, 9
    for key, value in setup.properties.items():
        setattr(wb.properties, key, value)


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
    """The setup of a ledger exported for start–end, with the office's association name."""
    from app.services.settings import get_settings
    return LedgerPrint(org=get_settings()["org.name"], period=f"{start.isoformat()}至{end.isoformat()}")
