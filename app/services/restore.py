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
    DB_MEMBER, POOL, BackupFailed, TooBig, copy_member, default_folder, file_sha256, pool_beside, read_manifest, stamp,
    verify_backup, write_backup,
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
    indexes_rebuilt: list[str] = field(default_factory=list)      # the backup's database lacked them


ROOM = 64 << 20     # left free on the disk after unpacking: the safety backup and SQLite's journal need it


def _free_space(folder: Path) -> int:
    return shutil.disk_usage(folder).free


class _Budget:
    """What the scratch copies may still take of the disk: a backup's members can say any size
    (a 1.2 MB zip unpacked to a 1 GB database), the free space cannot."""

    def __init__(self, folder: Path):
        self.left = _free_space(folder) - ROOM

    def spend(self, size: int, what: str) -> None:
        if size > self.left:
            raise BackupFailed(f"{what}需要 {_mb(size)}，磁盘剩余空间不够（可用 {_mb(max(self.left, 0))}），"
                               "未恢复，当前数据保持不变；请清理磁盘空间后重试")
        self.left -= size


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f} MB"


def _unpack(zf: zipfile.ZipFile, member: str, out: Path, limit: int | None, budget: _Budget, what: str) -> str:
    """One member into `out` (its sha256), never beyond `limit` nor the free space."""
    room = max(budget.left, 0)
    try:
        with open(out, "wb") as dst:
            sha, size = copy_member(zf, member, room if limit is None else min(limit, room), dst.write)
    except TooBig:
        out.unlink(missing_ok=True)
        if limit is not None and limit <= room:
            raise BackupFailed(f"备份文件已损坏，不能用于恢复：{member} 比备份清单所记的大") from None
        budget.spend(room + 1, what)       # says how little room there is
        raise
    except BackupFailed as exc:
        out.unlink(missing_ok=True)
        raise BackupFailed(f"备份文件已损坏，不能用于恢复：{exc}") from None
    budget.spend(size, what)
    return sha


@dataclass
class _Staged:
    db_file: Path
    version: int
    manifest: dict | None
    zip_path: Path | None
    before_migration: Path | None = None
    indexes_rebuilt: list[str] = field(default_factory=list)       # the backup lacked them
    attachments: dict[str, Path] = field(default_factory=dict)     # sha -> an intact copy in the scratch folder


