"""Reading a PDF's layout back with pdfplumber, the way a proof-reader looks at a page: do lines
overlap, does text leave the type area or run over a rule, is every typed character there in order."""
from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass

import pdfplumber

from app.reports.documents.layout import MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, PAGE_HEIGHT, PAGE_WIDTH

WORDS = ["投诉人", "经营者", "空调", "安装", "维修", "退货", "退款", "赔偿", "质量问题", "消费者", "商品", "服务",
         "合同", "发票", "客服", "平台", "网购", "快递", "预付卡", "健身房", "堃", "喆", "頔", "𠮷", "䶮"]
LATIN = ["iPhone 15 Pro Max", "WiFi", "APP", "KFR-35GW/BP3", "Model Y", "www.example.cn", "No.8"]
NUMBERS = ["3,999.00", "2026-11-02", "13812345678", "91110000600037341L", "15%", "0571-87654321", "120.5"]
PUNCT = list("，。、；：！？") + ["“", "”", "（", "）", "《", "》", "……", "——"]


def mixed_text(length: int, seed: int = 1) -> str:
    """`length` characters of Chinese with Latin words, figures, codes and punctuation, in
    paragraphs, the way a complaint forwarded from 12315 reads."""
    rng = random.Random(seed * 1000 + length)
    out: list[str] = []
    size = 0
    while size < length:
        pick = rng.random()
        piece = (rng.choice(LATIN) if pick < 0.08 else rng.choice(NUMBERS) if pick < 0.16
                 else rng.choice(PUNCT) if pick < 0.32 else "\n" if pick < 0.335 and size else rng.choice(WORDS))
        out.append(piece)
        size += len(piece)
    return "".join(out)[:length].strip() or ("" if length == 0 else "字")


@dataclass
class Glyph:
    page: int
    text: str
    x0: float
    x1: float
    baseline: float      # from the bottom of the page
    size: float
    font: str

    @property
    def low(self) -> float:
        return self.baseline - 0.12 * self.size

    @property
    def high(self) -> float:
        return self.baseline + 0.88 * self.size


@dataclass
class Rule:
    page: int
    x0: float
    x1: float
    y0: float
    y1: float


def read(pdf: bytes) -> tuple[list[Glyph], list[Rule], int]:
    glyphs, rules = [], []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for number, page in enumerate(doc.pages, start=1):
            for ch in page.chars:
                if ch["text"].isspace():
                    continue
                glyphs.append(Glyph(number, ch["text"], ch["x0"], ch["x1"], ch["matrix"][5], ch["size"], ch["fontname"]))
            for edge in page.edges:
                rules.append(Rule(number, edge["x0"], edge["x1"], PAGE_HEIGHT - edge["bottom"], PAGE_HEIGHT - edge["top"]))
        pages = len(doc.pages)
    return glyphs, rules, pages


def overlapping_glyphs(glyphs: list[Glyph]) -> list[tuple[Glyph, Glyph]]:
    """Pairs of characters whose boxes (baseline −0.12 em to +0.88 em) cross by more than 0.5 pt."""
    found = []
    buckets: dict[tuple[int, int, int], list[Glyph]] = {}
    for glyph in glyphs:
        for bx in range(int(glyph.x0 // 20), int(glyph.x1 // 20) + 1):
            for by in range(int(glyph.low // 20), int(glyph.high // 20) + 1):
                buckets.setdefault((glyph.page, bx, by), []).append(glyph)
    seen = set()
    for items in buckets.values():
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                key = (id(a), id(b))
                if key in seen:
                    continue
                seen.add(key)
                if (min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 and min(a.high, b.high) - max(a.low, b.low) > 0.5):
                    found.append((a, b))
    return found


def outside_type_area(glyphs: list[Glyph]) -> list[Glyph]:
    """Characters beyond the left/right margins or off the page (the footer, the running head and
    the 卷内页号 live in the top and bottom margins by design)."""
    left, right = MARGIN_LEFT - 0.5, PAGE_WIDTH - MARGIN_RIGHT + 0.5
    out = []
    for g in glyphs:
        archive_number = g.baseline > PAGE_HEIGHT - MARGIN_TOP + 12 and g.x0 > right - 40
        if archive_number:
            continue
        if g.x0 < left or g.x1 > right or g.low < 0 or g.high > PAGE_HEIGHT:
            out.append(g)
    return out


def glyphs_over_rules(glyphs: list[Glyph], rules: list[Rule]) -> list[tuple[Glyph, Rule]]:
    """Characters that a ruled line runs through (a grid line, a signature line)."""
    out = []
    by_page: dict[int, list[Rule]] = {}
    for rule in rules:
        by_page.setdefault(rule.page, []).append(rule)
    for g in glyphs:
        for r in by_page.get(g.page, []):
            horizontal = r.y1 - r.y0 < 1
            if horizontal and g.low + 0.5 < r.y0 < g.high - 0.5 and min(g.x1, r.x1) - max(g.x0, r.x0) > 0.5:
                out.append((g, r))
            elif not horizontal and g.x0 + 0.5 < r.x0 < g.x1 - 0.5 and min(g.high, r.y1) - max(g.low, r.y0) > 0.5:
                out.append((g, r))
    return out


def stream_text(glyphs: list[Glyph]) -> str:
    return "".join(g.text for g in glyphs)


def order_gaps(typed: str, glyphs: list[Glyph], block: int = 16) -> int | None:
    """How many times the typed text (whitespace aside) is interrupted in the drawn order of the
    characters — at page ends by the footer and the next page's head, in a form by the (续)
    label; None when a character is missing or out of order. After an interruption the text is
    found again by its next `block` characters, not by one that may occur anywhere."""
    wanted = re.sub(r"\s+", "", typed)
    drawn = stream_text(glyphs)
    gaps, i, position = -1, 0, 0
    while i < len(wanted):
        if position < len(drawn) and drawn[position] == wanted[i]:
            i, position = i + 1, position + 1
            continue
        found = drawn.find(wanted[i:i + block], position)
        if found < 0:
            return None
        gaps, position = gaps + 1, found
    return max(gaps, 0)
