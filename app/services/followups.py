"""回访 (follow-up) of closed cases, and the supervisor's task after an unsatisfied one."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from app.db.models import Case, FollowUp
from app.domain.codes import SATISFACTION
from app.domain.errors import NotAllowed, NotFound, ValidationFailed
from app.services import audit
from app.services.case_actions import Applied, CaseChange, perform, step
from app.services.context import Actor
from app.services.inputs import FollowUpInput


@dataclass
class FollowUpResult:
    followup_id: int
    needs_supervisor: bool
    warnings: list[str] = field(default_factory=list)


def own_case_warning(actor: Actor, case: Case) -> str | None:
    if actor.user_id is not None and case.mediator_id == actor.user_id:
        return "您是本案调解员，回访宜由其他工作人员进行，以保证评价客观"
    return None


def record_follow_up(actor: Actor, case_id: int, data: FollowUpInput) -> FollowUpResult:
    """回访 of a closed case, run by the executor (app/services/case_actions.py)."""
    change = perform(actor, case_id, "follow_up", asdict(data))
    needs_supervisor = data.satisfaction == "unsatisfied"
    return FollowUpResult(change.record_id, needs_supervisor, change.warnings)


def _unsatisfied_needs_a_note(facts: dict) -> dict:
    if facts["satisfaction"] == "unsatisfied" and not facts["note"]:
        raise ValidationFailed.single("note", "不满意时请记录消费者的意见")
    return facts


@step("follow_up", check=_unsatisfied_needs_a_note)
def _follow_up(actor: Actor, case: Case, facts: dict) -> Applied:
    if case.closed_date and facts["day"] < case.closed_date:
        raise NotAllowed("回访日期不能早于办结日期")
    needs_supervisor = facts["satisfaction"] == "unsatisfied"
    values = {key: facts[key] for key in ("day", "method", "satisfaction", "performed", "note")}
    values["by_name"] = facts["by_name"] or actor.display_name
    row = FollowUp.create(case=case.id, by_user=actor.user_id, needs_supervisor=needs_supervisor, **values)
    warnings = [w for w in (own_case_warning(actor, case),) if w]
    if needs_supervisor:
        warnings.append("消费者不满意，已生成待负责人处理的任务")
    return Applied(summary=f"回访 {case.number}（{SATISFACTION.label(facts['satisfaction'])}）", entity="followup",
                   record_id=row.id, changes=audit.created(values), warnings=warnings)


def resolve_supervisor_task(actor: Actor, followup_id: int, note: str) -> CaseChange:
    """The supervisor has dealt with an unsatisfied follow-up (run by the executor)."""
    row = FollowUp.get_or_none(id=followup_id)
    if row is None or not row.needs_supervisor:
        raise NotFound("没有待处理的不满意回访")
    return perform(actor, row.case_id, "supervise", {"followup_id": followup_id, "note": note})


@step("supervise")
def _supervise(actor: Actor, case: Case, facts: dict) -> Applied:
    row = FollowUp.get_or_none((FollowUp.id == facts["followup_id"]) & (FollowUp.case == case.id))
    if row is None or not row.needs_supervisor:
        raise NotFound("没有待处理的不满意回访")
    note_text = (row.note + "\n负责人处理：" + facts["note"].strip()).strip()
    # Conditional on "not yet done": of two supervisors at once, the second is told, not merged.
    done = (FollowUp.update(supervisor_done=True, note=note_text)
            .where((FollowUp.id == row.id) & (FollowUp.supervisor_done == False))  # noqa: E712 - a peewee expression, not a Python comparison
            .execute())
    if done != 1:
        raise NotAllowed("该回访已由其他负责人处理")
    return Applied(summary=f"处理不满意回访 {case.number}", entity="followup", record_id=row.id,
                   changes=[{"field": "supervisor_done", "old": False, "new": True}])
