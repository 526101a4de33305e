"""Chinese text set the way a printed Chinese document expects it.

reportlab's Paragraph(wordWrap='CJK') still lets a line start with "，" or "。" and cannot pick
a font per character. This flowable breaks lines itself:
- no line starts with closing punctuation (，。、：；！？）》」』”’ …) and no line ends with an
  opening one (（《「『“‘ …): the character before the break moves down with it;
- figures, dates and Latin words ("3,999.00", "91110000600037341L") are never split; one a
  little wider than its line (a credit code in a form's cell) sets the paragraph up to 25 %
  smaller rather than breaking it;
- full lines are justified by spreading the space between characters (at most 0.08 em: a line
  that needs more is left ragged, never letter-spaced), the last line is not;
- every character is drawn with the first font of the face's chain that has its glyph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from reportlab.platypus import Flowable

from app.reports.pdf_fonts import FontKit

NO_LINE_START = frozenset("，。、：；！？）》」』”’〕】〉〗〙〛｝…—·～%‰℃,.:;!?)]}")
NO_LINE_END = frozenset("（《「『“‘〔【〈〖〘〚｛¥￥$([{")
# what follows a figure in an address, a sum or a date, kept on its line: 168号, 3999元, 12月
NUMBER_SUFFIXES = frozenset("号元年月日时分秒件次个台层楼室栋幢单号岁人天倍")
_UNIT = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,:/%@_+\-]*|\s|.", re.S)
_EPSILON = 0.01
# In em. Wider gaps between characters look letter-spaced ("秦 平") and make PDF readers see
# spaces inside names and numbers; such a line (a long code moved down) is left ragged.
MAX_JUSTIFY_GAP = 0.08
MIN_FIT = 0.75                # a code may be set at 75 % of the size to stay on one line, no smaller


@dataclass(frozen=True)
class TextStyle:
    face: str = "song"          # "song" (body) | "hei" (titles, labels)
    size: float = 14.0
    leading: float = 26.0
    align: str = "justify"      # left | right | center | justify
    first_indent: float = 0.0   # in characters (2 = the usual paragraph indent)
    left_indent: float = 0.0    # in points, every line
    tracking: float = 0.0       # extra space after each character, in em (spaced-out titles)
    space_before: float = 0.0
    space_after: float = 0.0

    def but(self, **changes) -> "TextStyle":
        return replace(self, **changes)


@dataclass
class Line:
    units: list[str]
    widths: list[float]
    indent: float
    last: bool             # the last line of a paragraph is not justified

    @property
    def natural(self) -> float:
        return sum(self.widths)


def split_units(text: str) -> list[str]:
    return _UNIT.findall(text)


def _unbroken_runs(text: str) -> list[tuple[str, str]]:
    """(run, code) for each code or figure: the run is the code with the punctuation no break may
    part from it, （330102202612010012） (measured without its brackets, the figure fitted and
    "（" stood alone on a line, "）" past a cell's border)."""
    units, runs = split_units(text), []
    for at, unit in enumerate(units):
        if len(unit) < 2:
            continue
        start, end = at, at + 1
        while start > 0 and units[start - 1] in NO_LINE_END:
            start -= 1
        while end < len(units) and units[end] in NO_LINE_START:
            end += 1
        runs.append(("".join(units[start:end]), unit))
    return runs


def _forbidden_break(units: list[str], at: int) -> bool:
    """True when a break before units[at] would start a line with closing punctuation, end one
    with opening punctuation, or part a figure from the counter word after it (人民路168 / 号)."""
    return (units[at][0] in NO_LINE_START or units[at - 1][-1] in NO_LINE_END
            or (units[at] in NUMBER_SUFFIXES and units[at - 1][-1].isdigit()))


def break_units(units: list[str], widths: list[float], first_width: float, width: float) -> list[tuple[int, int]]:
    """Greedy line filling with the Chinese break rules; returns (start, end) index pairs."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(units)
    while i < n:
        while i < n and units[i] == " ":
            i += 1
        if i >= n:
            break
        available = first_width if not spans else width
        j, used = i, 0.0
        while j < n and used + widths[j] <= available + _EPSILON:
            used += widths[j]
            j += 1
        j = max(j, i + 1)
        if j < n and _forbidden_break(units, j):
            k = j - 1
            while k > i and _forbidden_break(units, k):
                k -= 1
            if k > i:
                j = k            # move the characters before the break down to the next line
            else:
                while j < n and units[j][0] in NO_LINE_START:
                    j += 1       # nothing to move: let the punctuation hang in the margin
        spans.append((i, j))
        i = j
    return spans


class CJKParagraph(Flowable):
    """A paragraph of Chinese text; may split across pages between lines."""

    def __init__(self, text: str, style: TextStyle, kit: FontKit, lines: list[Line] | None = None):
        super().__init__()
        self.text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
        self.style, self.kit = style, kit
        self._base_style = style          # self.style may be made smaller to fit a code (_fitting_style)
        self._fixed_lines = lines
        self._cache: tuple[float, list[Line], TextStyle] | None = None
        self.spaceBefore, self.spaceAfter = style.space_before, style.space_after
        self.width = self.height = 0

    # ------------------------------------------------------------ layout
    def _unit_width(self, unit: str) -> float:
        style = self.style
        return self.kit.width(unit, style.face, style.size) + style.tracking * style.size * len(unit)

    def _layout_segment(self, segment: str, width: float) -> list[Line]:
        style = self.style
        indent = style.first_indent * style.size
        units = []
        for unit in split_units(segment):
            if len(unit) > 1 and self._unit_width(unit) > width - indent:
                units.extend(unit)      # a token longer than a line: break it anywhere
            else:
                units.append(unit)
        units = [" " if u.isspace() else u for u in units]
        widths = [self._unit_width(u) for u in units]
        lines = []
        for start, end in break_units(units, widths, width - indent - style.left_indent,
                                      width - style.left_indent):
            while end > start and units[end - 1] == " ":
                end -= 1
            lines.append(Line(units[start:end], widths[start:end], indent if not lines else 0.0, False))
        if not lines:
            lines.append(Line([], [], 0.0, False))
        lines[-1].last = True
        return lines

    def lines_for(self, width: float) -> list[Line]:
        if self._fixed_lines is not None:
            return self._fixed_lines
        if self._cache and abs(self._cache[0] - width) < _EPSILON:
            self.style = self._cache[2]
            return self._cache[1]
        self.style = self._fitting_style(width)
        lines: list[Line] = []
        if self.text.strip():
            for segment in self.text.split("\n"):
                lines.extend(self._layout_segment(segment, width))
        self._cache = (width, lines, self.style)
        return lines

    def _fitting_style(self, width: float) -> TextStyle:
        """The paragraph's style, its size made smaller (to MIN_FIT of it at most, the leading
        kept) when a code or figure is a little wider than the line: a credit code or a 12315
        number in a form's cell stays whole instead of breaking (91330102MA2H3K5 / L7Q)."""
        base = self._base_style
        room = width - base.left_indent - base.first_indent * base.size
        self.style = base
        # a code fitted with its brackets where that is within MIN_FIT, else on its own (its
        # brackets then break off, but the figure stays whole)
        widths = [(self._unit_width(run), self._unit_width(code)) for run, code in _unbroken_runs(self.text)]
        widest = max((run if run * MIN_FIT <= room else code for run, code in widths), default=0.0)
        if widest <= room or room <= 0 or widest * MIN_FIT > room:
            return base
        return base.but(size=base.size * room / widest * 0.999)

    def line_texts(self, width: float) -> list[str]:
        return ["".join(line.units) for line in self.lines_for(width)]

    # ------------------------------------------------------------ platypus protocol
    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = len(self.lines_for(availWidth)) * self.style.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):
        lines = self.lines_for(availWidth)
        fits = int((availHeight + _EPSILON) // self.style.leading)
        fits = min(fits, len(lines) - 2)      # leave at least two lines for the next page
        if fits < 2:
            return []            # no orphan or widow line alone at the foot or head of a page
        head = CJKParagraph(self.text, self.style.but(space_after=0), self.kit, lines[:fits])
        tail = CJKParagraph(self.text, self.style.but(space_before=0), self.kit, lines[fits:])
        return [head, tail]

    def draw(self):
        style, canvas = self.style, self.canv
        size, leading = style.size, style.leading
        # baseline of a CJK line: glyphs fill the em box, ~0.88 em above the baseline
        baseline = self.height - (leading - size) / 2 - 0.88 * size
        for line in self.lines_for(self.width):
            self._draw_line(canvas, line, baseline)
            baseline -= leading

    def _draw_line(self, canvas, line: Line, baseline: float) -> None:
        style = self.style
        available = self.width - style.left_indent - line.indent
        natural = line.natural - (style.tracking * style.size if line.units else 0)
        gap, x = 0.0, style.left_indent + line.indent
        if style.align == "center":
            x += (available - natural) / 2
        elif style.align == "right":
            x += available - natural
        elif style.align == "justify" and not line.last and len(line.units) > 1:
            gap = max(0.0, (available - natural) / (len(line.units) - 1))
            if gap > MAX_JUSTIFY_GAP * style.size:
                gap = 0.0        # a long code moved down: leave the line ragged, not gappy
        text = canvas.beginText()
        if style.tracking:
            text.setCharSpace(style.tracking * style.size)
        for unit, width in zip(line.units, line.widths):
            cursor = x
            for font_name, run in self.kit.runs(unit, style.face):
                text.setTextOrigin(cursor, baseline)
                text.setFont(font_name, style.size)
                text.textOut(run)
                cursor += self.kit.width(run, style.face, style.size) + style.tracking * style.size * len(run)
            x += width + gap
        canvas.drawText(text)
