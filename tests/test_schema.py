"""Creating, versioning and refusing databases."""
import sqlite3

import pytest

from app.db.bootstrap import open_database
from app.db.migrate import SCHEMA_VERSION, DatabaseTooNew
from app.db.models import DictEntry, Holiday, HolidayYear, SchemaVersion


def test_a_new_database_is_created_seeded_and_stamped(tmp_path):
    opened = open_database(tmp_path)
    assert opened.report.created
    assert SchemaVersion.select().get().version == SCHEMA_VERSION
    assert DictEntry.select().where(DictEntry.kind == "nature").count() == 10
    assert DictEntry.get(kind="nature", code="N09").label == "人格权益"
    assert HolidayYear.select().where(HolidayYear.year == 2026).exists()
    assert Holiday.get(day="2026-02-14").is_workday
    pragmas = opened.db.execute_sql("PRAGMA journal_mode").fetchone()[0], opened.db.execute_sql(
        "PRAGMA foreign_keys").fetchone()[0]
    assert pragmas == ("wal", 1)
    opened.db.close()
    again = open_database(tmp_path)
    assert not again.report.created and again.report.migrated_from is None
    again.db.close()


def test_a_database_from_a_newer_program_is_refused(tmp_path):
    open_database(tmp_path).db.close()
    con = sqlite3.connect(tmp_path / "cases.sqlite3")
    con.execute("INSERT INTO schema_version (version, applied_at, program_version) VALUES (99, '2030-01-01', '9.0')")
    con.commit()
    con.close()
    with pytest.raises(DatabaseTooNew) as caught:
        open_database(tmp_path)
    assert "版本 99" in str(caught.value) and "请安装新版本" in str(caught.value)
