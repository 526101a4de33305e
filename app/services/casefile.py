"""Everything about one case as plain data: for the workspace, the documents and the tests."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from playhouse.shortcuts import model_to_dict

from app.db.models import (
    Agreement, AgreementTerm, Attachment, AuditLog, Case, CaseAgent, ClockEvent, FollowUp,
    MediationSession, Recusal, User,
)
from app.domain.audit_actions import PARTY_ENTITIES, party_edit_label
from app.domain.clock import ClockResult, deadline_status
from app.domain.errors import NotFound
from app.domain.judicial import JudicialState, hidden_actions
from app.domain.lifecycle import allowed_actions, clock_stopped, offered_actions
from app.domain.masking import mask_id_number, mask_phone
from app.services.clock import clock_of
from app.services.judicial import state_of as judicial_state_of
from app.services.context import Actor, today
from app.services.settings import get_settings, labels, work_calendar


@dataclass
class CaseDetail:
    case: dict
    complainant: dict
    business: dict
    agents: list[dict]
    sessions: list[dict]
    recusals: list[dict]
    clock_events: list[dict]
    clock: ClockResult
    deadline_status: str
    agreement: dict | None
    terms: list[dict]
    followups: list[dict]
    attachments: list[dict]
    history: list[dict]
    actions: list[str]
    category_label: str = ""
    category_major_label: str = ""
    nature_label: str = ""
    unit_label: str = ""
    mediator_name: str = ""
    registered_by_name: str = ""
    warnings: list[str] = field(default_factory=list)
    judicial: JudicialState | None = None      # 司法确认 of the agreement, when there is one


def _rows(query) -> list[dict]:
    return [model_to_dict(r, recurse=False) for r in query]


def history_query(case: Case):
    """The case's 操作日志, oldest first: its own rows, and the edits of its complainant and of its
    business, whose rows carry the party's id and no case. A party may be shared by several cases
    (the same consumer, a shop complained about again): its edits show on every case of that
    party, whichever case (or ledger import) they were made from — what the party's record says
    now is what each case's documents print. Its creation is left out: the registration says it.
    Each OR term reads an index (case; entity, entity_id). Agents are the case's own rows,
    changed within the case's edit row."""
    where = AuditLog.case == case.id
    for entity, party_id in zip(PARTY_ENTITIES, (case.complainant_id, case.business_id)):
        if party_id is not None:
            where |= (AuditLog.entity == entity) & (AuditLog.entity_id == party_id) & (AuditLog.action == "update")
    return AuditLog.select().where(where).order_by(AuditLog.at, AuditLog.id)


def case_history(case: Case) -> list[dict]:
    rows = []
    for r in history_query(case):
        row = model_to_dict(r, recurse=False) | {"changes": json.loads(r.changes or "[]")}
        party = r.case_id is None and r.entity in PARTY_ENTITIES
        row["what"] = party_edit_label(r.action, r.entity) if party else ""
        rows.append(row)
    return rows


def case_detail(case_id: int, actor: Actor | None = None) -> CaseDetail:
    case = Case.get_or_none(id=case_id)
    if case is None:
        raise NotFound("案件不存在")
    events = list(ClockEvent.select().where(ClockEvent.case == case_id).order_by(ClockEvent.day, ClockEvent.id))
    cal, settings = work_calendar(), get_settings()
    clock = clock_of(case, cal, settings, events)
    status = deadline_status(clock.next_due, today(), cal, int(settings["limits.due_soon_working_days"]),
                             clock_stopped(clock.paused, case.state))
    complainant = model_to_dict(case.complainant, recurse=False)
    agents = _rows(CaseAgent.select().where(CaseAgent.case == case_id).order_by(CaseAgent.id))
    hide_pii = actor is not None and not actor.may("view_pii")
    if hide_pii:
        for person in [complainant, *agents]:
            person["id_number"] = mask_id_number(person["id_number"], person["id_type"])
            person["phone"] = mask_phone(person["phone"])
    agreement = Agreement.get_or_none(Agreement.case == case_id)
    terms = _rows(agreement.terms.order_by(AgreementTerm.seq)) if agreement else []
    categories = labels("category")
    users = {u.id: u.display_name for u in User.select(User.id, User.display_name)}
    history = case_history(case)
    if hide_pii:
        from app.services.audit_log import mask_pii_changes
        for row in history:
            mask_pii_changes(row["changes"])
    agreement_row = model_to_dict(agreement, recurse=False) if agreement else None
    judicial = judicial_state_of(agreement_row, settings)
    actions = offered_actions(actor.role, case.state, case.outcome) if actor else allowed_actions(case.state, case.outcome)
    hidden = hidden_actions(judicial.stage if judicial else None)
    return CaseDetail(
        case=model_to_dict(case, recurse=False), complainant=complainant,
        business=model_to_dict(case.business, recurse=False),
        agents=agents,
        sessions=_rows(MediationSession.select().where(MediationSession.case == case_id)
                       .order_by(MediationSession.scheduled_at, MediationSession.id)),
        recusals=_rows(Recusal.select().where(Recusal.case == case_id).order_by(Recusal.id)),
        clock_events=[model_to_dict(e, recurse=False) for e in events], clock=clock, deadline_status=status,
        agreement=agreement_row, terms=terms,
        followups=_rows(FollowUp.select().where(FollowUp.case == case_id).order_by(FollowUp.day, FollowUp.id)),
        attachments=_rows(Attachment.select().where(Attachment.case == case_id).order_by(Attachment.id)),
        history=history,
        actions=[a for a in actions if a not in hidden],
        category_label=categories.get(case.category_code, case.category_code),
        category_major_label=categories.get(case.category_major, case.category_major),
        nature_label=labels("nature").get(case.nature_code, case.nature_code),
        unit_label=labels("unit").get(case.handling_unit, case.handling_unit),
        mediator_name=users.get(case.mediator_id, ""), registered_by_name=users.get(case.registered_by_id, ""),
        warnings=list(clock.warnings), judicial=judicial,
    )
