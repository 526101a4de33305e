"""Schema 20 — the audit rows of one record by (entity, entity_id) (app/db/models.py AuditLog): a
case's 操作日志 shows the edits of its complainant and business, rows kept under the party's own id
(a party may belong to several cases), and a refused stale save names who saved the party last.
Without it each case opened read the whole audit log."""
from __future__ import annotations

from playhouse.migrate import SchemaMigrator, migrate


def upgrade(migrator: SchemaMigrator) -> None:
    migrate(migrator.add_index("audit_log", ("entity", "entity_id")))
