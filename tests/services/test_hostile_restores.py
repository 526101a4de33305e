"""Hostile backups (the restore audit): each is refused in one line before the swap and leaves the
data as it was; a failure after the swap puts the previous database back; a bare file chosen for
restore is never changed."""
import errno
import hashlib
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from app.db.models import Case
from app.services import backup, registration, restore
from app.services.backup import BackupFailed
from app.services.context import SYSTEM
from app.services.integrity import check_integrity
from app.services.restore import restore_sqlite
from tests.factories import complaint


def _cases(n: int = 2) -> list[str]:
    return [registration.register(SYSTEM, complaint(person_kw={"name": f"丙{i}", "phone": f"1392000000{i}"})).number
            for i in range(n)]


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _crafted(tmp_path: Path, change_db=None, change_manifest=None, add=()) -> Path:
    """A real backup of the current data, its database changed by `change_db(con)` (the
    manifest's sha256 and size follow), its manifest by `change_manifest(dict)`."""
    made = backup.backup_now(SYSTEM, tmp_path / "base.zip")
    members = _members(made.path)
    manifest = json.loads(members.pop("manifest.json"))
    if change_db:
        db = tmp_path / "crafted.sqlite3"
        db.write_bytes(members["cases.sqlite3"])
        con = sqlite3.connect(db)
        change_db(con)
        con.commit()
        con.close()
        members["cases.sqlite3"] = db.read_bytes()
        manifest["database"].update(sha256=hashlib.sha256(members["cases.sqlite3"]).hexdigest(),
                                    size=len(members["cases.sqlite3"]))
    if change_manifest:                 # (it may return the manifest's whole text instead)
        manifest = change_manifest(manifest) or manifest
    target = tmp_path / "crafted.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in [*members.items(), *add]:
            zf.writestr(name, data)
        zf.writestr("manifest.json", json.dumps(manifest) if isinstance(manifest, dict) else manifest)
    return target


def _unchanged(sqlite_db, numbers) -> None:
    from app.db.bootstrap import open_database
    open_database(sqlite_db.data_dir)
    assert sorted(n for (n,) in Case.select(Case.number).tuples()) == sorted(numbers)
    assert check_integrity().ok
    assert not list(sqlite_db.data_dir.glob("restore-*")) and not list((sqlite_db.data_dir / "backups").glob("恢复时移开*"))


# ---------------------------------------------------------------- 1. nothing after the swap may fail
def _with_unlisted_attachment(con, content: bytes) -> None:
    con.execute("DELETE FROM case_search")
    con.execute("INSERT INTO attachment (case_id, sha256, filename, size, mime, description, added_by, added_at) "
                "VALUES (1, ?, 'x.jpg', ?, 'image/jpeg', '', 'x', '2026-01-01')",
                (hashlib.sha256(content).hexdigest(), len(content)))


def test_a_damaged_attachment_the_manifest_does_not_list_is_refused_before_the_swap(sqlite_db, tmp_path):
    numbers = _cases()
    content = b"evidence" * 1000
    sha = hashlib.sha256(content).hexdigest()
    crafted = _crafted(tmp_path, lambda con: _with_unlisted_attachment(con, content))
    with zipfile.ZipFile(crafted, "a", zipfile.ZIP_STORED) as zf:
        zf.writestr(f"attachments/{sha[:2]}/{sha}", content)
    raw = bytearray(crafted.read_bytes())
    raw[raw.rfind(content[:64])] ^= 1                # one bit of the stored member: its CRC fails
    crafted.write_bytes(bytes(raw))
    with pytest.raises(BackupFailed, match="备份文件已损坏.*Bad CRC"):
        restore_sqlite(SYSTEM, crafted, sqlite_db.data_dir)
    _unchanged(sqlite_db, numbers)


