"""What may be done to a case (docs/case-actions.md, from docs/rules.md §2): one table. Each action
names the states it starts from, the state it leads to, the permission it needs, its label, and
the facts it asks for with their checks. The services run every action through one executor
(app/services/case_actions.py), the workspace offers exactly the actions of this table that the
user's role permits in the case's state, and the importer and `check` judge states by it.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.domain import grounds
from app.domain.action_fields import CHOICE, COURT, DATE, FLAG, LINE, MEDIATOR, MONEY, TEXT, ActionField
# the state groupings (ACTIVE_STATES …) are kept in codes: the list's queries need them without this module
from app.domain.codes import (  # noqa: F401 - ACCEPTED_STATES, ALL_STATES and FOLLOW_UP_OUTCOMES are named from here too
    ACCEPTED_STATES, ACTIVE_STATES, ALL_STATES, FOLLOW_UP_OUTCOMES,
    APPRAISAL_PAYERS, FOLLOWUP_METHODS, JUDICIAL_DECISIONS, PERFORMANCE, PICKABLE_REJECT_GROUNDS, PICKABLE_TERMINATE_GROUNDS,
    RECUSAL_DECISIONS, REJECT_GROUNDS, SATISFACTION, STATES, TERMINATE_GROUNDS, CodeSet,
)
from app.domain.permissions import may


@dataclass(frozen=True)
class CaseAction:
    code: str
    label: str
    sources: tuple[str, ...]
    target: str | None                 # None: the state does not change (reopen: see reopen_target)
    permission: str
    outcome: str | None = None         # the closing outcome it records
    fields: tuple[ActionField, ...] = ()
    hint: str = ""                     # one line above the action's form
    changes_case: bool = True          # False: adds a record to the case file, the case row is unchanged
    only_outcome: str | None = None    # in state "closed": only cases closed with this outcome

    def field(self, key: str) -> ActionField:
        return next(f for f in self.fields if f.key == key)


def _day(label: str, noun: str = "", after_acceptance: bool = False, **kw) -> ActionField:
    not_before = ("received_date", "accepted_date") if after_acceptance else ("received_date",)
    return ActionField("day", label, DATE, required=True, noun=noun, not_before=not_before, default="today", **kw)


_CLOSE_FIELDS = (
    _day("办结日期", after_acceptance=True),
    ActionField("recovered", "挽回经济损失（元）", MONEY, noun="挽回经济损失"),
    ActionField("punitive", "其中加倍赔偿（元）", MONEY, noun="加倍赔偿金额"),
    ActionField("note", "办结说明", TEXT),
)
_DECIDE, _MEDIATE = "decide", "mediate"
_MEDIATION_STATES = ("accepted", "mediating")

CASE_ACTIONS: dict[str, CaseAction] = {a.code: a for a in (
    CaseAction("accept", "受理", ("registered",), "accepted", _DECIDE, hint="受理后开始计算调解期限。", fields=(
        _day("受理日期"),
        ActionField("mediator_id", "承办调解员", MEDIATOR),
    )),
    CaseAction("reject", "不予受理", ("registered",), "closed", _DECIDE, "rejected",
               hint="不予受理须写明理由（收到投诉之日施行的规章所列情形），告知书将同时列明其他解决途径。", fields=(
        ActionField("ground", "理由", CHOICE, required=True, codes=REJECT_GROUNDS,
                    choices=tuple(PICKABLE_REJECT_GROUNDS), missing="请选择不予受理的理由",
                    grounds_kind=grounds.REJECT),
        ActionField("text", "补充说明", TEXT),
        _day("决定日期", "不予受理决定日期", after_acceptance=True),
    )),
    CaseAction("transfer", "移送", ("registered", "accepted"), "closed", _DECIDE, "transferred", fields=(
        ActionField("transfer_to", "移送至", LINE, required=True, noun="移送/转办的单位", limit=120),
        ActionField("transfer_reason", "移送理由", TEXT, required=True, limit=2000),
        _day("移送日期", after_acceptance=True),
    )),
    CaseAction("schedule_session", "安排调解", _MEDIATION_STATES, "mediating", _MEDIATE),
    CaseAction("record_session", "记录调解", _MEDIATION_STATES, "mediating", _MEDIATE),
    CaseAction("pause", "中止计时", ("mediating",), "suspended", _MEDIATE,
               hint="鉴定、检测期间不计入调解期限。", fields=(
        ActionField("day", "中止日期", DATE, required=True, default="today"),
        ActionField("reason", "鉴定/检测事项", LINE, required=True, missing="请填写中止原因（如送检项目）"),
        ActionField("agency", "鉴定/检测机构", LINE),
        ActionField("payer", "费用承担", CHOICE, required=True, codes=APPRAISAL_PAYERS, default="undecided",
                    missing="请选择鉴定/检测费用承担方"),
    )),
    CaseAction("resume", "恢复计时", ("suspended",), "mediating", _MEDIATE,
               hint="鉴定、检测结束，调解期限继续计算。", fields=(
        ActionField("day", "恢复日期", DATE, required=True, default="today"),
        ActionField("reason", "说明", LINE),
    )),
    CaseAction("agree", "达成协议", ("mediating",), "agreed", _MEDIATE),
    CaseAction("edit_agreement", "修改协议", ("agreed",), None, _MEDIATE),
    CaseAction("record_performance", "登记履行", ("agreed", "closed"), None, _MEDIATE, only_outcome="mediated",
               fields=(
        ActionField("status", "履行情况", CHOICE, required=True, codes=PERFORMANCE, missing="请选择履行情况"),
        ActionField("day", "履行日期", DATE, message="履行日期应在协议签订之后、今天之前"),
        ActionField("note", "说明", TEXT),
    )),
    CaseAction("file_confirmation", "申请司法确认", ("agreed", "closed"), None, _MEDIATE, only_outcome="mediated",
               hint="双方当事人应自调解协议生效之日起三十日内共同向人民法院申请司法确认（民事诉讼法第二百零五条）。",
               fields=(
        ActionField("day", "申请日期", DATE, required=True, default="today",
                    message="申请日期应在协议签订之后、今天之前"),
        ActionField("court", "受理法院", COURT, required=True),
    )),
    CaseAction("record_confirmation", "登记司法确认结果", ("agreed", "closed"), None, _MEDIATE,
               only_outcome="mediated", hint="人民法院审查后裁定调解协议有效，或裁定驳回申请（民事诉讼法第二百零六条）。",
               fields=(
        ActionField("decision", "裁定结果", CHOICE, required=True, codes=JUDICIAL_DECISIONS,
                    missing="请选择人民法院的裁定结果"),
        ActionField("day", "裁定日期", DATE, required=True, default="today",
                    message="裁定日期应在申请之后、今天之前"),
        ActionField("note", "说明", TEXT, limit=2000),
    )),
    CaseAction("close_mediated", "办结（调解成功）", ("agreed", "mediating"), "closed", _MEDIATE, "mediated",
               hint="挽回经济损失默认为协议各项金额之和，可修改。", fields=_CLOSE_FIELDS),
    CaseAction("settle", "办结（自行和解）", ("accepted", "mediating", "suspended"), "closed", _MEDIATE, "settled",
               hint="双方自行和解，请填写消费者实际挽回的经济损失。", fields=_CLOSE_FIELDS),
    CaseAction("terminate", "终止调解", ("accepted", "mediating", "suspended"), "closed", _MEDIATE, "terminated",
               hint="终止调解须写明理由（收到投诉之日施行的规章所列情形）；终止后7个工作日内告知当事人。", fields=(
        ActionField("ground", "理由", CHOICE, required=True, codes=TERMINATE_GROUNDS,
                    choices=tuple(PICKABLE_TERMINATE_GROUNDS), missing="请选择终止调解的理由",
                    grounds_kind=grounds.TERMINATE),
        ActionField("text", "补充说明", TEXT),
        _day("终止日期", "终止调解日期", after_acceptance=True),
    )),
    CaseAction("withdraw", "撤回", ("registered", "accepted", "mediating", "suspended"), "closed", _DECIDE,
               "withdrawn", hint="投诉人撤回投诉，案件办结。", fields=(
        ActionField("reason", "撤回说明", TEXT),
        _day("撤回日期", after_acceptance=True),
    )),
    CaseAction("record_notice", "登记告知书送达", ("closed",), None, _MEDIATE, only_outcome="terminated",
               hint="终止调解告知书送达当事人的日期。", fields=(
        ActionField("day", "送达日期", DATE, required=True, default="today", not_before=("closed_date",),
                    message="送达日期应在终止调解之后、今天之前"),
    )),
    CaseAction("recusal", "回避申请", ("accepted", "mediating", "suspended"), None, _MEDIATE, changes_case=False,
               hint="当事人认为调解员与案件有利害关系的，可申请其回避。", fields=(
        ActionField("mediator_name", "被申请回避的调解员", LINE, required=True),
        ActionField("applicant", "申请人", LINE, required=True),
        ActionField("reason", "申请理由", TEXT, required=True, noun="回避理由"),
        ActionField("decision", "决定", CHOICE, required=True, codes=RECUSAL_DECISIONS, missing="请选择回避决定"),
        ActionField("decided_by", "决定人", LINE, required=True),
        ActionField("decided_date", "决定日期", DATE, future=True, default="today"),
    )),
    CaseAction("follow_up", "回访", ("closed",), None, "follow_up", changes_case=False, fields=(
        ActionField("day", "回访日期", DATE, required=True, default="today"),
        ActionField("method", "回访方式", CHOICE, required=True, codes=FOLLOWUP_METHODS, missing="请选择回访方式"),
        ActionField("satisfaction", "满意度", CHOICE, required=True, codes=SATISFACTION, missing="请选择满意度"),
        ActionField("performed", "协议已履行", FLAG),
        ActionField("note", "回访记录", TEXT, limit=5000),
        ActionField("by_name", "回访人", LINE),
    )),
    CaseAction("supervise", "处理不满意回访", ("closed",), None, "supervise", changes_case=False,
               hint="消费者对回访不满意：记录负责人的处理（如已督促经营者、已答复消费者）。", fields=(
        ActionField("note", "处理情况", TEXT, required=True, noun="处理情况", limit=2000),
    )),
    CaseAction("reopen", "重新打开", ("closed",), None, "reopen",
               hint="重新打开已办结的案件由负责人决定，理由记入操作日志。", fields=(
        ActionField("reason", "理由", TEXT, required=True, noun="重新打开的理由", limit=2000),
    )),
    CaseAction("edit", "修改登记信息", ACTIVE_STATES, None, "edit"),
    CaseAction("attach", "添加附件", ALL_STATES, None, "attach", changes_case=False),
    CaseAction("cancel_session", "取消调解安排", ALL_STATES[1:], None, _MEDIATE, changes_case=False),
)}

ACTIONS = CodeSet("action", tuple((a.code, a.label) for a in CASE_ACTIONS.values()))
_CLOSING = {a.outcome: a for a in CASE_ACTIONS.values() if a.outcome}


def refusal(action: str, state: str, outcome: str | None = None) -> str | None:
    """None when `action` is allowed in `state`; otherwise the message that says why not."""
    spec = CASE_ACTIONS[action]
    if state in spec.sources:
        if state == "closed" and spec.only_outcome and outcome != spec.only_outcome:
            return _ONLY_OUTCOME.get(action) or f"只有调解成功（达成协议）的案件可以{spec.label}"
        return None
    allowed = "、".join(f"“{STATES.label(s)}”" for s in spec.sources)
    return (f"案件当前状态为“{STATES.label(state)}”，不能{spec.label}；"
            f"只有{allowed}的案件可以{spec.label}")


_ONLY_OUTCOME = {"record_notice": "只有终止调解的案件需要登记终止调解告知书送达",
                 "record_performance": "只有调解成功的案件可以登记协议履行情况"}


def allowed_actions(state: str, outcome: str | None = None) -> list[str]:
    """The actions the case's state allows, whoever asks."""
    return [a for a in CASE_ACTIONS if refusal(a, state, outcome) is None]


