"""Backups a clerk can rely on: made while in use, verified, including attachments; restore after
the data was damaged brings back cases and attachment files; newer backups are refused."""
import json
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.db.backup import file_schema_version
from app.db.migrate import SCHEMA_VERSION, DatabaseTooNew
from app.db.models import Attachment, AuditLog, Case, SchemaVersion
from app.domain.errors import NotAllowed
from app.services import attachments, backup, registration, settings
from app.services.context import SYSTEM, Actor
from app.services.integrity import check_integrity
from app.services.restore import restore_sqlite
from tests.factories import complaint

ROOT = Path(__file__).resolve().parents[2]
CLERK = Actor(None, "clerk", "登记员甲", "clerk")
READONLY = Actor(None, "ro", "查询员", "readonly")


def _register(n: int, start: int = 0) -> list[str]:
    return [registration.register(SYSTEM, complaint(person_kw={"name": f"客户{i}", "phone": f"1390000{i:04d}"})).number
            for i in range(start, start + n)]


def _attach(case_id: int, folder: Path, name: str, content: bytes) -> str:
    source = folder / name
    source.write_bytes(content)
    return attachments.add_attachment(SYSTEM, case_id, source).sha256


def _damage(db_file: Path) -> None:
    """Overwrite the middle of the database file, as a failing disk or a bad shutdown would."""
    size = db_file.stat().st_size
    with open(db_file, "r+b") as handle:
        handle.seek(size // 3)
        handle.write(b"\xde\xad\xbe\xef" * 4096)


def test_backup_damage_restore_round_trip_with_attachments(sqlite_db, tmp_path):
    data_dir = sqlite_db.data_dir
    numbers = _register(6)
    case_id = Case.get(Case.number == numbers[0]).id
    photo, invoice = b"\x89PNG photo of the broken air conditioner" * 50, b"%PDF-1.4 invoice 3999.00"
    sha_photo = _attach(case_id, tmp_path, "故障照片.png", photo)
    sha_invoice = _attach(case_id, tmp_path, "发票.pdf", invoice)

    made = backup.backup_now(SYSTEM)
    assert made.path.parent == data_dir / "backups" and backup.verify_backup(made.path) == []
    with zipfile.ZipFile(made.path) as zf:
        names = set(zf.namelist())
    assert {"manifest.json", "cases.sqlite3", f"attachments/{sha_photo[:2]}/{sha_photo}"} <= names
    assert made.manifest["counts"]["complaint_case"] == 6 and made.manifest["schema_version"] == SCHEMA_VERSION

    late = _register(1, start=50)[0]          # after the backup: not in it
    sqlite_db.db.close()
    _damage(data_dir / "cases.sqlite3")
    (data_dir / "attachments" / sha_photo[:2] / sha_photo).unlink()
    (data_dir / "attachments" / sha_invoice[:2] / sha_invoice).write_bytes(b"garbage")

    result = restore_sqlite(SYSTEM, made.path, data_dir)

    assert sorted(n for (n,) in Case.select(Case.number).tuples()) == sorted(numbers)
    assert not Case.select().where(Case.number == late).exists()
    assert result.attachments_restored == 2 and result.missing_attachments == []
    rows = {a.sha256: a.id for a in Attachment.select()}
    assert attachments.attachment_content_path(rows[sha_photo], tmp_path / "out").read_bytes() == photo
    assert attachments.attachment_content_path(rows[sha_invoice], tmp_path / "out").read_bytes() == invoice
    assert check_integrity().ok
    # the damaged data could not be backed up: its files were kept aside instead
    assert result.safety_backup is None and (result.damaged_moved_to / "cases.sqlite3").exists()
    restored = AuditLog.select().where(AuditLog.action == "restore").get()
    assert made.path.name in restored.summary


def test_restore_backs_up_the_current_data_first(sqlite_db, tmp_path):
    _register(2)
    made = backup.backup_now(SYSTEM)
    _register(3, start=10)
    result = restore_sqlite(SYSTEM, made.path, sqlite_db.data_dir)
    assert Case.select().count() == 2
    assert result.safety_backup.name.startswith("恢复前备份-")
    assert backup.read_manifest(result.safety_backup)["counts"]["complaint_case"] == 5
    # and that safety copy restores the five cases again
    restore_sqlite(SYSTEM, result.safety_backup, sqlite_db.data_dir)
    assert Case.select().count() == 5


def test_restore_when_the_database_file_was_deleted(sqlite_db):
    _register(3)
    made = backup.backup_now(SYSTEM)
    sqlite_db.db.close()
    for suffix in ("", "-wal", "-shm"):
        (sqlite_db.data_dir / f"cases.sqlite3{suffix}").unlink(missing_ok=True)
    result = restore_sqlite(SYSTEM, made.path, sqlite_db.data_dir)
    assert Case.select().count() == 3 and result.safety_backup is None and result.damaged_moved_to is None


def test_a_backup_from_a_newer_program_is_refused_and_nothing_changes(sqlite_db):
    _register(2)
    SchemaVersion.create(version=99, program_version="9.0")
    newer = backup.backup_now(SYSTEM)
    SchemaVersion.delete().where(SchemaVersion.version == 99).execute()
    _register(1, start=20)
    with pytest.raises(DatabaseTooNew) as refused:
        restore_sqlite(SYSTEM, newer.path, sqlite_db.data_dir)
    assert "版本 99" in str(refused.value) and "请安装新版本程序" in str(refused.value)
    assert Case.select().count() == 3
    assert not list((sqlite_db.data_dir / "backups").glob("恢复前备份-*"))


def test_a_damaged_backup_file_is_refused(sqlite_db, tmp_path):
    _register(2)
    made = backup.backup_now(SYSTEM)
    broken = tmp_path / "broken.zip"
    data = bytearray(made.path.read_bytes())
    data[200:260] = b"x" * 60          # inside the compressed database
    broken.write_bytes(bytes(data))
    assert backup.verify_backup(broken)
    with pytest.raises(OSError, match="备份文件已损坏"):
        restore_sqlite(SYSTEM, broken, sqlite_db.data_dir)
    not_ours = tmp_path / "照片.zip"
    with zipfile.ZipFile(not_ours, "w") as zf:
        zf.writestr("a.txt", "hello")
    with pytest.raises(OSError, match="不是本程序的备份文件"):
        restore_sqlite(SYSTEM, not_ours, sqlite_db.data_dir)
    assert Case.select().count() == 2


def test_roles_backup_and_restore_permissions(sqlite_db):
    _register(1)
    with pytest.raises(NotAllowed, match="只读"):
        backup.backup_now(READONLY)
    with pytest.raises(NotAllowed, match="登记员"):      # a backup holds every full ID (issue 14)
        backup.backup_now(CLERK)
    made = backup.backup_now(SYSTEM)
    assert AuditLog.select().where(AuditLog.action == "backup").get().by_name == "系统"
    with pytest.raises(NotAllowed, match="从备份恢复数据"):
        restore_sqlite(CLERK, made.path, sqlite_db.data_dir)


def test_automatic_backups_daily_keep_pool_and_second_folder(sqlite_db, tmp_path):
    numbers = _register(2)
    _attach(Case.get(Case.number == numbers[0]).id, tmp_path, "收据.jpg", b"\xff\xd8 receipt")
    usb = tmp_path / "U盘备份"
    settings.update_settings(SYSTEM, {"backup.keep": 2, "backup.second_folder": str(usb)})
    folder = sqlite_db.data_dir / "backups"
    first = backup.automatic_backup()
    for day in ("20260101", "20260102", "20260103"):      # older days' automatic backups
        (folder / f"自动备份-{day}.zip").write_bytes(first.path.read_bytes())
    assert not first.skipped and first.copies == [usb / first.path.name]
    # attachments go into the shared store, not into every day's zip
    with zipfile.ZipFile(first.path) as zf:
        assert not [n for n in zf.namelist() if n.startswith("attachments/")]
    assert len(list((folder / "附件库").rglob("*"))) == 2     # one folder, one file
    assert backup.verify_backup(usb / first.path.name) == []

    again = backup.automatic_backup()
    assert again.skipped                                      # nothing changed since
    _register(1, start=30)
    third = backup.automatic_backup()
    assert not third.skipped and third.manifest["counts"]["complaint_case"] == 3
    kept = sorted(p.name for p in folder.glob("自动备份-*.zip"))
    assert kept == ["自动备份-20260103.zip", first.path.name]
    shutil_pool = folder / "附件库"
    for stored in shutil_pool.rglob("*"):
        if stored.is_file():
            stored.unlink()
    assert any("附件库" in p for p in backup.verify_backup(third.path))


def test_second_folder_unavailable_is_a_warning_not_a_failure(sqlite_db, tmp_path):
    _register(1)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    settings.update_settings(SYSTEM, {"backup.second_folder": str(blocker / "sub")})
    result = backup.backup_now(SYSTEM)
    assert result.path.exists() and result.copies == []
    assert "第二备份位置" in result.warnings[0]


def test_command_line_backup_and_restore(tmp_path):
    data = tmp_path / "data"

    def run(*args):
        return subprocess.run([sys.executable, "main.py", "--data-dir", str(data), *args],
                              cwd=ROOT, capture_output=True, text=True)
    assert run("demo", "--cases", "30").returncode == 0
    out = tmp_path / "备份.zip"
    made = run("backup", "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert "已备份并校验" in made.stdout and "案件 30 件" in made.stdout
    manifest = json.loads(zipfile.ZipFile(out).read("manifest.json"))
    assert manifest["counts"]["complaint_case"] == 30
    con = sqlite3.connect(data / "cases.sqlite3")
    con.execute("DELETE FROM case_search")
    con.commit()
    con.close()
    restored = run("restore", str(out))
    assert restored.returncode == 0, restored.stderr
    assert "恢复前的数据已备份到" in restored.stdout and "案件 30 件" in restored.stdout
    con = sqlite3.connect(data / "cases.sqlite3")
    assert con.execute("SELECT COUNT(*) FROM case_search").fetchone()[0] == 30
    con.close()
    bad = run("restore", str(tmp_path / "没有这个文件.zip"))
    assert bad.returncode == 1 and "找不到备份文件" in bad.stderr
    assert file_schema_version(data / "cases.sqlite3") == SCHEMA_VERSION
