"""Stable codes and their Chinese labels — the one place labels live.

Codes are what the database stores and what code compares; labels are what people read.
Classification dictionaries (nature, categories) are editable and live in the database;
they are seeded from `classification.py`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from app.domain import grounds


@dataclass(frozen=True)
class CodeSet:
    """An ordered set of (code, label) pairs with look-ups both ways."""

    name: str
    pairs: tuple[tuple[str, str], ...]

    # Look-ups by dict, built once per set (a ledger import asks hundreds of thousands of times);
    # each keeps the first pair that matches, as the walk along `pairs` it stands for did.
    @cached_property
    def _labels(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for c, lbl in self.pairs:
            found.setdefault(c, lbl)
        return found

    @cached_property
    def _codes_by_text(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for c, lbl in self.pairs:      # a pair answers for its label and for its code
            found.setdefault(lbl, c)
            found.setdefault(c, c)
        return found

    def label(self, code: str | None, default: str = "") -> str:
        if code is None:
            return default
        found = self._labels.get(code) if isinstance(code, str) else None
        return found if found is not None else (default or code)

    def code(self, label: str | None) -> str | None:
        if label is None:
            return None
        return self._codes_by_text.get(label.strip())

    def codes(self) -> list[str]:
        return [c for c, _ in self.pairs]

    def labels(self) -> list[str]:
        return [lbl for _, lbl in self.pairs]

    def short_label(self, code: str | None, default: str = "") -> str:
        """The label without what its bracket adds (调解成功 for 调解成功（达成协议）): the form
        offices write in their ledgers, and what a narrow column shows."""
        return self.label(code, default).split("（")[0]

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._labels

    def __iter__(self):
        return iter(self.pairs)


STATES = CodeSet("state", (
    ("registered", "待受理"),
    ("accepted", "已受理"),
    ("mediating", "调解中"),
    ("suspended", "中止（鉴定/检测）"),
    ("agreed", "已达成协议"),
    ("closed", "已办结"),
))

OUTCOMES = CodeSet("outcome", (
    ("mediated", "调解成功（达成协议）"),
    ("settled", "自行和解"),
    ("terminated", "终止调解"),
    ("withdrawn", "投诉人撤回"),
    ("rejected", "不予受理"),
    ("transferred", "移送/转办"),
))

# Outcomes that count as 解决 in the statistics (docs/rules.md §2, §8).
RESOLVED_OUTCOMES = ("mediated", "settled")

# The states and outcomes the case list's queues and the models name. Here, not in lifecycle
# (which imports them from here): the list's queries and the models need only these, and the
# start-up then does not import the actions' module and its field and court checks before the
# first paint.
ACTIVE_STATES = ("registered", "accepted", "mediating", "suspended", "agreed")
ALL_STATES = ACTIVE_STATES + ("closed",)
ACCEPTED_STATES = ACTIVE_STATES[1:]        # open cases past the acceptance decision
# closed with one of these, a case is called back (回访): the consumer was helped or told why not
FOLLOW_UP_OUTCOMES = ("mediated", "settled", "terminated")


def case_state_label(state: str, outcome: str | None = None, short: bool = False) -> str:
    """A case's state as the list and the case's header show it: a closed case with its outcome
    (已办结·调解成功（达成协议）); `short`, the outcome's short label (已办结·调解成功), which the
    list's 状态 badge holds whole at 1366 px (the whole one is its tooltip)."""
    if state == "closed" and outcome:
        return f"{STATES.label('closed')}·{OUTCOMES.short_label(outcome) if short else OUTCOMES.label(outcome)}"
    return STATES.label(state)

CHANNELS = CodeSet("channel", (
    ("visit", "来访"),
    ("phone", "电话"),
    ("letter", "信函"),
    ("web", "网络"),
    ("platform12315", "全国12315平台转办"),
    ("other", "其他"),
))

GENDERS = CodeSet("gender", (
    ("male", "男"),
    ("female", "女"),
    ("unknown", "未说明"),
))

# Identity documents of complainants and agents (docs/rules.md §4); their checks: app/domain/identity.py.
ID_TYPES = CodeSet("id_type", (
    ("resident", "居民身份证"),
    ("residence_permit", "港澳台居民居住证"),
    ("foreign_permanent", "外国人永久居留身份证"),
    ("passport", "护照"),
    ("hk_mo_permit", "港澳居民来往内地通行证"),
    ("tw_permit", "台湾居民来往大陆通行证"),
    ("other", "其他证件"),
))
# Codes older databases hold (schema 10 carried them over): named in the operation log, never offered.
FORMER_ID_TYPES = CodeSet("id_type_former", ID_TYPES.pairs + (("hk_mo_tw", "港澳台居民证件"),))

