"""Small SQL helpers that read the same on SQLite and PostgreSQL."""
from __future__ import annotations

from peewee import fn

from app.db.connection import is_sqlite


def contains(field, term: str):
    """Plain substring test — no LIKE wildcards to escape; works for Chinese text."""
    if is_sqlite():
        return fn.INSTR(field, term) > 0
    return fn.STRPOS(field, term) > 0
