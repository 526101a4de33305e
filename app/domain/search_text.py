"""What a case can be searched by (docs/rules.md §4), in two parts (docs/rules.md §11, issue 14):

- `text`: number, names, business, credit code, goods, platform number, facts, request — found
  by any fragment;
- `pii`: the complainant's phone and ID number — found by any fragment only for a role with
  "view_pii"; for the others only in full or by their last 4 characters, so the masked
  `310104********750X` cannot be completed one digit at a time through the search box.
"""
from __future__ import annotations

import re

SEPARATOR = "\u0001"   # never typed, so a search cannot match across two fields
TAIL = 4
SHORTEST_TRIGRAM = 3   # a term this long is a trigram phrase of the search index (app/db/fts.py)
# Two separators close each text, so that every one- or two-character fragment — the last
# character too — begins a trigram of the search index.
END = SEPARATOR * 2
_NOT_IN_A_NUMBER = re.compile(r"[\s\-()（）]")


def search_text(number: str, person_name: str, business_name: str, credit_code: str | None, goods: str,
                platform_no: str, facts: str, request: str) -> str:
    """Closed by END (app/db/fts.py finds short fragments by the trigrams they begin)."""
    parts = (number, person_name, business_name, credit_code or "", goods, platform_no, facts, request)
    return SEPARATOR.join(p for p in parts if p).lower() + END


def pii_text(*numbers: str) -> str:
    """Each number between separators (`\\x01138…\\x01110…\\x01\\x01`), so that a whole number and
    a number's end can be told from a fragment; closed by END like the text."""
    kept = [n.lower() for n in numbers if n]
    return SEPARATOR + SEPARATOR.join(kept) + END if kept else ""


def search_term(text: str | None) -> str:
    """The typed search as it is compared: lower case, without control characters (a NUL would
    stop PostgreSQL) or the separator."""
    return re.sub(r"[\x00-\x1f\x7f]", "", text or "").strip().lower()


def pii_patterns(term: str) -> list[str]:
    """For a role without "view_pii": the substrings of the `pii` column that a term may match —
    the whole number, or its last 4 characters. Empty when the term cannot be either."""
    compact = _NOT_IN_A_NUMBER.sub("", term)
    if not compact or not re.fullmatch(r"[0-9x+]+", compact):
        return []
    compact = compact.removeprefix("+86")
    patterns = [SEPARATOR + compact + SEPARATOR]
    if len(compact) == TAIL:
        patterns.append(compact + SEPARATOR)
    return patterns


def fts_string(text: str) -> str:
    """`text` as one FTS5 string (a phrase of its trigrams): quoted, inner quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


def is_word_gram(gram: str) -> bool:
    """A trigram of words for comparing facts (the precedents panel): letters only — dates,
    amounts and punctuation would make every complaint look like every other one."""
    return all(ch.isalpha() for ch in gram)
