"""Audit rows: who, when, which record, which fields old → new. Append-only."""
from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from app.db.audit_chain import note_inserted
from app.db.models import AuditLog, database
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
    """One audit row, chained to the log when the transaction commits (app/db/audit_chain.py); a
    call outside a transaction gets one of its own, so no row is ever left out of the chain."""
    values = dict(user=actor.user_id, by_name=actor.display_name or actor.username, action=action,
                  entity=entity, entity_id=entity_id, case=case_id, summary=summary,
                  changes=json.dumps(changes or [], ensure_ascii=False))
    if database.in_transaction():
        note_inserted(database.obj, AuditLog.create(**values).id)
        return
    with database.atomic():
        note_inserted(database.obj, AuditLog.create(**values).id)
