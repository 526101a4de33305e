"""Backups: one .zip per backup holding a checked copy of the database, the attachments and a
manifest (schema and program version, counts, SHA-256 of every file); verified after writing.

- SQLite (one PC): the database file is copied with SQLite's online backup API, so a backup can be
  taken while the program is in use; attachments are the files under `<data>/attachments`.
- Server mode: the whole PostgreSQL database is exported into an SQLite file of the same schema
  (attachments are rows of its `attachment_blob` table) — restore accepts it in either mode.

Automatic backups (one per day, refreshed on exit, the newest `backup.keep` kept) put attachments in
a shared content-addressed store `附件库/` beside them instead of into every zip, so keeping many
days does not copy years of photos many times. Manual backups and exports are self-contained.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import threading
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app import __version__
from app.db import backup as dbfiles
from app.db.connection import is_sqlite
from app.db.models import AuditLog, database
from app.db.private import private_dir, private_file
from app.services import audit
from app.services.context import Actor, require

FORMAT = "xiehui-backup"
FORMAT_VERSION = 1           # a newer one is refused (its program may have changed what the fields mean)
MANIFEST = "manifest.json"
DB_MEMBER = "cases.sqlite3"
POOL = "附件库"
AUTO_PREFIX = "自动备份-"
CHUNK = 1 << 20
MEMBER_LIMIT = 1 << 40     # a member whose size the manifest does not say (restore bounds it by the free space)
_writing = threading.Lock()   # the daily backup in the background and the one on exit never overlap


class BackupFailed(OSError):
    """A backup could not be written or did not verify; the message says why in Chinese."""


@dataclass
class BackupResult:
    path: Path
    size: int
    manifest: dict
    copies: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: bool = False       # automatic backup: nothing changed since the last one


def stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def default_folder() -> Path:
    """`backups/` in the data folder (SQLite), where the pre-migration copies also go."""
    return Path(database.database).parent / "backups" if is_sqlite() else _server_folder()


def _server_folder() -> Path:
    from app.config import default_data_dir
    return default_data_dir() / "backups"


def attachments_folder() -> Path:
    from app.services.attachments import attachment_folder
    return attachment_folder()


def _hash_copy(read, write, limit: int | None = None, name: str = "") -> tuple[str, int]:
    """(sha256, size) of what `read` gives, each chunk handed to `write`; TooBig past `limit`."""
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: read(CHUNK), b""):
        size += len(chunk)
        if limit is not None and size > limit:
            raise TooBig(f"{name} 解压后超过 {limit:,} 字节")
        digest.update(chunk)
        write(chunk)
    return digest.hexdigest(), size


def file_sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return _hash_copy(handle.read, lambda chunk: None)[0]


def change_marker() -> int:
    """Highest audit id apart from backups themselves: it moves whenever the data changes."""
    return AuditLog.select(AuditLog.id).where(AuditLog.action != "backup").order_by(
        AuditLog.id.desc()).limit(1).scalar() or 0


# ---------------------------------------------------------------- writing
def _snapshot(scratch: Path, source_file: Path | None, progress) -> Path:
    target = scratch / DB_MEMBER
    if source_file is not None:
        dbfiles.backup_sqlite_file(source_file, target)
    elif is_sqlite():
        dbfiles.backup_sqlite_file(Path(database.database), target)
    else:
        dbfiles.export_to_sqlite(database.obj, target,
                                 lambda done, total: progress and progress(done, total, "导出服务器数据库"))
    return target


def _stored_member(name: str) -> zipfile.ZipInfo:
    """Photos and PDFs are compressed already: stored as they are."""
    info = zipfile.ZipInfo(name, date_time=datetime.now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    return info


def _add_attachments(zf: zipfile.ZipFile, hashes: list[str], source_dir: Path, pool: Path | None,
                     manifest: dict, progress) -> None:
    for i, sha in enumerate(hashes):
        if progress and i % 20 == 0:
            progress(i, len(hashes), "复制附件")
        source = source_dir / sha[:2] / sha
        if not source.is_file():
            manifest["missing_attachments"].append(sha)
            continue
        entry = {"sha256": sha, "in": "pool" if pool else "zip"}
        if pool:
            entry["size"], intact = _to_pool(source, pool, sha)
        else:
            with open(source, "rb") as src, zf.open(_stored_member(f"attachments/{sha[:2]}/{sha}"), "w", force_zip64=True) as dst:
                digest, entry["size"] = _hash_copy(src.read, dst.write)
            intact = digest == sha
        if not intact:
            entry["damaged"] = True   # kept as it is; restore prefers an intact copy from elsewhere
        manifest["attachments"].append(entry)


def _to_pool(source: Path, pool: Path, sha: str) -> tuple[int, bool]:
    """Copy into the content-addressed store unless a copy is there already (it was checked
    when it came in). (size, False) when the source's content does not match its name."""
    target = pool / sha[:2] / sha
    size = source.stat().st_size
    if target.is_file() and target.stat().st_size == size:
        return size, True
    private_dir(pool)
    private_dir(target.parent)
    tmp = target.with_suffix(".part")
    with open(source, "rb") as src, open(tmp, "wb") as dst:
        digest, size = _hash_copy(src.read, dst.write)
    if digest != sha:
        tmp.unlink(missing_ok=True)
        return size, False
    tmp.replace(target)
    return size, True


