"""Which data this program works on, for the screens and the command line: opening the database
(this PC's file or the office's server), the server saved for this Windows/Linux user, the data
folder, and letting go of this thread's connection. The UI and the command line reach the
database layer only through the services; this module is their door for opening it."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.config import SERVER_FILENAME, default_data_dir
from app.db.bootstrap import OpenDatabase, open_database
from app.db.connection import DatabaseUnavailable, explain, is_sqlite
from app.db.migrate import DatabaseTooNew
from app.db.models import database

if TYPE_CHECKING:
    from app.db.server_config import ServerSettings

# The server settings' module (address parsing, the password store) is imported when a server is
# saved or used, not at every start on this PC's own file; ServerSettings is still named here.

# What callers catch or hold (plain data and the two refusals of opening a database).
__all__ = ["DatabaseTooNew", "DatabaseUnavailable", "OpenDatabase", "ServerSettings", "data_folder", "explain",
           "on_server", "secure_server",
           "open_data", "release_connection", "saved_server", "saved_server_url", "save_server",
           "try_server"]


def open_data(data_dir: Path | str | None = None, url: str | None = None) -> OpenDatabase:
    """Open (and, when needed, create or upgrade) the database: `url` for a server, else the
    SQLite file in `data_dir` (default: the user's data folder)."""
    return open_database(data_dir, url)


def saved_server_url(folder: Path | None = None) -> str | None:
    """The server saved in 服务器设置 for this user, as a URL; None: this PC's own file."""
    if not (Path(folder or default_data_dir()) / SERVER_FILENAME).exists():
        return None              # what server_config.load says of a missing file, without it
    from app.db import server_config
    return server_config.load_url(folder)


def saved_server(folder: Path | None = None) -> ServerSettings | None:
    from app.db import server_config
    return server_config.load(folder)


def save_server(settings: ServerSettings | None, folder: Path | None = None) -> Path:
    """Save the server settings (None: work on this PC's file again), used from the next start."""
    from app.db import server_config
    return server_config.save(settings, folder)


def try_server(settings: ServerSettings) -> str:
    """Connect once with these settings; the answer in one Chinese line."""
    from app.db import server_config
    return server_config.try_connection(settings)


def __getattr__(name: str):
    if name == "ServerSettings":         # see the imports
        from app.db.server_config import ServerSettings
        return ServerSettings
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def on_server() -> bool:
    """The open database is the office's server (not this PC's file)."""
    return database.obj is not None and not is_sqlite()


def data_folder() -> Path | None:
    """The folder of the open SQLite file; None on a server."""
    return Path(database.database).parent if database.obj is not None and is_sqlite() else None


def release_connection() -> None:
    """Close this thread's connection (a pool thread when its work is done; before a restore)."""
    if database.obj is not None and not database.is_closed():
        database.close()


def secure_server(app_role: str) -> tuple[str, str]:
    """As the tables' owner: restrict the program's role so it cannot change, empty or alter the
    audit log (app/db/guards.hardening_sql); returns (schema, owner). Refuses the owner itself."""
    from app.db.guards import hardening_sql
    schema = database.execute_sql("SELECT current_schema()").fetchone()[0]
    owner = database.execute_sql("SELECT current_user").fetchone()[0]
    if app_role == owner:
        raise DatabaseUnavailable("程序账号不能是数据表的所有者；请为各台电脑另建一个数据库账号")
    with database.atomic():
        for sql in hardening_sql(app_role, schema):
            database.execute_sql(sql)
    return schema, owner
