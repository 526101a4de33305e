"""Database files for backups: consistent copies of the SQLite file (SQLite's online backup API,
safe while the program is in use), their checks, and the copy of a whole PostgreSQL database into
an SQLite file of the same schema and back (server-mode export and restore)."""
from __future__ import annotations

import json
import re
import sqlite3
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from peewee import AutoField, BlobField, BooleanField, Database, SchemaManager, SqliteDatabase

from app.db.models import ALL_MODELS, SchemaVersion
from app.db.private import private_dir, private_file

BATCH = 2000
SHA256 = re.compile(r"[0-9a-f]{64}")


def backup_sqlite_file(source: Path, target: Path) -> Path:
    """Copy a live SQLite database into `target` (one self-contained file), checked."""
    private_dir(target.parent)
    tmp = target.with_suffix(target.suffix + ".part")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(tmp))
        try:
            src.backup(dst)
            # The copy inherits WAL mode; a backup must be one file that can travel alone.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    return _checked_into_place(tmp, target, "备份文件")


def _checked_into_place(tmp: Path, target: Path, what: str) -> Path:
    """A written copy becomes `target` only after SQLite's integrity check passed on it."""
    problem = integrity_problem(tmp)
    if problem:
        tmp.unlink(missing_ok=True)
        raise OSError(f"{what}校验失败：{problem}")
    tmp.replace(target)
    return private_file(target)


def integrity_problem(path: Path) -> str | None:
    """None when SQLite's integrity check passes, else its first complaint."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        rows = con.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        con.close()
    if rows and rows[0][0] == "ok":
        return None
    return "; ".join(str(r[0]) for r in rows[:5]) or "unknown"


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def file_schema_version(path: Path) -> int | None:
    """The schema version stamped in an SQLite file; None when it is not one of ours."""
    con = _read_only(path)
    try:
        return con.execute(f'SELECT MAX(version) FROM "{SchemaVersion._meta.table_name}"').fetchone()[0]
    except sqlite3.DatabaseError:
        return None
    finally:
        con.close()


def file_counts(path: Path) -> dict[str, int]:
    """Rows per table of an SQLite file (for the manifest and to compare after restore)."""
    con = _read_only(path)
    try:
        tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return {m._meta.table_name: con.execute(f'SELECT COUNT(*) FROM "{m._meta.table_name}"').fetchone()[0]
                for m in ALL_MODELS if m._meta.table_name in tables}
    finally:
        con.close()


def file_audit_head(path: Path) -> dict | None:
    """The audit chain's head in a file ({"seq", "hash"}): backups record it, so that `check` can
    tell later whether the log up to there was rewritten — an anchor outside the database."""
    con = _read_only(path)
    try:
        row = con.execute('SELECT "seq", "last_hash" FROM "audit_chain" WHERE "id" = 1').fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        con.close()
    return {"seq": row[0], "hash": row[1]} if row else None


def file_database_id(path: Path) -> str | None:
    """The id the database in `path` was given when it was created (app/db/seed.py)."""
    from app.db.seed import DATABASE_ID_KEY
    con = _read_only(path)
    try:
        row = con.execute('SELECT "value" FROM "setting" WHERE "key" = ?', (DATABASE_ID_KEY,)).fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        con.close()
    try:
        value = json.loads(row[0]) if row else None
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def file_people_with_id(path: Path) -> int:
    con = _read_only(path)
    try:
        return con.execute("SELECT COUNT(*) FROM complainant WHERE id_number <> ''").fetchone()[0]
    finally:
        con.close()


def file_attachment_hashes(path: Path) -> list[str]:
    """The attachments' content hashes; a value that is not a SHA-256 (a crafted file's '../x')
    never becomes a path."""
    con = _read_only(path)
    try:
        return [h for (h,) in con.execute('SELECT DISTINCT sha256 FROM "attachment" ORDER BY sha256')
                if isinstance(h, str) and SHA256.fullmatch(h)]
    finally:
        con.close()


def file_blob_hashes(path: Path) -> set[str]:
    """The attachments a file holds as rows (a server export)."""
    con = _read_only(path)
    try:
        return {h for (h,) in con.execute('SELECT sha256 FROM "attachment_blob"')}
    finally:
        con.close()


def schema_problem(db: Database) -> str | None:
    """Does the file really hold this program's tables and columns (after its migrations)? A
    nearly empty database, or one claiming an older version than its tables have, is refused
    here — in a scratch copy — instead of failing to open after it replaced the data."""
    tables = set(db.get_tables())
    for model in ALL_MODELS:
        table = model._meta.table_name
        if table not in tables:
            return f"缺少数据表 {table}"
        have = {column.name for column in db.get_columns(table)}
        missing = [f.column_name for f in model._meta.sorted_fields if f.column_name not in have]
        if missing:
            return f"数据表 {table} 缺少列 {'、'.join(missing)}"
    return None


def file_change_marker(path: Path) -> int:
    """Every change writes an audit row, so the highest audit id (backups themselves aside) marks
    the state of the data."""
    con = _read_only(path)
    try:
        return con.execute("SELECT COALESCE(MAX(id), 0) FROM audit_log WHERE action <> 'backup'").fetchone()[0]
    finally:
        con.close()


# ---------------------------------------------------------------- server mode: database ⇄ file
def _columns(model) -> list[str]:
    return [f.column_name for f in model._meta.sorted_fields]


def _to_sqlite(value):
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


def export_to_sqlite(db: Database, target: Path, progress=None) -> Path:
    """Every table of the (PostgreSQL) database `db`, read in one consistent snapshot, into a new
    SQLite file of the same schema — the format restore accepts from either mode."""
    from app.db.migrate import create_guards

    tmp = target.with_suffix(target.suffix + ".part")
    tmp.unlink(missing_ok=True)
    out = SqliteDatabase(str(tmp), pragmas={"journal_mode": "off", "synchronous": "off"})
    try:
        for model in ALL_MODELS:
            SchemaManager(model, out).create_all(safe=False)
        with db.atomic():
            if not isinstance(db, SqliteDatabase):
                db.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            for step, model in enumerate(ALL_MODELS):
                _copy_table_out(db, out, model)
                if progress:
                    progress(step + 1, len(ALL_MODELS))
        create_guards(out)
        out.execute_sql("PRAGMA journal_mode=DELETE")
    finally:
        out.close()
    return _checked_into_place(tmp, target, "导出文件")


def _copy_table_out(db: Database, out: SqliteDatabase, model) -> None:
    table, columns = model._meta.table_name, _columns(model)
    names = ", ".join(f'"{c}"' for c in columns)
    insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" for _ in columns)})'
    # A server-side cursor streams big tables (attachment blobs) instead of loading them at once.
    cursor = db.connection().cursor(name=f"export_{table}", withhold=True) if not isinstance(db, SqliteDatabase) \
        else db.cursor()
    cursor.execute(f'SELECT {names} FROM "{table}"')
    with out.atomic():
        while True:
            rows = cursor.fetchmany(BATCH)
            if not rows:
                break
            out.cursor().executemany(insert, [tuple(_to_sqlite(v) for v in row) for row in rows])
    cursor.close()


def import_from_sqlite(source: Path, db: Database, progress=None) -> None:
    """Replace every table of the bound PostgreSQL database `db` with the rows of an SQLite file of
    the same schema, in one transaction: either all of it is loaded or nothing changes."""
    from app.db.bulk import sync_id_sequence

    con = _read_only(source)
    try:
        with db.atomic():
            tables = ", ".join(f'"{m._meta.table_name}"' for m in ALL_MODELS)
            # The whole database is replaced by the backup (after a backup of itself), audit log
            # included: only the tables' owner may lift the TRUNCATE guard, for this transaction.
            _lift_truncate_guards(db)
            db.execute_sql(f"TRUNCATE {tables} CASCADE")
            for step, model in enumerate(ALL_MODELS):
                _copy_table_in(con, db, model)
                if isinstance(model._meta.primary_key, AutoField):
                    sync_id_sequence(model)
                if progress:
                    progress(step + 1, len(ALL_MODELS))
            _restore_truncate_guards(db)
    finally:
        con.close()


class NotTheOwner(OSError):
    """The server's audit log may only be replaced by the owner of its tables."""