def write_backup(target: Path, kind: str, made_by: str, *, pool: Path | None = None,
                 source_file: Path | None = None, progress=None) -> BackupResult:
    """Write and verify one backup zip at `target`: of the bound database, or of the SQLite file
    `source_file` (whose attachments are beside it) when nothing is bound to it."""
    with _writing:
        return _write_backup(Path(target), kind, made_by, pool, source_file, progress)


def _write_backup(target: Path, kind: str, made_by: str, pool: Path | None, source_file: Path | None,
                  progress) -> BackupResult:
    private_dir(target.parent)
    from_file = source_file is not None or is_sqlite()
    with tempfile.TemporaryDirectory(prefix="xiehui-backup-", dir=target.parent) as scratch:
        snapshot = _snapshot(Path(scratch), source_file, progress)
        manifest = {
            "format": FORMAT, "format_version": FORMAT_VERSION, "kind": kind, "created_at": datetime.now().isoformat(timespec="seconds"),
            "program_version": __version__, "schema_version": dbfiles.file_schema_version(snapshot),
            "source": "sqlite" if from_file else "postgresql", "made_by": made_by,
            "counts": dbfiles.file_counts(snapshot), "last_change": dbfiles.file_change_marker(snapshot),
            "people_with_id": dbfiles.file_people_with_id(snapshot), "audit_head": dbfiles.file_audit_head(snapshot),
            "database_id": dbfiles.file_database_id(snapshot),
            "attachments": [], "missing_attachments": [],
        }
        tmp = target.with_name(target.name + ".part")
        attachments = (Path(source_file).parent / "attachments" if source_file else attachments_folder()) \
            if from_file else None
        try:
            _write_zip(tmp, snapshot, manifest, attachments, pool, progress)
        except BaseException:
            tmp.unlink(missing_ok=True)    # cancelled or failed: no half-written file is left behind
            raise
    problems = verify_backup(tmp, pool)
    if problems:
        tmp.unlink(missing_ok=True)
        raise BackupFailed("备份校验失败：" + "；".join(problems[:3]))
    tmp.replace(target)
    private_file(target)
    warnings = []
    if manifest["missing_attachments"]:
        warnings.append(f"有 {len(manifest['missing_attachments'])} 个附件的文件已丢失，未能备份")
    if any(a.get("damaged") for a in manifest["attachments"]):
        warnings.append("有附件文件已损坏（内容与校验值不符），已按现状备份")
    return BackupResult(target, target.stat().st_size, manifest, warnings=warnings)


def _write_zip(tmp: Path, snapshot: Path, manifest: dict, attachments: Path | None, pool: Path | None,
               progress) -> None:
    # Level 1: the database shrinks to a quarter in a third of the time level 6 takes.
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=1) as zf:
        with open(snapshot, "rb") as src, zf.open(DB_MEMBER, "w", force_zip64=True) as dst:
            sha, size = _hash_copy(src.read, dst.write)
        manifest["database"] = {"name": DB_MEMBER, "sha256": sha, "size": size}
        if attachments is not None:   # single PC: files; a server export has them as rows
            _add_attachments(zf, dbfiles.file_attachment_hashes(snapshot), attachments, pool, manifest, progress)
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))


# ---------------------------------------------------------------- reading and verifying
MANIFEST_LIMIT = 32 << 20     # ours takes ~120 bytes an attachment: 32 MB is ~280,000 attachments
UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


class TooBig(BackupFailed):
    """A member unpacks to more than it may."""


def copy_member(zf: zipfile.ZipFile, name: str, limit: int, write) -> tuple[str, int]:
    """Stream one member into `write` (sha256, size), never more than `limit` bytes whatever
    the zip declares: TooBig beyond; BackupFailed for a member that cannot be read (damaged,
    encrypted, compressed by an unknown method)."""
    try:
        with zf.open(name) as member:
            return _hash_copy(member.read, write, limit, name)
    except UNREADABLE as exc:
        raise BackupFailed(f"{name} 无法读取（{' '.join(str(exc).split())}）") from None


