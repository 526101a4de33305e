"""司法确认 of a case's agreement (docs/rules.md §7, 民事诉讼法 Art. 205–206): the joint application
to a court and the court's ruling, both case actions run by the executor
(app/services/case_actions.py), audited there; the 30-day window and the courts offered come
from app/domain/judicial.py."""
from __future__ import annotations

from datetime import date

from app.db.models import Agreement
from app.domain.codes import JUDICIAL_DECISIONS
from app.domain.errors import NotAllowed, ValidationFailed
from app.domain.judicial import (
    JudicialState, application_court as _addressed_to, court_choices, judicial_state, late_filing_warning,
)
from app.services import audit
from app.services.case_actions import Applied, CaseChange, perform, step
from app.services.context import Actor, today
from app.services.settings import get_settings, work_calendar

_FIELDS = ("confirm_filed_date", "confirm_court", "confirm_decision", "confirm_decided_date", "confirm_note")


def courts(settings: dict | None = None) -> list[str]:
    """The courts a clerk picks from, the default (the association's local basic court) first."""
    settings = settings or get_settings()
    return court_choices(settings["judicial.courts"], settings["org.name"])


def default_court(settings: dict | None = None) -> str:
    choices = courts(settings)
    return choices[0] if choices else ""


def application_court(detail, chosen: str | None = None, settings: dict | None = None) -> str:
    """The court a case's application is addressed to (see app.domain.judicial.application_court)."""
    recorded = detail.agreement["confirm_court"] if detail.agreement else ""
    return _addressed_to(chosen, recorded, courts(settings))


def state_of(agreement: dict | None, settings: dict | None = None) -> JudicialState | None:
    """The application's stage and its window for an agreement (as case_detail reads it)."""
    if agreement is None:
        return None
    settings = settings or get_settings()
    return judicial_state(agreement["signed_date"], agreement["confirm_filed_date"], agreement["confirm_court"],
                          agreement["confirm_decision"], agreement["confirm_decided_date"], work_calendar(),
                          today(), int(settings["limits.due_soon_working_days"]))


def file_confirmation(actor: Actor, case_id: int, day: date | None, court: str,
                      expected_version: int | None = None) -> CaseChange:
    """Both parties applied to `court` on `day` (or the clerk corrects what was recorded)."""
    return perform(actor, case_id, "file_confirmation", {"day": day, "court": court}, expected_version)


def record_confirmation(actor: Actor, case_id: int, decision: str, day: date | None, note: str = "",
                        expected_version: int | None = None) -> CaseChange:
    """The court ruled: 确认有效 or 驳回."""
    return perform(actor, case_id, "record_confirmation", {"decision": decision, "day": day, "note": note},
                   expected_version)


def _agreement_of(case) -> Agreement:
    agreement = Agreement.get_or_none(Agreement.case == case.id)
    if agreement is None:
        raise NotAllowed("该案件没有书面调解协议，不能申请司法确认")
    return agreement


def _write(agreement: Agreement, after: dict) -> list[dict]:
    before = {key: getattr(agreement, key) for key in after}
    for key, value in after.items():
        setattr(agreement, key, value)
    agreement.version += 1
    agreement.save()
    return audit.diff(before, after)


@step("file_confirmation")
def _file(actor: Actor, case, facts: dict) -> Applied:
    agreement = _agreement_of(case)
    if agreement.confirm_decision:
        raise NotAllowed(f"人民法院已裁定（{JUDICIAL_DECISIONS.label(agreement.confirm_decision)}），"
                         "不能再修改司法确认申请")
    day = facts["day"]
    if day < agreement.signed_date:
        raise ValidationFailed.single("day", "申请日期应在协议签订之后、今天之前")
    changes = _write(agreement, {"confirm_filed_date": day, "confirm_court": facts["court"]})
    state = judicial_state(agreement.signed_date, day, facts["court"], None, None, work_calendar(), today(), 0)
    warnings = [late_filing_warning(day, state.due)] if state.late else []
    return Applied(summary=f"申请司法确认（{facts['court']}）", changes=changes, warnings=warnings,
                   entity="agreement", record_id=agreement.id)


@step("record_confirmation")
def _decide(actor: Actor, case, facts: dict) -> Applied:
    agreement = _agreement_of(case)
    if agreement.confirm_filed_date is None:
        raise NotAllowed("尚未登记司法确认申请，请先登记申请日期和受理法院")
    day = facts["day"]
    if day < agreement.confirm_filed_date:
        raise ValidationFailed.single("day", f"裁定日期不能早于申请日期 {agreement.confirm_filed_date.isoformat()}")
    changes = _write(agreement, {"confirm_decision": facts["decision"], "confirm_decided_date": day,
                                 "confirm_note": facts["note"]})
    return Applied(summary=f"登记司法确认结果（{JUDICIAL_DECISIONS.label(facts['decision'])}）", changes=changes,
                   entity="agreement", record_id=agreement.id)
