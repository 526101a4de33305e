"""Citations in the official form: 第十六条第一款第（三）项 — article, paragraph (款), item (项),
in Chinese numerals; an article that has one paragraph only is cited without 款 (第十五条第（一）项),
as the national legislative drafting practice writes it."""
from __future__ import annotations

from typing import NamedTuple

_DIGITS = "零一二三四五六七八九"


def chinese_number(number: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 37 → 三十七, 105 → 一百零五, 148 → 一百四十八 (up to 999)."""
    if not 0 < number < 1000:
        raise ValueError(f"number out of range: {number}")
    hundreds, rest = divmod(number, 100)
    tens, ones = divmod(rest, 10)
    text = f"{_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    if ones:
        text += _DIGITS[ones]
    return text


def item_mark(item: int) -> str:
    """3 → （三） (full-width brackets, as an item is numbered in the text of a law)."""
    return f"（{chinese_number(item)}）"


class Citation(NamedTuple):
    """A place in a law: article, paragraph (None: the article has no paragraphs), item."""
    article: int
    paragraph: int | None = None
    item: int | None = None

    def text(self) -> str:
        out = f"第{chinese_number(self.article)}条"
        if self.paragraph is not None:
            out += f"第{chinese_number(self.paragraph)}款"
        if self.item is not None:
            out += f"第{item_mark(self.item)}项"
        return out


def period_words(days: int, unit: str) -> str:
    """45, working → 四十五个工作日; 60, natural → 六十日 (how a rule writes a time limit)."""
    return f"{chinese_number(days)}个工作日" if unit == "working" else f"{chinese_number(days)}日"
