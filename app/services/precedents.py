"""Precedents while mediating (issue 13, part 4): the closed cases most like an open one, with how
each ended, so that a mediator can propose what has worked before.

"Most like" is a score a careful mediator would accept (docs/rules.md is silent on it):
- similar facts — the database's own full-text ranking of the facts, goods and request
  (app/db/fts.py: FTS5 bm25 on SQLite, pg_trgm similarity on PostgreSQL), scaled so the closest
  case scores 4;
- the same business +3 (how this business settles), the same goods or service category +2 (the
  same 大类 only +1), the same nature +2;
- ended by agreement or settlement +0.5, marked a typical case +0.5 (what worked, what was
  written up).
Candidates are the cases with similar facts plus the most recent closed cases of the same business
and of the same category and nature, so a structural match is never missed for want of words.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.db.fts import similar_closed_cases
from app.db.models import Agreement, AgreementTerm, Business, Case
from app.domain.codes import OUTCOMES, RESOLVED_OUTCOMES, TERM_TYPES
from app.domain.search_text import search_term
from app.services.settings import labels

SHOWN = 8
TEXT_CANDIDATES = 100
STRUCTURAL_CANDIDATES = 50
TEXT_WEIGHT = 4.0
WEIGHTS = {"business": 3.0, "category": 2.0, "major": 1.0, "nature": 2.0, "resolved": 0.5, "typical": 0.5}


@dataclass
class Precedent:
    case_id: int
    number: str
    closed_date: date | None
    business: str
    category: str
    nature: str
    outcome: str                  # label
    recovered: Decimal | None
    terms: list[str] = field(default_factory=list)
    typical_summary: str = ""
    reasons: list[str] = field(default_factory=list)   # 同一经营者, 同类商品或服务, 同性质, 事实相近
    score: float = 0.0


def _probe(case: Case) -> str:
    """The words of the dispute (not names or numbers), as the search text has them."""
    return search_term(" ".join(p for p in (case.goods_name, case.facts, case.request_text) if p))


def _structural_candidates(case: Case) -> set[int]:
    closed = Case.select(Case.id).where((Case.state == "closed") & (Case.id != case.id))
    recent = (Case.id.desc(),)     # newest first, read backwards along the business / category index
    same_business = closed.where(Case.business == case.business_id).order_by(*recent).limit(STRUCTURAL_CANDIDATES)
    same_kind = (closed.where((Case.category_code == case.category_code) & (Case.nature_code == case.nature_code))
                 .order_by(*recent).limit(STRUCTURAL_CANDIDATES))
    return {i for (i,) in same_business.tuples()} | {i for (i,) in same_kind.tuples()}


def _score(case: Case, row: dict, text_score: float) -> tuple[float, list[str]]:
    score, reasons = TEXT_WEIGHT * text_score, []
    if text_score > 0:
        reasons.append("事实相近")
    if row["business"] == case.business_id:
        score += WEIGHTS["business"]
        reasons.append("同一经营者")
    if row["category_code"] == case.category_code:
        score += WEIGHTS["category"]
        reasons.append("同类商品或服务")
    elif row["category_major"] == case.category_major:
        score += WEIGHTS["major"]
        reasons.append("同一大类")
    if row["nature_code"] == case.nature_code:
        score += WEIGHTS["nature"]
        reasons.append("同性质")
    score += WEIGHTS["resolved"] * (row["outcome"] in RESOLVED_OUTCOMES) + WEIGHTS["typical"] * bool(row["typical"])
    return score, reasons


def find_precedents(case_id: int, limit: int = SHOWN) -> list[Precedent]:
    """The closed cases most like case `case_id`, closest first (none for a case not found)."""
    case = Case.get_or_none(Case.id == case_id)
    if case is None:
        return []
    text = similar_closed_cases(_probe(case), case.id, TEXT_CANDIDATES)
    best = max(text.values(), default=0.0)
    candidates = set(text) | _structural_candidates(case)
    if not candidates:
        return []
    rows = (Case.select(Case.id, Case.number, Case.closed_date, Case.business, Case.category_code,
                        Case.category_major, Case.nature_code, Case.outcome, Case.recovered, Case.typical,
                        Case.typical_summary, Business.name.alias("business_name"))
            .join(Business, on=(Case.business == Business.id)).where(Case.id.in_(list(candidates))).dicts())
    scored = []
    for row in rows:
        score, reasons = _score(case, row, text.get(row["id"], 0.0) / best if best > 0 else 0.0)
        scored.append((-score, -(row["closed_date"] or date.min).toordinal(), row["id"], row, reasons, score))
    scored.sort(key=lambda s: s[:3])
    chosen = scored[:limit]
    terms = _terms_of([s[2] for s in chosen])
    categories, natures = labels("category"), labels("nature")
    return [Precedent(case_id=row["id"], number=row["number"], closed_date=row["closed_date"],
                      business=row["business_name"], category=categories.get(row["category_code"], row["category_code"]),
                      nature=natures.get(row["nature_code"], row["nature_code"]),
                      outcome=OUTCOMES.label(row["outcome"]) if row["outcome"] else "",
                      recovered=row["recovered"], terms=terms.get(row["id"], []),
                      typical_summary=row["typical_summary"] if row["typical"] else "", reasons=reasons,
                      score=round(score, 2))
            for *_, row, reasons, score in chosen]


def _terms_of(case_ids: list[int]) -> dict[int, list[str]]:
    """Each case's agreement terms as one line each: 退款 经营者退还货款 3,999.00 元."""
    if not case_ids:
        return {}
    out: dict[int, list[str]] = {}
    query = (AgreementTerm.select(Agreement.case, AgreementTerm.term_type, AgreementTerm.description,
                                  AgreementTerm.amount)
             .join(Agreement).where(Agreement.case.in_(case_ids)).order_by(AgreementTerm.seq).tuples())
    for case, kind, description, amount in query:
        money = f" {amount:,.2f} 元" if amount is not None else ""
        out.setdefault(case, []).append(f"{TERM_TYPES.label(kind)}：{description}{money}")
    return out
