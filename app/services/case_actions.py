"""The one executor of case actions (the table is app/domain/lifecycle.py). Every action on a
case runs here, in this order: permission, the facts' checks (all messages at once), then in one
transaction: lock the case, compare its version with the one the clerk loaded, the state rule,
the dates the case itself bounds, the action's own step, the new state, the statutory clock, the
version bump and one audit row. It returns what changed as plain data (CaseChange).

The steps — what each action writes besides the case row — live with their subject (workflow,
mediation, agreements, followups, attachments, registration) and register themselves with
`step("code")`."""
from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Callable

from playhouse.shortcuts import model_to_dict

from app.db.connection import is_postgres, write_transaction
from app.db.models import Case, follow_up_refresh, now
from app.domain.errors import Conflict, ErrorCollector, NotAllowed, NotFound, ValidationFailed
from app.domain.action_fields import MEDIATOR, FieldProblem
from app.domain.field_labels import FIELD_LABELS
from app.domain.validators import control_character_problems
from app.domain.lifecycle import CASE_ACTIONS, CaseAction, refusal, target_state
from app.services import audit
from app.services.clock import refresh_case_clock
from app.services.context import Actor, require, today
from app.services.lookups import MEDIATOR_GONE, is_active_mediator


@dataclass
class CaseChange:
    """What an action did: the case's number, state and version after it, what to tell the clerk."""
    case_id: int
    number: str
    state: str
    version: int
    warnings: list[str] = field(default_factory=list)
    summary: str = ""                   # the audit row's summary, e.g. "受理 消调〔2026〕第3号"
    record_id: int | None = None        # the session, follow-up, attachment … the action created
    result: object = None               # what the action's own function returns (e.g. AddedAttachment)
    action: str = ""


@dataclass
class Applied:
    """What a step reports back to the executor."""
    summary: str = ""                   # instead of the action's label (e.g. with the ground)
    changes: list[dict] = field(default_factory=list)   # fields of other records (old → new)
    warnings: list[str] = field(default_factory=list)
    entity: str = "case"                # the audit row's record, for actions that add one
    record_id: int | None = None
    result: object = None
    diff_case: bool = True              # False: `changes` already describe the case's own fields
    after_save: Callable[[], None] | None = None     # work that needs the saved case (the search index)
    unchanged: bool = False             # nothing differs: no new version, no audit row (an edit saved as loaded)


@dataclass(frozen=True)
class Step:
    apply: Callable[[Actor, Case, dict], Applied | None]
    check: Callable[[dict], dict] | None = None      # checks the facts need beyond the fields'


_STEPS: dict[str, Step] = {}
_acting: ContextVar[str | None] = ContextVar("case_action", default=None)
# Columns of the case row an audit row names when they change (the clock's columns are derived).
TRACKED = ("state", "outcome", "accepted_date", "closed_date", "reject_ground", "reject_text",
           "transfer_to", "transfer_reason", "terminate_ground", "terminate_text", "close_note",
           "recovered", "punitive", "notice_sent_date", "mediator_id")


def step(code: str, check: Callable[[dict], dict] | None = None):
    """Register the step of action `code` (a decorator); `check` runs before the transaction."""
    assert code in CASE_ACTIONS, code

    def register(apply):
        _STEPS[code] = Step(apply, check)
        return apply
    return register


def perform(actor: Actor, case_id: int, code: str, values: dict | None = None,
            expected_version: int | None = None) -> CaseChange:
    """Run action `code` on the case with the facts `values` (keys as in the action's fields)."""
    spec, action_step = CASE_ACTIONS[code], _step_of(code)
    require(actor, spec.permission)
    clean = check_values(spec, values or {})
    if action_step.check is not None:
        clean = action_step.check(clean)
    acting = _acting.set(code)
    try:
        return _execute(actor, case_id, code, spec, action_step, clean, expected_version)
    finally:
        _acting.reset(acting)


def current_action() -> str | None:
    """The case action this thread is executing now; None outside the executor."""
    return _acting.get()


