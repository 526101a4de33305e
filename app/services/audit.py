"""Audit rows: who, when, which record, which fields old → new. Append-only."""
from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from app.db.models import AuditLog
from app.services.context import Actor


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def diff(before: dict, after: dict) -> list[dict]:
    """Field-level changes between two snapshots of the same record."""
    changes = []
    for key in after:
        old, new = _plain(before.get(key)), _plain(after.get(key))
        if old != new:
            changes.append({"field": key, "old": old, "new": new})
    return changes


def created(values: dict) -> list[dict]:
    return [{"field": k, "old": None, "new": _plain(v)} for k, v in values.items()
            if v not in (None, "", [], False)]


def record(actor: Actor, action: str, entity: str, entity_id: int | None, *, case_id: int | None = None,
           summary: str = "", changes: list[dict] | None = None) -> None:
    AuditLog.create(
        user=actor.user_id, by_name=actor.display_name or actor.username, action=action,
        entity=entity, entity_id=entity_id, case=case_id, summary=summary,
        changes=json.dumps(changes or [], ensure_ascii=False),
    )
