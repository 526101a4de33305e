"""Opening the database: SQLite in the data folder by default, PostgreSQL given a URL."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from peewee import Database, OperationalError, PostgresqlDatabase, SqliteDatabase

from app.config import DB_FILENAME
from app.db.audit_chain import forget_pending, seal_pending
from app.db.driver import attach_server_driver
from app.db.models import database
from app.db.private import private_dir

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    # FULL: a committed case survives a power cut, not only a crash; clerks' writes are few.
    "synchronous": "full",
    "busy_timeout": 15000,
    "cache_size": -32000,
}


class DatabaseUnavailable(Exception):
    """The database cannot be opened; the message says why in Chinese."""


class _SealsAuditRows:
    """Every commit first chains the audit rows its transaction wrote (app/db/audit_chain.py)."""

    def commit(self):
        seal_pending(self)
        super().commit()

    def rollback(self):
        """A failed COMMIT (disk full) may have ended the transaction already: the ROLLBACK that
        follows must not replace that cause with "cannot rollback - no transaction is active"."""
        forget_pending(self)
        try:
            super().rollback()
        except OperationalError as exc:
            if "no transaction is active" not in str(exc):
                raise


class ChainedSqliteDatabase(_SealsAuditRows, SqliteDatabase):
    pass


class ChainedPostgresqlDatabase(_SealsAuditRows, PostgresqlDatabase):
    def __init__(self, *args, **kwargs):
        attach_server_driver()          # before peewee chooses its adapter
        super().__init__(*args, **kwargs)


def sqlite_path(data_dir: Path) -> Path:
    return Path(data_dir) / DB_FILENAME


def make_database(data_dir: Path | None = None, url: str | None = None) -> Database:
    if url:
        return _database_from_url(url)
    return sqlite_database(sqlite_path(data_dir))


def sqlite_database(path: Path) -> SqliteDatabase:
    path = Path(path)
    private_dir(path.parent)
    # IMMEDIATE: a writer takes the write lock at BEGIN, so two writers queue on the busy
    # timeout instead of failing half-way when a read transaction tries to upgrade.
    return ChainedSqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE", timeout=15)


def _database_from_url(url: str) -> Database:
    parsed = urlparse(url)
    if parsed.scheme in ("sqlite", "file"):
        if not parsed.path:
            raise DatabaseUnavailable("SQLite 地址缺少文件路径，例如 sqlite:///D:/数据/cases.sqlite3")
        return sqlite_database(Path(parsed.path))
    if parsed.scheme not in ("postgres", "postgresql"):
        raise DatabaseUnavailable(f"不支持的数据库地址：{parsed.scheme}://…（应为 postgresql://用户@服务器/数据库）")
    query = parse_qs(parsed.query)
    schema = query.get("schema", [""])[0]
    extra = {"options": f"-c search_path={schema}"} if schema else {}
    password = unquote(parsed.password) if parsed.password else query.get("password", [""])[0]
    return ChainedPostgresqlDatabase(
        unquote((parsed.path or "/").lstrip("/")) or "postgres",
        user=unquote(parsed.username) if parsed.username else None,
        password=password or None,
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 5432,
        connect_timeout=10,
        application_name="xiehui-tiaojie",
        **extra,
    )


def explain(exc: BaseException) -> str:
    """One Chinese line for a database or file-system failure: what happened and what to do."""
    import errno

    text = " ".join(str(exc).split())
    lowered = text.lower()
    if getattr(exc, "errno", None) == errno.ENOSPC or "disk is full" in lowered or "no space left" in lowered \
            or "disk full" in lowered:
        return "磁盘已满，操作没有完成，已写入的部分已撤销；请清理磁盘空间（或换一个有空间的位置）后重试"
    if "database is locked" in lowered:
        return "数据库正被另一个程序窗口长时间占用；请稍后重试，或关闭其他窗口后重试"
    if "readonly" in lowered or "read-only" in lowered or getattr(exc, "errno", None) in (errno.EACCES, errno.EROFS):
        return f"没有写入权限，操作没有完成（{text}）；请检查数据文件夹或目标位置的权限"
    return f"操作没有完成（{text}）；已写入的部分已撤销，请重试，仍不行时运行 check 检查数据"


def bind(db: Database) -> Database:
    database.initialize(db)
    return db


def is_sqlite(db: Database | None = None) -> bool:
    target = db or database.obj
    return isinstance(target, SqliteDatabase)


def is_postgres(db: Database | None = None) -> bool:
    target = db or database.obj
    return isinstance(target, PostgresqlDatabase)


@contextmanager
def write_transaction():
    """One transaction for one clerk's action; nested calls join the outer one."""
    with database.atomic() as txn:
        yield txn