def _execute(actor: Actor, case_id: int, code: str, spec: CaseAction, action_step: Step, clean: dict,
             expected_version: int | None) -> CaseChange:
    with write_transaction():
        case = load_for_update(case_id, expected_version)
        problem = refusal(code, case.state, case.outcome)
        if problem:
            raise NotAllowed(problem)
        _check_case_dates(spec, clean, case)
        before = _snapshot(case)
        applied = action_step.apply(actor, case, clean) or Applied()
        summary = applied.summary or spec.label
        if applied.unchanged:
            # a new version of nothing would make every other clerk's open tab of the case stale
            return CaseChange(case.id, case.number, case.state, case.version, applied.warnings, "", None,
                              applied.result, code)
        if spec.changes_case:
            case.state = target_state(code, case.state)
            changes = applied.changes + (audit.diff(before, _snapshot(case)) if applied.diff_case else [])
            save_case(actor, case, code, summary, changes)
            summary = f"{summary} {case.number}"
            if applied.after_save is not None:
                applied.after_save()
        else:
            audit.record(actor, code, applied.entity, applied.record_id, case_id=case.id, summary=summary,
                         changes=applied.changes)
        # 待回访 after whatever the action did (closed, reopened, called back, a task dealt with)
        follow_up_refresh(Case.id == case.id).execute()
    return CaseChange(case.id, case.number, case.state, case.version, applied.warnings, summary,
                      applied.record_id, applied.result, code)


def _label(key: str) -> str:
    return FIELD_LABELS.get(key, "该项")


def check_values(spec: CaseAction, values: dict) -> dict:
    """The facts of `spec`, cleaned; every field's message at once (nothing saved half-way).
    Keys that are not fields of the action (a composite input) pass through unchanged."""
    errors, clean, on = ErrorCollector(), dict(values), today()
    for f in spec.fields:
        try:
            clean[f.key] = f.clean(values.get(f.key), on)
        except FieldProblem as exc:
            errors.add(f.key, str(exc))
            continue
        if f.kind == MEDIATOR and clean[f.key] is not None and not is_active_mediator(clean[f.key]):
            errors.add(f.key, MEDIATOR_GONE)
    for key, value in values.items():     # also inside composite inputs: a session's record, an agreement's terms
        root = "" if key == "data" else key
        for path, problem in control_character_problems(value, _label, root).items():
            errors.check(path, problem)
    errors.raise_if_any()
    return clean


def _check_case_dates(spec: CaseAction, clean: dict, case: Case) -> None:
    """The dates the case bounds, and the choices its date of receipt rules out (a ground of
    the order that did not govern the complaint)."""
    dates = {"received_date": case.received_date, "accepted_date": case.accepted_date,
             "closed_date": case.closed_date}
    for f in spec.fields:
        problem = f.order_problem(clean.get(f.key), dates) or f.case_problem(clean.get(f.key), case.received_date)
        if problem:
            raise ValidationFailed.single(f.key, problem)


def _step_of(code: str) -> Step:
    if code not in _STEPS:
        # the steps register themselves when their module is imported
        from app.services import agreements, attachments, followups, judicial, mediation, registration, workflow  # noqa: F401 - imported for their steps
    return _STEPS[code]


def load_for_update(case_id: int, expected_version: int | None = None) -> Case:
    """The case, locked until the transaction ends (server mode); a stale version is refused
    with who changed the case and when."""
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
    """Recompute the clock, bump the version and write the audit row — inside the executor's
    transaction."""
    refresh_case_clock(case)
    old_version = case.version
    case.version = old_version + 1
    case.updated_at, case.updated_by_name = now(), actor.display_name
    data = model_to_dict(case, recurse=False, exclude=[Case.id])
    if Case.update(**data).where((Case.id == case.id) & (Case.version == old_version)).execute() != 1:
        raise Conflict(f"案件 {case.number} 刚被其他用户修改，请刷新后重试")
    audit.record(actor, action, "case", case.id, case_id=case.id, summary=f"{summary} {case.number}",
                 changes=changes)
    return case


def _snapshot(case: Case) -> dict:
    return {f: getattr(case, f) for f in TRACKED}