def offered_actions(role: str, state: str, outcome: str | None = None) -> list[str]:
    """What a user of `role` may do to a case in `state` now (a 只读 user: nothing)."""
    return [a for a in allowed_actions(state, outcome) if ever_offered(role, a)]


def ever_offered(role: str, action: str) -> bool:
    """A user of `role` may take `action` in some state (whether the case's state allows it now
    or not): a screen greys the control while the state forbids it and hides it otherwise."""
    return may(role, CASE_ACTIONS[action].permission)


def target_state(action: str, state: str) -> str:
    target = CASE_ACTIONS[action].target
    return state if target is None else target


def closing_action(outcome: str) -> CaseAction:
    """The action that closes a case with `outcome`."""
    return next(a for a in CASE_ACTIONS.values() if a.outcome == outcome)


def clock_stopped(paused: bool, state: str) -> bool:
    """The mediation clock stands still: an appraisal pause is open and the case is 中止."""
    return paused and state == "suspended"


def needs_acceptance(outcome: str | None) -> bool:
    """A case closed with `outcome` was accepted first (its closing action never starts at 待受理)."""
    return outcome in _CLOSING and "registered" not in _CLOSING[outcome].sources


def never_accepted(outcome: str | None) -> bool:
    """A case closed with `outcome` was closed instead of being accepted (不予受理)."""
    return outcome in _CLOSING and _CLOSING[outcome].sources == ("registered",)


