"""What a PDF would make PDFium unpack, measured on its bytes before PDFium sees it.

PDFium inflates a page's content stream whole and keeps an object for every operator in it, with
no limit of its own: one page whose 1.6 MB stream unpacks to 400 MB took 5.3 GB. Every stream's
dictionary stands in the file's own bytes (a stream cannot sit inside an object stream), so every
stream starts after a visible `stream` keyword: each is inflated here, streamed, counting bytes and
keeping none, until the total passes the limit. Filters that could multiply a stream past what is
counted here (LZW, run-length) are reported by name; a real notice uses neither.
"""
from __future__ import annotations

import re
import zlib

_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_NAME = re.compile(rb"/[^\s()<>\[\]{}/%]+")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_UNCOUNTED_FILTERS = {b"LZWDecode", b"LZW", b"RunLengthDecode", b"RL"}
_PIECE = 1 << 16          # compressed bytes fed at a time
_OUT = 1 << 20            # unpacked bytes asked for at a time (held only while counted)


def unpacked_bytes(data: bytes, limit: int) -> int:
    """Bytes the file's Flate streams unpack to in all; counting stops once past `limit`."""
    total = 0
    for match in _STREAM.finditer(data):
        total += _inflated_size(data, match.end(), limit - total)
        if total > limit:
            break
    return total


def _inflated_size(data: bytes, start: int, budget: int) -> int:
    """How much the zlib stream at `start` unpacks to (up to just past `budget`); 0 if none is there.
    A damaged stream counts what came out before the damage, as PDFium keeps that much too."""
    inflater = zlib.decompressobj()
    size, position = 0, start
    pending = b""
    try:
        while size <= budget and not inflater.eof:
            if not pending:
                pending = data[position:position + _PIECE]
                position += len(pending)
                if not pending:
                    break
            size += len(inflater.decompress(pending, _OUT))
            pending = inflater.unconsumed_tail
    except zlib.error:
        pass
    return size


def uncounted_filter(data: bytes) -> str | None:
    """The first LZW or run-length filter the file names (a name may spell letters as #xx)."""
    for match in _NAME.finditer(data):
        name = match.group()[1:]
        if b"#" in name:
            name = _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name)
        if name in _UNCOUNTED_FILTERS:
            return name.decode("latin-1")
    return None
