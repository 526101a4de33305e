"""纠纷事实及请求 of a mediation agreement (docs/rules.md §7): what the mediator writes, in a few
sentences both parties sign under — not the complaint, which is the consumer's own words and runs
to 10,000 characters. Its limit and its checks, and the draft a new agreement's form starts from.

An agreement without it (every one signed before schema 19, or one whose mediator left it empty)
prints the complaint's facts and request as it always did (app/reports/documents/agreement.py)."""
from __future__ import annotations

import re

from app.domain.codes import REQUEST_TYPES
from app.domain.validators import check_length, check_plain_text

LABEL = "纠纷事实及请求"
MAX_DISPUTE_FACTS = 2000    # some two thirds of a page at the agreement's 五号: room for the terms and signatures
DRAFT_EXCERPT = 300         # characters of the complaint (and of its request) the draft starts from

# A sentence ends at 。！？ and any closing quote or bracket after it (他说：“不退。” ends after ”).
_SENTENCE_END = re.compile(r"[。！？][”’」』）)]*")
_LINE_BREAKS = re.compile(r"\s*\n\s*")


def dispute_facts_problem(text: str | None) -> str | None:
    """The message beside the field, or None: the length here, control characters by the check
    every free-text field uses (app/domain/validators.py)."""
    return (check_length(text, MAX_DISPUTE_FACTS, LABEL)
            or check_plain_text(text, LABEL, multiline=True))


def excerpt(text: str | None, limit: int = DRAFT_EXCERPT) -> str:
    """The first `limit` characters of `text` on one line, cut after the last whole sentence in
    them and marked with … ; a first sentence longer than `limit` is cut at the limit."""
    flat = _LINE_BREAKS.sub("", (text or "").strip())
    if len(flat) <= limit:
        return flat
    ends = [m.end() for m in _SENTENCE_END.finditer(flat, 0, limit + 1) if m.end() <= limit]
    return flat[:ends[-1] if ends else limit] + "…"


def draft_dispute_facts(facts: str | None, request_types: str | None, request_text: str | None) -> str:
    """What the form offers for a new agreement, for the mediator to rewrite: the complaint cut
    short, then the request as the printed agreement has always worded it (投诉人请求：退货、退款。…)."""
    types = "、".join(REQUEST_TYPES.label(t) for t in (request_types or "").split(",") if t)
    request = excerpt(request_text)
    lines = [excerpt(facts)]
    if types or request:
        lines.append("投诉人请求：" + (f"{types}。" if types else "") + request)
    return "\n".join(line for line in lines if line)
