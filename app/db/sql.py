"""Small SQL helpers that read the same on SQLite and PostgreSQL."""
from __future__ import annotations

from contextlib import contextmanager

from peewee import fn

from app.db.connection import is_sqlite
from app.db.models import database


def contains(field, term: str):
    """Plain substring test — no LIKE wildcards to escape; works for Chinese text."""
    if is_sqlite():
        return fn.INSTR(field, term) > 0
    return fn.STRPOS(field, term) > 0


AGGREGATION_MEMORY = "64MB"


@contextmanager
def aggregating():
    """Around the statistics of a period: on PostgreSQL one transaction whose GROUP BYs may hash
    in memory (a year at a million cases groups ~450,000 rows; the server's default work_mem of
    4 MB sorts them on disk instead, three times slower). Nothing to do on SQLite."""
    if is_sqlite():
        yield
        return
    with database.atomic():
        database.execute_sql(f"SET LOCAL work_mem = '{AGGREGATION_MEMORY}'")
        yield