def _stage(source: Path, scratch: Path, budget: _Budget) -> _Staged:
    """Put a checked copy of the backup's database in `scratch`."""
    source = Path(source)
    if not source.is_file():
        raise BackupFailed(f"找不到备份文件：{source}")
    staged = scratch / DB_MEMBER
    with open(source, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    manifest, zip_path = None, None
    if header == SQLITE_HEADER:
        _copy_bare(source, staged, scratch, budget)
    elif zipfile.is_zipfile(source):
        manifest, zip_path = read_manifest(source), source
        problems = [p for p in verify_backup(source) if "附件库" not in p]
        if problems:
            raise BackupFailed("备份文件已损坏，不能用于恢复：" + "；".join(problems[:3]))
        with zipfile.ZipFile(source) as zf:
            _unpack(zf, DB_MEMBER, staged, manifest["database"].get("size"), budget, "解压备份中的数据库")
    else:
        raise BackupFailed(f"“{source.name}”不是本程序的备份文件")
    problem = dbfiles.integrity_problem(staged)
    if problem:
        raise BackupFailed(f"备份中的数据库未通过完整性检查：{problem}")
    version = dbfiles.file_schema_version(staged)
    if version is None:
        raise BackupFailed(f"“{source.name}”不是本程序的数据库")
    if type(version) is not int or version < 1:       # 1: the first program's schema
        raise BackupFailed(f"“{source.name}”中的数据库的数据结构版本号无效（{version!r}），未恢复，当前数据保持不变；"
                           "请换一个备份文件")
    if version > SCHEMA_VERSION:
        raise DatabaseTooNew(version)
    before = None
    if version < SCHEMA_VERSION:      # the backup as it was, kept beside the data once restored
        before = scratch / f"升级前备份-v{version}-{stamp()}.sqlite3"
        budget.spend(staged.stat().st_size, "保留升级前的副本")
        shutil.copyfile(staged, before)
    rebuilt = _prove(staged, source.name, version)
    return _Staged(staged, version, manifest, zip_path, before, rebuilt)


def _copy_bare(source: Path, staged: Path, scratch: Path, budget: _Budget) -> None:
    """A bare database file is copied (with a -wal beside it) before SQLite opens it: opened
    where it lies, SQLite would replay that -wal into the user's file and delete it."""
    copy = scratch / "source"
    copy.mkdir()
    for suffix in ("", "-wal"):
        part = source.with_name(source.name + suffix)
        if part.is_file():
            budget.spend(part.stat().st_size, "复制所选的数据库文件")
            shutil.copyfile(part, copy / (DB_MEMBER + suffix))
    budget.spend(source.stat().st_size, "整理所选的数据库文件")      # the checked copy made from it
    dbfiles.backup_sqlite_file(copy / DB_MEMBER, staged)
    shutil.rmtree(copy)


def _prove(staged: Path, name: str, version: int) -> list[str]:
    """Open the scratch copy, migrate it and check it there: only a copy that opens as this
    program's database, with this program's schema and nothing more, will replace the data.
    (The migrated copy is what gets swapped in.) The indexes it lacks are made in it; their names."""
    import sqlite3

    from peewee import DatabaseError

    from app.db.audit_chain import verify_chain
    from app.db.connection import sqlite_database
    from app.db.schema_shape import rebuild_missing_indexes, shape_problem
    db = sqlite_database(staged)
    rebuilt: list[str] = []
    try:
        db.connect()
        # Before a migration writes to it: no trigger or view of its own may run meanwhile.
        problem = shape_problem(db.connection(), executable_only=True) if version < SCHEMA_VERSION else None
        if problem is None and version < SCHEMA_VERSION:
            apply_migrations(db, version)
        problem = problem or dbfiles.schema_problem(db) or shape_problem(db.connection())
        chain = verify_chain(db) if problem is None else None
        if problem is None and not (chain and chain.problem):
            with db.atomic():
                rebuilt = rebuild_missing_indexes(db.connection())
    except sqlite3.IntegrityError as exc:      # a missing UNIQUE index its rows break (two cases, one number)
        problem, chain = f"缺少唯一索引，且其中的数据有重复（{' '.join(str(exc).split())}）", None
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
    return rebuilt


# ---------------------------------------------------------------- attachments, into the scratch folder first
def _stage_attachments(staged: _Staged, have, scratch: Path, budget: _Budget, result: RestoreResult) -> None:
    """An intact copy in `scratch` of every attachment the restored database names and `have`
    lacks, before anything is replaced: a damaged member is found here, not after the swap."""
    folder = scratch / "attachments"
    folder.mkdir()
    zf = zipfile.ZipFile(staged.zip_path) if staged.zip_path is not None else None
    try:
        names = set(zf.namelist()) if zf else set()
        for sha in dbfiles.file_attachment_hashes(staged.db_file):
            if have(sha):
                continue
            content = _attachment_content(sha, staged, zf, names, folder / sha, budget)
            if content is None:
                result.missing_attachments.append(sha)
            else:
                staged.attachments[sha] = content
    finally:
        if zf:
            zf.close()


def _attachment_content(sha: str, staged: _Staged, zf, names: set[str], out: Path, budget: _Budget) -> Path | None:
    """From the backup zip, else from the store beside it; None when neither holds it intact."""
    member = f"attachments/{sha[:2]}/{sha}"
    if member in names and _unpack(zf, member, out, None, budget, f"解压附件 {sha[:12]}…") == sha:
        return out
    out.unlink(missing_ok=True)
    pooled = pool_beside(staged.zip_path) / sha[:2] / sha if staged.zip_path is not None else None
    if pooled is not None and pooled.is_file():
        budget.spend(pooled.stat().st_size, f"复制附件 {sha[:12]}…")
        shutil.copyfile(pooled, out)
        if file_sha256(out) == sha:
            return out
        out.unlink()
    return None


def _intact_in(folder: Path, staged: _Staged):
    """Attachments that need no copy: held as rows by the backup (a server export: they become
    files once it is open), or an intact file in `folder` (content-addressed: a file with this
    name and content is this attachment)."""
    rows = dbfiles.file_blob_hashes(staged.db_file)

    def have(sha: str) -> bool:
        target = folder / sha[:2] / sha
        return sha in rows or (target.is_file() and file_sha256(target) == sha)
    return have


def _place_attachment_files(staged: _Staged, folder: Path, result: RestoreResult) -> list[Path]:
    """Renames from the scratch folder (on the same disk); returns the files that were not there."""
    new = []
    for sha, content in staged.attachments.items():
        target = folder / sha[:2] / sha
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            new.append(target)
        content.replace(target)
        result.attachments_restored += 1
    return new


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


def _files_to_blobs(staged: _Staged, result: RestoreResult) -> None:
    for sha, content in staged.attachments.items():
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
    if result.indexes_rebuilt:
        changes.append({"field": "indexes_rebuilt", "old": None, "new": "、".join(result.indexes_rebuilt)})
    audit.record(actor, "restore", "backup", None, summary=f"从备份恢复数据：{result.source.name}", changes=changes)


# ---------------------------------------------------------------- the two modes
def restore_sqlite(actor: Actor, source: Path, data_dir: Path) -> RestoreResult:
    """Replace the data folder's database (and fill in attachments) from a backup; the database is
    opened again afterwards (bound, migrated when the backup was older). Everything that can be
    checked or unpacked is, before the swap; if opening or recording fails after it, the
    previous database is put back."""
    require(actor, "restore")
    from app.db.connection import DatabaseUnavailable
    from app.db.location import network_location_problem

    data_dir = Path(data_dir)
    problem = network_location_problem(data_dir)
    if problem:
        raise DatabaseUnavailable(problem)
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="restore-", dir=data_dir) as scratch_name:
        scratch = Path(scratch_name)
        budget = _Budget(data_dir)
        staged = _stage(source, scratch, budget)
        result = RestoreResult(Path(source), staged.version, indexes_rebuilt=staged.indexes_rebuilt)
        if staged.indexes_rebuilt:
            result.warnings.append(f"备份中的数据库缺少 {len(staged.indexes_rebuilt)} 个索引，已按本程序的结构重建"
                                   f"（{'、'.join(staged.indexes_rebuilt[:5])}{' 等' if len(staged.indexes_rebuilt) > 5 else ''}）")
        _stage_attachments(staged, _intact_in(data_dir / "attachments", staged), scratch, budget, result)
        _close_bound_file(data_dir)
        _safety_copy_of_files(data_dir, result)
        placed = _place_attachment_files(staged, data_dir / "attachments", result)
        aside = _swap_in(staged.db_file, data_dir, placed)
        try:
            _open_restored(actor, data_dir, result)
        except BaseException as exc:
            _undo(data_dir, aside, placed, exc, result)
            raise
        shutil.rmtree(aside, ignore_errors=True)
        if staged.before_migration:               # migrated in the scratch copy before the swap
            result.migrated_from = staged.version
            result.migration_backup = _keep(staged.before_migration, data_dir / "backups")
    return result


