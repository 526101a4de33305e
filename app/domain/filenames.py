"""File names that are safe on every platform (issue 14): an attachment's name comes from whoever
made the file, and is used again when the attachment is opened or printed from a temp folder."""
from __future__ import annotations

import re

from app.domain.validators import INVISIBLE

_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.IGNORECASE)
MAX_NAME = 150
# Linux allows 255 bytes in a name (UTF-8: 85 ideographs), Windows 255 UTF-16 units; an opened
# attachment's copy is named "<id>-<name>": 200 bytes leave room for the id
MAX_NAME_BYTES = 200


def safe_filename(name: str | None, fallback: str = "附件") -> str:
    """The last path part of `name` (either slash counts: `..\\..\\evil.pdf` is `evil.pdf`), with
    characters Windows or Linux refuse replaced, no trailing dots or spaces, no device names, at
    most MAX_NAME characters and MAX_NAME_BYTES bytes of UTF-8 with the extension kept."""
    text = INVISIBLE.sub("", name or "")
    text = re.split(r"[\\/]", text)[-1]
    text = _FORBIDDEN.sub("_", text).strip().rstrip(". ")
    if not text or set(text) <= {"."}:
        text = fallback
    if _RESERVED.match(text):
        text = "_" + text
    if len(text) > MAX_NAME or len(text.encode("utf-8")) > MAX_NAME_BYTES:
        stem, dot, suffix = text.rpartition(".")
        keep = f".{suffix}" if dot and len(suffix) <= 10 else ""
        text = text[:MAX_NAME - len(keep)]
        while len((text + keep).encode("utf-8")) > MAX_NAME_BYTES:
            text = text[:-1]
        text = text.rstrip(". ") + keep
    return text
