"""Page layout shared by every document: A4 with official margins, the heading block (association,
title, 文号), body paragraphs, bordered forms, signature lines, the sign-off with room for the
seal, and a footer with the association's name, the case number and the page number."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import partial

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Flowable, Frame, PageBreak, PageTemplate, Spacer, Table, TableStyle

from app.reports.documents.formtable import FormTable, Grid, Row
from app.reports.documents.keeping import KeepWithLead
from app.reports.documents.textflow import CJKParagraph, TextStyle
from app.reports.pdf_fonts import FontKit

PAGE_WIDTH, PAGE_HEIGHT = 595.2756, 841.8898          # A4 in points
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 28 * mm, 26 * mm, 25 * mm, 25 * mm
BODY_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT   # 156 mm, as GB/T 9704 sets the type area
SIGN_DATE_WIDTH = 58 * mm     # "日期：" and 40 mm of line: room to write 2026年12月8日 by hand

ORG = TextStyle(face="hei", size=18, leading=30, align="center")
TITLE = TextStyle(face="hei", size=22, leading=34, align="center", tracking=0.2, space_after=4)
DOCNO = TextStyle(face="song", size=14, leading=24, align="right", space_after=14)
BODY = TextStyle(face="song", size=14, leading=27, align="justify", first_indent=2)
SALUTATION = BODY.but(first_indent=0)
SECTION = TextStyle(face="hei", size=14, leading=27, align="left", space_before=4)
SMALL = TextStyle(face="song", size=12, leading=22, align="justify", first_indent=2)
SMALL_PLAIN = SMALL.but(first_indent=0)
CELL = TextStyle(face="song", size=10.5, leading=15, align="left")
CELL_LABEL = TextStyle(face="hei", size=10.5, leading=15, align="center")
SIGN = TextStyle(face="song", size=11, leading=18, align="left")
FOOTER_SIZE = 9
RUNNING_HEAD_Y = PAGE_HEIGHT - MARGIN_TOP + 9 * mm
GRID_COLOUR = colors.black


@dataclass
class PageInfo:
    """What the footer of every page shows; `starts` is filled while the pages are drawn."""
    org: str
    number: str
    archive: bool = False            # archive: 卷内页号 at the top right from the first document on
    starts: list[tuple[int, str, int | None, str]] = field(default_factory=list)   # (page, title, entry, sealing)
    numbered_from: int | None = None
    total_pages: int = 0


class DocumentStart(Flowable):
    """Zero-size marker: a new document begins on this page (for the footer, the running head of
    its continued pages and the 卷内目录). `sealing` names the document in the note that a
    multi-page agreement or record is signed on every page ("调解协议书")."""

    def __init__(self, title: str, info: PageInfo, numbered: bool = True, entry: int | None = None,
                 sealing: str = ""):
        super().__init__()
        self.title, self.info, self.numbered, self.entry, self.sealing = title, info, numbered, entry, sealing
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        page = self.canv.getPageNumber()
        self.info.starts.append((page, self.title, self.entry, self.sealing))
        if self.numbered and self.info.numbered_from is None:
            self.info.numbered_from = page


class DocCanvas(Canvas):
    """Draws the footers once all pages are known ("第 1 页 共 2 页" needs the total)."""

    def __init__(self, *args, info: PageInfo, kit: FontKit, **kwargs):
        super().__init__(*args, **kwargs)
        self._info, self._kit, self._saved = info, kit, []

    def showPage(self):
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = self._info.total_pages = len(self._saved)
        starts = sorted((page, title, sealing) for page, title, _, sealing in self._info.starts) or [(1, "", "")]
        for state in self._saved:
            self.__dict__.update(state)
            self._footer(self.getPageNumber(), total, starts)
            super().showPage()
        super().save()

    def _footer(self, page: int, total: int, starts: list[tuple[int, str, str]]) -> None:
        first, title, sealing = max((s for s in starts if s[0] <= page), default=starts[0])
        following = [s[0] for s in starts if s[0] > page]
        last = (min(following) - 1) if following else total
        pages = last - first + 1
        y = MARGIN_BOTTOM - 12 * mm
        self.setStrokeColor(colors.Color(0.45, 0.45, 0.45))
        self.setLineWidth(0.5)
        self.line(MARGIN_LEFT, y + 11, PAGE_WIDTH - MARGIN_RIGHT, y + 11)
        self.setFillColor(colors.Color(0.3, 0.3, 0.3))
        draw_text(self, self._kit, MARGIN_LEFT, y, self._info.org, "song", FOOTER_SIZE)
        right = f"{self._info.number}　第{page - first + 1}页 共{pages}页"
        draw_text(self, self._kit, PAGE_WIDTH - MARGIN_RIGHT, y, right, "song", FOOTER_SIZE, "right")
        if sealing and pages > 1:
            note = f"本{sealing}共{pages}页，各方当事人应逐页签名，并加盖骑缝章"
            draw_text(self, self._kit, PAGE_WIDTH / 2, y + 16, note, "song", FOOTER_SIZE, "center")
        if page > first and title:
            self._running_head(title)
        start = self._info.numbered_from
        if self._info.archive and start is not None and page >= start:
            draw_text(self, self._kit, PAGE_WIDTH - 16 * mm, PAGE_HEIGHT - 14 * mm, str(page - start + 1),
                      "song", 12, "right")
        self.setFillColor(colors.black)

    def _running_head(self, title: str) -> None:
        """A continued page says which document it continues and of which case."""
        y = RUNNING_HEAD_Y
        draw_text(self, self._kit, MARGIN_LEFT, y, f"{title}（续）", "hei", 10.5)
        draw_text(self, self._kit, PAGE_WIDTH - MARGIN_RIGHT, y, f"案件编号：{self._info.number}", "song", 10.5, "right")
        self.line(MARGIN_LEFT, y - 5, PAGE_WIDTH - MARGIN_RIGHT, y - 5)


def draw_text(canvas, kit: FontKit, x: float, y: float, text: str, face: str, size: float,
              align: str = "left") -> None:
    """One line straight onto the canvas, each character in the font that has it."""
    width = kit.width(text, face, size)
    if align == "right":
        x -= width
    elif align == "center":
        x -= width / 2
    for font_name, run in kit.runs(text, face):
        canvas.setFont(font_name, size)
        canvas.drawString(x, y, run)
        x += kit.width(run, face, size)


class SignLine(Flowable):
    """"调解员（签名）：" and a ruled line from the label to the end of its column."""

    def __init__(self, label: str, kit: FontKit, style: TextStyle = SMALL_PLAIN):
        super().__init__()
        self.label, self.kit, self.style = label, kit, style

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, self.style.leading
        return self.width, self.height

    def draw(self):
        baseline = 0.3 * self.style.size
        draw_text(self.canv, self.kit, 0, baseline, self.label, self.style.face, self.style.size)
        start = self.kit.width(self.label, self.style.face, self.style.size) + 2
        self.canv.setLineWidth(0.6)
        self.canv.line(start, baseline - 3, self.width, baseline - 3)


class UnprintableText(Exception):
    """Characters that no font can draw, with where they occur: [(where, char)]."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__(f"{len(problems)} unprintable characters")


