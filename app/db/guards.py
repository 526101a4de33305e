"""Database-level guards of the audit log (schema 5): rows cannot be changed or deleted, only their
seal (chain position and hashes, app/db/audit_chain.py) can be written, once; on PostgreSQL the
table cannot be emptied with TRUNCATE either. The chain head may only move forward.

What this enforces, and what it cannot: the program and anyone using the program's connection
without owning the tables are stopped. The owner of a table (on SQLite: anyone who can write the
file) can drop a trigger; that is why the hash chain exists — `check` finds every edited, deleted
or inserted row whatever happened to the triggers, and a guard found missing at start-up is put
back *and recorded* in the audit log. On a server, the DBA makes the program's role a non-owner
without UPDATE/DELETE/TRUNCATE on the audit table (README, "Securing the server").
"""
from __future__ import annotations

from peewee import Database

from app.db.audit_chain import COLUMNS, HEAD, TABLE

_RAISE = "audit_log is append-only"   # (not shown to clerks: no code path of the program gets here)

_SQLITE = {
    "audit_log_guard_update": (
        f"CREATE TRIGGER audit_log_guard_update BEFORE UPDATE ON {TABLE} "
        "WHEN OLD.chain_seq IS NOT NULL OR NEW.chain_seq IS NULL OR "
        + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in COLUMNS)
        + f" BEGIN SELECT RAISE(ABORT, '{_RAISE}'); END"),
    "audit_log_guard_delete": (
        f"CREATE TRIGGER audit_log_guard_delete BEFORE DELETE ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{_RAISE}'); END"),
    "audit_chain_guard_update": (
        f"CREATE TRIGGER audit_chain_guard_update BEFORE UPDATE ON {HEAD} "
        "WHEN NEW.seq < OLD.seq OR NEW.id IS NOT OLD.id "
        f"BEGIN SELECT RAISE(ABORT, '{_RAISE}'); END"),
    "audit_chain_guard_delete": (
        f"CREATE TRIGGER audit_chain_guard_delete BEFORE DELETE ON {HEAD} "
        f"BEGIN SELECT RAISE(ABORT, '{_RAISE}'); END"),
}
OLD_SQLITE_SQL = {          # schema ≤ 3 (as tests/db/fixtures/schema_v1.sqlite3 holds them); migration 5 drops them
    f"audit_log_no_{what.lower()}": f"CREATE TRIGGER audit_log_no_{what.lower()} BEFORE {what} ON {TABLE} "
                                    f"BEGIN SELECT RAISE(ABORT, '{_RAISE}'); END"
    for what in ("UPDATE", "DELETE")}
OLD_SQLITE = tuple(OLD_SQLITE_SQL)

_SAME_ROW = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in COLUMNS)
_PG_FUNCTIONS = (
    "CREATE OR REPLACE FUNCTION audit_log_guard_v4() RETURNS trigger AS $$ BEGIN "
    "IF TG_OP = 'UPDATE' AND OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL "
    f"AND NOT ({_SAME_ROW}) THEN RETURN NEW; END IF; "
    f"RAISE EXCEPTION '{_RAISE}'; END; $$ LANGUAGE plpgsql",
    "CREATE OR REPLACE FUNCTION audit_chain_guard_v4() RETURNS trigger AS $$ BEGIN "
    "IF TG_OP = 'UPDATE' AND NEW.seq >= OLD.seq AND NEW.id = OLD.id THEN RETURN NEW; END IF; "
    f"RAISE EXCEPTION '{_RAISE}'; END; $$ LANGUAGE plpgsql",
)
_PG = {
    "audit_log_guard_row": f"CREATE TRIGGER audit_log_guard_row BEFORE UPDATE OR DELETE ON {TABLE} "
                           "FOR EACH ROW EXECUTE FUNCTION audit_log_guard_v4()",
    "audit_log_guard_truncate": f"CREATE TRIGGER audit_log_guard_truncate BEFORE TRUNCATE ON {TABLE} "
                                "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard_v4()",
    "audit_chain_guard_row": f"CREATE TRIGGER audit_chain_guard_row BEFORE UPDATE OR DELETE ON {HEAD} "
                             "FOR EACH ROW EXECUTE FUNCTION audit_chain_guard_v4()",
    "audit_chain_guard_truncate": f"CREATE TRIGGER audit_chain_guard_truncate BEFORE TRUNCATE ON {HEAD} "
                                  "FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_guard_v4()",
}
TRUNCATE_TRIGGERS = ("audit_log_guard_truncate", "audit_chain_guard_truncate")


