"""Which characters the printed documents can draw, decided without any font: the bundled fonts'
coverage is a list of code-point ranges (resources/fonts/coverage.txt, made with the fonts by
tools/make_fonts.py), and a character outside it is reported when the case is saved or imported —
with the character, its code point and the field — not first when a document is printed."""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable

LAYOUT_CHARACTERS = frozenset("\n\r\t ")        # breaks and spaces are laid out, not drawn
_KINDS = {"Co": "私人使用区字符", "Cn": "未分配的码位", "Cc": "控制字符", "Cs": "代理码位"}


class Coverage:
    """Sorted, non-overlapping (first, last) code-point ranges."""

    def __init__(self, ranges: Iterable[tuple[int, int]]):
        self.ranges = sorted(ranges)
        self._starts = [lo for lo, _ in self.ranges]
        self._suspect = None

    def suspect(self, text: str) -> bool:
        """False when every character of `text` is covered or laid out, in one regular-expression
        scan (a ledger import asks this of 700,000 texts); True when one may not be — any character
        outside the covered part of the Basic Multilingual Plane, which `in` then decides."""
        if self._suspect is None:
            kept = [(lo, min(hi, 0xFFFF)) for lo, hi in self.ranges if lo <= 0xFFFF]
            kept += [(ord(ch), ord(ch)) for ch in LAYOUT_CHARACTERS]
            self._suspect = re.compile("[^" + "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in kept) + "]")
        return self._suspect.search(text) is not None

    @classmethod
    def parse(cls, text: str) -> "Coverage":
        """Lines "4E00-9FFF" or "3007"; "#" starts a comment."""
        ranges = []
        for line in text.splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                lo, _, hi = line.partition("-")
                ranges.append((int(lo, 16), int(hi or lo, 16)))
        return cls(ranges)

    def __contains__(self, ch: str) -> bool:
        code = ord(ch)
        at = bisect.bisect_right(self._starts, code) - 1
        return at >= 0 and self.ranges[at][0] <= code <= self.ranges[at][1]


def unprintable(fields: Iterable[tuple[str, str | None]], coverage: Coverage) -> list[tuple[str, str]]:
    """(field, character) for each character of each field that no font can draw, each once per
    field, in the order typed."""
    found = []
    for where, text in fields:
        if not text or not coverage.suspect(text):
            continue
        for ch in dict.fromkeys(text):
            if ch not in LAYOUT_CHARACTERS and ch not in coverage:
                found.append((where, ch))
    return found


def char_name(ch: str) -> str:
    """'“𰻞”（U+30EDE）', or '私人使用区字符（U+E000）' for what cannot be shown."""
    kind = _KINDS.get(unicodedata.category(ch))
    return f"{kind or f'“{ch}”'}（U+{ord(ch):04X}）"


def unprintable_message(problems: list[tuple[str, str]], limit: int = 6) -> str:
    """One line for the clerk: where, which character, what to do."""
    listed = "；".join(f"{where}中的{char_name(ch)}" for where, ch in problems[:limit])
    more = f"等{len(problems)}处" if len(problems) > limit else ""
    return f"有字符无法打印（所有文书字体都没有这个字）：{listed}{more}。打印前请改用常用字或同音字，并在备注中说明"
