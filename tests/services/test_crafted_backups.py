"""Crafted backups and leftovers (issue 14, items 8, 9, 10, 11): a backup is opened, migrated and
checked in a scratch copy and swapped in only when it passes, so a lying or nearly empty database
leaves the data as it was; a manifest without its database entry or with a malformed attachment
list is one line; temporary copies of killed work are removed; tampered attachment content is
found by `check`; attachment names are safe on every platform; a full disk is one line."""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from app.db.leftovers import sweep
from app.db.models import Attachment, Case
from app.domain.errors import ValidationFailed
from app.domain.filenames import safe_filename
from app.services import attachments, backup, registration
from app.services.backup import BackupFailed
from app.services.context import SYSTEM
from app.services.integrity import check_integrity
from app.services.restore import restore_sqlite
from tests.factories import complaint

ROOT = Path(__file__).resolve().parents[2]


def _two_cases(data_dir: Path) -> list[str]:
    return [registration.register(SYSTEM, complaint(person_kw={"name": f"甲{i}", "phone": f"1390000000{i}"})).number
            for i in range(2)]


def _bare_copy(sqlite_db, tmp_path, name="crafted.sqlite3") -> Path:
    made = backup.backup_now(SYSTEM, tmp_path / "base.zip")
    with zipfile.ZipFile(made.path) as zf:
        (tmp_path / name).write_bytes(zf.read("cases.sqlite3"))
    return tmp_path / name


def _unchanged(sqlite_db, numbers) -> None:
    from app.db.bootstrap import open_database
    open_database(sqlite_db.data_dir)
    assert sorted(n for (n,) in Case.select(Case.number).tuples()) == sorted(numbers)
    assert check_integrity().ok


def test_a_database_claiming_an_older_schema_than_it_has_is_refused_before_the_swap(sqlite_db, tmp_path):
    numbers = _two_cases(sqlite_db.data_dir)
    crafted = _bare_copy(sqlite_db, tmp_path)
    con = sqlite3.connect(crafted)
    con.execute("UPDATE schema_version SET version = 1")        # "I am version 1" — with version-4 tables
    con.commit()
    con.close()
    with pytest.raises(BackupFailed, match="数据结构不符.*当前数据保持不变"):
        restore_sqlite(SYSTEM, crafted, sqlite_db.data_dir)
    _unchanged(sqlite_db, numbers)