# 委托代理人 (O121 Art. 11) or one of at most two representatives of a joint complaint (Art. 12).
AGENT_KINDS = CodeSet("agent_kind", (
    ("agent", "委托代理人"),
    ("representative", "代表人"),
))

REQUEST_TYPES = CodeSet("request_type", (
    ("repair", "修理"),
    ("redo", "重作"),
    ("replace", "更换"),
    ("return", "退货"),
    ("make_up", "补足数量"),
    ("refund", "退款"),
    ("compensate", "赔偿损失"),
    ("punitive", "加倍赔偿"),
    ("other", "其他"),
))

HANDLING_BASIS = CodeSet("basis", (
    ("own", "消协自行受理"),
    ("entrusted", "受市场监管部门委托调解"),
))


def handling_basis(channel: str | None, chosen: str | None = None) -> str:
    """办理依据: what the clerk chose, else from the channel — a complaint transferred from the
    national 12315 platform is entrusted by the regulator (O121 Art. 19), any other the 消协's own."""
    return chosen or ("entrusted" if channel == "platform12315" else "own")

SESSION_MODES = CodeSet("session_mode", (
    ("onsite", "现场"),
    ("phone", "电话"),
    ("video", "视频"),
    ("online", "网络"),
))

SESSION_FORMS = CodeSet("session_form", (
    ("joint", "双方（面对面）"),
    ("consumer_only", "单方（消费者）"),
    ("business_only", "单方（经营者）"),
))

SESSION_STATUS = CodeSet("session_status", (
    ("scheduled", "已安排"),
    ("held", "已进行"),
    ("cancelled", "已取消"),
))

TERM_TYPES = CodeSet("term_type", (
    ("return", "退货"),
    ("replace", "换货"),
    ("repair", "修理"),
    ("refund", "退款"),
    ("compensate", "赔偿损失"),
    ("punitive", "加倍赔偿"),
    ("other", "其他"),
))

# Term types whose amount counts towards 挽回经济损失 by default.
MONETARY_TERM_TYPES = ("refund", "compensate", "punitive", "return", "other")

PERFORMANCE = CodeSet("performance", (
    ("pending", "待履行"),
    ("performed", "已履行"),
    ("partly", "部分履行"),
    ("not_performed", "未履行"),
))
# 回访's question "协议已履行?" (a flag; "" = not asked) and its default from the agreement's own
# record: what is already known is offered, an open question (待履行) is left for the call.
FOLLOWUP_PERFORMED = CodeSet("followup_performed", (("yes", "已履行"), ("no", "未履行"), ("", "未询问")))


def followup_performed_default(performance_status: str | None) -> str:
    return {"performed": "yes", "partly": "no", "not_performed": "no"}.get(performance_status or "", "")

SATISFACTION = CodeSet("satisfaction", (
    ("very_satisfied", "非常满意"),
    ("satisfied", "满意"),
    ("neutral", "一般"),
    ("unsatisfied", "不满意"),
))

FOLLOWUP_METHODS = CodeSet("followup_method", (
    ("phone", "电话"),
    ("visit", "上门"),
    ("sms", "短信"),
    ("online", "网络"),
    ("other", "其他"),
))

CLOCK_EVENTS = CodeSet("clock_event", (
    ("pause", "中止（鉴定/检测）"),
    ("resume", "恢复计时"),
))

APPRAISAL_PAYERS = CodeSet("payer", (
    ("consumer", "消费者"),
    ("business", "经营者"),
    ("shared", "双方分担"),
    ("association", "消协"),
    ("undecided", "未约定"),
))

# 司法确认 (民事诉讼法 2023 Art. 205-206): the court's ruling on the joint application.
JUDICIAL_DECISIONS = CodeSet("judicial_decision", (
    ("confirmed", "确认有效"),
    ("dismissed", "驳回"),
))

JUDICIAL_STAGES = CodeSet("judicial_stage", (
    ("open", "尚未申请"),
    ("filed", "已申请，待法院裁定"),
    ("confirmed", "法院裁定确认有效"),
    ("dismissed", "法院裁定驳回申请"),
))

RECUSAL_DECISIONS = CodeSet("recusal_decision", (
    ("granted", "准予回避"),
    ("refused", "驳回申请"),
))

# Grounds for not accepting a complaint and for terminating mediation, of both orders: their
# codes, citations and words live in app/domain/grounds.py; these are their labels.
REJECT_GROUNDS = CodeSet("reject_ground", grounds.label_pairs(grounds.REJECT))
TERMINATE_GROUNDS = CodeSet("terminate_ground", grounds.label_pairs(grounds.TERMINATE))

