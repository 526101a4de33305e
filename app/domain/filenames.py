"""File names that are safe on every platform (issue 14): an attachment's name comes from whoever
made the file, and is used again when the attachment is opened or printed from a temp folder."""
from __future__ import annotations

import re

from app.domain.validators import INVISIBLE

_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.IGNORECASE)
MAX_NAME = 150


def safe_filename(name: str | None, fallback: str = "附件") -> str:
    """The last path part of `name` (either slash counts: `..\\..\\evil.pdf` is `evil.pdf`), with
    characters Windows or Linux refuse replaced, no trailing dots or spaces, no device names, at
    most MAX_NAME characters with the extension kept."""
    text = INVISIBLE.sub("", name or "")
    text = re.split(r"[\\/]", text)[-1]
    text = _FORBIDDEN.sub("_", text).strip().rstrip(". ")
    if not text or set(text) <= {"."}:
        text = fallback
    if _RESERVED.match(text):
        text = "_" + text
    if len(text) > MAX_NAME:
        stem, dot, suffix = text.rpartition(".")
        keep = f".{suffix}" if dot and len(suffix) <= 10 else ""
        text = text[:MAX_NAME - len(keep)] + keep
    return text
