"""Mediation sessions, 回避 and the appraisal pause of the clock (DOMAIN.md §6)."""
from __future__ import annotations

from datetime import date

from app.db.connection import write_transaction
from app.db.models import ClockEvent, MediationSession, Recusal
from app.domain.codes import APPRAISAL_PAYERS, RECUSAL_DECISIONS, SESSION_FORMS, SESSION_MODES
from app.domain.errors import ErrorCollector, NotAllowed, NotFound, ValidationFailed
from app.domain.lifecycle import refusal, target_state
from app.domain.validators import check_length
from app.services import audit
from app.services.context import Actor, require, today
from app.services.inputs import SessionInput
from app.services.workflow import CaseChange, load_for_update, save_case

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


def _session_action(actor: Actor, case_id: int, action: str, values: dict, status: str,
                    session_id: int | None, expected_version: int | None) -> CaseChange:
    require(actor, "mediate")
    with write_transaction():
        case = load_for_update(case_id, expected_version)
        problem = refusal(action, case.state, case.outcome)
        if problem:
            raise NotAllowed(problem)
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
        old_state = case.state
        case.state = target_state(action, case.state)
        label = "安排调解" if status == "scheduled" else "记录调解"
        save_case(actor, case, action, f"{label}（{values['scheduled_at']:%Y-%m-%d %H:%M}）",
                  changes + audit.diff({"state": old_state}, {"state": case.state}))
    return CaseChange(case.id, case.number, case.state, case.version)


def schedule_session(actor: Actor, case_id: int, data: SessionInput,
                     expected_version: int | None = None) -> CaseChange:
    """Plan a session (an accepted case starts mediating); the 调解通知书 is printed from it."""
    return _session_action(actor, case_id, "schedule_session", _check_session(data, held=False),
                           "scheduled", None, expected_version)


def record_session(actor: Actor, case_id: int, data: SessionInput, session_id: int | None = None,
                   expected_version: int | None = None) -> CaseChange:
    """Record what happened in a session — a planned one (session_id) or one not planned ahead."""
    return _session_action(actor, case_id, "record_session", _check_session(data, held=True),
                           "held", session_id, expected_version)


def cancel_session(actor: Actor, case_id: int, session_id: int, reason: str = "",
                   expected_version: int | None = None) -> None:
    require(actor, "mediate")
    with write_transaction():
        load_for_update(case_id, expected_version)   # queue behind a concurrent record of the session
        session = MediationSession.get_or_none(id=session_id, case=case_id)
        if session is None:
            raise NotFound("调解记录不存在")
        if session.status != "scheduled":
            raise NotAllowed("只有尚未进行的调解可以取消")
        session.status, session.next_step = "cancelled", (reason or "").strip()
        session.version += 1
        session.save()
        audit.record(actor, "cancel_session", "mediation_session", session.id, case_id=case_id,
                     summary="取消调解安排", changes=[{"field": "status", "old": "scheduled", "new": "cancelled"}])


def record_recusal(actor: Actor, case_id: int, mediator_name: str, applicant: str, reason: str,
                   decision: str, decided_by: str, decided_date: date | None = None) -> int:
    """回避 (O121 Art. 21): the application and the decision on it."""
    require(actor, "mediate")
    errors = ErrorCollector()
    for key, value, label in (("mediator_name", mediator_name, "被申请回避的调解员"),
                              ("applicant", applicant, "申请人"), ("reason", reason, "回避理由"),
                              ("decided_by", decided_by, "决定人")):
        if not (value or "").strip():
            errors.add(key, f"请填写{label}")
    if decision not in RECUSAL_DECISIONS:
        errors.add("decision", "请选择回避决定")
    errors.raise_if_any()
    with write_transaction():
        case = load_for_update(case_id)
        problem = refusal("recusal", case.state, case.outcome)
        if problem:
            raise NotAllowed(problem)
        values = {"mediator_name": mediator_name.strip(), "applicant": applicant.strip(),
                  "reason": reason.strip(), "decision": decision, "decided_by": decided_by.strip(),
                  "decided_date": decided_date or today()}
        row = Recusal.create(case=case_id, **values)
        audit.record(actor, "recusal", "recusal", row.id, case_id=case_id,
                     summary=f"回避申请：{values['mediator_name']}（{RECUSAL_DECISIONS.label(decision)}）",
                     changes=audit.created(values))
    return row.id


def pause_clock(actor: Actor, case_id: int, day: date | None = None, reason: str = "",
                agency: str = "", payer: str = "undecided", expected_version: int | None = None) -> CaseChange:
    """鉴定/检测 starts: the mediation clock stops (O121 Art. 22)."""
    require(actor, "mediate")
    if not (reason or "").strip():
        raise ValidationFailed.single("reason", "请填写中止原因（如送检项目）")
    if payer not in APPRAISAL_PAYERS:
        raise ValidationFailed.single("payer", "请选择鉴定/检测费用承担方")
    return _clock_event(actor, case_id, "pause", day, expected_version,
                        {"reason": reason.strip(), "agency": (agency or "").strip(), "payer": payer})


def resume_clock(actor: Actor, case_id: int, day: date | None = None, note: str = "",
                 expected_version: int | None = None) -> CaseChange:
    require(actor, "mediate")
    return _clock_event(actor, case_id, "resume", day, expected_version, {"reason": (note or "").strip()})


def _clock_event(actor: Actor, case_id: int, kind: str, day: date | None, expected_version, extra) -> CaseChange:
    with write_transaction():
        case = load_for_update(case_id, expected_version)
        problem = refusal(kind, case.state, case.outcome)
        if problem:
            raise NotAllowed(problem)
        day = day or today()
        last = (ClockEvent.select().where(ClockEvent.case == case_id)
                .order_by(ClockEvent.day.desc(), ClockEvent.id.desc()).first())
        earliest = last.day if last else (case.accepted_date or case.received_date)
        if day > today() or day < earliest:
            raise ValidationFailed.single("day", f"日期应在 {earliest.isoformat()} 至今天之间")
        ClockEvent.create(case=case_id, kind=kind, day=day, by_name=actor.display_name, **extra)
        old_state = case.state
        case.state = target_state(kind, case.state)
        label = "中止计时（鉴定/检测）" if kind == "pause" else "恢复计时"
        save_case(actor, case, kind, label, audit.created({"day": day, **extra})
                  + audit.diff({"state": old_state}, {"state": case.state}))
    return CaseChange(case.id, case.number, case.state, case.version)