def consistency_problems(state: str | None, outcome: str | None, received, accepted, closed,
                         reject_ground: str | None = "", terminate_ground: str | None = "") -> dict[str, str]:
    """What does not fit together in a case's state, outcome and dates, by field — the one list
    that `check` applies to the database and the importer to every ledger row. The grounds are
    checked when given (None: a closing without its ground)."""
    problems: dict[str, str] = {}

    def add(key: str, message: str) -> None:
        problems.setdefault(key, message)
    if state is not None and state not in STATES:
        add("state", f"未知的处理状态“{state}”")
    if state == "closed":
        if not outcome:
            add("outcome", "已办结的案件须有处理结果")
        if closed is None:
            add("closed_date", "已办结的案件须有办结日期")
    else:
        if outcome:
            add("outcome", f"有处理结果的案件处理状态应为“{STATES.label('closed')}”")
        if closed is not None:
            add("closed_date", "未办结的案件不应有办结日期")
    if outcome == "rejected" and reject_ground is None:
        add("outcome", "不予受理但没有理由")
    if outcome == "terminated" and terminate_ground is None:
        add("outcome", "终止调解但没有理由")
    if (state in ACCEPTED_STATES or needs_acceptance(outcome)) and accepted is None:
        add("accepted_date", "该处理状态/结果的案件须有受理日期")
    if (state == "registered" or never_accepted(outcome)) and accepted is not None:
        add("accepted_date", "未受理（待受理或不予受理）的案件不应有受理日期")
    if accepted and received and accepted < received:
        add("accepted_date", "受理日期不能早于登记日期")
    if closed and (accepted or received) and closed < (accepted or received):
        add("closed_date", "办结日期不能早于受理日期（或登记日期）")
    return problems


def reopen_target(outcome: str | None, accepted: bool, has_agreement: bool) -> str:
    """A reopened case goes back to where work resumes: a rejected or never-accepted case to
    待受理, a case with a written agreement to 已达成协议, any other accepted case to 调解中."""
    if outcome == "rejected" or not accepted:
        return "registered"
    if has_agreement:
        return "agreed"
    return "mediating"
