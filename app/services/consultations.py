"""咨询登记: phone and walk-in consultations that are not complaints (counted in 接待来访和咨询)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.db.connection import write_transaction
from app.db.models import Consultation, DictEntry
from app.domain.codes import CHANNELS, CONSULTATION_TOPICS
from app.domain.errors import ErrorCollector, NotFound
from app.domain.validators import check_length, check_plain_text
from app.services import audit
from app.services.context import Actor, require, today


@dataclass(frozen=True)
class ConsultationRow:
    id: int
    day: date
    channel: str
    topic: str
    count: int
    note: str
    handling_unit: str
    by_name: str


def _checked(channel: str, topic: str, count, note: str, day: date | None, handling_unit: str) -> dict:
    """The values of one consultation, every problem at once (nothing saved half-way)."""
    errors = ErrorCollector()
    day = day or today()
    if day > today():
        errors.add("day", "日期不能晚于今天")
    if channel not in CHANNELS:
        errors.add("channel", "请选择渠道")
    if topic not in CONSULTATION_TOPICS:
        errors.add("topic", "请选择咨询类别")
    try:
        count = int(count)
        if not 1 <= count <= 1000:
            raise ValueError
    except (TypeError, ValueError):
        errors.add("count", "人次应为1到1000之间的整数")
    errors.check("note", check_length(note, 2000, "咨询内容") or check_plain_text(note, "咨询内容", multiline=True))
    if not DictEntry.select().where((DictEntry.kind == "unit") & (DictEntry.code == handling_unit)).exists():
        errors.add("handling_unit", "承办单位不存在")
    errors.raise_if_any()
    return {"day": day, "channel": channel, "topic": topic, "count": count, "note": (note or "").strip(),
            "handling_unit": handling_unit}


def _summary(values: dict) -> str:
    return f"{values['day']}，{CONSULTATION_TOPICS.label(values['topic'])}，{values['count']}人次"


def log_consultation(actor: Actor, channel: str = "phone", topic: str = "rights", count: int = 1,
                     note: str = "", day: date | None = None, handling_unit: str = "U00") -> int:
    require(actor, "consult")
    values = _checked(channel, topic, count, note, day, handling_unit)
    with write_transaction():
        row = Consultation.create(by_name=actor.display_name, **values)
        audit.record(actor, "consult", "consultation", row.id,
                     summary=f"咨询登记（{CONSULTATION_TOPICS.label(topic)}，{values['count']}人次）",
                     changes=audit.created(values))
    return row.id


def list_consultations(first: date, last: date) -> list[ConsultationRow]:
    """The consultations logged for days first..last, newest first."""
    query = (Consultation.select().where(Consultation.day.between(first, last))
             .order_by(Consultation.day.desc(), Consultation.id.desc()))
    return [ConsultationRow(c.id, c.day, c.channel, c.topic, c.count, c.note, c.handling_unit, c.by_name)
            for c in query]


def _existing(consultation_id: int) -> Consultation:
    row = Consultation.get_or_none(id=consultation_id)
    if row is None:
        raise NotFound("这条咨询登记已不存在（可能已被他人删除），请刷新列表")
    return row


def correct_consultation(actor: Actor, consultation_id: int, channel: str, topic: str, count: int, note: str,
                         day: date, handling_unit: str) -> None:
    """A mistyped consultation put right (e.g. 人次 12 for 2): the statistics follow."""
    require(actor, "consult")
    values = _checked(channel, topic, count, note, day, handling_unit)
    with write_transaction():
        row = _existing(consultation_id)
        before = {key: getattr(row, key) for key in values}
        changes = audit.diff(before, values)
        if not changes:
            return
        Consultation.update(**values).where(Consultation.id == row.id).execute()
        audit.record(actor, "correct_consultation", "consultation", row.id,
                     summary=f"修改咨询登记（{_summary(values)}）", changes=changes)


def remove_consultation(actor: Actor, consultation_id: int) -> None:
    """A consultation logged by mistake (a duplicate, or really a complaint) taken out of the
    statistics; the audit row keeps what it said."""
    require(actor, "consult")
    with write_transaction():
        row = _existing(consultation_id)
        values = {key: getattr(row, key) for key in ("day", "channel", "topic", "count", "note", "handling_unit",
                                                       "by_name")}
        Consultation.delete().where(Consultation.id == row.id).execute()
        audit.record(actor, "remove_consultation", "consultation", row.id,
                     summary=f"删除咨询登记（{_summary(values)}）",
                     changes=audit.diff(values, dict.fromkeys(values)))
