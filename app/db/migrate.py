"""Schema versions: create a new database, carry an older one forward (after a backup),
refuse one written by a newer program."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from peewee import Database, SchemaManager, fn, sort_models

from app import __version__
from app.db.connection import is_postgres, is_sqlite
from app.db.migrations import MIGRATIONS
from app.db.fts import ensure_search_index
from app.db.guards import ensure_guards
from app.db.models import ALL_MODELS, BUSINESS_INDEX, SERVER_SORT_INDEXES, AuditLog, Case, SchemaVersion, now
from app.db.seed import seed_all

SCHEMA_VERSION = 1 + len(MIGRATIONS)


class DatabaseTooNew(Exception):
    def __init__(self, found: int):
        super().__init__(
            f"此数据库由较新版本的程序创建（数据结构版本 {found}），本程序只支持到版本 {SCHEMA_VERSION}。"
            "为避免损坏数据，已拒绝打开；请安装新版本程序后再打开。")
        self.found = found


class SchemaReport:
    """What ensure_schema did. A plain class: a dataclass generates and compiles its methods at
    every start (this module is imported before the first paint), and nothing compares these."""
    __slots__ = ("created", "migrated_from", "backup")

    def __init__(self, created: bool = False, migrated_from: int | None = None, backup: Path | None = None):
        self.created, self.migrated_from, self.backup = created, migrated_from, backup

    def __repr__(self) -> str:
        return f"SchemaReport(created={self.created!r}, migrated_from={self.migrated_from!r}, backup={self.backup!r})"


def current_version(db: Database) -> int | None:
    if not db.table_exists(SchemaVersion._meta.table_name):
        return None
    return SchemaVersion.select(fn.MAX(SchemaVersion.version)).scalar(db)


def create_guards(db: Database) -> list[str]:
    """The audit log refuses updates, deletes (and, on PostgreSQL, TRUNCATE) at the database level
    too (app/db/guards.py); returns the guards that had to be created."""
    return ensure_guards(db)


def create_server_indexes(db: Database) -> None:
    """The indexes only PostgreSQL needs (app/db/models.py SERVER_SORT_INDEXES, BUSINESS_INDEX);
    idempotent."""
    if not is_postgres(db):
        return
    table, fields = Case._meta.table_name, Case._meta.fields
    for columns in (*SERVER_SORT_INDEXES, BUSINESS_INDEX):
        names = [fields[name].column_name for name in columns]
        quoted = ", ".join('"%s"' % name for name in names)
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{table}_{"_".join(names)}_sort" ON "{table}" ({quoted})')


def create_schema(db: Database) -> None:
    """Every table, index, guard and search index of SCHEMA_VERSION in the empty database `db`
    (bound or not): what a new database is given, and what a restored one is compared with
    (app/db/schema_shape.py)."""
    for model in sort_models(ALL_MODELS):     # a table after those its foreign keys name
        SchemaManager(model, db).create_all()
    create_server_indexes(db)
    create_guards(db)
    ensure_search_index(db)


def _record_restored_guards(db: Database, names: list[str]) -> None:
    """A guard missing from a database that had it was removed from outside the program: put it
    back (above) and say so in the audit log, where `check` and the audit viewer show it."""
    from app.db.audit_chain import note_inserted

    summary = f"审计日志的保护触发器缺失（{'、'.join(names)}），可能被程序以外的人删除，已重建"
    p = db.param
    cursor = db.execute_sql(
        f'INSERT INTO "{AuditLog._meta.table_name}" ("at", "by_name", "action", "entity", "summary", "changes") '
        f"VALUES ({p}, {p}, {p}, {p}, {p}, {p})" + (' RETURNING "id"' if is_postgres(db) else ""),
        (now(), "系统", "guards_restored", "audit_log", summary, "[]"))
    note_inserted(db, cursor.fetchone()[0] if is_postgres(db) else cursor.lastrowid)


def ensure_schema(db: Database, backup_dir: Path | None = None) -> SchemaReport:
    """Bring the database to SCHEMA_VERSION. Call once at start-up, after binding `db`."""
    report = SchemaReport()
    with db.atomic():
        _lock_schema(db)   # several PCs may start at once on a fresh server: one creates, the others wait
        found = current_version(db)
        if found is None:
            create_schema(db)
            seed_all()
            SchemaVersion.create(version=SCHEMA_VERSION, program_version=__version__)
            report.created = True
            return report
    if found > SCHEMA_VERSION:
        raise DatabaseTooNew(found)
    if found < SCHEMA_VERSION:
        report.backup = backup_before_migration(db, found, backup_dir)
        apply_migrations(db, found)
        report.migrated_from = found
    with db.atomic():
        _lock_schema(db)   # PCs starting together would otherwise replace the trigger at once
        restored = create_guards(db)
        ensure_search_index(db)   # a database from before schema 8, or one whose index was dropped
        if restored and report.migrated_from is None:
            _record_restored_guards(db, restored)
        seed_all()   # new dictionary entries or holiday years shipped with this program
    return report


def _lock_schema(db: Database) -> None:
    """On the server, serialise schema work of all PCs until the transaction ends (on SQLite the
    write lock taken by BEGIN IMMEDIATE does the same)."""
    if is_postgres(db):
        db.execute_sql("SELECT pg_advisory_xact_lock(74210001)")


def apply_migrations(db: Database, found: int) -> None:
    """Run the migrations after version `found` on `db` (the bound database, or a file being
    restored that nothing is bound to), each step in its own transaction."""
    from playhouse.migrate import SchemaMigrator   # it imports the server's driver: only to migrate
    for version in range(found + 1, SCHEMA_VERSION + 1):
        with db.atomic():
            # Several PCs (or programs) may start the new version at once: one migrates, the
            # others wait for its lock and then find the step done.
            _lock_schema(db)
            if current_version(db) >= version:
                continue
            MIGRATIONS[version](SchemaMigrator.from_database(db))
            # Plain SQL: a model query is shaped for the bound database, `db` may be another one.
            db.execute_sql(f'INSERT INTO "{SchemaVersion._meta.table_name}" (version, applied_at, program_version) '
                           f"VALUES ({db.param}, {db.param}, {db.param})", (version, now(), __version__))


def backup_before_migration(db: Database, version: int, backup_dir: Path | None) -> Path | None:
    if not is_sqlite(db) or backup_dir is None:
        return None
    from app.db.backup import backup_sqlite_file

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = Path(backup_dir) / f"升级前备份-v{version}-{stamp}.sqlite3"
    backup_sqlite_file(Path(db.database), target)
    return target
