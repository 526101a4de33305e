"""One case in each state of the lifecycle (app/domain/lifecycle.py), built through the services,
for the workspace walk: each state offers its own action buttons."""
from __future__ import annotations

from datetime import date

from app.services import agreements, followups, mediation, registration, workflow
from app.services.context import SYSTEM
from tests.factories import agreement, complaint, follow_up, session
from tests.reports import document_cases


def registered() -> int:
    return registration.register(SYSTEM, complaint()).case_id


def accepted() -> int:
    case_id = registered()
    workflow.accept(SYSTEM, case_id, day=date(2026, 11, 3))
    return case_id


def mediating() -> int:
    """A session planned (the first row of 调解记录, so 取消该安排 is offered); the cases below
    have a session held."""
    case_id = accepted()
    mediation.schedule_session(SYSTEM, case_id, session(date(2026, 12, 3)))
    return case_id


def suspended() -> int:
    case_id = accepted()
    mediation.record_session(SYSTEM, case_id, session(date(2026, 11, 10)))
    mediation.pause_clock(SYSTEM, case_id, day=date(2026, 11, 12), reason="空调压缩机送检")
    return case_id


def agreed() -> int:
    case_id = accepted()
    mediation.record_session(SYSTEM, case_id, session(date(2026, 11, 10)))
    agreements.record_agreement(SYSTEM, case_id, agreement(date(2026, 11, 20)))
    return case_id


def closed_unsatisfied() -> int:
    """Closed by agreement; the consumer was not satisfied at the 回访 (a task for the supervisor)."""
    case_id = agreed()
    workflow.close_mediated(SYSTEM, case_id, day=date(2026, 11, 25))
    followups.record_follow_up(SYSTEM, case_id, follow_up(satisfaction="unsatisfied", performed=False,
                                                          note="经营者未按协议退款"))
    return case_id


STATES = {      # pytest id → (the state as the clerk names it, how the case is made)
    "registered": ("待受理", registered), "accepted": ("已受理", accepted), "mediating": ("调解中", mediating),
    "suspended": ("中止", suspended), "agreed": ("已达成协议", agreed),
    "closed-mediated": ("已办结（调解成功、已回访）", document_cases.settle_full_case),
    "closed-rejected": ("已办结（不予受理）", document_cases.rejected_case),
    "closed-terminated": ("已办结（终止调解）", document_cases.terminated_case),
    "closed-unsatisfied": ("已办结（回访不满意）", closed_unsatisfied),
}
