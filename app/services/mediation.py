"""Mediation sessions, 回避 and the appraisal pause of the clock (docs/case-actions.md). Each
public function is one action run by the executor (app/services/case_actions.py); the steps
below are what it writes besides the case row."""
from __future__ import annotations

from datetime import date

from app.db.models import ClockEvent, MediationSession, Recusal
from app.domain.codes import RECUSAL_DECISIONS, SESSION_FORMS, SESSION_MODES
from app.domain.errors import ErrorCollector, NotAllowed, NotFound, ValidationFailed
from app.domain.validators import check_length
from app.services import audit
from app.services.case_actions import Applied, CaseChange, perform, step
from app.services.context import Actor, today
from app.services.inputs import SessionInput

_SESSION_FIELDS = ("scheduled_at", "place", "mode", "form", "mediators", "recorder", "present",
                   "record_text", "result", "next_step", "notified_date")


def _check_session(data: SessionInput, held: bool) -> dict:
    errors = ErrorCollector()
    if data.scheduled_at is None:
        errors.add("scheduled_at", "请填写调解时间")
    elif held and data.scheduled_at.date() > today():
        errors.add("scheduled_at", "已进行的调解时间不能晚于今天")
    if data.mode not in SESSION_MODES:
        errors.add("mode", "请选择调解方式")
    if data.form not in SESSION_FORMS:
        errors.add("form", "请选择调解形式")
    if data.mode == "onsite" and not (data.place or "").strip():
        errors.add("place", "现场调解须填写地点")
    if not (data.mediators or "").strip():
        errors.add("mediators", "请填写调解员")
    if held and not (data.record_text or "").strip():
        errors.add("record_text", "请填写调解笔录内容")
    for key in ("record_text", "result", "next_step", "present"):
        errors.check(key, check_length(getattr(data, key), 20000, "该项"))
    errors.raise_if_any("调解记录有误，请按提示修改")
    values = {f: getattr(data, f) for f in _SESSION_FIELDS}
    for key in ("place", "mediators", "recorder", "present", "record_text", "result", "next_step"):
        values[key] = (values[key] or "").strip()
    return values


def schedule_session(actor: Actor, case_id: int, data: SessionInput,
                     expected_version: int | None = None) -> CaseChange:
    """Plan a session (an accepted case starts mediating); the 调解通知书 is printed from it."""
    return perform(actor, case_id, "schedule_session", {"data": data, "session_id": None}, expected_version)


def record_session(actor: Actor, case_id: int, data: SessionInput, session_id: int | None = None,
                   expected_version: int | None = None) -> CaseChange:
    """Record what happened in a session — a planned one (session_id) or one not planned ahead."""
    return perform(actor, case_id, "record_session", {"data": data, "session_id": session_id}, expected_version)


def _planned(facts: dict) -> dict:
    return facts | {"values": _check_session(facts["data"], held=False), "status": "scheduled"}


def _held(facts: dict) -> dict:
    return facts | {"values": _check_session(facts["data"], held=True), "status": "held"}


@step("schedule_session", check=_planned)
@step("record_session", check=_held)
def _save_session(actor: Actor, case, facts: dict) -> Applied:
    values, status, session_id = facts["values"], facts["status"], facts["session_id"]
    if values["scheduled_at"].date() < (case.accepted_date or case.received_date):
        raise ValidationFailed.single("scheduled_at", "调解时间不能早于受理日期")
    if session_id is None:
        session = MediationSession.create(case=case.id, status=status, **values)
        changes = audit.created(values)
    else:
        session = MediationSession.get_or_none(id=session_id, case=case.id)
        if session is None:
            raise NotFound("调解记录不存在")
        before = {f: getattr(session, f) for f in _SESSION_FIELDS} | {"status": session.status}
        for key, value in values.items():
            setattr(session, key, value)
        session.status, session.version = status, session.version + 1
        session.save()
        changes = audit.diff(before, values | {"status": status})
    label = "安排调解" if status == "scheduled" else "记录调解"
    return Applied(summary=f"{label}（{values['scheduled_at']:%Y-%m-%d %H:%M}）", changes=changes,
                   record_id=session.id)


def cancel_session(actor: Actor, case_id: int, session_id: int, reason: str = "",
                   expected_version: int | None = None) -> CaseChange:
    return perform(actor, case_id, "cancel_session", {"session_id": session_id, "reason": reason}, expected_version)


@step("cancel_session")
def _cancel_session(actor: Actor, case, facts: dict) -> Applied:
    session = MediationSession.get_or_none(id=facts["session_id"], case=case.id)
    if session is None:
        raise NotFound("调解记录不存在")
    if session.status != "scheduled":
        raise NotAllowed("只有尚未进行的调解可以取消")
    session.status, session.next_step = "cancelled", (facts["reason"] or "").strip()
    session.version += 1
    session.save()
    return Applied(summary="取消调解安排", entity="mediation_session", record_id=session.id,
                   changes=[{"field": "status", "old": "scheduled", "new": "cancelled"}])


def record_recusal(actor: Actor, case_id: int, mediator_name: str, applicant: str, reason: str,
                   decision: str, decided_by: str, decided_date: date | None = None) -> int:
    """回避 (O121 Art. 21): the application and the decision on it. Returns the record's id."""
    facts = {"mediator_name": mediator_name, "applicant": applicant, "reason": reason, "decision": decision,
             "decided_by": decided_by, "decided_date": decided_date}
    return perform(actor, case_id, "recusal", facts).record_id


@step("recusal")
def _recusal(actor: Actor, case, facts: dict) -> Applied:
    values = {key: facts[key] for key in ("mediator_name", "applicant", "reason", "decision", "decided_by",
                                          "decided_date")}
    row = Recusal.create(case=case.id, **values)
    return Applied(summary=f"回避申请：{values['mediator_name']}（{RECUSAL_DECISIONS.label(values['decision'])}）",
                   entity="recusal", record_id=row.id, changes=audit.created(values))


def pause_clock(actor: Actor, case_id: int, day: date | None = None, reason: str = "",
                agency: str = "", payer: str = "undecided", expected_version: int | None = None) -> CaseChange:
    """鉴定/检测 starts: the mediation clock stops (O121 Art. 22)."""
    facts = {"day": day, "reason": reason, "agency": agency, "payer": payer}
    return perform(actor, case_id, "pause", facts, expected_version)


def resume_clock(actor: Actor, case_id: int, day: date | None = None, note: str = "",
                 expected_version: int | None = None) -> CaseChange:
    return perform(actor, case_id, "resume", {"day": day, "reason": note}, expected_version)


@step("pause")
def _pause(actor: Actor, case, facts: dict) -> Applied:
    return _clock_event(actor, case, "pause", facts)


@step("resume")
def _resume(actor: Actor, case, facts: dict) -> Applied:
    return _clock_event(actor, case, "resume", facts)


def _clock_event(actor: Actor, case, kind: str, facts: dict) -> Applied:
    day = facts["day"]
    last = (ClockEvent.select().where(ClockEvent.case == case.id)
            .order_by(ClockEvent.day.desc(), ClockEvent.id.desc()).first())
    earliest = last.day if last else (case.accepted_date or case.received_date)
    if day < earliest:
        raise ValidationFailed.single("day", f"日期应在 {earliest.isoformat()} 至今天之间")
    extra = {key: facts[key] for key in ("reason", "agency", "payer") if key in facts}
    ClockEvent.create(case=case.id, kind=kind, day=day, by_name=actor.display_name, **extra)
    return Applied(summary="中止计时（鉴定/检测）" if kind == "pause" else "恢复计时",
                   changes=audit.created({"day": day, **extra}))