def test_a_failure_after_the_swap_puts_the_previous_database_back(sqlite_db, tmp_path, monkeypatch):
    numbers = _cases(3)
    made = backup.backup_now(SYSTEM, tmp_path / "two.zip")
    numbers += _cases(1)

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(restore, "_record", full_disk)
    with pytest.raises(BackupFailed, match="恢复没有完成，已放回恢复前的数据.*磁盘已满"):
        restore_sqlite(SYSTEM, made.path, sqlite_db.data_dir)
    monkeypatch.undo()
    _unchanged(sqlite_db, numbers)


# ---------------------------------------------------------------- 2. nothing the program would not create
@pytest.mark.parametrize("sql,what", [
    ("CREATE TRIGGER evil AFTER INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'no'); END", "多出触发器 evil"),
    ("CREATE TRIGGER evil AFTER UPDATE ON complaint_case BEGIN DELETE FROM attachment; END", "多出触发器 evil"),
    ("CREATE VIEW v AS SELECT 1", "多出视图 v"),
    ("CREATE UNIQUE INDEX one_row ON audit_log(id, action)", "多出索引 one_row"),
    ("CREATE VIRTUAL TABLE t USING fts5(x)", "多出数据表 t"),
    ("DROP TRIGGER audit_log_guard_delete; CREATE TRIGGER audit_log_guard_delete BEFORE DELETE ON audit_log "
     "BEGIN SELECT 1; END", "触发器 audit_log_guard_delete 的定义与本程序的不同"),
])
def test_a_schema_object_of_its_own_is_refused(sqlite_db, tmp_path, sql, what):
    numbers = _cases()
    crafted = _crafted(tmp_path, lambda con: con.executescript(sql))
    with pytest.raises(BackupFailed, match=f"数据结构不符（{what}）.*当前数据保持不变"):
        restore_sqlite(SYSTEM, crafted, sqlite_db.data_dir)
    _unchanged(sqlite_db, numbers)


def test_a_table_constraint_of_its_own_is_refused(sqlite_db, tmp_path):
    def check_on_setting(con):
        con.executescript("CREATE TABLE s2 AS SELECT * FROM setting; DROP TABLE setting; "
                          "CREATE TABLE \"setting\" (\"key\" VARCHAR(60) NOT NULL PRIMARY KEY, "
                          "\"value\" TEXT NOT NULL CHECK (length(value) < 2)); DROP TABLE s2")
    _cases()
    crafted = _crafted(tmp_path, check_on_setting)
    with pytest.raises(BackupFailed, match="数据表 setting 的定义与本程序的不同"):
        restore_sqlite(SYSTEM, crafted, sqlite_db.data_dir)


# ---------------------------------------------------------------- 3-5. the manifest and the members
def test_a_padded_manifest_is_refused_without_reading_it_all(sqlite_db, tmp_path, monkeypatch):
    _cases()
    monkeypatch.setattr(backup, "MANIFEST_LIMIT", 4000)
    crafted = _crafted(tmp_path, change_manifest=lambda m: m.update(pad=" " * 5000))
    with pytest.raises(BackupFailed, match="备份清单超过"):
        backup.read_manifest(crafted)
    assert any("备份清单超过" in info.problem for info in backup.list_backups(tmp_path))


@pytest.mark.parametrize("change,match", [
    (lambda m: "[" * 100_000 + "]" * 100_000, "嵌套过深"),
    (lambda m: m.update(format_version=99), "备份格式版本为 99"),
    (lambda m: m["database"].update(size="big"), "大小格式有误"),
])
def test_an_odd_manifest_is_one_line(sqlite_db, tmp_path, change, match):
    numbers = _cases()
    with pytest.raises(BackupFailed, match=match):
        restore_sqlite(SYSTEM, _crafted(tmp_path, change_manifest=change), sqlite_db.data_dir)
    _unchanged(sqlite_db, numbers)


