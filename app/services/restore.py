"""Restore from a backup: the backup is checked first (every file against its manifest, the
database's integrity and schema version), the current data is backed up, then replaced.

An older backup is migrated to this program's schema; a backup made by a newer program is refused.
Accepted: our backup .zip (from either mode), or a bare SQLite database file of ours (such as the
copy made before a schema upgrade).
"""
from __future__ import annotations

import hashlib
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from app.config import DB_FILENAME
from app.db import backup as dbfiles
from app.db.connection import is_sqlite
from app.db.migrate import SCHEMA_VERSION, DatabaseTooNew, apply_migrations
from app.db.models import AttachmentBlob, User, database
from app.services import audit
from app.services.backup import (
    DB_MEMBER, POOL, BackupFailed, default_folder, file_sha256, pool_beside, read_manifest, stamp, verify_backup,
    write_backup,
)
from app.services.context import Actor, require

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass
class RestoreResult:
    source: Path
    schema_version: int                       # of the backup
    migrated_from: int | None = None          # the backup was older and has been migrated
    safety_backup: Path | None = None         # the data as it was just before the restore
    damaged_moved_to: Path | None = None      # current files that could not be backed up (damaged)
    migration_backup: Path | None = None
    counts: dict = field(default_factory=dict)
    attachments_restored: int = 0
    missing_attachments: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Staged:
    db_file: Path
    version: int
    manifest: dict | None
    zip_path: Path | None
    before_migration: Path | None = None