class DocWriter:
    """Collects the flowables of one or more documents and the characters it could not draw."""

    def __init__(self, kit: FontKit, info: PageInfo):
        self.kit, self.info = kit, info
        self.story: list = []
        self.problems: list[tuple[str, str]] = []
        self.entry: int | None = None       # which archive entry the next documents belong to
        self.last_section: int | None = None  # story index of the latest section heading

    # ------------------------------------------------------------ text
    def text(self, text: str, style: TextStyle, where: str) -> CJKParagraph:
        for ch in self.kit.missing(text, style.face):
            if (where, ch) not in self.problems:
                self.problems.append((where, ch))
        return CJKParagraph(text, style, self.kit)

    def para(self, text: str, where: str, style: TextStyle = BODY) -> None:
        if text.strip():
            self.story.append(self.text(text, style, where))

    def paras(self, text: str, where: str, style: TextStyle = BODY) -> None:
        """Each line of a template becomes its own indented paragraph."""
        for line in text.split("\n"):
            self.para(line, where, style)

    def space(self, points: float) -> None:
        self.story.append(Spacer(1, points))

    def keep_space(self, points: float) -> None:
        """Start a new page unless `points` are still free (a sign-off is not left alone)."""
        self.story.append(CondPageBreak(points))

    def page_break(self) -> None:
        self.story.append(PageBreak())

    # ------------------------------------------------------------ blocks
    def start(self, title: str, numbered: bool = True, sealing: str = "") -> None:
        """A new document on a new page; `sealing` (e.g. "调解协议书") asks for the note that a
        multi-page copy is signed on every page and sealed across the pages."""
        if self.story:
            self.page_break()
        self.last_section = None
        self.story.append(DocumentStart(title, self.info, numbered, self.entry, sealing))

    def heading(self, title: str, docno: str | None = None, where: str = "标题", compact: bool = False) -> None:
        """The association, the title and the 文号 line; `compact` for forms that should keep to
        one page."""
        self.para(self.info.org, "单位名称", ORG.but(size=15, leading=22) if compact else ORG)
        self.para(title, where, TITLE.but(size=19, leading=27, space_after=2) if compact else TITLE)
        if docno is None:
            self.space(14)
        else:
            self.para(docno, "案件编号", DOCNO.but(size=11, leading=17, space_after=5) if compact else DOCNO)

    def section(self, text: str, where: str, style: TextStyle = SECTION) -> None:
        """A heading, never alone at the foot of a page: it needs room for itself and three lines
        of what follows — a paragraph splits only with two lines on each side, so a three-line
        one moves whole (reportlab's keepWithNext would push a long paragraph to the next page
        whole, leaving the page before it nearly empty)."""
        self.keep_space(style.leading + style.space_before + 3 * BODY.leading + 6)
        self.last_section = len(self.story)
        self.para(text, where, style)
        # KeepWithLead keeps it with its text (reportlab's keepWithNext would move a long one whole)
        self.story[-1].heading = True

    def sign_off_block(self, date_text: str, seal_note: str = "", room: float = 12 * mm, size: float = 14) -> list:
        """The association's name and the date at the right, with `room` above for the seal."""
        style = CELL.but(size=size, leading=size * 1.7, align="center")
        rows = [[self.text(self.info.org, style, "单位名称")], [self.text(date_text, style, "日期")]]
        if seal_note:
            rows.insert(1, [self.text(seal_note, CELL.but(size=10.5, align="center"), "印章")])
        table = self.table(rows, [72 * mm], [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                             ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)],
                           hAlign="RIGHT")
        return [Spacer(1, room), table]

    def sign_off(self, date_text: str, seal_note: str = "", since: int | None = None) -> None:
        """The sign-off of a letter, kept on a page with the end of the text before it."""
        self.closing(self.sign_off_block(date_text, seal_note, room=20 * mm), since)

    def mark(self) -> int:
        """Where the story is now: `closing(block, since=mark)` keeps what follows with the block."""
        return len(self.story)

    def closing(self, block: list, since: int | None = None) -> None:
        """Signatures or a sign-off that never stand alone on a page: `block` goes with what the
        story got since `since` (default: since the last section heading, else the last flowable)
        — at least the end of it, never a heading without its text."""
        if since is None:
            since = self.last_section if self.last_section is not None else max(len(self.story) - 1, 0)
        lead_items = self.story[since:]
        del self.story[since:]
        self.story.append(KeepWithLead(lead_items, block))
        self.last_section = None

    def table(self, data: list[list], col_widths: list[float], commands: list, **options) -> Table:
        """A reportlab Table whose own font is ours (left to itself it would pull in Helvetica,
        an unembedded font, for empty cells)."""
        table = Table(data, colWidths=col_widths, **options)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.kit.main("song"))] + list(commands)))
        return table

    def form(self, rows: list[Row], grid: Grid) -> None:
        """A bordered form whose rows split across pages (see formtable)."""
        self.story.append(FormTable(rows, grid, self.kit))

    def cell(self, text: str, where: str, label: bool = False, **style) -> CJKParagraph:
        base = CELL_LABEL if label else CELL
        return self.text(text, base.but(**style) if style else base, where)

    def signatures(self, rows: list[list[str]], widths: list[float] | None = None,
                   row_height: float = 11 * mm) -> Table:
        """Rows of labels, each followed by a ruled line to sign or date on:
        [["投诉人（签名）：", "日期：", "被投诉人（盖章）：", "日期："]]. Empty strings leave a cell blank.
        A row of two signers is set as two rows, each signer with its date (side by side the lines
        were 9–17 mm, too short to sign on or to write 2026年12月8日 by hand: walk-through):
        a signer's line is at least 50 mm, a date's 40 mm."""
        if len(rows[0]) == 4 and widths is None:
            rows = [pair for row in rows for pair in (row[:2], row[2:]) if any(pair)]
            widths = [BODY_WIDTH - SIGN_DATE_WIDTH, SIGN_DATE_WIDTH]
        columns = len(rows[0])
        widths = widths or [BODY_WIDTH / columns] * columns
        data = [[self._sign_line(label) for label in row] for row in rows]
        return self.table(data, widths, [("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                         ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                         ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                                         ("BOTTOMPADDING", (0, 0), (-1, -1), 2)],
                          rowHeights=[row_height] * len(data), hAlign="LEFT")

    def _sign_line(self, label: str):
        if not label:
            return ""
        self.text(label, SIGN, label)        # only to find characters no font has
        return SignLine(label, self.kit, SIGN)

    # ------------------------------------------------------------ output
    def build(self, title: str) -> bytes:
        """The PDF; raises UnprintableText before drawing anything when a character has no font."""
        if self.problems:
            raise UnprintableText(list(self.problems))
        buffer = io.BytesIO()
        doc = BaseDocTemplate(
            buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title, author=self.info.org,
            subject=self.info.number, creator="消协投诉调解台", initialFontName=self.kit.main("song"),
        )
        frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, BODY_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        doc.addPageTemplates([PageTemplate(id="a4", frames=[frame])])
        self.info.starts.clear()
        self.info.numbered_from = None
        doc.build(list(self.story), canvasmaker=partial(DocCanvas, info=self.info, kit=self.kit))
        return buffer.getvalue()
