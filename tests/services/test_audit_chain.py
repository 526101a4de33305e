"""Tampering with the audit log shows (issue 14, item 3): every row is chained by its hash; `check`
names the first broken row whatever happened to the triggers; PostgreSQL refuses TRUNCATE; a
removed guard is put back and the removal recorded; an older database gets its chain built."""
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from app.db.audit_chain import verify_chain
from app.db.bootstrap import open_database
from app.db.models import AuditChain, AuditLog, database
from app.services import registration
from app.services.context import SYSTEM
from app.services.integrity import check_integrity
from tests.factories import complaint

ROOT = Path(__file__).resolve().parents[2]
V1 = ROOT / "tests" / "db" / "fixtures" / "schema_v1.sqlite3"


def _register(count: int) -> None:
    for i in range(count):
        registration.register(SYSTEM, complaint(person_kw={"name": f"链{i}", "phone": f"1390000{i:04d}"}))


def _raw(opened):
    """A connection from outside the program, as an attacker at the database would have."""
    if opened.is_server:
        import psycopg2
        schema = parse_qs(urlparse(opened.url).query)["schema"][0]
        con = psycopg2.connect(opened.url.split("?")[0], options=f"-c search_path={schema}")
        return con, psycopg2.Error
    return sqlite3.connect(opened.db.database), sqlite3.Error


def _check_problems(opened) -> list[str]:
    opened.db.close()
    open_database(opened.data_dir, opened.url)
    return check_integrity().problems


def _sqlite_tamper(opened, *statements: str) -> None:
    opened.db.close()
    con = sqlite3.connect(opened.db.database)
    for name in ("audit_log_guard_update", "audit_log_guard_delete", "audit_chain_guard_update",
                 "audit_chain_guard_delete"):
        con.execute(f"DROP TRIGGER IF EXISTS {name}")
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()


def test_every_row_is_chained_and_check_passes(db):
    _register(4)
    report = verify_chain(database.obj)
    rows = AuditLog.select().count()
    assert report.problem is None and report.rows == rows >= 8
    assert AuditChain.get_by_id(1).seq == rows
    assert AuditLog.select().where(AuditLog.row_hash.is_null()).count() == 0
    assert check_integrity().ok


def test_an_edited_row_is_named_by_check_after_the_triggers_were_dropped_sqlite(sqlite_db):
    _register(3)
    target = AuditLog.select().where(AuditLog.action == "register").order_by(AuditLog.id).first()
    _sqlite_tamper(sqlite_db, f"UPDATE audit_log SET summary = '登记投诉 别的号' WHERE id = {target.id}")
    problems = _check_problems(sqlite_db)
    assert any(f"第 {target.chain_seq} 条" in p and f"编号 {target.id}" in p and "被改动" in p for p in problems)
    report = check_integrity()
    assert any("保护触发器缺失" in n for n in report.notes)   # the program put them back, and said so


