"""The text a clerk can search a case by (Chinese substring search, DOMAIN.md/DESIGN.md §UI)."""
from __future__ import annotations

from app.db.models import Business, Case, CaseSearch, Complainant

SEPARATOR = "\u0001"   # never typed, so a search cannot match across two fields


def search_text(number: str, person_name: str, phone: str, id_number: str, business_name: str,
                credit_code: str | None, goods: str, platform_no: str, facts: str, request: str) -> str:
    parts = (number, person_name, phone, id_number, business_name, credit_code or "", goods,
             platform_no, facts, request)
    return SEPARATOR.join(p for p in parts if p).lower()


def index_cases(case_ids) -> None:
    """(Re)write the search text of these cases from what is stored now."""
    ids = list(case_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = (Case.select(Case.id, Case.number, Case.goods_name, Case.platform_no, Case.facts,
                            Case.request_text, Complainant.name, Complainant.phone, Complainant.id_number,
                            Business.name, Business.credit_code)
                .join(Complainant, on=(Case.complainant == Complainant.id))
                .switch(Case).join(Business, on=(Case.business == Business.id))
                .where(Case.id.in_(chunk)).tuples())
        for (case_id, number, goods, platform_no, facts, request, p_name, phone, id_number, b_name,
             credit) in rows:
            text = search_text(number, p_name, phone, id_number, b_name, credit, goods, platform_no, facts, request)
            CaseSearch.insert(case=case_id, text=text).on_conflict(
                conflict_target=[CaseSearch.case], update={CaseSearch.text: text}).execute()


def index_party_cases(complainant_id: int | None = None, business_id: int | None = None) -> None:
    """After a complainant's or business's details change, their other cases must still be found."""
    query = Case.select(Case.id)
    if complainant_id is not None:
        query = query.where(Case.complainant == complainant_id)
    if business_id is not None:
        query = query.where(Case.business == business_id)
    index_cases(i for (i,) in query.tuples())