def test_a_nearly_empty_valid_database_is_refused_before_the_swap(sqlite_db, tmp_path):
    from app.db.migrate import SCHEMA_VERSION
    numbers = _two_cases(sqlite_db.data_dir)
    crafted = tmp_path / "empty.sqlite3"
    con = sqlite3.connect(crafted)
    con.execute("CREATE TABLE schema_version (id INTEGER PRIMARY KEY, version INTEGER, applied_at TEXT, program_version TEXT)")
    con.execute("INSERT INTO schema_version (version, applied_at, program_version) VALUES (?, '2026-01-01', 'x')",
                (SCHEMA_VERSION,))
    con.commit()
    con.close()
    with pytest.raises(BackupFailed, match="缺少数据表"):
        restore_sqlite(SYSTEM, crafted, sqlite_db.data_dir)
    _unchanged(sqlite_db, numbers)
    done = subprocess.run([sys.executable, "main.py", "--data-dir", str(sqlite_db.data_dir), "restore", str(crafted)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "缺少数据表" in done.stderr
    assert not list(sqlite_db.data_dir.glob("restore-*"))


def _rewrite_manifest(path: Path, change) -> None:
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(members["manifest.json"])
    change(manifest)
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)


@pytest.mark.parametrize("change", [lambda m: m.pop("database"), lambda m: m.update(attachments="all of them"),
                                    lambda m: m.update(attachments=[{"sha256": "../../evil", "in": "zip"}]),
                                    lambda m: m["database"].update(sha256=None)])
def test_a_crafted_manifest_is_one_line_and_changes_nothing(sqlite_db, tmp_path, change):
    numbers = _two_cases(sqlite_db.data_dir)
    made = backup.backup_now(SYSTEM, tmp_path / "crafted.zip")
    _rewrite_manifest(made.path, change)
    with pytest.raises(BackupFailed, match="备份清单不完整或格式有误"):
        restore_sqlite(SYSTEM, made.path, sqlite_db.data_dir)
    assert backup.verify_backup(made.path)[0].startswith("“crafted.zip”的备份清单")
    _unchanged(sqlite_db, numbers)


def test_leftovers_of_killed_work_are_removed_at_start_up_and_by_check(sqlite_db):
    data = sqlite_db.data_dir
    scratch = data / "restore-abc123"
    scratch.mkdir()
    (scratch / "cases.sqlite3").write_bytes(b"x" * 100_000)
    part = data / "backups" / "手动备份-20261130.zip.part"
    part.parent.mkdir(exist_ok=True)
    part.write_bytes(b"y" * 50_000)
    pool_part = data / "attachments" / "ab" / "abcd.part"
    pool_part.parent.mkdir(parents=True)
    pool_part.write_bytes(b"z")
    fresh = data / "backups" / "xiehui-backup-now"
    fresh.mkdir()                              # being written right now by another window: left alone
    old = time.time() - 3600
    for path in (scratch / "cases.sqlite3", scratch, part, pool_part):
        os.utime(path, (old, old))
    assert sweep(data).count == 2              # start-up: the folders' own leftovers
    assert not scratch.exists() and not part.exists() and pool_part.exists() and fresh.exists()
    report = check_integrity(data)
    assert any("已清除 1 个" in n and "含个人信息" in n for n in report.notes) and not pool_part.exists()
    assert fresh.exists()


def test_check_finds_tampered_attachment_content(db, tmp_path):
    case_id = registration.register(SYSTEM, complaint()).case_id
    source = tmp_path / "发票.pdf"
    source.write_bytes(b"%PDF-1.4 invoice 3999.00")
    added = attachments.add_attachment(SYSTEM, case_id, source)
    assert check_integrity().ok
    if db.is_server:
        from app.db.models import AttachmentBlob
        AttachmentBlob.update(data=b"%PDF-1.4 invoice 9.00").where(AttachmentBlob.sha256 == added.sha256).execute()
    else:
        stored = attachments.attachment_folder() / added.sha256[:2] / added.sha256
        stored.write_bytes(b"%PDF-1.4 invoice 9.00")
    problems = check_integrity().problems
    assert any("发票.pdf" in p and "校验值不符" in p for p in problems), problems


@pytest.mark.parametrize("name,safe", [("..\\..\\evil.pdf", "evil.pdf"), ("../../etc/passwd", "passwd"),
                                       ("CON.pdf", "_CON.pdf"), ('发票<1>:"?.pdf', "发票_1____.pdf"),
                                       ("照片.jpg. . ", "照片.jpg"), ("..", "附件"), ("\u202egpj.exe", "gpj.exe")])
def test_attachment_names_are_safe_on_every_platform(name, safe):
    assert safe_filename(name) == safe


def test_an_attachment_with_a_crafted_stored_name_opens_inside_the_scratch_folder(sqlite_db, tmp_path):
    case_id = registration.register(SYSTEM, complaint()).case_id
    source = tmp_path / "发票.pdf"
    source.write_bytes(b"%PDF-1.4 invoice")
    added = attachments.add_attachment(SYSTEM, case_id, source)
    Attachment.update(filename="..\\..\\evil.pdf").where(Attachment.sha256 == added.sha256).execute()
    scratch = tmp_path / "open"
    path = attachments.attachment_content_path(Attachment.get().id, scratch)
    assert path.parent == scratch and path.name.endswith("evil.pdf") and "\\" not in path.name


def test_a_long_chinese_attachment_name_opens_within_the_platforms_name_limit(sqlite_db, tmp_path):
    """83 ideographs are 249 bytes of UTF-8: stored whole (150 characters were allowed), the opened
    copy "<id>-<name>" passed Linux's 255 bytes (OSError: File name too long) from id 10 on."""
    case_id = registration.register(SYSTEM, complaint()).case_id
    source = tmp_path / ("中" * 83 + ".jpg")
    source.write_bytes(b"\xff\xd8 photo")
    added = attachments.add_attachment(SYSTEM, case_id, source)
    Attachment.update(id=123456).where(Attachment.id == added.attachment_id).execute()
    stored = Attachment.get_by_id(123456).filename
    assert stored.endswith(".jpg") and len(stored.encode()) <= 200 and stored.startswith("中" * 60)
    path = attachments.attachment_content_path(123456, tmp_path / "open")
    assert path.read_bytes() == b"\xff\xd8 photo" and len(path.name.encode()) <= 255


def test_an_endless_file_is_refused_as_an_attachment(sqlite_db, tmp_path, monkeypatch):
    """A name that says .jpg for a link to a file whose size says 0 and that never ends (a /proc
    file): the hashing stops at the size limit instead of reading for ever."""
    case_id = registration.register(SYSTEM, complaint()).case_id
    monkeypatch.setattr(attachments, "MAX_BYTES", 1 << 20)
    link = tmp_path / "照片.jpg"
    link.symlink_to("/proc/self/pagemap")
    with pytest.raises(ValidationFailed, match="超过 1 MB"):
        attachments.add_attachment(SYSTEM, case_id, link)


def test_a_full_disk_is_one_line_and_nothing_half_written(sqlite_db):
    """SQLite's own limit on the file's pages is a full disk as far as a write is concerned."""
    registration.register(SYSTEM, complaint())
    sqlite_db.db.close()
    code = ("import sys; from datetime import date; from app.cli import main; "
            "import app.cli.common as common; real = common.open_data\n"
            "def tiny(*a, **k):\n    o = real(*a, **k)\n"
            "    pages = o.db.execute_sql('PRAGMA page_count').fetchone()[0]\n"
            "    o.db.execute_sql(f'PRAGMA max_page_count = {pages}')\n    return o\n"
            "common.open_data = tiny\n"
            f"sys.exit(main(['--data-dir', {str(sqlite_db.data_dir)!r}, 'demo', '--cases', '300', '--force']))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().count("\n") == 0 and "磁盘已满" in done.stderr and "Traceback" not in done.stderr
    from app.db.bootstrap import open_database
    open_database(sqlite_db.data_dir)
    assert Case.select().count() == 1 and check_integrity().ok


@pytest.mark.skipif(shutil.which("mount") is None or os.geteuid() != 0, reason="needs root to mount a tiny tmpfs")
def test_a_backup_onto_a_full_disk_is_one_line(sqlite_db, tmp_path):
    for i in range(30):
        registration.register(SYSTEM, complaint(person_kw={"name": f"乙{i}", "phone": f"1391000{i:04d}"},
                                                facts="空调不制冷。" * 400))
    tiny = tmp_path / "tiny"
    tiny.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(tiny)]).returncode != 0:
        pytest.skip("mount refused here")
    try:
        sqlite_db.db.close()
        done = subprocess.run([sys.executable, "main.py", "--data-dir", str(sqlite_db.data_dir), "backup", "--out",
                               str(tiny / "备份.zip")], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 1 and "磁盘已满" in done.stderr and done.stderr.count("\n") == 1, done.stderr
        assert list(tiny.iterdir()) == []                 # nothing half-written left on the stick
    finally:
        subprocess.run(["umount", str(tiny)])


def _drop_indexes(path: Path, names=None) -> list[str]:
    con = sqlite3.connect(path)
    found = [n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")]
    dropped = [n for n in found if names is None or n in names]
    for name in dropped:
        con.execute(f'DROP INDEX "{name}"')
    con.commit()
    con.close()
    return dropped


def test_a_backup_without_its_indexes_is_restored_with_them_made_again(sqlite_db, tmp_path):
    """The same data without its indexes would make every list and count scan whole tables, and
    without the UNIQUE ones a duplicate case number could come in later: the program's indexes
    are made in the scratch copy before the swap, and the restore says so."""
    from app.db.bootstrap import open_database
    from app.db.models import AuditLog
    from app.db.schema_shape import program_shape
    numbers = _two_cases(sqlite_db.data_dir)
    crafted = _bare_copy(sqlite_db, tmp_path)
    dropped = _drop_indexes(crafted)
    assert len(dropped) >= 40 and "complaint_case_number" in dropped
    result = restore_sqlite(SYSTEM, crafted, sqlite_db.data_dir)
    assert sorted(result.indexes_rebuilt) == sorted(dropped)
    assert any(w.startswith(f"备份中的数据库缺少 {len(dropped)} 个索引，已按本程序的结构重建") for w in result.warnings)
    _unchanged(sqlite_db, numbers)
    open_database(sqlite_db.data_dir)
    con = sqlite3.connect(sqlite_db.data_dir / "cases.sqlite3")
    have = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    con.close()
    assert {name for (kind, name), (_, sql) in program_shape().items() if kind == "index" and sql} <= have
    row = AuditLog.select().where(AuditLog.action == "restore").order_by(AuditLog.id.desc()).get()
    assert "complaint_case_number" in row.changes


def test_a_backup_whose_rows_break_a_missing_unique_index_is_refused(sqlite_db, tmp_path):
    numbers = _two_cases(sqlite_db.data_dir)
    crafted = _bare_copy(sqlite_db, tmp_path)
    _drop_indexes(crafted, {"complaint_case_number"})
    con = sqlite3.connect(crafted)
    con.execute("UPDATE complaint_case SET number = (SELECT MIN(number) FROM complaint_case)")   # two cases, one number
    con.commit()
    con.close()
    with pytest.raises(BackupFailed, match="缺少唯一索引，且其中的数据有重复.*未恢复，当前数据保持不变"):
        restore_sqlite(SYSTEM, crafted, sqlite_db.data_dir)
    _unchanged(sqlite_db, numbers)
