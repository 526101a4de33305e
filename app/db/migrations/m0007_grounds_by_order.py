"""Schema 7 — a case's grounds follow the order of its date of receipt (issue 12). Until now
every ground was stored with an O121 code (a16_*, a23_*), also for complaints received before
2026-04-15, when Order 20 governed. Those cases now hold the O20 ground that says the same
(app/domain/grounds.py, O121_TO_O20); where O20 has no ground of that content, the nearest one
is taken and the old wording is kept at the head of the case's text, so nothing is lost. Each
changed case gets an audit row naming the old and the new ground. Cases received from
2026-04-15 keep their codes; no column changes."""
from __future__ import annotations

import json
from datetime import date

from peewee import Table
from playhouse.migrate import SchemaMigrator

from app.db.audit_chain import seal_all_unsealed
from app.db.models import now
from app.domain import grounds

_COLUMNS = ("id", "number", "received_date", "reject_ground", "reject_text", "terminate_ground", "terminate_text")
_FIELDS = (("reject_ground", "reject_text"), ("terminate_ground", "terminate_text"))


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def changed_fields(row: dict) -> dict:
    """The new values of one case row's ground columns (only those that change)."""
    out = {}
    received = _day(row["received_date"])
    for code_field, text_field in _FIELDS:
        code, text = grounds.migrated_ground(row[code_field], received, row[text_field] or "")
        if code != row[code_field]:
            out[code_field] = code
        if text != (row[text_field] or ""):
            out[text_field] = text
    return out


def upgrade(migrator: SchemaMigrator) -> None:
    db = migrator.database
    case = Table("complaint_case", _COLUMNS).bind(db)
    audit = Table("audit_log", ("id", "at", "by_name", "action", "entity", "entity_id", "case_id", "summary",
                                "changes")).bind(db)
    old_codes = list(grounds.O121_TO_O20)
    rows = list(case.select().where((case.received_date < grounds.O121_EFFECTIVE)
                                    & (case.reject_ground.in_(old_codes) | case.terminate_ground.in_(old_codes)))
                .order_by(case.id).dicts())
    for row in rows:
        new = changed_fields(row)
        if not new:
            continue
        case.update(**new).where(case.id == row["id"]).execute()
        changes = [{"field": key, "old": row[key], "new": value} for key, value in new.items()]
        audit.insert(at=now(), by_name="系统", action="migrate_grounds", entity="case", entity_id=row["id"],
                     case_id=row["id"], changes=json.dumps(changes, ensure_ascii=False),
                     summary=f"理由改按收到投诉之日施行的{grounds.INSTRUMENTS[grounds.O20]}记载 {row['number']}"
                     ).execute()
    seal_all_unsealed(db)
