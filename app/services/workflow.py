"""Decisions and closing paths of a case (DOMAIN.md §2). Each function is one clerk's action:
checked first, then one transaction with one audit row; it returns what changed."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.db.connection import is_postgres, write_transaction
from app.db.models import Agreement, AgreementTerm, Case, User, now
from app.domain.codes import (
    OUTCOMES, PICKABLE_REJECT_GROUNDS, PICKABLE_TERMINATE_GROUNDS, REJECT_GROUNDS, STATES,
    TERMINATE_GROUNDS,
)
from app.domain.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from app.domain.lifecycle import refusal, reopen_target, target_state
from app.domain.money import MoneyError, parse_money
from app.domain.validators import check_length, check_required
from app.services import audit
from app.services.clock import refresh_case_clock
from app.services.context import Actor, require, today


@dataclass
class CaseChange:
    case_id: int
    number: str
    state: str
    version: int
    warnings: list[str] = field(default_factory=list)


def load_for_update(case_id: int, expected_version: int | None = None) -> Case:
    query = Case.select().where(Case.id == case_id)
    if is_postgres():
        query = query.for_update()
    case = query.first()
    if case is None:
        raise NotFound("案件不存在或已被删除")
    if expected_version is not None and case.version != expected_version:
        when = case.updated_at.strftime("%Y-%m-%d %H:%M") if case.updated_at else ""
        raise Conflict(f"案件 {case.number} 已被 {case.updated_by_name or '其他用户'} 于 {when} 修改；"
                       "您填写的内容已保留，请刷新后核对再保存", case.updated_by_name, case.updated_at)
    return case


def save_case(actor: Actor, case: Case, action: str, summary: str, changes: list[dict]) -> Case:
    """Recompute the clock, bump the version and write the audit row — inside the caller's
    transaction."""
    refresh_case_clock(case)
    old_version = case.version
    case.version = old_version + 1
    case.updated_at, case.updated_by_name = now(), actor.display_name
    data = {k: v for k, v in case.__data__.items() if k != "id"}
    if Case.update(**data).where((Case.id == case.id) & (Case.version == old_version)).execute() != 1:
        raise Conflict(f"案件 {case.number} 刚被其他用户修改，请刷新后重试")
    audit.record(actor, action, "case", case.id, case_id=case.id, summary=f"{summary} {case.number}",
                 changes=changes)
    return case


_TRACKED = ("state", "outcome", "accepted_date", "closed_date", "reject_ground", "reject_text",
            "transfer_to", "transfer_reason", "terminate_ground", "terminate_text", "close_note",
            "recovered", "punitive", "notice_sent_date", "mediator_id")


def _snapshot(case: Case) -> dict:
    return {f: getattr(case, f) for f in _TRACKED}


def _act(actor: Actor, case_id: int, action: str, permission: str, expected_version: int | None,
         summary: str, apply) -> CaseChange:
    require(actor, permission)
    with write_transaction():
        case = load_for_update(case_id, expected_version)
        problem = refusal(action, case.state, case.outcome)
        if problem:
            raise NotAllowed(problem)
        before = _snapshot(case)
        warnings = apply(case) or []
        if action != "reopen":
            case.state = target_state(action, case.state)
        save_case(actor, case, action, summary, audit.diff(before, _snapshot(case)))
    return CaseChange(case.id, case.number, case.state, case.version, warnings)


def _check_day(case: Case, day: date | None, what: str, after_acceptance: bool = False) -> date:
    day = day or today()
    if day > today():
        raise ValidationFailed.single("day", f"{what}不能晚于今天")
    if day < case.received_date:
        raise ValidationFailed.single("day", f"{what}不能早于登记日期 {case.received_date.isoformat()}")
    if after_acceptance and case.accepted_date and day < case.accepted_date:
        raise ValidationFailed.single("day", f"{what}不能早于受理日期 {case.accepted_date.isoformat()}")
    return day


def _check_mediator(mediator_id: int | None) -> None:
    if mediator_id is None:
        return
    user = User.get_or_none(id=mediator_id)
    if user is None or not user.active or user.role not in ("mediator", "admin"):
        raise ValidationFailed.single("mediator_id", "所选调解员不存在或已停用")


def _required_text(field_name: str, value: str, label: str, limit: int = 2000) -> str:
    value = (value or "").strip()
    problem = check_required(value, label) or check_length(value, limit, label)
    if problem:
        raise ValidationFailed.single(field_name, problem)
    return value


def _amount(field_name: str, value, label: str) -> Decimal | None:
    try:
        return parse_money(value, label)
    except MoneyError as exc:
        raise ValidationFailed.single(field_name, str(exc)) from None


# ---------------------------------------------------------------- decisions on a new complaint
def accept(actor: Actor, case_id: int, day: date | None = None, mediator_id: int | None = None,
           expected_version: int | None = None) -> CaseChange:
    _check_mediator(mediator_id)

    def apply(case: Case):
        case.accepted_date = _check_day(case, day, "受理日期")
        if mediator_id is not None:
            case.mediator = mediator_id
    return _act(actor, case_id, "accept", "decide", expected_version, "受理", apply)


def reject(actor: Actor, case_id: int, ground: str, text: str = "", day: date | None = None,
           expected_version: int | None = None) -> CaseChange:
    if ground not in PICKABLE_REJECT_GROUNDS:
        raise ValidationFailed.single("ground", "请选择不予受理的理由（O121 第十六条）")

    def apply(case: Case):
        case.closed_date = _check_day(case, day, "不予受理决定日期")
        case.outcome, case.reject_ground, case.reject_text = "rejected", ground, (text or "").strip()
    return _act(actor, case_id, "reject", "decide", expected_version,
                f"不予受理（{REJECT_GROUNDS.label(ground)[:4]}）", apply)


def transfer(actor: Actor, case_id: int, to: str, reason: str, day: date | None = None,
             expected_version: int | None = None) -> CaseChange:
    to = _required_text("transfer_to", to, "移送/转办的单位", 120)
    reason = _required_text("transfer_reason", reason, "移送理由")

    def apply(case: Case):
        case.closed_date = _check_day(case, day, "移送日期")
        case.outcome, case.transfer_to, case.transfer_reason = "transferred", to, reason
    return _act(actor, case_id, "transfer", "decide", expected_version, "移送", apply)


def withdraw(actor: Actor, case_id: int, reason: str = "", day: date | None = None,
             expected_version: int | None = None) -> CaseChange:
    def apply(case: Case):
        case.closed_date = _check_day(case, day, "撤回日期")
        case.outcome, case.close_note = "withdrawn", (reason or "").strip()
    return _act(actor, case_id, "withdraw", "decide", expected_version, "投诉人撤回", apply)


# ---------------------------------------------------------------- closing after mediation
def terminate(actor: Actor, case_id: int, ground: str, text: str = "", day: date | None = None,
              expected_version: int | None = None) -> CaseChange:
    if ground not in PICKABLE_TERMINATE_GROUNDS:
        raise ValidationFailed.single("ground", "请选择终止调解的理由（O121 第二十三条）")

    def apply(case: Case):
        case.closed_date = _check_day(case, day, "终止调解日期", after_acceptance=True)
        case.outcome, case.terminate_ground, case.terminate_text = "terminated", ground, (text or "").strip()
        return ["请在7个工作日内将终止调解告知书送达当事人，送达后登记送达日期"]
    return _act(actor, case_id, "terminate", "mediate", expected_version,
                f"终止调解（{TERMINATE_GROUNDS.label(ground)[:4]}）", apply)


def settle(actor: Actor, case_id: int, day: date | None = None, recovered=None, punitive=None,
           note: str = "", expected_version: int | None = None) -> CaseChange:
    recovered_amount = _amount("recovered", recovered, "挽回经济损失")
    punitive_amount = _amount("punitive", punitive, "加倍赔偿金额")

    def apply(case: Case):
        case.closed_date = _check_day(case, day, "办结日期", after_acceptance=True)
        case.outcome, case.close_note = "settled", (note or "").strip()
        case.recovered, case.punitive = recovered_amount or Decimal("0.00"), punitive_amount
    return _act(actor, case_id, "settle", "mediate", expected_version, "办结（自行和解）", apply)


def agreement_totals(case_id: int) -> tuple[Decimal, Decimal]:
    """(all amounts, punitive amounts) of the case's agreement terms."""
    terms = (AgreementTerm.select(AgreementTerm.term_type, AgreementTerm.amount)
             .join(Agreement).where(Agreement.case == case_id))
    total = sum((t.amount or Decimal("0.00") for t in terms), Decimal("0.00"))
    punitive = sum((t.amount or Decimal("0.00") for t in terms if t.term_type == "punitive"), Decimal("0.00"))
    return total, punitive