def _swap_in(new_file: Path, data_dir: Path, placed: list[Path]) -> Path:
    """The current database's files (with its -wal: not to be replayed onto the new file) go
    aside into backups/, the restored file into their place: renames on one disk. Returns the
    folder aside."""
    from app.db.private import private_dir
    aside = private_dir(data_dir / "backups") / f"恢复时移开的原数据-{stamp()}"
    try:
        aside.mkdir()
        for suffix in ("", "-wal", "-shm"):
            part = data_dir / (DB_FILENAME + suffix)
            if part.exists():
                part.replace(aside / part.name)
        new_file.replace(data_dir / DB_FILENAME)
    except BaseException as exc:
        _undo(data_dir, aside, placed, exc, None)
        raise
    return aside


def _open_restored(actor: Actor, data_dir: Path, result: RestoreResult) -> None:
    from app.db.bootstrap import open_database
    open_database(data_dir)
    with database.atomic():
        _blobs_to_files(data_dir / "attachments")
        _record(actor, result)
    result.counts = dbfiles.file_counts(data_dir / DB_FILENAME)


def _undo(data_dir: Path, aside: Path, placed: list[Path], exc: BaseException, result: RestoreResult | None) -> None:
    """Put the previous database back after a failure past the swap, and say so truthfully."""
    if database.obj is not None and is_sqlite():
        database.close()
    try:
        for suffix in ("", "-wal", "-shm"):
            (data_dir / (DB_FILENAME + suffix)).unlink(missing_ok=True)
        for part in sorted(aside.iterdir()) if aside.is_dir() else []:
            part.replace(data_dir / part.name)
        if aside.is_dir():
            aside.rmdir()
        for path in placed:
            path.unlink(missing_ok=True)
    except OSError as failed:
        safety = f"，恢复前的备份在“{result.safety_backup}”" if result and result.safety_backup else ""
        raise BackupFailed(f"恢复没有完成（{_why(exc)}），也未能放回原数据（{_why(failed)}）；原数据库文件在“{aside}”"
                           f"{safety}，请把它放回“{data_dir}”后再打开程序") from None
    if isinstance(exc, Exception):
        raise BackupFailed(f"恢复没有完成，已放回恢复前的数据，未作任何改动（{_why(exc)}）") from None