def _sqlite(db: Database) -> bool:
    from app.db.connection import is_sqlite
    return is_sqlite(db)


def _postgres(db: Database) -> bool:
    from app.db.connection import is_postgres
    return is_postgres(db)


def present_guards(db: Database) -> set[str]:
    if _sqlite(db):
        return {n for (n,) in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    if _postgres(db):
        return {n for (n,) in db.execute_sql(
            "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relname IN (%s, %s) AND c.relnamespace = current_schema()::regnamespace "
            "AND NOT t.tgisinternal AND t.tgenabled <> 'D'", (TABLE, HEAD))}
    return set()


def wanted_guards(db: Database) -> dict[str, str]:
    return _SQLITE if _sqlite(db) else _PG if _postgres(db) else {}


def missing_guards(db: Database) -> list[str]:
    present = present_guards(db)
    return [name for name in wanted_guards(db) if name not in present]


def ensure_guards(db: Database) -> list[str]:
    """Create the guards that are missing (all of them on a new database); returns their names.
    Nothing is altered when all are in place, so a program role that does not own the tables
    opens a guarded database without needing the right to change it."""
    missing = missing_guards(db)
    if not missing:
        return []
    if _postgres(db):
        for sql in _PG_FUNCTIONS:
            db.execute_sql(sql)
        disabled = {n for (n,) in db.execute_sql(
            "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relname IN (%s, %s) AND c.relnamespace = current_schema()::regnamespace "
            "AND t.tgenabled = 'D'", (TABLE, HEAD))}
        for name in missing:
            table = TABLE if name.startswith("audit_log") else HEAD
            if name in disabled:
                db.execute_sql(f"ALTER TABLE {table} ENABLE TRIGGER {name}")
            else:
                db.execute_sql(_PG[name])
    else:
        for name in missing:
            db.execute_sql(_SQLITE[name])
    return missing


def drop_old_guards(db: Database) -> None:
    """Schema ≤ 3 refused every update, which sealing needs (migration 4)."""
    if _sqlite(db):
        for name in OLD_SQLITE:
            db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
    elif _postgres(db):
        db.execute_sql(f"DROP TRIGGER IF EXISTS audit_log_no_change ON {TABLE}")
        db.execute_sql("DROP FUNCTION IF EXISTS audit_log_append_only()")


def hardening_sql(app_role: str, schema: str = "public") -> list[str]:
    """What the DBA runs as the tables' owner (the `secure-server` command does it) so that the
    program's own role can work but cannot change the audit log in any way: it owns no table (no
    ALTER, no DROP/DISABLE TRIGGER), has no UPDATE/DELETE/TRUNCATE on audit_log (only the three seal
    columns may be written, once, by the guard's rule), and cannot move the chain head back."""
    role, where = f'"{app_role}"', f'"{schema}"'
    return [
        f"GRANT USAGE ON SCHEMA {where} TO {role}",
        f"REVOKE CREATE ON SCHEMA {where} FROM {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {where} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {where} TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {where}.{TABLE} FROM {role}",
        f"GRANT UPDATE (chain_seq, prev_hash, row_hash) ON {where}.{TABLE} TO {role}",
        f"REVOKE DELETE, TRUNCATE, REFERENCES, TRIGGER ON {where}.{HEAD} FROM {role}",
    ]