def _lift_truncate_guards(db: Database) -> None:
    from peewee import ProgrammingError

    from app.db.guards import TRUNCATE_TRIGGERS, present_guards
    present = present_guards(db)
    try:
        with db.atomic():
            for name in TRUNCATE_TRIGGERS:
                if name in present:
                    db.execute_sql(f'ALTER TABLE "{name.rsplit("_guard", 1)[0]}" DISABLE TRIGGER {name}')
    except ProgrammingError as exc:
        raise NotTheOwner("当前数据库账号不是数据表的所有者，不能用备份替换服务器上受保护的审计日志；"
                          f"请数据库管理员用所有者账号执行恢复（{' '.join(str(exc).split())}）") from None


def _restore_truncate_guards(db: Database) -> None:
    from app.db.guards import TRUNCATE_TRIGGERS
    for name in TRUNCATE_TRIGGERS:
        db.execute_sql(f'ALTER TABLE "{name.rsplit("_guard", 1)[0]}" ENABLE TRIGGER {name}')


def _copy_table_in(con: sqlite3.Connection, db: Database, model) -> None:
    from psycopg2 import Binary
    from psycopg2.extras import execute_values

    table, fields = model._meta.table_name, list(model._meta.sorted_fields)
    names = ", ".join(f'"{f.column_name}"' for f in fields)
    converters = [bool if isinstance(f, BooleanField) else Binary if isinstance(f, BlobField) else None
                  for f in fields]
    cursor = con.execute(f'SELECT {names} FROM "{table}"')
    while True:
        rows = cursor.fetchmany(BATCH)
        if not rows:
            break
        rows = [tuple(v if conv is None or v is None else conv(v) for v, conv in zip(row, converters))
                for row in rows]
        execute_values(db.cursor(), f'INSERT INTO "{table}" ({names}) VALUES %s', rows, page_size=500)
