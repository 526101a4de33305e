"""The mediation agreement (调解协议书) with typed terms, and its performance (DOMAIN.md §7)."""
from __future__ import annotations

from datetime import date

from app.db.connection import write_transaction
from app.db.models import Agreement, AgreementTerm
from app.domain.codes import PERFORMANCE, TERM_TYPES
from app.domain.errors import ErrorCollector, NotAllowed, ValidationFailed
from app.domain.lifecycle import refusal, target_state
from app.domain.money import MoneyError, parse_money
from app.domain.validators import check_length
from app.services import audit
from app.services.context import Actor, require, today
from app.services.inputs import AgreementInput
from app.services.workflow import CaseChange, load_for_update, save_case

_AGREEMENT_FIELDS = ("signed_date", "place", "performance_way", "performance_place",
                     "performance_deadline", "copies")


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
              "performance_deadline": data.performance_deadline, "copies": int(data.copies)}
    return values, terms


def _terms_text(terms: list[dict]) -> str:
    return "；".join(f"{t['seq']}.{TERM_TYPES.label(t['term_type'])} {t['amount'] or ''}".strip() for t in terms)


def record_agreement(actor: Actor, case_id: int, data: AgreementInput,
                     expected_version: int | None = None) -> CaseChange:
    """The parties signed: the case moves to 已达成协议 (or, when already there, the agreement
    is corrected)."""
    require(actor, "mediate")
    values, terms = _check_agreement(data)
    with write_transaction():
        case = load_for_update(case_id, expected_version)
        existing = Agreement.get_or_none(Agreement.case == case_id)
        action = "edit_agreement" if existing else "agree"
        problem = refusal(action, case.state, case.outcome)
        if problem:
            raise NotAllowed(problem)
        if values["signed_date"] < (case.accepted_date or case.received_date):
            raise ValidationFailed.single("signed_date", "签订日期不能早于受理日期")
        if existing:
            before = {f: getattr(existing, f) for f in _AGREEMENT_FIELDS}
            before["terms"] = _terms_text([t.__data__ for t in existing.terms.order_by(AgreementTerm.seq)])
            for key, value in values.items():
                setattr(existing, key, value)
            existing.version += 1
            existing.save()
            AgreementTerm.delete().where(AgreementTerm.agreement == existing.id).execute()
            agreement = existing
            changes = audit.diff(before, values | {"terms": _terms_text(terms)})
        else:
            agreement = Agreement.create(case=case_id, **values)
            changes = audit.created(values | {"terms": _terms_text(terms)})
        for term in terms:
            AgreementTerm.create(agreement=agreement.id, **term)
        old_state = case.state
        case.state = target_state(action, case.state)
        save_case(actor, case, action, "达成调解协议" if action == "agree" else "修改调解协议",
                  changes + audit.diff({"state": old_state}, {"state": case.state}))
    return CaseChange(case.id, case.number, case.state, case.version)


def record_performance(actor: Actor, case_id: int, status: str, day: date | None = None,
                       note: str = "", expected_version: int | None = None) -> CaseChange:
    """履行情况: pending / performed / partly / not performed, with the date."""
    require(actor, "mediate")
    if status not in PERFORMANCE:
        raise ValidationFailed.single("status", "请选择履行情况")
    with write_transaction():
        case = load_for_update(case_id, expected_version)
        problem = refusal("record_performance", case.state, case.outcome)
        if problem:
            raise NotAllowed(problem)
        agreement = Agreement.get_or_none(Agreement.case == case_id)
        if agreement is None:
            raise NotAllowed("该案件没有书面调解协议，无法登记履行情况")
        day = day or today() if status != "pending" else None
        if day and (day > today() or day < agreement.signed_date):
            raise ValidationFailed.single("day", "履行日期应在协议签订之后、今天之前")
        before = {"performance_status": agreement.performance_status, "performance_date": agreement.performance_date,
                  "performance_note": agreement.performance_note}
        after = {"performance_status": status, "performance_date": day, "performance_note": (note or "").strip()}
        for key, value in after.items():
            setattr(agreement, key, value)
        agreement.version += 1
        agreement.save()
        save_case(actor, case, "record_performance", f"登记协议履行（{PERFORMANCE.label(status)}）",
                  audit.diff(before, after))
    return CaseChange(case.id, case.number, case.state, case.version)
