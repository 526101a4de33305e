"""Reading the audit log (审计日志): filtered, newest first, paged in SQL. There is deliberately
no function here or anywhere that changes or deletes audit rows (and the database refuses it)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time

from peewee import JOIN, fn

from app.db.models import AuditLog, Case
from app.db.sql import contains
from app.domain.audit_actions import ENTITIES, USER_AND_BACKUP_FIELDS, action_label
from app.domain.codes import ROLES
from app.domain.field_labels import HOLIDAY_DAY_PREFIX, field_label, plain_field, value_text
from app.domain.masking import mask_id_number, mask_phone
from app.domain.errors import ValidationFailed
from app.services import audit
from app.services.context import Actor, require

PII_MASKS = {"id_number": mask_id_number, "phone": mask_phone}


@dataclass
class AuditFilter:
    date_from: date | None = None
    date_to: date | None = None
    user: str = ""          # the name recorded with the row
    action: str = ""
    case_number: str = ""   # part of a case number
    text: str = ""          # in the summary or the changes


@dataclass
class AuditRow:
    id: int
    at: datetime
    user: str
    action: str
    action_label: str
    entity_label: str
    case_number: str
    summary: str
    changes: list[dict]


def _query(flt: AuditFilter, *columns):
    query = AuditLog.select(*columns).join(Case, JOIN.LEFT_OUTER, on=(AuditLog.case == Case.id))
    if flt.date_from:
        query = query.where(AuditLog.at >= datetime.combine(flt.date_from, time.min))
    if flt.date_to:
        query = query.where(AuditLog.at <= datetime.combine(flt.date_to, time.max))
    if flt.user:
        query = query.where(AuditLog.by_name == flt.user)
    if flt.action:
        query = query.where(AuditLog.action == flt.action)
    number = (flt.case_number or "").strip()
    if number:
        query = query.where(contains(Case.number, number))
    text = (flt.text or "").strip()
    if text:
        query = query.where(contains(AuditLog.summary, text) | contains(AuditLog.changes, text))
    return query


def count_audit(actor: Actor, flt: AuditFilter) -> int:
    require(actor, "audit")
    return _query(flt, fn.COUNT(AuditLog.id)).scalar()


def audit_page(actor: Actor, flt: AuditFilter, offset: int = 0, limit: int = 200) -> list[AuditRow]:
    """One page of rows, newest first."""
    require(actor, "audit")
    query = (_query(flt, AuditLog.id, AuditLog.at, AuditLog.by_name, AuditLog.action, AuditLog.entity,
                    Case.number, AuditLog.summary, AuditLog.changes)
             .order_by(AuditLog.id.desc()).offset(offset).limit(limit).tuples())
    see_pii = actor.may("view_pii")
    return [AuditRow(i, at, user, action, action_label(action), ENTITIES.label(entity, "—"), number or "", summary,
                     _changes(changes, see_pii))
            for i, at, user, action, entity, number, summary, changes in query]


def _changes(raw: str, see_pii: bool) -> list[dict]:
    try:
        changes = json.loads(raw or "[]")
    except ValueError:
        return []
    return changes if see_pii else mask_pii_changes(changes)


def mask_pii_changes(changes: list[dict]) -> list[dict]:
    """ID and phone numbers in recorded changes, masked for roles without "view_pii"."""
    for change in changes:
        mask = PII_MASKS.get(plain_field(change.get("field") or ""))
        if mask:
            change["old"] = mask(change.get("old")) or None
            change["new"] = mask(change.get("new")) or None
    return changes


def describe(change: dict, dictionaries=None, users=None) -> tuple[str, str, str]:
    """(field, old, new) as a person reads them."""
    from app.services.doc_templates import template_key_label

    field = change.get("field", "")
    label = USER_AND_BACKUP_FIELDS.get(field) or template_key_label(field) or field_label(field)
    if field == "role":
        return label, ROLES.label(change.get("old"), "（空）"), ROLES.label(change.get("new"), "（空）")
    if field.startswith(HOLIDAY_DAY_PREFIX):     # one date of a holiday schedule, added or taken out
        return label, change.get("old") or "（无）", change.get("new") or "（无）"
    old = "" if change.get("old") is None else value_text(field, change.get("old"), dictionaries, users)
    return label, old, value_text(field, change.get("new"), dictionaries, users)


EXPORT_HEADER = ("时间", "用户", "操作", "对象", "案件编号", "内容", "改动")
EXPORT_LIMIT = 200_000        # rows in one file; a longer log is exported a period at a time


def export_rows(actor: Actor, flt: AuditFilter, dictionaries=None, progress=None) -> list[tuple]:
    """The filtered log as a person reads it, one tuple per row (EXPORT_HEADER), newest first;
    the export itself leaves an audit row (the file may leave the office)."""
    require(actor, "audit")
    total = count_audit(actor, flt)
    if total > EXPORT_LIMIT:
        raise ValidationFailed.single("date_from", f"共 {total} 条记录，超过一次可导出的 {EXPORT_LIMIT} 条；"
                                                   "请按日期分段导出")
    rows, page = [], 2000
    while len(rows) < total:
        batch = audit_page(actor, flt, len(rows), page)
        if not batch:
            break
        for r in batch:
            changes = "\n".join(f"{label}：{old or '（空）'} → {new or '（空）'}"
                                for label, old, new in (describe(c, dictionaries) for c in r.changes))
            rows.append((r.at, r.user, r.action_label, r.entity_label, r.case_number, r.summary, changes))
        if progress is not None:
            progress(len(rows), total)
    audit.record(actor, "export_audit", "audit_log", None, summary=f"导出审计日志（{len(rows)} 条）",
                 changes=[{"field": "filter", "old": None, "new": filter_text(flt)}])
    return rows


def filter_text(flt: AuditFilter) -> str:
    parts = [f"{flt.date_from or '不限'} 至 {flt.date_to or '不限'}"]
    parts += [f"{name}：{value}" for name, value in (("用户", flt.user), ("操作", action_label(flt.action) if flt.action
              else ""), ("案件编号", flt.case_number), ("内容", flt.text)) if value]
    return "；".join(parts)


def audit_users() -> list[str]:
    """Names that appear in the log, for the user filter (read from the index of the name column)."""
    return [name for (name,) in AuditLog.select(AuditLog.by_name).distinct().order_by(AuditLog.by_name).tuples()]


def audit_actions() -> list[str]:
    return [a for (a,) in AuditLog.select(AuditLog.action).distinct().order_by(AuditLog.action).tuples()]
