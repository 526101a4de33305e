"""Case lifecycle (DOMAIN.md §2): which action is allowed in which state, and where it leads."""
from __future__ import annotations

from dataclasses import dataclass

from app.domain.codes import STATES, CodeSet

ACTIVE_STATES = ("registered", "accepted", "mediating", "suspended", "agreed")


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str | None      # None: the state does not change
    outcome: str | None = None


TRANSITIONS: dict[str, Transition] = {
    "accept": Transition(("registered",), "accepted"),
    "reject": Transition(("registered",), "closed", "rejected"),
    "transfer": Transition(("registered", "accepted"), "closed", "transferred"),
    "schedule_session": Transition(("accepted", "mediating"), "mediating"),
    "record_session": Transition(("accepted", "mediating"), "mediating"),
    "recusal": Transition(("accepted", "mediating", "suspended"), None),
    "pause": Transition(("mediating",), "suspended"),
    "resume": Transition(("suspended",), "mediating"),
    "agree": Transition(("mediating",), "agreed"),
    "edit_agreement": Transition(("agreed",), None),
    "record_performance": Transition(("agreed", "closed"), None),
    "close_mediated": Transition(("agreed", "mediating"), "closed", "mediated"),
    "settle": Transition(("accepted", "mediating", "suspended"), "closed", "settled"),
    "terminate": Transition(("accepted", "mediating", "suspended"), "closed", "terminated"),
    "withdraw": Transition(("registered", "accepted", "mediating", "suspended"), "closed", "withdrawn"),
    "record_notice": Transition(("closed",), None),
    "follow_up": Transition(("closed",), None),
    "reopen": Transition(("closed",), None),   # target depends on the history, see reopen_target
    "edit": Transition(ACTIVE_STATES, None),
    "attach": Transition(ACTIVE_STATES + ("closed",), None),
}

ACTIONS = CodeSet("action", (
    ("accept", "受理"),
    ("reject", "不予受理"),
    ("transfer", "移送"),
    ("schedule_session", "安排调解"),
    ("record_session", "记录调解"),
    ("recusal", "回避申请"),
    ("pause", "中止计时"),
    ("resume", "恢复计时"),
    ("agree", "达成协议"),
    ("edit_agreement", "修改协议"),
    ("record_performance", "登记履行"),
    ("close_mediated", "办结（调解成功）"),
    ("settle", "办结（自行和解）"),
    ("terminate", "终止调解"),
    ("withdraw", "撤回"),
    ("record_notice", "登记告知书送达"),
    ("follow_up", "回访"),
    ("reopen", "重新打开"),
    ("edit", "修改登记信息"),
    ("attach", "添加附件"),
))


def refusal(action: str, state: str, outcome: str | None = None) -> str | None:
    """None when `action` is allowed in `state`; otherwise the message that says why not."""
    transition = TRANSITIONS[action]
    if state in transition.sources:
        if action == "record_notice" and outcome != "terminated":
            return "只有终止调解的案件需要登记终止调解告知书送达"
        if action == "record_performance" and state == "closed" and outcome != "mediated":
            return "只有调解成功的案件可以登记协议履行情况"
        return None
    allowed = "、".join(f"“{STATES.label(s)}”" for s in transition.sources)
    return (f"案件当前状态为“{STATES.label(state)}”，不能{ACTIONS.label(action)}；"
            f"只有{allowed}的案件可以{ACTIONS.label(action)}")


def allowed_actions(state: str, outcome: str | None = None) -> list[str]:
    return [a for a in TRANSITIONS if refusal(a, state, outcome) is None]


def target_state(action: str, state: str) -> str:
    target = TRANSITIONS[action].target
    return state if target is None else target


def reopen_target(outcome: str | None, accepted: bool, has_agreement: bool) -> str:
    """A reopened case goes back to where work resumes: a rejected or never-accepted case to
    待受理, a case with a written agreement to 已达成协议, any other accepted case to 调解中."""
    if outcome == "rejected" or not accepted:
        return "registered"
    if has_agreement:
        return "agreed"
    return "mediating"