def _stage(source: Path, scratch: Path) -> _Staged:
    """Put a checked copy of the backup's database in `scratch`."""
    source = Path(source)
    if not source.is_file():
        raise BackupFailed(f"找不到备份文件：{source}")
    staged = scratch / DB_MEMBER
    with open(source, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    manifest, zip_path = None, None
    if header == SQLITE_HEADER:
        dbfiles.backup_sqlite_file(source, staged)
    elif zipfile.is_zipfile(source):
        manifest, zip_path = read_manifest(source), source
        problems = [p for p in verify_backup(source) if "附件" not in p]
        if problems:
            raise BackupFailed("备份文件已损坏，不能用于恢复：" + "；".join(problems[:3]))
        with zipfile.ZipFile(source) as zf, zf.open(DB_MEMBER) as src, open(staged, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    else:
        raise BackupFailed(f"“{source.name}”不是本程序的备份文件")
    problem = dbfiles.integrity_problem(staged)
    if problem:
        raise BackupFailed(f"备份中的数据库未通过完整性检查：{problem}")
    version = dbfiles.file_schema_version(staged)
    if version is None:
        raise BackupFailed(f"“{source.name}”不是本程序的数据库")
    if version > SCHEMA_VERSION:
        raise DatabaseTooNew(version)
    before = None
    if version < SCHEMA_VERSION:      # the backup as it was, kept beside the data once restored
        before = scratch / f"升级前备份-v{version}-{stamp()}.sqlite3"
        shutil.copyfile(staged, before)
    _prove(staged, source.name, version)
    return _Staged(staged, version, manifest, zip_path, before)


def _prove(staged: Path, name: str, version: int) -> None:
    """Open the scratch copy, migrate it and check it there: only a copy that opens as this
    program's database will replace the data. (The migrated copy is what gets swapped in.)"""
    from peewee import DatabaseError

    from app.db.audit_chain import verify_chain
    from app.db.connection import sqlite_database
    db = sqlite_database(staged)
    try:
        db.connect()
        if version < SCHEMA_VERSION:
            apply_migrations(db, version)
        problem = dbfiles.schema_problem(db)
        chain = verify_chain(db) if problem is None else None
    except DatabaseError as exc:
        problem = f"按其版本 {version} 升级时出错（{' '.join(str(exc).split())}）"
        chain = None
    finally:
        db.execute_sql("PRAGMA journal_mode=DELETE") if not db.is_closed() else None
        db.close()
    if problem:
        raise BackupFailed(f"“{name}”中的数据库与本程序的数据结构不符（{problem}），未恢复，当前数据保持不变；"
                           "请换一个备份文件")
    if chain and chain.problem:
        raise BackupFailed(f"“{name}”的审计日志未通过校验（{chain.problem}），未恢复，当前数据保持不变；"
                           "请换一个备份文件")


# ---------------------------------------------------------------- attachments
def _wanted_attachments(staged: _Staged) -> list[str]:
    return dbfiles.file_attachment_hashes(staged.db_file)


def _attachment_content(sha: str, staged: _Staged, scratch: Path) -> Path | None:
    """An intact copy of one attachment from the backup zip or the store beside it."""
    candidates = []
    if staged.zip_path is not None:
        member = f"attachments/{sha[:2]}/{sha}"
        with zipfile.ZipFile(staged.zip_path) as zf:
            if member in zf.namelist():
                out = scratch / sha
                with zf.open(member) as src, open(out, "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                candidates.append(out)
        candidates.append(pool_beside(staged.zip_path) / sha[:2] / sha)
    for path in candidates:
        if path.is_file() and file_sha256(path) == sha:
            return path
    return None


def _restore_attachment_files(staged: _Staged, folder: Path, scratch: Path, result: RestoreResult) -> None:
    for sha in _wanted_attachments(staged):
        target = folder / sha[:2] / sha
        if target.is_file() and file_sha256(target) == sha:
            continue   # content-addressed: an intact file with this name is this attachment
        content = _attachment_content(sha, staged, scratch)
        if content is None:
            result.missing_attachments.append(sha)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(content, target.with_suffix(".part"))
        target.with_suffix(".part").replace(target)
        result.attachments_restored += 1


def _blobs_to_files(folder: Path) -> None:
    """A server export keeps attachments as rows; on one PC they live as files."""
    with database.atomic():
        for blob in AttachmentBlob.select().iterator():
            data = bytes(blob.data)
            target = folder / blob.sha256[:2] / blob.sha256
            if hashlib.sha256(data).hexdigest() == blob.sha256 and not target.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        AttachmentBlob.delete().execute()


def _files_to_blobs(staged: _Staged, scratch: Path, result: RestoreResult) -> None:
    have = {s for (s,) in AttachmentBlob.select(AttachmentBlob.sha256).tuples()}
    for sha in _wanted_attachments(staged):
        if sha in have:
            continue
        content = _attachment_content(sha, staged, scratch)
        if content is None:
            result.missing_attachments.append(sha)
            continue
        AttachmentBlob.create(sha256=sha, data=content.read_bytes())
        result.attachments_restored += 1


# ---------------------------------------------------------------- the current data, first
def _safety_copy_of_files(data_dir: Path, result: RestoreResult) -> None:
    """Back up the current SQLite data; when it is too damaged for that, move its files aside."""
    current = data_dir / DB_FILENAME
    if not current.exists():
        return
    folder = data_dir / "backups"
    try:
        made = write_backup(folder / f"恢复前备份-{stamp()}.zip", "pre_restore", "恢复前自动备份",
                            pool=folder / POOL, source_file=current)
        result.safety_backup = made.path
    except Exception as exc:  # noqa: BLE001 - any failure to read the damaged data
        aside = folder / f"损坏的数据-{stamp()}"
        aside.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            part = data_dir / (DB_FILENAME + suffix)
            if part.exists():
                shutil.copy2(part, aside / part.name)
        result.damaged_moved_to = aside
        result.warnings.append(f"当前数据已损坏，无法备份（{exc}），原文件已另存到“{aside}”")


def _keep(path: Path, folder: Path) -> Path:
    from app.db.private import private_dir, private_file
    target = private_dir(folder) / path.name
    shutil.move(str(path), target)
    return private_file(target)


def _close_bound_file(data_dir: Path) -> None:
    if database.obj is not None and is_sqlite() and Path(database.database).resolve() == (data_dir / DB_FILENAME).resolve():
        database.close()


def _record(actor: Actor, result: RestoreResult) -> None:
    """The restored database gets its own audit row saying where it came from."""
    if actor.user_id is not None and User.get_or_none(id=actor.user_id) is None:
        actor = Actor(None, actor.username, actor.display_name, actor.role)
    changes = [{"field": "file", "old": None, "new": str(result.source)},
               {"field": "safety_backup", "old": None, "new": str(result.safety_backup or "")}]
    if result.migrated_from:
        changes.append({"field": "schema_version", "old": result.migrated_from, "new": SCHEMA_VERSION})
    audit.record(actor, "restore", "backup", None, summary=f"从备份恢复数据：{result.source.name}", changes=changes)


# ---------------------------------------------------------------- the two modes
def restore_sqlite(actor: Actor, source: Path, data_dir: Path) -> RestoreResult:
    """Replace the data folder's database (and fill in attachments) from a backup; the database is
    opened again afterwards (bound, migrated when the backup was older)."""
    require(actor, "restore")
    from app.db.bootstrap import open_database
    from app.db.connection import DatabaseUnavailable
    from app.db.location import network_location_problem

    data_dir = Path(data_dir)
    problem = network_location_problem(data_dir)
    if problem:
        raise DatabaseUnavailable(problem)
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="restore-", dir=data_dir) as scratch_name:
        scratch = Path(scratch_name)
        staged = _stage(source, scratch)
        result = RestoreResult(Path(source), staged.version)
        _close_bound_file(data_dir)
        _safety_copy_of_files(data_dir, result)
        for suffix in ("-wal", "-shm"):   # a journal left by the old file must not be replayed onto the new
            (data_dir / (DB_FILENAME + suffix)).unlink(missing_ok=True)
        staged.db_file.replace(data_dir / DB_FILENAME)
        staged.db_file = data_dir / DB_FILENAME
        _restore_attachment_files(staged, data_dir / "attachments", scratch, result)
        if staged.before_migration:               # migrated in the scratch copy before the swap
            result.migrated_from = staged.version
            result.migration_backup = _keep(staged.before_migration, data_dir / "backups")
    open_database(data_dir)
    _blobs_to_files(data_dir / "attachments")
    _record(actor, result)
    result.counts = dbfiles.file_counts(data_dir / DB_FILENAME)
    return result


def restore_server(actor: Actor, source: Path, safety_folder: Path | None = None) -> RestoreResult:
    """Replace every table of the bound server database with a backup (after exporting the
    current contents). Everybody else should be logged out while this runs."""
    require(actor, "restore")
    from app.db.migrate import ensure_schema

    with tempfile.TemporaryDirectory(prefix="xiehui-restore-") as scratch_name:
        scratch = Path(scratch_name)
        staged = _stage(source, scratch)
        result = RestoreResult(Path(source), staged.version)
        if staged.version < SCHEMA_VERSION:     # (_stage migrated the scratch copy already)
            result.migrated_from = staged.version
        folder = Path(safety_folder) if safety_folder else default_folder()
        result.safety_backup = write_backup(folder / f"恢复前导出-{stamp()}.zip", "pre_restore", actor.display_name).path
        dbfiles.import_from_sqlite(staged.db_file, database.obj)
        with database.atomic():
            _files_to_blobs(staged, scratch, result)
        ensure_schema(database.obj)
        result.counts = dbfiles.file_counts(staged.db_file)
    with database.atomic():
        _record(actor, result)
    return result