@pytest.mark.parametrize("where", ["middle", "tail"])
def test_deleted_rows_are_found_whatever_happened_to_the_triggers_sqlite(sqlite_db, where):
    _register(3)
    rows = list(AuditLog.select().order_by(AuditLog.id))
    victim = rows[len(rows) // 2] if where == "middle" else rows[-1]
    _sqlite_tamper(sqlite_db, f"DELETE FROM audit_log WHERE id = {victim.id}")
    # (reopening appends the note about the removed triggers, so a deleted last row is a gap then)
    problems = _check_problems(sqlite_db)
    assert any(f"第 {victim.chain_seq}–{victim.chain_seq} 条缺失（已被删除）" in p for p in problems), problems


def test_rows_deleted_at_the_end_are_found_by_the_chain_head(sqlite_db):
    _register(2)
    last = AuditLog.select().order_by(AuditLog.id.desc()).first()
    sqlite_db.db.close()
    con = sqlite3.connect(sqlite_db.db.database)
    con.execute("DROP TRIGGER audit_log_guard_delete")
    con.execute(f"DELETE FROM audit_log WHERE id = {last.id}")
    con.execute("CREATE TRIGGER audit_log_guard_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'x'); END")
    con.commit()
    con.close()
    assert any(f"末尾的第 {last.chain_seq}–{last.chain_seq} 条缺失" in p for p in _check_problems(sqlite_db))


def test_a_row_slipped_in_from_outside_the_program_is_found_sqlite(sqlite_db):
    _register(1)
    _sqlite_tamper(sqlite_db, "INSERT INTO audit_log (at, by_name, action, entity, summary, changes) "
                              "VALUES ('2026-11-30 10:00:00', '王主任', 'login', 'user', '伪造', '[]')")
    assert any("未经程序写入" in p for p in _check_problems(sqlite_db))


def test_a_rewritten_chain_head_is_found_sqlite(sqlite_db):
    _register(2)
    _sqlite_tamper(sqlite_db, "DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)",
                   "UPDATE audit_chain SET seq = seq - 1")
    # the next row is chained to the head, so it no longer follows the last row that is left
    assert any("审计日志第" in p and "被改动" in p for p in _check_problems(sqlite_db))


def test_check_on_the_command_line_names_the_broken_row_and_fails(sqlite_db):
    _register(2)
    target = AuditLog.select().order_by(AuditLog.id.desc()).first()
    _sqlite_tamper(sqlite_db, f"UPDATE audit_log SET by_name = '别人' WHERE id = {target.id}")
    done = subprocess.run([sys.executable, "main.py", "--data-dir", str(sqlite_db.data_dir), "check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert f"编号 {target.id}" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.postgres
def test_postgresql_refuses_truncate_update_and_delete_of_the_audit_log(pg_schema_url, tmp_path, frozen_today):
    import psycopg2
    opened = open_database(tmp_path, pg_schema_url)
    _register(2)
    before = AuditLog.select().count()
    con, _ = _raw(opened)
    try:
        for sql in ("TRUNCATE audit_log", "TRUNCATE audit_log CASCADE", "UPDATE audit_log SET summary = '篡改'",
                    "DELETE FROM audit_log", "UPDATE audit_log SET row_hash = NULL", "TRUNCATE audit_chain",
                    "DELETE FROM audit_chain", "UPDATE audit_chain SET seq = 0"):
            with pytest.raises(psycopg2.Error, match="append-only"):
                con.cursor().execute(sql)
            con.rollback()
    finally:
        con.close()
    assert AuditLog.select().count() == before and check_integrity().ok


@pytest.mark.postgres
def test_postgresql_owner_disabling_the_triggers_is_found_and_recorded(pg_schema_url, tmp_path, frozen_today):
    opened = open_database(tmp_path, pg_schema_url)
    _register(3)
    target = AuditLog.select().order_by(AuditLog.id).offset(2).first()
    con, _ = _raw(opened)
    cursor = con.cursor()
    cursor.execute("ALTER TABLE audit_log DISABLE TRIGGER USER")
    cursor.execute("UPDATE audit_log SET summary = '篡改' WHERE id = %s", (target.id,))
    con.commit()
    con.close()
    problems = _check_problems(opened)     # reopening puts the guards back and says so
    assert any(f"编号 {target.id}" in p and "被改动" in p for p in problems)
    assert any("保护触发器缺失" in n for n in check_integrity().notes)
    con, errors = _raw(opened)
    with pytest.raises(errors, match="append-only"):
        con.cursor().execute("TRUNCATE audit_log")
    con.close()


def test_an_older_database_gets_its_chain_built_by_the_migration(tmp_path, frozen_today):
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copyfile(V1, folder / "cases.sqlite3")
    opened = open_database(folder)
    old_rows = AuditLog.select().count()
    assert old_rows > 0 and opened.report.migrated_from == 1
    _register(1)
    assert verify_chain(database.obj).rows == AuditLog.select().count() > old_rows
    assert check_integrity().notes == []        # the guards were replaced by the migration, not removed
    opened.db.close()


@pytest.mark.postgres
def test_the_programs_role_after_secure_server_works_but_cannot_touch_the_audit_log(pg_schema_url, tmp_path,
                                                                                    frozen_today):
    import uuid

    import psycopg2
    opened = open_database(tmp_path, pg_schema_url)
    _register(1)
    role = f"xiehui_app_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(pg_schema_url.split("?")[0])
    admin.autocommit = True
    admin.cursor().execute(f'CREATE ROLE "{role}" LOGIN')
    try:
        opened.db.close()
        done = subprocess.run([sys.executable, "main.py", "--database", pg_schema_url, "secure-server", "--app-role",
                               role], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        parsed = urlparse(pg_schema_url)
        app_url = pg_schema_url.replace(f"//{parsed.username}@", f"//{role}@")
        as_app = open_database(tmp_path, app_url)          # opens and works as the program's role
        _register(2)
        assert verify_chain(database.obj).problem is None
        as_app.db.close()
        schema = parse_qs(parsed.query)["schema"][0]
        con = psycopg2.connect(app_url.split("?")[0], user=role,
                               options=f"-c search_path={schema}")
        for sql in ("UPDATE audit_log SET summary = '篡改'", "DELETE FROM audit_log", "TRUNCATE audit_log",
                    "ALTER TABLE audit_log DISABLE TRIGGER USER", "DROP TRIGGER audit_log_guard_row ON audit_log",
                    "ALTER TABLE audit_log ADD COLUMN x int", "DELETE FROM audit_chain", "TRUNCATE audit_chain",
                    "UPDATE audit_log SET row_hash = NULL"):
            with pytest.raises(psycopg2.Error):
                con.cursor().execute(sql)
            con.rollback()
        con.close()
    finally:
        admin.cursor().execute(f'DROP OWNED BY "{role}"')
        admin.cursor().execute(f'DROP ROLE "{role}"')
        admin.close()


def test_a_chain_rebuilt_from_outside_is_found_against_the_backups(sqlite_db):
    """Someone who edits a row *and* recomputes every hash after it fools the database alone; the
    head each backup recorded does not move with it."""
    from app.db.audit_chain import GENESIS, row_hash
    from app.services import backup
    _register(2)
    backup.backup_now(SYSTEM)
    sqlite_db.db.close()
    con = sqlite3.connect(sqlite_db.db.database)
    for name in ("audit_log_guard_update", "audit_chain_guard_update"):
        con.execute(f"DROP TRIGGER {name}")
    con.execute("UPDATE audit_log SET summary = '登记投诉 （改写）' WHERE action = 'register'")
    prev = GENESIS
    rows = con.execute("SELECT id, at, user_id, by_name, action, entity, entity_id, case_id, summary, changes, "
                       "chain_seq FROM audit_log ORDER BY chain_seq").fetchall()
    for *row, seq in rows:
        digest = row_hash(prev, seq, tuple(row))
        con.execute("UPDATE audit_log SET prev_hash = ?, row_hash = ? WHERE id = ?", (prev, digest, row[0]))
        prev = digest
    con.execute("UPDATE audit_chain SET last_hash = ?", (prev,))
    con.commit()
    con.close()
    open_database(sqlite_db.data_dir)
    assert verify_chain(database.obj).problem is None           # the database alone is fooled
    problems = check_integrity(sqlite_db.data_dir).problems
    assert any("与备份“手动备份-" in p and "被改写" in p for p in problems), problems


def test_backups_made_before_a_restore_do_not_count_against_the_restored_log(sqlite_db, tmp_path):
    from app.services import backup
    from app.services.restore import restore_sqlite
    _register(1)
    older = backup.backup_now(SYSTEM, sqlite_db.data_dir / "backups" / "甲.zip")
    _register(2)
    backup.backup_now(SYSTEM, sqlite_db.data_dir / "backups" / "乙.zip")      # its head is beyond the restored log
    restore_sqlite(SYSTEM, older.path, sqlite_db.data_dir)
    assert check_integrity(sqlite_db.data_dir).ok


def test_a_backup_of_another_database_in_the_same_folder_is_not_compared(sqlite_db, tmp_path):
    """A folder may hold exports of another server or schema: their chain heads say nothing
    about this database's log (CI once failed `check` on a fresh schema over such a file)."""
    from app.services import backup
    _register(1)
    other = open_database(tmp_path / "other")
    _register(3)
    foreign = backup.backup_now(SYSTEM, tmp_path / "other" / "foreign.zip")
    assert backup.read_manifest(foreign.path)["database_id"]
    other.db.close()
    opened = open_database(sqlite_db.data_dir)
    (sqlite_db.data_dir / "backups").mkdir(exist_ok=True)
    shutil.copy(foreign.path, sqlite_db.data_dir / "backups" / "服务器导出-外库.zip")
    assert check_integrity(opened.data_dir).ok, check_integrity(opened.data_dir).problems