def read_manifest(path: Path) -> dict:
    """The manifest, checked. At most MANIFEST_LIMIT is read (a crafted one padded to a
    gigabyte took 3.1 GB of memory)."""
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as zf:
            chunks: list[bytes] = []
            copy_member(zf, MANIFEST, MANIFEST_LIMIT, chunks.append)
        manifest = json.loads(b"".join(chunks))
    except TooBig:
        raise BackupFailed(f"“{name}”的备份清单超过 {MANIFEST_LIMIT >> 20} MB，不是本程序写的，不能使用；"
                           "请换一个备份文件") from None
    except (BackupFailed, zipfile.BadZipFile, KeyError, ValueError, OSError, RecursionError) as exc:
        reason = "嵌套过深" if isinstance(exc, RecursionError) else " ".join(str(exc).split())
        raise BackupFailed(f"“{name}”不是本程序的备份文件或已损坏（{reason}）") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupFailed(f"“{name}”不是本程序的备份文件")
    version = manifest.get("format_version", FORMAT_VERSION)
    if type(version) is not int or not 1 <= version <= FORMAT_VERSION:
        raise BackupFailed(f"“{name}”的备份格式版本为 {version!r}，本程序只认识版本 {FORMAT_VERSION}；"
                           "请用制作它的新版本程序恢复，或换一个备份文件")
    problem = _manifest_problem(manifest)
    if problem:
        raise BackupFailed(f"“{name}”的备份清单不完整或格式有误（{problem}），不能使用；请换一个备份文件")
    return manifest


def _manifest_problem(manifest: dict) -> str | None:
    """Every entry the reading code relies on, of the right kind (a crafted manifest is refused
    here, not with a KeyError later)."""
    database = manifest.get("database")
    if not isinstance(database, dict) or not _is_sha(database.get("sha256")):
        return "缺少数据库文件的校验值"
    if not _is_size(database.get("size", 0)):
        return "数据库文件的大小格式有误"
    if not isinstance(manifest.get("counts", {}), dict):
        return "记录数格式有误"
    for key in ("attachments", "missing_attachments"):
        if not isinstance(manifest.get(key, []), list):
            return "附件清单格式有误"
    for entry in manifest.get("attachments", []):
        if not (isinstance(entry, dict) and _is_sha(entry.get("sha256")) and entry.get("in") in ("zip", "pool")
                and _is_size(entry.get("size", 0))):
            return "附件清单中有格式不对的条目"
    manifest.setdefault("attachments", [])
    manifest.setdefault("missing_attachments", [])
    manifest.setdefault("counts", {})
    return None


def _is_size(value) -> bool:
    return type(value) is int and value >= 0


def _is_sha(value) -> bool:
    return isinstance(value, str) and dbfiles.SHA256.fullmatch(value) is not None


def pool_beside(path: Path) -> Path:
    return Path(path).parent / POOL


def verify_backup(path: Path, pool: Path | None = None) -> list[str]:
    """Re-read every file of a backup and compare it with the manifest; [] when all is well."""
    problems: list[str] = []
    try:
        manifest = read_manifest(path)
    except BackupFailed as exc:
        return [str(exc)]
    pool = pool or pool_beside(path)
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        wanted = [(DB_MEMBER, manifest["database"]["sha256"], manifest["database"].get("size"))]
        wanted += [(f"attachments/{a['sha256'][:2]}/{a['sha256']}", a["sha256"], a.get("size"))
                   for a in manifest["attachments"] if a["in"] == "zip" and not a.get("damaged")]
        for name, sha, size in wanted:
            if name not in names:
                problems.append(f"缺少 {name}")
                continue
            try:
                found = copy_member(zf, name, MEMBER_LIMIT if size is None else size, lambda chunk: None)
            except TooBig:
                problems.append(f"{name} 解压后比备份清单所记的 {size:,} 字节大")
            except BackupFailed as exc:
                problems.append(str(exc))
            else:
                if found[0] != sha:
                    problems.append(f"{name} 内容与校验值不符")
                elif size is not None and found[1] != size:
                    problems.append(f"{name} 的大小与备份清单不符")
    for entry in manifest["attachments"]:
        if entry["in"] == "pool" and not entry.get("damaged"):
            stored = pool / entry["sha256"][:2] / entry["sha256"]
            if not stored.is_file() or stored.stat().st_size != entry["size"]:
                problems.append(f"附件库中缺少附件 {entry['sha256'][:12]}…")
    return problems


