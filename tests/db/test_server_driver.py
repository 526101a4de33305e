"""psycopg2 is loaded when a server database is made, not by peewee's import (app/db/__init__.py,
app/db/driver.py): this PC's file never pays for it, a server still gets peewee's own adapter."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

SCRIPT = """
import sys
import app.db.connection
import peewee
print("after import:", "psycopg2" in sys.modules, peewee.psycopg2 is None)
from app.db.connection import ChainedPostgresqlDatabase, make_database
make_database(url="sqlite:///" + sys.argv[1])
print("after SQLite:", "psycopg2" in sys.modules)
db = ChainedPostgresqlDatabase("nowhere", host="127.0.0.1")      # made, not connected
import psycopg2, uuid
from psycopg2.extensions import adapt
print("after server:", type(db._adapter).__name__, db.get_binary_type() is psycopg2.Binary,
      peewee.Json_pg2 is not None, adapt(uuid.UUID(int=1)).getquoted().decode())
"""


def test_the_server_driver_comes_with_the_first_server_database(tmp_path):
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "cases.sqlite3")], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "after import: False True",
        "after SQLite: False",
        "after server: Psycopg2Adapter True True '00000000-0000-0000-0000-000000000001'::uuid",
    ]
