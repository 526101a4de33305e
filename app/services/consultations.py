"""咨询登记: phone and walk-in consultations that are not complaints (counted in 接待来访和咨询)."""
from __future__ import annotations

from datetime import date

from app.db.connection import write_transaction
from app.db.models import Consultation, DictEntry
from app.domain.codes import CHANNELS, CONSULTATION_TOPICS
from app.domain.errors import ErrorCollector
from app.domain.validators import check_length
from app.services import audit
from app.services.context import Actor, require, today


def log_consultation(actor: Actor, channel: str = "phone", topic: str = "rights", count: int = 1,
                     note: str = "", day: date | None = None, handling_unit: str = "U00") -> int:
    require(actor, "consult")
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
    errors.check("note", check_length(note, 2000, "咨询内容"))
    if not DictEntry.select().where((DictEntry.kind == "unit") & (DictEntry.code == handling_unit)).exists():
        errors.add("handling_unit", "承办单位不存在")
    errors.raise_if_any()
    with write_transaction():
        values = {"day": day, "channel": channel, "topic": topic, "count": count,
                  "note": (note or "").strip(), "handling_unit": handling_unit}
        row = Consultation.create(by_name=actor.display_name, **values)
        audit.record(actor, "consult", "consultation", row.id,
                     summary=f"咨询登记（{CONSULTATION_TOPICS.label(topic)}，{count}人次）",
                     changes=audit.created(values))
    return row.id
