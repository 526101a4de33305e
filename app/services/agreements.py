"""The mediation agreement (调解协议书) with typed terms, and its performance (docs/case-actions.md).
Both are case actions run by the executor (app/services/case_actions.py)."""
from __future__ import annotations

from datetime import date

from app.db.models import Agreement, AgreementTerm
from app.domain.agreement_facts import dispute_facts_problem
from app.domain.codes import PERFORMANCE, TERM_TYPES
from app.domain.errors import ErrorCollector, NotAllowed, ValidationFailed
from app.domain.money import MoneyError, parse_money
from app.domain.validators import check_length
from app.services import audit
from app.services.case_actions import Applied, CaseChange, perform, step
from app.services.context import Actor, today
from app.services.inputs import AgreementInput

_AGREEMENT_FIELDS = ("signed_date", "place", "performance_way", "performance_place",
                     "performance_deadline", "copies", "dispute_facts")


def _check_agreement(data: AgreementInput) -> tuple[dict, list[dict]]:
    errors = ErrorCollector()
    signed = data.signed_date or today()
    if signed > today():
        errors.add("signed_date", "签订日期不能晚于今天")
    if not data.terms:
        errors.add("terms", "协议至少要有一项约定内容")
    if not (data.performance_way or "").strip():
        errors.add("performance_way", "请填写履行方式")
    if data.performance_deadline and data.performance_deadline < signed:
        errors.add("performance_deadline", "履行期限不能早于签订日期")
    if not 2 <= int(data.copies or 0) <= 10:
        errors.add("copies", "协议份数应在2到10份之间")
    dispute_facts = (data.dispute_facts or "").strip()
    errors.check("dispute_facts", dispute_facts_problem(dispute_facts))
    terms = []
    for i, term in enumerate(data.terms):
        key = f"terms.{i}"
        if term.term_type not in TERM_TYPES:
            errors.add(f"{key}.term_type", "请选择约定类型")
        description = (term.description or "").strip()
        if not description:
            errors.add(f"{key}.description", f"第{i + 1}项约定内容不能为空")
        errors.check(f"{key}.description", check_length(description, 2000, f"第{i + 1}项约定内容"))
        try:
            amount = parse_money(term.amount, f"第{i + 1}项金额")
        except MoneyError as exc:
            errors.add(f"{key}.amount", str(exc))
            amount = None
        if term.term_type in ("refund", "compensate", "punitive") and amount is None:
            errors.add(f"{key}.amount", f"第{i + 1}项（{TERM_TYPES.label(term.term_type)}）须填写金额")
        if term.deadline and term.deadline < signed:
            errors.add(f"{key}.deadline", f"第{i + 1}项履行期限不能早于签订日期")
        terms.append({"seq": i + 1, "term_type": term.term_type, "description": description,
                      "amount": amount, "deadline": term.deadline})
    errors.raise_if_any("协议内容有误，请按提示修改")
    values = {"signed_date": signed, "place": (data.place or "").strip(),
              "performance_way": data.performance_way.strip(),
              "performance_place": (data.performance_place or "").strip(),
              "performance_deadline": data.performance_deadline, "copies": int(data.copies),
              # empty is NULL, as on the agreements from before schema 19: one meaning, "print the complaint"
              "dispute_facts": dispute_facts or None}
    return values, terms


def _terms_text(terms: list[dict]) -> str:
    return "；".join(f"{t['seq']}.{TERM_TYPES.label(t['term_type'])} {t['amount'] or ''}".strip() for t in terms)


def record_agreement(actor: Actor, case_id: int, data: AgreementInput,
                     expected_version: int | None = None) -> CaseChange:
    """The parties signed: the case moves to 已达成协议 (or, when already there, the agreement
    is corrected)."""
    action = "edit_agreement" if Agreement.select().where(Agreement.case == case_id).exists() else "agree"
    return perform(actor, case_id, action, {"data": data}, expected_version)


def _checked(facts: dict) -> dict:
    values, terms = _check_agreement(facts["data"])
    return facts | {"values": values, "terms": terms}


@step("agree", check=_checked)
@step("edit_agreement", check=_checked)
def _save_agreement(actor: Actor, case, facts: dict) -> Applied:
    values, terms = facts["values"], facts["terms"]
    if values["signed_date"] < (case.accepted_date or case.received_date):
        raise ValidationFailed.single("signed_date", "签订日期不能早于受理日期")
    existing = Agreement.get_or_none(Agreement.case == case.id)
    if existing:
        before = {f: getattr(existing, f) for f in _AGREEMENT_FIELDS}
        before["terms"] = _terms_text(list(existing.terms.order_by(AgreementTerm.seq).dicts()))
        for key, value in values.items():
            setattr(existing, key, value)
        existing.version += 1
        existing.save()
        AgreementTerm.delete().where(AgreementTerm.agreement == existing.id).execute()
        agreement = existing
        changes = audit.diff(before, values | {"terms": _terms_text(terms)})
    else:
        agreement = Agreement.create(case=case.id, **values)
        changes = audit.created(values | {"terms": _terms_text(terms)})
    for term in terms:
        AgreementTerm.create(agreement=agreement.id, **term)
    return Applied(summary="修改调解协议" if existing else "达成调解协议", changes=changes, record_id=agreement.id)


def record_performance(actor: Actor, case_id: int, status: str, day: date | None = None,
                       note: str = "", expected_version: int | None = None) -> CaseChange:
    """履行情况: pending / performed / partly / not performed, with the date."""
    return perform(actor, case_id, "record_performance", {"status": status, "day": day, "note": note},
                   expected_version)


@step("record_performance")
def _record_performance(actor: Actor, case, facts: dict) -> Applied:
    agreement = Agreement.get_or_none(Agreement.case == case.id)
    if agreement is None:
        raise NotAllowed("该案件没有书面调解协议，无法登记履行情况")
    status = facts["status"]
    day = None if status == "pending" else facts["day"]
    if day and day < agreement.signed_date:
        raise ValidationFailed.single("day", "履行日期应在协议签订之后、今天之前")
    before = {"performance_status": agreement.performance_status, "performance_date": agreement.performance_date,
              "performance_note": agreement.performance_note}
    after = {"performance_status": status, "performance_date": day, "performance_note": facts["note"]}
    for key, value in after.items():
        setattr(agreement, key, value)
    agreement.version += 1
    agreement.save()
    return Applied(summary=f"登记协议履行（{PERFORMANCE.label(status)}）", changes=audit.diff(before, after))
