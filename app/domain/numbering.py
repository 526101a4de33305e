"""Case numbers from the office's format, e.g. 消调〔2026〕第15号 (docs/rules.md §9).

The sequence is per year and never repeats; the database layer hands out the next value
atomically. This module only formats, checks formats and reads numbers back.
"""
from __future__ import annotations

import re
from functools import lru_cache

PLACEHOLDERS = ("代字", "年", "序号")
# A county office registers a few thousand complaints a year: a sequence beyond this is a typing
# error or a hostile file, never a number to move the counter to (issue 14: 第9223372036854775807号).
MAX_SEQUENCE = 999_999
FIRST_YEAR = 1980
_FIELD_RE = re.compile(r"\{([^{}]*)\}")


def check_format(fmt: str) -> str | None:
    """A message when the format cannot produce unique numbers, else None."""
    names = _FIELD_RE.findall(fmt or "")
    unknown = [n for n in names if n not in PLACEHOLDERS]
    if unknown:
        return f"编号格式中有未知的占位符：{'、'.join('{' + n + '}' for n in unknown)}；可用：{{代字}} {{年}} {{序号}}"
    if "年" not in names or "序号" not in names:
        return "编号格式必须包含 {年} 和 {序号}，否则不同年份的编号会重复"
    if len(names) != len(set(names)):
        return "编号格式中每个占位符只能出现一次"
    return None


def format_number(fmt: str, code: str, year: int, seq: int, width: int = 0) -> str:
    values = {"代字": code, "年": str(year), "序号": str(seq).zfill(width) if width else str(seq)}
    return _FIELD_RE.sub(lambda m: values[m.group(1)], fmt)


def parse_number(fmt: str, code: str, number: str) -> tuple[int, int] | None:
    """(year, seq) of a number written in this format with this 代字, else None.
    Used so that imported numbers push the sequence past them."""
    found = _number_pattern(fmt, code).fullmatch((number or "").strip())
    if not found:
        return None
    return int(found.group("year")), int(found.group("seq"))


@lru_cache(maxsize=8)
def _number_pattern(fmt: str, code: str) -> re.Pattern:
    """The format as a regular expression, compiled once (an import parses every row's number twice)."""
    pattern, pos = "", 0
    for m in _FIELD_RE.finditer(fmt):
        pattern += re.escape(fmt[pos:m.start()])
        name = m.group(1)
        pattern += {"代字": re.escape(code), "年": r"(?P<year>\d{4})", "序号": r"(?P<seq>\d+)"}[name]
        pos = m.end()
    return re.compile(pattern + re.escape(fmt[pos:]))


def sequence_problem(year: int, seq: int, this_year: int) -> str | None:
    """Why (year, seq) of a case number cannot be used, or None when it can."""
    if not 1 <= seq <= MAX_SEQUENCE:
        return f"案件编号中的序号 {seq} 超出范围（1–{MAX_SEQUENCE}），请核对编号"
    if not FIRST_YEAR <= year <= this_year:
        return f"案件编号中的年份 {year} 不合理（应在 {FIRST_YEAR}–{this_year} 年之间），请核对编号"
    return None
