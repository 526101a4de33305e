"""Decisions and closing paths of a case (docs/case-actions.md). Each function is one clerk's
action, run by the executor (app/services/case_actions.py): checked first, then one transaction
with one audit row; it returns what changed. The steps below are what each action writes."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.db.models import Agreement, AgreementTerm, Case, FollowUp
from app.domain import grounds
from app.domain.codes import REJECT_GROUNDS, TERMINATE_GROUNDS
from app.domain.lifecycle import reopen_target
from app.domain.money import agreement_total
from app.services.case_actions import Applied, CaseChange, perform, step
from app.services.context import Actor


# ---------------------------------------------------------------- decisions on a new complaint
def accept(actor: Actor, case_id: int, day: date | None = None, mediator_id: int | None = None,
           expected_version: int | None = None) -> CaseChange:
    return perform(actor, case_id, "accept", {"day": day, "mediator_id": mediator_id}, expected_version)


@step("accept")
def _accept(actor: Actor, case: Case, facts: dict) -> None:
    case.accepted_date = facts["day"]
    if facts["mediator_id"] is not None:
        case.mediator = facts["mediator_id"]


def reject(actor: Actor, case_id: int, ground: str, text: str = "", day: date | None = None,
           expected_version: int | None = None) -> CaseChange:
    return perform(actor, case_id, "reject", {"ground": ground, "text": text, "day": day}, expected_version)


@step("reject")
def _reject(actor: Actor, case: Case, facts: dict) -> Applied:
    case.closed_date = facts["day"]
    case.outcome, case.reject_ground, case.reject_text = "rejected", facts["ground"], facts["text"]
    return Applied(summary=f"不予受理（{grounds.cited(facts['ground'], REJECT_GROUNDS.label(facts['ground']))}）")


def transfer(actor: Actor, case_id: int, to: str, reason: str, day: date | None = None,
             expected_version: int | None = None) -> CaseChange:
    return perform(actor, case_id, "transfer", {"transfer_to": to, "transfer_reason": reason, "day": day},
                   expected_version)


@step("transfer")
def _transfer(actor: Actor, case: Case, facts: dict) -> None:
    case.closed_date = facts["day"]
    case.outcome, case.transfer_to, case.transfer_reason = "transferred", facts["transfer_to"], facts["transfer_reason"]


def withdraw(actor: Actor, case_id: int, reason: str = "", day: date | None = None,
             expected_version: int | None = None) -> CaseChange:
    return perform(actor, case_id, "withdraw", {"reason": reason, "day": day}, expected_version)


@step("withdraw")
def _withdraw(actor: Actor, case: Case, facts: dict) -> Applied:
    case.closed_date = facts["day"]
    case.outcome, case.close_note = "withdrawn", facts["reason"]
    return Applied(summary="投诉人撤回")


# ---------------------------------------------------------------- closing after mediation
def terminate(actor: Actor, case_id: int, ground: str, text: str = "", day: date | None = None,
              expected_version: int | None = None) -> CaseChange:
    return perform(actor, case_id, "terminate", {"ground": ground, "text": text, "day": day}, expected_version)


@step("terminate")
def _terminate(actor: Actor, case: Case, facts: dict) -> Applied:
    case.closed_date = facts["day"]
    case.outcome, case.terminate_ground, case.terminate_text = "terminated", facts["ground"], facts["text"]
    return Applied(summary=f"终止调解（{grounds.cited(facts['ground'], TERMINATE_GROUNDS.label(facts['ground']))}）",
                   warnings=["请在7个工作日内将终止调解告知书送达当事人，送达后登记送达日期"])


def settle(actor: Actor, case_id: int, day: date | None = None, recovered=None, punitive=None,
           note: str = "", expected_version: int | None = None) -> CaseChange:
    return perform(actor, case_id, "settle", _close_facts(day, recovered, punitive, note), expected_version)


@step("settle")
def _settle(actor: Actor, case: Case, facts: dict) -> None:
    case.closed_date = facts["day"]
    case.outcome, case.close_note = "settled", facts["note"]
    case.recovered, case.punitive = facts["recovered"] or Decimal("0.00"), facts["punitive"]


def agreement_totals(case_id: int) -> tuple[Decimal, Decimal]:
    """(all amounts, punitive amounts) of the case's agreement terms."""
    terms = list(AgreementTerm.select(AgreementTerm.term_type, AgreementTerm.amount)
                 .join(Agreement).where(Agreement.case == case_id).dicts())
    return agreement_total(terms), agreement_total(terms, only="punitive")


def close_mediated(actor: Actor, case_id: int, day: date | None = None, recovered=None, punitive=None,
                   note: str = "", expected_version: int | None = None) -> CaseChange:
    """Close a case whose mediation succeeded. Amounts default to the agreement's terms."""
    return perform(actor, case_id, "close_mediated", _close_facts(day, recovered, punitive, note), expected_version)


@step("close_mediated")
def _close_mediated(actor: Actor, case: Case, facts: dict) -> None:
    total, punitive_total = agreement_totals(case.id)
    case.closed_date = facts["day"]
    case.outcome, case.close_note = "mediated", facts["note"]
    case.recovered = facts["recovered"] if facts["recovered"] is not None else total
    case.punitive = facts["punitive"] if facts["punitive"] is not None else (punitive_total or None)


def _close_facts(day, recovered, punitive, note) -> dict:
    return {"day": day, "recovered": recovered, "punitive": punitive, "note": note}


def record_notice(actor: Actor, case_id: int, day: date | None = None,
                  expected_version: int | None = None) -> CaseChange:
    return perform(actor, case_id, "record_notice", {"day": day}, expected_version)


@step("record_notice")
def _record_notice(actor: Actor, case: Case, facts: dict) -> Applied:
    case.notice_sent_date = facts["day"]
    return Applied(summary="终止调解告知书送达")


def reopen(actor: Actor, case_id: int, reason: str, expected_version: int | None = None) -> CaseChange:
    """A supervisor reopens a closed case (e.g. after an unsatisfied follow-up)."""
    return perform(actor, case_id, "reopen", {"reason": reason}, expected_version)


@step("reopen")
def _reopen(actor: Actor, case: Case, facts: dict) -> Applied:
    has_agreement = Agreement.select().where(Agreement.case == case.id).exists()
    case.state = reopen_target(case.outcome, case.accepted_date is not None, has_agreement)
    case.outcome = case.closed_date = case.recovered = case.punitive = None
    case.reject_ground = case.terminate_ground = case.notice_sent_date = None
    case.close_note = f"重新打开：{facts['reason']}"
    # reopening is the supervisor's answer to an unsatisfied follow-up: its task is dealt with
    handled = (FollowUp.update(supervisor_done=True)
               .where((FollowUp.case == case.id) & (FollowUp.needs_supervisor == True)  # noqa: E712 - a peewee expression, not a Python comparison
                      & (FollowUp.supervisor_done == False)).execute())  # noqa: E712 - a peewee expression, not a Python comparison
    changes = [{"field": "supervisor_done", "old": False, "new": True}] if handled else []
    return Applied(summary=f"重新打开（{facts['reason'][:30]}）", changes=changes)

