"""Open the program's database: choose SQLite or PostgreSQL, bind the models, bring the schema
up to date (after a backup). The one entry point for the GUI, the command line and tests."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from peewee import Database, OperationalError

from app.config import default_data_dir
from app.db.connection import DatabaseUnavailable, bind, is_sqlite, make_database
from app.db.location import network_location_problem
from app.db.migrate import SchemaReport, ensure_schema


@dataclass
class OpenDatabase:
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
    from urllib.parse import urlparse
    parsed = urlparse(url)
    if parsed.password:
        return url.replace(f":{parsed.password}@", ":***@")
    return url


def open_database(data_dir: Path | str | None = None, url: str | None = None) -> OpenDatabase:
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    db = make_database(data_dir, url)
    if is_sqlite(db):
        problem = network_location_problem(Path(db.database).parent)
        if problem:
            raise DatabaseUnavailable(problem)
    try:
        db.connect(reuse_if_open=True)
    except OperationalError as exc:
        raise DatabaseUnavailable(f"无法连接数据库：{_hide_password(url or str(data_dir))}（{exc}）") from exc
    bind(db)
    report = ensure_schema(db, backup_dir=data_dir / "backups")
    return OpenDatabase(db, data_dir, url, report)
