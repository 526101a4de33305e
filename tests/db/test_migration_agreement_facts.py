"""Schema 19: the agreement gains 纠纷事实及请求 (dispute_facts); an agreement signed before keeps
NULL there, and a migrated database still has exactly the shape of a new one (what restore checks,
app/db/schema_shape.py)."""
import sqlite3
from datetime import date
from pathlib import Path

from playhouse.migrate import SchemaMigrator, migrate

from app.db.bootstrap import open_database
from app.db.migrations import MIGRATIONS
from app.db.models import Agreement
from app.db.schema_shape import shape_problem
from app.services import agreements, mediation, registration, workflow
from app.services.context import SYSTEM
from tests.db.test_migrations import _v1_copy
from tests.factories import agreement, complaint, session


def _columns(db) -> set[str]:
    return {row[1] for row in db.execute_sql('PRAGMA table_info("agreement")').fetchall()}


def test_schema_19_gives_the_agreements_signed_before_an_empty_dispute_facts(sqlite_db):
    db = sqlite_db.db
    case_id = registration.register(SYSTEM, complaint()).case_id
    workflow.accept(SYSTEM, case_id, day=date(2026, 11, 3))
    mediation.record_session(SYSTEM, case_id, session())
    agreements.record_agreement(SYSTEM, case_id, agreement())
    # take the table back to the schema before, then run this step (found by its name, so that a
    # renumbering when another branch lands first changes nothing here)
    migrate(SchemaMigrator.from_database(db).drop_column("agreement", "dispute_facts"))
    assert "dispute_facts" not in _columns(db)
    step = next(up for up in MIGRATIONS.values() if up.__module__.endswith("_agreement_dispute_facts"))
    with db.atomic():
        step(SchemaMigrator.from_database(db))
    assert "dispute_facts" in _columns(db)
    assert Agreement.get(Agreement.case == case_id).dispute_facts is None


def _problem(path: Path) -> str | None:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return shape_problem(con)
    finally:
        con.close()


def test_a_version_1_database_migrated_has_the_column_and_the_shape_restore_accepts(tmp_path, frozen_today):
    folder = _v1_copy(tmp_path / "old")
    opened = open_database(folder)
    assert "dispute_facts" in _columns(opened.db)
    assert Agreement.select().where(Agreement.dispute_facts.is_null(False)).count() == 0
    opened.db.close()
    assert _problem(folder / "cases.sqlite3") is None
