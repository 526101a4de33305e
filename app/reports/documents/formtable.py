"""Bordered paper forms whose rows split across pages (登记表, 回访记录, the record's header, the
卷内目录, and any form a later document needs).

reportlab's Table cannot split a row whose text is taller than a page in a spanned cell, and it
gives the spanned text the width of the first column only: a 600-character 事实与理由 ran up the
page over the title. This flowable lays each cell out itself:
- a row that does not fit splits between two lines of its longest cell (at least two lines on each
  side); the part on the next page repeats the row's label with "（续）", the section column its
  title, and any header rows;
- rows marked `keep_with_previous` (the declaration and the signature row of a form) never start
  a page: they take the end of the row before them along;
- the section column (投诉人, 被投诉人 …) is written top to bottom beside its rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from reportlab.platypus import Flowable

from app.reports.documents.textflow import CJKParagraph, TextStyle

CONTINUED = "（续）"
MIN_LINES = 2            # lines of a split cell that stay together at the foot or head of a page


@dataclass
class Cell:
    col: int
    span: int
    para: CJKParagraph
    label: bool = False          # a label repeats with "（续）" on the next page; a value does not
    align_top: bool = False


@dataclass
class Row:
    cells: list[Cell]
    section: str | None = None   # the section column's title, None in a form without one
    section_id: int = 0          # consecutive rows of one section share it
    keep_with_previous: bool = False
    header: bool = False         # repeated at the top of every page the form continues on
    min_height: float = 0.0      # room to write by hand (a signature row)


@dataclass
class Grid:
    """Widths and spacing of a form; `section_width` is the narrow left column (0: none)."""
    widths: list[float]
    section_width: float = 0.0
    label_style: TextStyle = field(default_factory=TextStyle)
    padding: float = 3.0
    min_row: float = 0.0

    def x(self, col: int) -> float:
        return self.section_width + sum(self.widths[:col])

    def width(self, col: int, span: int) -> float:
        return sum(self.widths[col:col + span])

    @property
    def total(self) -> float:
        return self.section_width + sum(self.widths)


def _lines(para: CJKParagraph, width: float) -> int:
    return len(para.lines_for(width))


def _part(para: CJKParagraph, lines) -> CJKParagraph:
    return CJKParagraph(para.text, para.style, para.kit, list(lines))


class FormTable(Flowable):
    """A form of `rows` on `grid`; splits between rows or inside a tall row (see module doc)."""

    def __init__(self, rows: list[Row], grid: Grid, kit, continued: bool = False):
        super().__init__()
        self.rows, self.grid, self.kit, self.continued = rows, grid, kit, continued
        self._heights: list[float] | None = None

    # ------------------------------------------------------------ measuring
    def _cell_width(self, cell: Cell) -> float:
        return self.grid.width(cell.col, cell.span) - 2 * self.grid.padding

    def _cell_height(self, cell: Cell) -> float:
        return _lines(cell.para, self._cell_width(cell)) * cell.para.style.leading

    def _row_height(self, row: Row) -> float:
        content = max((self._cell_height(c) for c in row.cells), default=0.0)
        return max(self.grid.min_row, row.min_height, content + 2 * self.grid.padding)

    def heights(self) -> list[float]:
        if self._heights is None:
            heights = [self._row_height(r) for r in self.rows]
            self._fit_sections(heights)
            self._heights = heights
        return self._heights

    def _section_groups(self) -> list[tuple[int, int]]:
        """(first, last) row indexes of each run of rows with one section."""
        groups: list[tuple[int, int]] = []
        for i, row in enumerate(self.rows):
            if row.section is None:
                continue
            if groups and self.rows[groups[-1][1]].section_id == row.section_id and groups[-1][1] == i - 1:
                groups[-1] = (groups[-1][0], i)
            else:
                groups.append((i, i))
        return groups

    def _section_para(self, title: str) -> CJKParagraph:
        style = self.grid.label_style.but(align="center")
        return CJKParagraph(title, style, self.kit)

    def _fit_sections(self, heights: list[float]) -> None:
        """A section taller in its title than in its rows gets its last row heightened."""
        width = self.grid.section_width - 2 * self.grid.padding
        for first, last in self._section_groups():
            para = self._section_para(self.rows[first].section or "")
            need = _lines(para, width) * para.style.leading + 2 * self.grid.padding
            have = sum(heights[first:last + 1])
            if need > have:
                heights[last] += need - have

    def wrap(self, availWidth, availHeight):
        self.width = self.grid.total
        self.height = sum(self.heights())
        return self.width, self.height

    # ------------------------------------------------------------ splitting
    def split(self, availWidth, availHeight):
        """The fullest first part that fits: inside the first row that does not fit, else before
        it, else further back (a `keep_with_previous` row takes the end of the row before it)."""
        heights = self.heights()
        headers = sum(1 for r in self.rows if r.header)
        fit, used = 0, 0.0
        while fit < len(self.rows) and used + heights[fit] <= availHeight + 0.01:
            used += heights[fit]
            fit += 1
        for index in range(min(fit, len(self.rows) - 1), headers - 1, -1):
            room = availHeight - sum(heights[:index])
            parts = self._split_inside(index, room)
            if parts is not None:
                pieces = self._pieces(self.rows[:index] + [parts[0]], [parts[1]] + self.rows[index + 1:])
            elif index > headers and not self.rows[index].keep_with_previous:
                pieces = self._pieces(self.rows[:index], self.rows[index:])
            else:
                continue
            if pieces and pieces[0].wrap(availWidth, availHeight)[1] <= availHeight + 0.01:
                return pieces
        return []

    def _split_inside(self, index: int, room: float) -> tuple[Row, Row] | None:
        """Split row `index` so that its head fills `room`; None when that leaves fewer than
        MIN_LINES on either side of its tallest cell."""
        row = self.rows[index]
        inner = room - 2 * self.grid.padding
        tallest = max(row.cells, key=self._cell_height, default=None)
        if tallest is None:
            return None
        lines = tallest.para.lines_for(self._cell_width(tallest))
        fits = int((inner + 0.01) // tallest.para.style.leading)
        fits = min(fits, len(lines) - MIN_LINES)
        if fits < MIN_LINES:
            return None
        head_cells, tail_cells = [], []
        for cell in row.cells:
            cell_lines = cell.para.lines_for(self._cell_width(cell))
            if cell.label:
                head_cells.append(cell)
                tail_cells.append(replace(cell, para=CJKParagraph(cell.para.text + CONTINUED, cell.para.style, self.kit)))
            elif len(cell_lines) > fits:
                head_cells.append(replace(cell, para=_part(cell.para, cell_lines[:fits]), align_top=True))
                tail_cells.append(replace(cell, para=_part(cell.para, cell_lines[fits:]), align_top=True))
            else:
                head_cells.append(replace(cell, align_top=True))
                tail_cells.append(replace(cell, para=CJKParagraph("", cell.para.style, self.kit), align_top=True))
        return replace(row, cells=head_cells), replace(row, cells=tail_cells, keep_with_previous=False)

    def _pieces(self, head: list[Row], tail: list[Row]) -> list["FormTable"]:
        if all(r.header for r in head):
            return []
        header = [r for r in self.rows if r.header]
        return [FormTable(head, self.grid, self.kit, self.continued),
                FormTable(header + tail, self.grid, self.kit, True)]

    # ------------------------------------------------------------ drawing
    def draw(self):
        canvas, grid = self.canv, self.grid
        heights = self.heights()
        canvas.saveState()
        canvas.setLineWidth(0.6)
        top = self.height
        tops = []
        for row, height in zip(self.rows, heights):
            tops.append(top)
            self._draw_row(row, top, height)
            top -= height
        self._draw_sections(tops, heights)
        canvas.rect(0, 0, grid.total, self.height)
        canvas.restoreState()

    def _draw_row(self, row: Row, top: float, height: float) -> None:
        canvas, grid = self.canv, self.grid
        bottom = top - height
        canvas.line(grid.section_width if row.section is not None else 0, bottom, grid.total, bottom)
        for cell in row.cells:
            x = grid.x(cell.col)
            if x > 0:
                canvas.line(x, bottom, x, top)
            width = self._cell_width(cell)
            para_height = self._cell_height(cell)
            if cell.align_top:
                y = top - grid.padding - para_height
            else:
                y = bottom + (height - para_height) / 2
            cell.para.wrap(width, para_height)
            cell.para.drawOn(canvas, x + grid.padding, y)

    def _draw_sections(self, tops: list[float], heights: list[float]) -> None:
        canvas, grid = self.canv, self.grid
        for first, last in self._section_groups():
            top, bottom = tops[first], tops[last] - heights[last]
            canvas.line(grid.section_width, bottom, grid.section_width, top)
            canvas.line(0, bottom, grid.section_width, bottom)
            para = self._section_para(self.rows[first].section or "")
            width = grid.section_width - 2 * grid.padding
            _, para_height = para.wrap(width, top - bottom)
            para.drawOn(canvas, grid.padding, bottom + (top - bottom - para_height) / 2)
