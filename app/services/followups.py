"""回访 (follow-up) of closed cases, and the supervisor's task after an unsatisfied one."""
from __future__ import annotations

from dataclasses import dataclass, field

from app.db.connection import write_transaction
from app.db.models import Case, FollowUp
from app.domain.codes import FOLLOWUP_METHODS, SATISFACTION
from app.domain.errors import ErrorCollector, NotAllowed, NotFound
from app.domain.lifecycle import refusal
from app.domain.validators import check_length
from app.services import audit
from app.services.context import Actor, require, today
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
    require(actor, "follow_up")
    errors = ErrorCollector()
    day = data.day or today()
    if day > today():
        errors.add("day", "回访日期不能晚于今天")
    if data.method not in FOLLOWUP_METHODS:
        errors.add("method", "请选择回访方式")
    if data.satisfaction not in SATISFACTION:
        errors.add("satisfaction", "请选择满意度")
    errors.check("note", check_length(data.note, 5000, "回访记录"))
    if data.satisfaction == "unsatisfied" and not (data.note or "").strip():
        errors.add("note", "不满意时请记录消费者的意见")
    errors.raise_if_any("回访信息有误，请按提示修改")
    with write_transaction():
        case = Case.get_or_none(id=case_id)
        if case is None:
            raise NotFound("案件不存在")
        problem = refusal("follow_up", case.state, case.outcome)
        if problem:
            raise NotAllowed(problem)
        if case.closed_date and day < case.closed_date:
            raise NotAllowed("回访日期不能早于办结日期")
        needs_supervisor = data.satisfaction == "unsatisfied"
        values = {"day": day, "method": data.method, "satisfaction": data.satisfaction,
                  "performed": data.performed, "note": (data.note or "").strip(),
                  "by_name": (data.by_name or "").strip() or actor.display_name}
        row = FollowUp.create(case=case_id, by_user=actor.user_id, needs_supervisor=needs_supervisor, **values)
        audit.record(actor, "follow_up", "followup", row.id, case_id=case_id,
                     summary=f"回访 {case.number}（{SATISFACTION.label(data.satisfaction)}）",
                     changes=audit.created(values))
    warnings = [w for w in (own_case_warning(actor, case),) if w]
    if needs_supervisor:
        warnings.append("消费者不满意，已生成待负责人处理的任务")
    return FollowUpResult(row.id, needs_supervisor, warnings)


def resolve_supervisor_task(actor: Actor, followup_id: int, note: str) -> None:
    """The supervisor has dealt with an unsatisfied follow-up (e.g. reopened the case)."""
    require(actor, "supervise")
    with write_transaction():
        row = FollowUp.get_or_none(id=followup_id)
        if row is None or not row.needs_supervisor:
            raise NotFound("没有待处理的不满意回访")
        note_text = (row.note + "\n负责人处理：" + (note or "").strip()).strip()
        # Conditional on "not yet done": of two supervisors at once, the second is told, not merged.
        done = (FollowUp.update(supervisor_done=True, note=note_text)
                .where((FollowUp.id == row.id) & (FollowUp.supervisor_done == False))  # noqa: E712 - a peewee expression, not a Python comparison
                .execute())
        if done != 1:
            raise NotAllowed("该回访已由其他负责人处理")
        audit.record(actor, "supervise", "followup", row.id, case_id=row.case_id,
                     summary="处理不满意回访", changes=[{"field": "supervisor_done", "old": False, "new": True}])
