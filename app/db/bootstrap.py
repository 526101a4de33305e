"""Open the program's database: choose SQLite or PostgreSQL, bind the models, bring the schema
up to date (after a backup). The one entry point for the GUI, the command line and tests."""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from peewee import Database, DatabaseError, OperationalError

from app.config import default_data_dir
from app.db.connection import DatabaseUnavailable, bind, is_sqlite, make_database
from app.db.location import network_location_problem
from app.db.private import private_file
from app.db.migrate import SchemaReport, ensure_schema


class OpenDatabase(NamedTuple):
    """What open_database opened (made once per start: a NamedTuple, no dataclass to generate)."""
    db: Database
    data_dir: Path
    url: str | None
    report: SchemaReport

    @property
    def location(self) -> str:
        if self.url:
            return _hide_password(self.url)
        return str(Path(self.db.database))

    @property
    def is_server(self) -> bool:
        return not is_sqlite(self.db)


def _hide_password(url: str) -> str:
    from app.db.secrets import redact
    return redact(url)


def open_database(data_dir: Path | str | None = None, url: str | None = None) -> OpenDatabase:
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    db = make_database(data_dir, url)
    if is_sqlite(db):
        problem = network_location_problem(Path(db.database).parent)
        if problem:
            raise DatabaseUnavailable(problem)
    try:
        db.connect(reuse_if_open=True)
        if is_sqlite(db):
            for suffix in ("", "-wal", "-shm"):   # a file of an older version may be world-readable
                private_file(str(db.database) + suffix)
        bind(db)
        report = ensure_schema(db, backup_dir=data_dir / "backups")
    except OperationalError as exc:
        db.close()
        if is_sqlite(db) and "not a database" not in str(exc):
            raise DatabaseUnavailable(f"无法打开数据文件 {db.database}（{exc}）") from exc
        if not is_sqlite(db):
            from app.db.server_config import ServerSettings, explain
            raise DatabaseUnavailable(f"无法连接数据库 {_hide_password(url)}：{explain(str(exc), ServerSettings.from_url(url))}") \
                from exc
        raise DatabaseUnavailable(_damaged(db, exc)) from exc
    except DatabaseError as exc:
        db.close()
        if not is_sqlite(db):
            raise DatabaseUnavailable(f"数据库出错：{_one_line(exc)}") from exc
        raise DatabaseUnavailable(_damaged(db, exc)) from exc
    from app.db.leftovers import sweep
    sweep(data_dir)      # copies a killed backup or restore left behind (app/db/leftovers.py)
    return OpenDatabase(db, data_dir, url, report)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def _damaged(db: Database, exc: Exception) -> str:
    return (f"数据文件 {db.database} 已损坏或不是本程序的数据文件（{exc}）。"
            "请用“恢复”从备份还原（命令行：restore 备份文件.zip）")
