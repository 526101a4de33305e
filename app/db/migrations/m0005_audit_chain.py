"""Schema 5 — the tamper-evident audit log (app/db/audit_chain.py, app/db/guards.py).

- `audit_log.chain_seq`, `prev_hash`, `row_hash`: each row's place in the hash chain;
- `audit_chain`: the chain head (how many rows, the last hash);
- the old guards, which refused every update, make way for ones that allow the one-time seal
  (the new guards are created by ensure_schema after the migrations);
- every existing row is chained in id order, so an older database is protected from now on.
"""
from __future__ import annotations

from peewee import CharField, IntegerField, SchemaManager
from playhouse.migrate import SchemaMigrator, migrate

from app.db.audit_chain import seal_all_unsealed
from app.db.guards import drop_old_guards


def upgrade(migrator: SchemaMigrator) -> None:
    db = migrator.database
    drop_old_guards(db)
    migrate(
        migrator.add_column("audit_log", "chain_seq", IntegerField(null=True)),
        migrator.add_column("audit_log", "prev_hash", CharField(max_length=64, null=True)),
        migrator.add_column("audit_log", "row_hash", CharField(max_length=64, null=True)),
        migrator.add_index("audit_log", ("chain_seq",), unique=True),
    )
    from app.db.models import AuditChain
    # on `db` itself, which may be a file being restored rather than the bound database
    SchemaManager(AuditChain, db).create_all(safe=True)
    seal_all_unsealed(db)
