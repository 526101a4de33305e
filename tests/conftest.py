"""Shared fixtures: a fresh database per test on SQLite, and on PostgreSQL where a server is
reachable (in CI it must be: a missing server fails there instead of skipping)."""
from __future__ import annotations

import os
import tempfile
import uuid
from datetime import date

import pytest

from tests.clock import frozen_on

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The tests (and the programs they start) never read or write the real user's folders: the data
# folder's backups, server.json and QSettings of the person running the suite stay untouched, and
# one test's backups never meet another's `check`.
_USER_FOLDERS = tempfile.mkdtemp(prefix="xiehui-tests-home-")
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = os.path.join(_USER_FOLDERS, _name.lower())

PG_URL = os.environ.get("XIEHUI_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
TODAY = date(2026, 11, 30)


def _pg_problem() -> str | None:
    try:
        import psycopg2
        psycopg2.connect(PG_URL, connect_timeout=3).close()
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"PostgreSQL at {PG_URL} unreachable: {exc}".strip()
    return None


def require_postgres() -> None:
    problem = _pg_problem()
    if problem is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(problem + " (CI must provide it)")
    pytest.skip(problem)


@pytest.fixture
def pg_schema_url():
    """A URL to a new empty schema on the test server, dropped afterwards."""
    require_postgres()
    import psycopg2
    schema = f"t_{uuid.uuid4().hex[:12]}"
    con = psycopg2.connect(PG_URL)
    con.autocommit = True
    con.cursor().execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}schema={schema}"
    finally:
        from app.db.models import database
        if database.obj is not None and not database.is_closed():
            database.close()
        con.cursor().execute(f"DROP SCHEMA {schema} CASCADE")
        con.close()


frozen_today = frozen_on(TODAY)


@pytest.fixture
def sqlite_db(tmp_path, frozen_today):
    """A new SQLite database in a temporary data folder; yields the OpenDatabase."""
    from app.db.bootstrap import open_database
    opened = open_database(tmp_path / "data")
    yield opened
    opened.db.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request, tmp_path, frozen_today):
    """The same test on SQLite and on PostgreSQL."""
    from app.db.bootstrap import open_database
    if request.param == "sqlite":
        opened = open_database(tmp_path / "data")
    else:
        url = request.getfixturevalue("pg_schema_url")
        opened = open_database(tmp_path / "data", url)
    yield opened
    if not opened.db.is_closed():
        opened.db.close()
