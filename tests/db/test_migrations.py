"""Older databases are carried forward: a database written by schema version 1 (the committed
fixture, made by the version-1 program with `demo --cases 20`, one registration and an
administrator `laowang` / `Admin2026`) opens or restores as the current schema, after a backup of
it, with every case still there."""
import re
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from app.db.backup import file_schema_version, integrity_problem
from app.db.bootstrap import open_database
from app.db.migrate import SCHEMA_VERSION, ensure_schema
from app.db.migrations import MIGRATIONS, numbered
from app.db.models import AuditLog, Case, SchemaVersion, User, database
from app.services import users
from app.services.context import SYSTEM
from app.services.integrity import check_integrity
from app.services.restore import restore_server, restore_sqlite

V1 = Path(__file__).parent / "fixtures" / "schema_v1.sqlite3"
V1_NEWEST_CASE = "消调〔2026〕第13号"


def _v1_copy(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(V1, folder / "cases.sqlite3")
    return folder


def test_the_fixture_really_is_schema_version_1():
    assert file_schema_version(V1) == 1 and SCHEMA_VERSION >= 4
    con = sqlite3.connect(f"file:{V1}?mode=ro", uri=True)
    columns = {row[1] for row in con.execute('PRAGMA table_info("user")')}
    con.close()
    assert "must_change_password" not in columns


def test_one_module_per_migration_found_by_its_number():
    assert list(MIGRATIONS) == list(range(2, SCHEMA_VERSION + 1))
    assert numbered(["m0002_indexes", "m0003_login", "helpers"]) == {2: "m0002_indexes", 3: "m0003_login"}
    with pytest.raises(RuntimeError, match="版本 3"):
        numbered(["m0002_indexes", "m0003_login", "m0003_other_branch"])
    with pytest.raises(RuntimeError, match="连续"):
        numbered(["m0002_indexes", "m0004_gap"])


def test_migrations_leave_the_sql_of_each_dialect_to_playhouse_migrate():
    folder = Path(__file__).resolve().parents[2] / "app" / "db" / "migrations"
    for path in folder.glob("m[0-9][0-9][0-9][0-9]_*.py"):
        text = path.read_text(encoding="utf-8")
        assert "migrator" in text and not re.search(r"is_postgres|is_sqlite|execute_sql", text), path.name


def test_opening_a_version_1_database_migrates_it_after_a_backup(tmp_path, frozen_today):
    data = _v1_copy(tmp_path / "data")
    opened = open_database(data)
    assert opened.report.migrated_from == 1
    assert opened.report.backup.parent == data / "backups" and opened.report.backup.name.startswith("升级前备份-v1-")
    assert file_schema_version(opened.report.backup) == 1 and integrity_problem(opened.report.backup) is None
    assert [v for (v,) in SchemaVersion.select(SchemaVersion.version).order_by(SchemaVersion.version).tuples()] \
        == list(range(1, SCHEMA_VERSION + 1))
    assert Case.select().count() == 21 and Case.select().where(Case.number == V1_NEWEST_CASE).exists()
    assert check_integrity().ok
    actor, must_change = users.login("laowang", "Admin2026")
    assert actor.role == "admin" and must_change is False
    assert User.get(User.username == "tiaojie1").must_change_password is False
    opened.db.close()


def test_restoring_a_version_1_backup_migrates_it_and_keeps_the_current_data(sqlite_db, tmp_path):
    from app.services import registration
    from tests.factories import complaint
    registration.register(SYSTEM, complaint())
    result = restore_sqlite(SYSTEM, V1, sqlite_db.data_dir)
    assert result.schema_version == 1 and result.migrated_from == 1
    assert file_schema_version(result.migration_backup) == 1
    assert result.safety_backup.exists()                      # the one case registered before
    assert Case.select().count() == 21 and file_schema_version(sqlite_db.data_dir / "cases.sqlite3") == SCHEMA_VERSION
    assert AuditLog.select().where(AuditLog.action == "restore").count() == 1
    assert check_integrity().ok


def _schema(path: Path) -> dict:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        shape = {}
        for table in tables:
            columns = sorted((r[1], r[2].upper(), r[3]) for r in con.execute(f'PRAGMA table_info("{table}")'))
            indexes = sorted((r[1], tuple(c[2] for c in con.execute(f'PRAGMA index_info("{r[1]}")')))
                             for r in con.execute(f'PRAGMA index_list("{table}")') if not r[1].startswith("sqlite_"))
            shape[table] = (columns, indexes)
        return shape
    finally:
        con.close()


def test_a_migrated_database_has_the_same_schema_as_a_new_one(tmp_path):
    migrated = _v1_copy(tmp_path / "old")
    open_database(migrated).db.close()
    open_database(tmp_path / "new").db.close()
    assert _schema(migrated / "cases.sqlite3") == _schema(tmp_path / "new" / "cases.sqlite3")


@pytest.mark.postgres
def test_postgresql_migrates_once_when_several_pcs_start_together(pg_schema_url, tmp_path, frozen_today):
    opened = open_database(tmp_path, pg_schema_url)
    db = opened.db
    # take the server back to what a version-1 program left behind
    db.execute_sql('ALTER TABLE "user" DROP COLUMN must_change_password, DROP COLUMN last_login_at')
    db.execute_sql('ALTER TABLE "audit_log" RENAME COLUMN by_name TO username')
    for index in ("audit_log_by_name", "complaint_case_amount", "complaint_case_state_received_date"):
        db.execute_sql(f'DROP INDEX "{index}"')
    # (schema 5: the audit chain and its guards)
    for trigger in ("audit_log_guard_row", "audit_log_guard_truncate"):
        db.execute_sql(f"DROP TRIGGER {trigger} ON audit_log")
    db.execute_sql('ALTER TABLE audit_log DROP COLUMN chain_seq, DROP COLUMN prev_hash, DROP COLUMN row_hash')
    db.execute_sql("DROP TABLE audit_chain")
    db.execute_sql("ALTER TABLE case_search DROP COLUMN pii")     # (schema 6)
    db.execute_sql("ALTER TABLE agreement DROP COLUMN confirm_filed_date, DROP COLUMN confirm_court, "
                   "DROP COLUMN confirm_decision, DROP COLUMN confirm_decided_date, DROP COLUMN confirm_note")  # (9)
    db.execute_sql("ALTER TABLE agreement DROP COLUMN dispute_facts")    # (schema 19)
    db.execute_sql("ALTER TABLE case_agent DROP COLUMN id_type")  # (schema 10)
    for index in ("complaint_case_state_outcome_source_closed_date_created_at",             # (schema 11)
                  "complaint_case_next_deadline_clock_paused_state_next_dea_5efd290",
                  "follow_up_needs_supervisor_supervisor_done_case_id"):
        db.execute_sql(f'DROP INDEX "{index}"')
    for (index,) in db.execute_sql("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
                                   "AND indexname ~ '^complaint_case_(accepted|closed)_date_.'").fetchall():
        db.execute_sql(f'DROP INDEX "{index}"')                   # (schema 12)
    db.execute_sql('DROP INDEX "complaint_case_running_clock"')   # (schema 14)
    db.execute_sql("ALTER TABLE complaint_case DROP COLUMN follow_up_due")   # (schema 15, and its index)
    for column in ("accepted_date", "closed_date"):                          # (schema 16)
        db.execute_sql(f'CREATE INDEX "complaint_case_{column}" ON complaint_case ({column})')
    for index in ("follow_up_day_satisfaction",   # (schema 18; agreement's went with its columns above)
                  "consultation_day_handling_unit_count", "complaint_case_typical",
                  "complaint_case_business_id_closed_date_outcome_sort"):
        db.execute_sql(f'DROP INDEX "{index}"')
    db.execute_sql('DROP INDEX "audit_log_entity_entity_id"')    # (schema 20)
    db.execute_sql("UPDATE schema_version SET version = 1")
    db.execute_sql('INSERT INTO "user" (username, display_name, role, password_hash, active, failed_logins, '
                   "created_at, version) VALUES ('laowang', '王主任', 'admin', %s, true, 0, now(), 1)",
                   (PasswordHasher().hash("Admin2026"),))
    errors = []

    def start_pc():
        try:
            ensure_schema(db)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            db.close()
    threads = [threading.Thread(target=start_pc) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(v for (v,) in SchemaVersion.select(SchemaVersion.version).tuples()) == list(range(1, SCHEMA_VERSION + 1))
    assert users.login("laowang", "Admin2026")[1] is False


@pytest.mark.postgres
def test_restoring_a_version_1_backup_into_the_server(pg_schema_url, tmp_path, frozen_today):
    open_database(tmp_path, pg_schema_url)
    result = restore_server(SYSTEM, V1, tmp_path / "safety")
    assert result.migrated_from == 1 and result.safety_backup.exists()
    assert Case.select().count() == 21 and Case.select().where(Case.number == V1_NEWEST_CASE).exists()
    assert users.login("laowang", "Admin2026")[0].display_name == "王主任"
    assert database.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    assert check_integrity().ok