@pytest.mark.parametrize("offset,value,match", [(8, 1, "encrypted"), (10, 99, "compression method")])
def test_an_encrypted_or_unknown_member_is_one_line(sqlite_db, tmp_path, offset, value, match):
    numbers = _cases()
    crafted = _crafted(tmp_path)
    raw = bytearray(crafted.read_bytes())
    i = raw.find(b"PK\x01\x02")                       # the central directory entry of cases.sqlite3
    raw[i + offset] = raw[i + offset] | value if offset == 8 else value
    crafted.write_bytes(bytes(raw))
    with pytest.raises(BackupFailed, match=f"备份文件已损坏.*{match}"):
        restore_sqlite(SYSTEM, crafted, sqlite_db.data_dir)
    _unchanged(sqlite_db, numbers)


@pytest.mark.parametrize("value", ["'x'", "1.5", "-5", "0", "X'00'"])
def test_an_odd_schema_version_is_one_line(sqlite_db, tmp_path, value):
    numbers = _cases()
    crafted = _crafted(tmp_path, lambda con: con.executescript(
        "DELETE FROM schema_version; INSERT INTO schema_version (version, applied_at, program_version) "
        f"VALUES ({value}, '2026-01-01', 'x')"))
    with pytest.raises(BackupFailed, match="数据结构版本号无效"):
        restore_sqlite(SYSTEM, crafted, sqlite_db.data_dir)
    _unchanged(sqlite_db, numbers)


# ---------------------------------------------------------------- 6. what a member may unpack to
def test_a_padded_database_is_refused(sqlite_db, tmp_path, monkeypatch):
    numbers = _cases()
    members = _members(_crafted(tmp_path))
    manifest = json.loads(members["manifest.json"])
    members["cases.sqlite3"] += bytes(200_000)         # a gigabyte in the audit; the same here
    manifest["database"]["sha256"] = hashlib.sha256(members["cases.sqlite3"]).hexdigest()
    for name, size in (("lying.zip", manifest["database"]["size"]), ("honest.zip", len(members["cases.sqlite3"]))):
        manifest["database"]["size"] = size
        members["manifest.json"] = json.dumps(manifest).encode()
        with zipfile.ZipFile(tmp_path / name, "w", zipfile.ZIP_DEFLATED) as zf:
            for member, data in members.items():
                zf.writestr(member, data)
    with pytest.raises(BackupFailed, match="比备份清单所记的.*大"):
        restore_sqlite(SYSTEM, tmp_path / "lying.zip", sqlite_db.data_dir)
    monkeypatch.setattr(restore, "_free_space", lambda folder: restore.ROOM + 100_000)
    with pytest.raises(BackupFailed, match="磁盘剩余空间不够"):
        restore_sqlite(SYSTEM, tmp_path / "honest.zip", sqlite_db.data_dir)
    monkeypatch.undo()
    _unchanged(sqlite_db, numbers)


# ---------------------------------------------------------------- 7. the chosen file stays as it is
def test_a_bare_database_and_its_wal_are_not_changed_by_restoring_them(sqlite_db, tmp_path):
    _cases(3)
    made = backup.backup_now(SYSTEM, tmp_path / "base.zip")
    source = tmp_path / "old.sqlite3"
    source.write_bytes(_members(made.path)["cases.sqlite3"])
    con = sqlite3.connect(source)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("DELETE FROM case_search WHERE rowid = (SELECT MIN(rowid) FROM case_search)")
    con.commit()
    keep = tmp_path / "keep"
    keep.mkdir()
    for suffix in ("", "-wal"):
        shutil.copyfile(f"{source}{suffix}", keep / f"old.sqlite3{suffix}")
    con.close()                                          # (closing checkpoints: put the two back as they were)
    for suffix in ("", "-wal"):
        shutil.copyfile(keep / f"old.sqlite3{suffix}", f"{source}{suffix}")
    before = {suffix: Path(f"{source}{suffix}").read_bytes() for suffix in ("", "-wal")}
    restore_sqlite(SYSTEM, source, sqlite_db.data_dir)
    assert {suffix: Path(f"{source}{suffix}").read_bytes() for suffix in ("", "-wal")} == before
    assert Case.select().count() == 3