# ---------------------------------------------------------------- what the clerk calls
def backup_now(actor: Actor, target: Path | None = None, progress=None) -> BackupResult:
    """Manual backup (or, in server mode, export of the whole database) into one self-contained
    file; also copied to the second backup folder when one is set."""
    require(actor, "backup")
    kind = "manual" if is_sqlite() else "export"
    name = f"{'手动备份' if kind == 'manual' else '服务器导出'}-{stamp()}.zip"
    result = write_backup(Path(target) if target else default_folder() / name, kind, actor.display_name,
                          progress=progress)
    if target is None:
        _copy_to_second_folder(result, None)
    audit.record(actor, "backup", "backup", None, summary=f"备份数据到 {result.path}：{contents(result.manifest)}",
                 changes=[{"field": "file", "old": None, "new": str(result.path)},
                          {"field": "cases", "old": None, "new": result.manifest["counts"].get("complaint_case", 0)}])
    return result


def contents(manifest: dict) -> str:
    """What a backup gives whoever holds it, for its audit row (docs/rules.md §11)."""
    counts = manifest["counts"]
    with_id = manifest.get("people_with_id", 0)
    return (f"含 {counts.get('complaint_case', 0)} 件案件，{counts.get('complainant', 0)} 名投诉人的完整电话"
            f"（其中 {with_id} 人有完整身份证号），{counts.get('user', 0)} 个用户的密码哈希，"
            f"{counts.get('attachment', 0)} 个附件")


def automatic_backup(folder: Path | None = None, progress=None, keep: int | None = None) -> BackupResult | None:
    """Today's automatic backup (at start-up, daily, on exit): written again only when the data
    changed since; the newest `backup.keep` days are kept. None in server mode, where the server's
    own backups and the administrator's exports take this role."""
    if not is_sqlite():
        return None
    from app.services.settings import get_settings

    settings = get_settings()
    keep = keep or int(settings["backup.keep"])
    folder = Path(folder) if folder else default_folder()
    target = folder / f"{AUTO_PREFIX}{datetime.now():%Y%m%d}.zip"
    if target.is_file():
        try:
            manifest = read_manifest(target)
            if manifest.get("last_change") == change_marker() and not verify_backup(target):
                return BackupResult(target, target.stat().st_size, manifest, skipped=True)
        except BackupFailed:
            pass   # damaged: write it again
    result = write_backup(target, "auto", "自动备份", pool=pool_beside(target), progress=progress)
    prune(folder, keep)
    _copy_to_second_folder(result, keep, settings["backup.second_folder"])
    return result


def _copy_to_second_folder(result: BackupResult, keep: int | None, second: str | None = None) -> None:
    if second is None:
        from app.services.settings import get_settings
        second = get_settings()["backup.second_folder"]
    if not (second or "").strip():
        return
    folder = Path(second.strip())
    if not folder.is_absolute():
        result.warnings.append(f"第二备份位置“{second}”不是完整路径（应如 E:\\消协备份），未能复制")
        return
    try:
        copy = folder / result.path.name
        folder.mkdir(parents=True, exist_ok=True)
        tmp = copy.with_name(copy.name + ".part")
        shutil.copyfile(result.path, tmp)
        for entry in result.manifest["attachments"]:
            if entry["in"] == "pool" and not entry.get("damaged"):
                _to_pool(pool_beside(result.path) / entry["sha256"][:2] / entry["sha256"], pool_beside(copy),
                         entry["sha256"])
        problems = verify_backup(tmp, pool_beside(copy))
        if problems:
            tmp.unlink(missing_ok=True)
            raise BackupFailed("；".join(problems[:2]))
        tmp.replace(copy)
        result.copies.append(copy)
        if keep:
            prune(folder, keep)
    except OSError as exc:
        result.warnings.append(f"第二备份位置“{folder}”不可用，未能复制（{exc}）")


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete automatic backups beyond the newest `keep` (names sort by date)."""
    autos = sorted(Path(folder).glob(f"{AUTO_PREFIX}*.zip"), reverse=True)
    removed = autos[keep:]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


@dataclass
class BackupInfo:
    path: Path
    kind: str
    created_at: str
    schema_version: int | None
    cases: int
    size: int
    problem: str = ""


def list_backups(folder: Path | None = None) -> list[BackupInfo]:
    """Backups in the folder, newest first (for the backup dialog)."""
    folder = Path(folder) if folder else default_folder()
    found = []
    for path in sorted(folder.glob("*.zip"), key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            manifest = read_manifest(path)
            found.append(BackupInfo(path, manifest.get("kind", ""), manifest.get("created_at", ""), manifest.get("schema_version"),
                                    manifest["counts"].get("complaint_case", 0), path.stat().st_size))
        except BackupFailed as exc:
            found.append(BackupInfo(path, "", "", None, 0, path.stat().st_size, str(exc)))
    return found