# Grounds a clerk may pick (the "imported" marker is only written by the ledger importer); which
# of them fit a case depends on its date of receipt (grounds.pickable).
PICKABLE_REJECT_GROUNDS = list(grounds.all_pickable(grounds.REJECT))
PICKABLE_TERMINATE_GROUNDS = list(grounds.all_pickable(grounds.TERMINATE))

# CPL Art. 39 — the channels a consumer may use; printed on rejection and termination notices.
CPL39_CHANNELS = "（一）与经营者协商和解；（二）请求消费者协会或者依法成立的其他调解组织调解；" \
    "（三）向有关行政部门投诉；（四）根据与经营者达成的仲裁协议提请仲裁机构仲裁；（五）向人民法院提起诉讼。"

ROLES = CodeSet("role", (
    ("admin", "管理员"),
    ("mediator", "调解员"),
    ("clerk", "登记员"),
    ("readonly", "只读"),
))

RULE_SETS = CodeSet("rule_set", (
    ("O20", "《市场监督管理投诉举报处理暂行办法》"),
    ("O121", "《市场监督管理投诉举报处理办法》"),
    ("OWN", "本会时限设置"),
))

DEADLINE_STATUS = CodeSet("deadline_status", (
    ("ok", "正常"),
    ("due_soon", "即将到期"),
    ("overdue", "已超期"),
    ("paused", "中止计时"),
    ("none", "—"),
))

DEADLINE_KINDS = CodeSet("deadline_kind", (
    ("accept", "受理决定期限"),
    ("mediate", "调解期限"),
    ("notify", "终止告知期限"),
))
# The same in the case list's 下一期限 column, before the date: which deadline it is.
DEADLINE_SHORT = CodeSet("deadline_short", (("accept", "受理"), ("mediate", "调解"), ("notify", "终止告知")))

WORK_QUEUES = CodeSet("queue", (
    ("to_accept", "待受理"),
    ("mediating", "调解中"),
    ("due_soon", "即将超期"),
    ("overdue", "已超期"),
    ("to_follow_up", "待回访"),
    ("closed", "已办结"),
    ("all", "全部"),
))

CONSULTATION_TOPICS = CodeSet("consult_topic", (
    ("rights", "权益咨询"),
    ("law", "法律政策"),
    ("goods", "商品知识"),
    ("service", "服务问题"),
    ("other", "其他"),
))

# Printed documents (docs/rules.md §9), in the order they are filed in the 卷宗.
DOCUMENT_KINDS = CodeSet("document_kind", (
    ("cover", "卷宗封面及卷内目录"),
    ("registration", "投诉登记表"),
    ("acceptance", "受理通知书"),
    ("rejection", "不予受理通知书"),
    ("mediation_notice", "调解通知书"),
    ("mediation_record", "调解笔录"),
    ("agreement", "调解协议书"),
    ("judicial_confirmation", "司法确认申请书"),
    ("termination", "终止调解告知书"),
    ("followup", "回访记录"),
    ("archive", "全部文书（归档）"),
))

# Headline indicators of the statistics (docs/rules.md §8), shared by the report and the screen.
INDICATORS = CodeSet("indicator", (
    ("accepted", "受理投诉"),
    ("resolved", "解决"),
    ("resolution_rate", "投诉解决率"),
    ("recovered", "为消费者挽回经济损失"),
    ("punitive_count", "加倍赔偿"),
    ("punitive_sum", "加倍赔偿金额"),
    ("reception", "接待来访和咨询"),
    ("registered", "登记投诉"),
    ("closed", "办结"),
    ("mediation_success_rate", "调解成功率"),
    ("satisfied_rate", "回访满意率"),
    ("judicial_confirmed", "调解协议经司法确认有效"),
))

PERIOD_KINDS = CodeSet("period_kind", (
    ("month", "月报"),
    ("quarter", "季报"),
    ("year", "年报"),
    ("range", "任意期间"),
))

HOLIDAY_DAY_KINDS = CodeSet("holiday_day", (("holiday", "放假"), ("workday", "调休上班")))

HOLIDAY_SOURCES = CodeSet("holiday_source", (("chinesecalendar", "随程序提供"), ("manual", "管理员录入"),
                                              ("notice", "据国务院通知导入")))

DICTIONARY_KINDS = CodeSet("dictionary", (
    ("nature", "投诉性质"),
    ("category", "商品和服务类别"),
    ("unit", "承办单位"),
))

CATEGORY_LEVELS = CodeSet("category_level", (("top", "门类"), ("major", "大类"), ("minor", "细类")))
