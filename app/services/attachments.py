"""Evidence attachments (scans, photos, PDFs): content stored once by its SHA-256.

On SQLite the files live in the data folder (`attachments/ab/abcdef…`), which backups include;
in server mode the content goes into the database so that every PC of the office sees it.
"""
from __future__ import annotations

import hashlib
import mimetypes
import shutil
from dataclasses import dataclass
from pathlib import Path

from app.db.connection import is_sqlite
from app.db.models import Attachment, AttachmentBlob, database
from app.domain.filenames import safe_filename
from app.domain.errors import NotFound, ValidationFailed
from app.services import audit
from app.services.case_actions import Applied, perform, step
from app.services.context import Actor

MAX_BYTES = 50 * 1024 * 1024
ALLOWED_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".pdf", ".heic",
                    ".doc", ".docx", ".xls", ".xlsx", ".txt", ".mp3", ".m4a", ".amr", ".wav", ".mp4"}

def attachment_folder() -> Path:
    """`attachments/` beside the SQLite file, i.e. in the data folder."""
    return Path(database.database).parent / "attachments"


def _stored_path(sha256: str) -> Path:
    return attachment_folder() / sha256[:2] / sha256


def _hash_file(path: Path, limit: int | None = None) -> str | None:
    """The content's SHA-256; None when it runs past `limit` bytes (a file whose size said 0 —
    a link to a device or /proc file — can be endless)."""
    digest, seen = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            seen += len(chunk)
            if limit is not None and seen > limit:
                return None
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class AddedAttachment:
    attachment_id: int
    sha256: str
    already_stored: bool


def _store_content(source: Path, sha256: str) -> bool:
    """Put the content where it belongs; True when an identical file was already there."""
    if is_sqlite():
        target = _stored_path(sha256)
        if target.exists():
            return True
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".part")
        shutil.copyfile(source, tmp)
        tmp.replace(target)   # a crash leaves a .part file, never a half-written attachment
        return False
    if AttachmentBlob.select().where(AttachmentBlob.sha256 == sha256).exists():
        return True
    AttachmentBlob.create(sha256=sha256, data=Path(source).read_bytes())
    return False


def add_attachment(actor: Actor, case_id: int, source: Path | str, description: str = "") -> AddedAttachment:
    """A file of the case file (a scan, a photo …), stored once by its content; run by the executor
    (app/services/case_actions.py) as the action "attach"."""
    return perform(actor, case_id, "attach", {"source": source, "description": description}).result


def _readable_file(facts: dict) -> dict:
    source = Path(facts["source"])
    if not source.is_file():
        raise ValidationFailed.single("file", f"找不到文件：{source}")
    size = source.stat().st_size
    if size > MAX_BYTES:
        raise ValidationFailed.single("file", f"文件过大（{size // 1048576} MB），附件最大 {MAX_BYTES // 1048576} MB")
    if source.suffix.lower() not in ALLOWED_SUFFIXES:
        raise ValidationFailed.single("file", f"不支持的文件类型：{source.suffix or '无扩展名'}（可添加图片、PDF、Office 文档、录音）")
    # hashed before the transaction: a large scan must not hold the write lock while it is read
    sha256 = _hash_file(source, limit=MAX_BYTES)
    if sha256 is None:
        raise ValidationFailed.single("file", f"文件“{source.name}”的内容超过 {MAX_BYTES // 1048576} MB"
                                              "（或不是普通文件），不能作为附件")
    return facts | {"source": source, "size": size, "sha256": sha256}


@step("attach", check=_readable_file)
def _attach(actor: Actor, case, facts: dict) -> Applied:
    source, size, sha256 = facts["source"], facts["size"], facts["sha256"]
    mime = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
    existed = _store_content(source, sha256)
    row = Attachment.create(case=case.id, sha256=sha256, filename=safe_filename(source.name), size=size, mime=mime,
                            description=(facts["description"] or "").strip()[:200], added_by=actor.display_name)
    return Applied(summary=f"添加附件 {source.name}", entity="attachment", record_id=row.id,
                   result=AddedAttachment(row.id, sha256, existed),
                   changes=audit.created({"filename": source.name, "size": size, "sha256": sha256}))


def attachment_content_path(attachment_id: int, scratch_dir: Path) -> Path:
    """A readable file with the attachment's content and original name (to open or print it)."""
    row = Attachment.get_or_none(id=attachment_id)
    if row is None:
        raise NotFound("附件不存在")
    if is_sqlite():
        stored = _stored_path(row.sha256)
        if not stored.exists():
            raise NotFound(f"附件文件丢失：{row.filename}（请从备份恢复）")
        data = stored.read_bytes()
    else:
        blob = AttachmentBlob.get_or_none(AttachmentBlob.sha256 == row.sha256)
        if blob is None:
            raise NotFound(f"附件内容丢失：{row.filename}")
        data = bytes(blob.data)
    if hashlib.sha256(data).hexdigest() != row.sha256:
        raise NotFound(f"附件内容已损坏：{row.filename}（请从备份恢复）")
    # the stored name may come from an older version or a restored backup: made safe again here
    target = Path(scratch_dir) / safe_filename(f"{row.id}-{safe_filename(row.filename)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def damaged_attachments() -> list[str]:
    """Attachments whose stored content no longer matches its SHA-256 (for `check`): read in full,
    so `check` catches what opening the file would catch."""
    damaged = []
    for name, sha in Attachment.select(Attachment.filename, Attachment.sha256).distinct().tuples().iterator():
        if is_sqlite():
            stored = _stored_path(sha)
            if stored.exists() and _hash_file(stored) != sha:
                damaged.append(name)
        else:
            blob = AttachmentBlob.get_or_none(AttachmentBlob.sha256 == sha)
            if blob is not None and hashlib.sha256(bytes(blob.data)).hexdigest() != sha:
                damaged.append(name)
    return damaged


def missing_attachments() -> list[str]:
    """Attachments whose stored content is gone (for `check`)."""
    if not is_sqlite():
        stored = {s for (s,) in AttachmentBlob.select(AttachmentBlob.sha256).tuples()}
        return [f for f, s in Attachment.select(Attachment.filename, Attachment.sha256).tuples() if s not in stored]
    return [f for f, s in Attachment.select(Attachment.filename, Attachment.sha256).tuples()
            if not _stored_path(s).exists()]