def close_mediated(actor: Actor, case_id: int, day: date | None = None, recovered=None, punitive=None,
                   note: str = "", expected_version: int | None = None) -> CaseChange:
    """Close a case whose mediation succeeded. Amounts default to the agreement's terms."""
    recovered_amount = _amount("recovered", recovered, "挽回经济损失")
    punitive_amount = _amount("punitive", punitive, "加倍赔偿金额")

    def apply(case: Case):
        case.closed_date = _check_day(case, day, "办结日期", after_acceptance=True)
        total, punitive_total = agreement_totals(case.id)
        case.outcome, case.close_note = "mediated", (note or "").strip()
        case.recovered = recovered_amount if recovered_amount is not None else total
        case.punitive = punitive_amount if punitive_amount is not None else (punitive_total or None)
    return _act(actor, case_id, "close_mediated", "mediate", expected_version, "办结（调解成功）", apply)


def record_notice(actor: Actor, case_id: int, day: date | None = None,
                  expected_version: int | None = None) -> CaseChange:
    def apply(case: Case):
        notice_day = day or today()
        if notice_day > today() or (case.closed_date and notice_day < case.closed_date):
            raise ValidationFailed.single("day", "送达日期应在终止调解之后、今天之前")
        case.notice_sent_date = notice_day
    return _act(actor, case_id, "record_notice", "mediate", expected_version, "终止调解告知书送达", apply)


def reopen(actor: Actor, case_id: int, reason: str, expected_version: int | None = None) -> CaseChange:
    """A supervisor reopens a closed case (e.g. after an unsatisfied follow-up)."""
    reason = _required_text("reason", reason, "重新打开的理由")

    def apply(case: Case):
        has_agreement = Agreement.select().where(Agreement.case == case.id).exists()
        case.state = reopen_target(case.outcome, case.accepted_date is not None, has_agreement)
        case.outcome = case.closed_date = case.recovered = case.punitive = None
        case.reject_ground = case.terminate_ground = case.notice_sent_date = None
        case.close_note = f"重新打开：{reason}"
    return _act(actor, case_id, "reopen", "reopen", expected_version, f"重新打开（{reason[:30]}）", apply)


def describe_state(case: Case) -> str:
    if case.state == "closed" and case.outcome:
        return f"{STATES.label('closed')}（{OUTCOMES.label(case.outcome)}）"
    return STATES.label(case.state)

