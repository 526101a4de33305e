"""待处理任务: what a supervisor must act on. Today that is each unsatisfied 回访 not yet dealt
with; its actions are 处理不满意回访 (a note of what was done) and 重新打开 (both through the
executor, app/services/case_actions.py)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from peewee import JOIN

from app.db.models import Business, Case, Complainant, FollowUp, User
from app.domain.codes import FOLLOWUP_METHODS, SATISFACTION
from app.services.queries import queue_counts

TASK_ACTIONS = ("supervise", "reopen")      # what the supervisor may do about each task


@dataclass(frozen=True)
class SupervisorTask:
    followup_id: int
    case_id: int
    number: str
    kind: str                   # what is to be done, as the supervisor reads it
    day: date                   # the follow-up's date
    complainant: str
    business: str
    mediator: str
    by_name: str                # who made the follow-up call
    opinion: str                # what the consumer said


def _open():
    return (FollowUp.needs_supervisor == True) & (FollowUp.supervisor_done == False)  # noqa: E712 - a peewee expression, not a Python comparison


def open_task_count() -> int:
    return FollowUp.select().where(_open()).count()


def supervisor_tasks() -> list[SupervisorTask]:
    """Open tasks, the oldest first (it has waited longest)."""
    mediator = User.alias()
    query = (FollowUp.select(FollowUp, Case.number, Complainant.name.alias("c_name"), Business.name.alias("b_name"),
                             mediator.display_name.alias("m_name"))
             .join(Case, on=(FollowUp.case == Case.id))
             .join(Complainant, on=(Case.complainant == Complainant.id))
             .switch(Case).join(Business, on=(Case.business == Business.id))
             .switch(Case).join(mediator, JOIN.LEFT_OUTER, on=(Case.mediator == mediator.id))
             .where(_open()).order_by(FollowUp.day, FollowUp.id).dicts())
    return [SupervisorTask(
        followup_id=r["id"], case_id=r["case"], number=r["number"],
        kind=f"{SATISFACTION.label(r['satisfaction'])}回访（{FOLLOWUP_METHODS.label(r['method'])}）：请处理",
        day=r["day"], complainant=r["c_name"], business=r["b_name"], mediator=r["m_name"] or "",
        by_name=r["by_name"], opinion=(r["note"] or "").strip()) for r in query]


def work_counts() -> dict[str, int]:
    """The navigation's counts: each work queue and the open tasks."""
    counts = queue_counts()
    counts["tasks"] = open_task_count()
    return counts
