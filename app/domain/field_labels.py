"""Chinese names of the recorded fields, and their values as a person reads them — for the
operation log (操作日志: field, old → new) and anything else that shows a change."""
from __future__ import annotations

from datetime import date

from app.domain import codes
from app.domain.settings_spec import SPEC_BY_KEY

FIELD_LABELS = {
    # the case
    "number": "案件编号", "received_date": "登记日期", "channel": "来源渠道", "platform_no": "12315平台编号",
    "basis": "办理依据", "handling_unit": "承办单位", "goods_name": "商品或服务名称",
    "purchase_date": "购买/接受服务日期", "purchase_place": "购买地点", "quantity": "数量",
    "category_code": "类别", "category_major": "类别大类", "nature_code": "投诉性质", "amount": "涉案金额",
    "facts": "投诉事实", "request_types": "请求类型", "request_text": "投诉请求", "evidence_note": "证据说明",
    "consent_publish": "同意公开投诉", "consent_entrusted": "同意委托调解", "typical": "典型案例",
    "typical_summary": "典型案例简要案情", "note": "备注", "mediator": "调解员", "mediator_id": "调解员",
    "state": "状态", "outcome": "处理结果", "accepted_date": "受理日期", "closed_date": "办结日期",
    "reject_ground": "不予受理理由", "reject_text": "不予受理说明", "transfer_to": "移送单位",
    "transfer_reason": "移送理由", "terminate_ground": "终止调解理由", "terminate_text": "终止调解说明",
    "close_note": "办结说明", "recovered": "挽回经济损失", "punitive": "加倍赔偿金额",
    "notice_sent_date": "告知书送达日期",
    # parties
    "name": "名称/姓名", "phone": "联系电话", "address": "地址", "gender": "性别", "id_type": "证件类型",
    "id_number": "证件号码", "birth_date": "出生日期", "credit_code": "统一社会信用代码",
    "legal_rep": "法定代表人/负责人", "contact": "联系人",
    # mediation
    "scheduled_at": "调解时间", "place": "地点", "mode": "调解方式", "form": "调解形式", "mediators": "调解员",
    "recorder": "记录人", "present": "参加人员", "record_text": "调解笔录", "result": "调解结果",
    "next_step": "下一步", "notified_date": "通知日期", "status": "状态",
    "mediator_name": "被申请回避的调解员", "applicant": "申请人", "reason": "理由", "decision": "决定",
    "decided_by": "决定人", "decided_date": "决定日期", "day": "日期", "agency": "鉴定/检测机构",
    "payer": "费用承担方",
    # agreement
    "signed_date": "签订日期", "performance_way": "履行方式", "performance_place": "履行地点",
    "performance_deadline": "履行期限", "copies": "份数", "terms": "协议条款",
    "dispute_facts": "纠纷事实及请求",
    "performance_status": "履行情况", "performance_date": "履行日期", "performance_note": "履行说明",
    # follow-up, attachments, consultations, dictionaries
    "method": "回访方式", "satisfaction": "满意度", "performed": "协议已履行", "by_name": "经办人",
    "supervisor_done": "负责人已处理", "filename": "文件名", "size": "大小（字节）", "sha256": "内容校验值",
    "topic": "咨询类别", "count": "人次", "label": "名称", "active": "启用", "kind": "类型", "code": "代码",
    "parent": "上级", "days": "天数",
    # agents and representatives (their rows are the case's, recorded as agent:N:field)
    "relation": "与投诉人关系", "authorization": "授权委托事项",
}

# Fields whose values are codes of a CodeSet.
_CODED = {
    "state": codes.STATES, "outcome": codes.OUTCOMES, "channel": codes.CHANNELS, "basis": codes.HANDLING_BASIS,
    "gender": codes.GENDERS, "id_type": codes.FORMER_ID_TYPES, "mode": codes.SESSION_MODES, "form": codes.SESSION_FORMS,
    "term_type": codes.TERM_TYPES, "performance_status": codes.PERFORMANCE, "satisfaction": codes.SATISFACTION,
    "method": codes.FOLLOWUP_METHODS, "reject_ground": codes.REJECT_GROUNDS,
    "terminate_ground": codes.TERMINATE_GROUNDS, "payer": codes.APPRAISAL_PAYERS,
    "decision": codes.RECUSAL_DECISIONS, "topic": codes.CONSULTATION_TOPICS,
}
_STATUS_SETS = (codes.SESSION_STATUS, codes.PERFORMANCE)


HOLIDAY_DAY_PREFIX = "holiday:"      # one day of a holiday schedule: "holiday:2027-01-01"
AGENT_PREFIX = "agent:"              # a field of the case's Nth agent or representative: "agent:2:phone"


def agent_field(position: int, name: str) -> str:
    return f"{AGENT_PREFIX}{position}:{name}"


def _agent_part(field: str) -> tuple[int, str] | None:
    if not field.startswith(AGENT_PREFIX):
        return None
    position, _, name = field[len(AGENT_PREFIX):].partition(":")
    return (int(position), name) if position.isdigit() and name else None


def plain_field(field: str) -> str:
    """The record's own field name: an agent's "agent:2:phone" is a phone like any other (its
    label, its value's reading, its masking for roles that may not see it)."""
    agent = _agent_part(field)
    return agent[1] if agent else field


def field_label(field: str) -> str:
    agent = _agent_part(field)
    if agent:
        return f"代理人/代表人{agent[0]}的{FIELD_LABELS.get(agent[1], agent[1])}"
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    if field.startswith(HOLIDAY_DAY_PREFIX):
        day = date.fromisoformat(field[len(HOLIDAY_DAY_PREFIX):])
        return f"{day.isoformat()}（周{'一二三四五六日'[day.weekday()]}）"
    spec = SPEC_BY_KEY.get(field)
    return spec.label if spec else field


def value_text(field: str, value, dictionaries: dict[str, dict[str, str]] | None = None,
               users: dict[int, str] | None = None) -> str:
    """A recorded value as shown to a person: codes become labels, booleans 是/否."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if field.startswith(AGENT_PREFIX):
        field = plain_field(field)
        if field == "kind":
            return codes.AGENT_KINDS.label(str(value))
    if field in _CODED:
        return _CODED[field].label(str(value))
    if field == "status":
        for codeset in _STATUS_SETS:
            if value in codeset:
                return codeset.label(value)
    if field == "request_types":
        return "、".join(codes.REQUEST_TYPES.label(c) for c in str(value).split(",") if c)
    if field in ("category_code", "category_major") and dictionaries:
        return dictionaries.get("category", {}).get(str(value), str(value))
    if field == "nature_code" and dictionaries:
        return dictionaries.get("nature", {}).get(str(value), str(value))
    if field == "handling_unit" and dictionaries:
        return dictionaries.get("unit", {}).get(str(value), str(value))
    if field in ("mediator", "mediator_id") and users is not None:
        return users.get(value, str(value))
    if isinstance(value, str) and "T" in value[:11] and value[:4].isdigit():
        return value.replace("T", " ")[:16]   # an ISO date-time as written by the audit log
    return str(value)


def describe_change(change: dict, dictionaries=None, users=None, limit: int = 80) -> str:
    """One line "字段：旧 → 新" (long texts shortened to `limit` characters)."""
    field = change.get("field", "")

    def short(value) -> str:
        text = value_text(field, value, dictionaries, users).replace("\n", " ")
        return text if len(text) <= limit else text[:limit] + "…"
    old = change.get("old")
    if old is None:
        return f"{field_label(field)}：{short(change.get('new'))}"
    return f"{field_label(field)}：{short(old)} → {short(change.get('new'))}"
