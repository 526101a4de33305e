"""Personal data stays with those allowed to see it (issue 14, item 5): a backup — every full ID
and phone and the password hashes — is an administrator's action, audited with what it holds; the
data folder, the database, backups and logs are the owner's alone on Linux."""
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.db.bootstrap import open_database
from app.db.models import AuditLog
from app.domain.errors import NotAllowed
from app.services import backup, registration, users
from app.services.context import SYSTEM, Actor
from tests.factories import GOOD_ID, complaint

ROOT = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are a Linux matter")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("role", ["clerk", "mediator", "readonly"])
def test_only_an_administrator_may_make_a_backup(sqlite_db, role):
    registration.register(SYSTEM, complaint(person_kw={"id_number": GOOD_ID}))
    user_id = users.create_user(SYSTEM, f"u{role}", "周登记", role, "Xiehui#2026")
    with pytest.raises(NotAllowed, match="备份数据"):
        backup.backup_now(Actor(user_id, f"u{role}", "周登记", role))
    assert not list((sqlite_db.data_dir / "backups").glob("手动备份-*.zip"))
    assert not AuditLog.select().where(AuditLog.action == "backup").exists()


def test_the_backup_audit_row_says_what_the_file_holds(db):
    registration.register(SYSTEM, complaint(person_kw={"id_number": GOOD_ID}))
    registration.register(SYSTEM, complaint(person_kw={"name": "李四", "phone": "13900001111"}))
    admin = users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    made = backup.backup_now(admin)
    row = AuditLog.select().where(AuditLog.action == "backup").get()
    assert str(made.path) in row.summary
    assert "含 2 件案件，2 名投诉人的完整电话（其中 1 人有完整身份证号），1 个用户的密码哈希" in row.summary


@posix_only
def test_data_folder_database_backups_are_owner_only(tmp_path):
    data = tmp_path / "data"
    run = [sys.executable, "main.py", "--data-dir", str(data)]
    for args in (["demo", "--cases", "3"], ["backup"]):
        done = subprocess.run(run + args, cwd=ROOT, capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr
    assert _mode(data) == 0o700 and _mode(data / "cases.sqlite3") == 0o600
    assert _mode(data / "backups") == 0o700
    zips = list((data / "backups").glob("*.zip"))
    assert zips and all(_mode(z) == 0o600 for z in zips)
    assert all(_mode(p) & 0o077 == 0 for p in data.rglob("*")), [(p, oct(_mode(p))) for p in data.rglob("*")
                                                               if _mode(p) & 0o077]


@posix_only
def test_an_older_world_readable_data_folder_is_made_private_when_opened(tmp_path, frozen_today):
    data = tmp_path / "data"
    open_database(data).db.close()
    os.chmod(data, 0o755)
    os.chmod(data / "cases.sqlite3", 0o644)
    open_database(data).db.close()
    assert _mode(data) == 0o700 and _mode(data / "cases.sqlite3") == 0o600


@posix_only
def test_the_log_is_owner_only(tmp_path, monkeypatch):
    import faulthandler
    import logging

    from app import runtime
    monkeypatch.setattr(runtime, "_state", runtime._State())
    monkeypatch.setattr(runtime, "_enable_fault_handler", lambda path: None)
    before = list(logging.getLogger().handlers)
    try:
        path = runtime.start_file_log(tmp_path / "data")
        assert _mode(path.parent) == 0o700 and _mode(path) == 0o600
        assert faulthandler.is_enabled() is not None
    finally:
        for handler in logging.getLogger().handlers:
            if handler not in before:
                logging.getLogger().removeHandler(handler)
                handler.close()


@posix_only
def test_files_saved_where_the_clerk_chooses_get_the_users_own_mode(tmp_path):
    """The data folder and backups stay 0700/0600, but a workbook or document saved elsewhere has
    the mode the user's umask gives (022 here: 0644), as a file saved by any other program has."""
    data, out = tmp_path / "data", tmp_path / "发出"
    out.mkdir()
    run = [sys.executable, "main.py", "--data-dir", str(data)]
    steps = (["demo", "--cases", "3"],
             ["report", "--year", "2026", "--out", str(out / "年报.xlsx")],
             ["export-ledger", "--from", "2000-01-01", "--to", "2099-12-31", "--out", str(out / "台账.xlsx")],
             ["ledger-template", "--out", str(out / "模板.xlsx")],
             ["backup"])
    for args in steps:
        done = subprocess.run(run + args, cwd=ROOT, capture_output=True, text=True, timeout=180,
                              preexec_fn=lambda: os.umask(0o022))
        assert done.returncode == 0, (args, done.stderr)
    saved = sorted(out.iterdir())
    assert [p.name for p in saved] == ["台账.xlsx", "年报.xlsx", "模板.xlsx"]
    assert all(_mode(p) == 0o644 for p in saved), [(p.name, oct(_mode(p))) for p in saved]
    assert _mode(data) == 0o700 and all(_mode(p) & 0o077 == 0 for p in data.rglob("*"))