def _why(exc: BaseException) -> str:
    from app.db.connection import explain
    ours = type(exc).__module__.startswith("app.") and getattr(exc, "errno", None) is None
    return " ".join((str(exc) if ours else explain(exc)).split())


def restore_server(actor: Actor, source: Path, safety_folder: Path | None = None) -> RestoreResult:
    """Replace every table of the bound server database with a backup (after exporting the
    current contents), in one transaction with its attachments and its audit row. Everybody
    else should be logged out while this runs."""
    require(actor, "restore")
    from peewee import DatabaseError

    from app.db.migrate import ensure_schema

    with tempfile.TemporaryDirectory(prefix="xiehui-restore-") as scratch_name:
        scratch = Path(scratch_name)
        budget = _Budget(scratch)
        staged = _stage(source, scratch, budget)
        result = RestoreResult(Path(source), staged.version)
        if staged.version < SCHEMA_VERSION:     # (_stage migrated the scratch copy already)
            result.migrated_from = staged.version
        _stage_attachments(staged, dbfiles.file_blob_hashes(staged.db_file).__contains__, scratch, budget, result)
        folder = Path(safety_folder) if safety_folder else default_folder()
        result.safety_backup = write_backup(folder / f"恢复前导出-{stamp()}.zip", "pre_restore", actor.display_name).path
        result.counts = dbfiles.file_counts(staged.db_file)
        # One transaction for the rows, the attachments, the guards and search index, and the audit
        # row: a failure anywhere puts nothing in (PostgreSQL's DDL is transactional too).
        try:
            with database.atomic():
                dbfiles.import_from_sqlite(staged.db_file, database.obj)
                _files_to_blobs(staged, result)
                ensure_schema(database.obj)
                _record(actor, result)
        except (DatabaseError, OSError) as exc:     # anything else is a bug: the error dialog shows it
            raise BackupFailed(f"恢复没有完成，服务器上的数据未作任何改动（{_why(exc)}）；"
                               f"恢复前的导出在“{result.safety_backup}”") from None
    return result
