"""The text a clerk can search a case by (Chinese substring search, docs/rules.md §4)."""
from __future__ import annotations

from app.db.models import Business, Case, CaseSearch, Complainant
from app.domain.search_text import pii_text, search_text


def search_columns(number: str, person_name: str, phone: str, id_number: str, business_name: str,
                   credit_code: str | None, goods: str, platform_no: str, facts: str, request: str) -> dict:
    """The two columns of a case's search row (app/domain/search_text.py)."""
    return {"text": search_text(number, person_name, business_name, credit_code, goods, platform_no, facts, request),
            "pii": pii_text(phone, id_number)}


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
            values = search_columns(number, p_name, phone, id_number, b_name, credit, goods, platform_no, facts,
                                    request)
            CaseSearch.insert(case=case_id, **values).on_conflict(
                conflict_target=[CaseSearch.case],
                update={CaseSearch.text: values["text"], CaseSearch.pii: values["pii"]}).execute()


def index_party_cases(complainant_id: int | None = None, business_id: int | None = None) -> None:
    """After a complainant's or business's details change, their other cases must still be found."""
    query = Case.select(Case.id)
    if complainant_id is not None:
        query = query.where(Case.complainant == complainant_id)
    if business_id is not None:
        query = query.where(Case.business == business_id)
    index_cases(i for (i,) in query.tuples())
