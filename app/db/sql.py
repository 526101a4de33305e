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


ONE_PASS_CACHE_KIB = 2000


@contextmanager
def reading_once():
    """Around a read that passes over a period's rows once (the 台账 export): on SQLite the
    connection's page cache held to 2 MB meanwhile, then set back. The pages are not read again,
    and the connection's full cache (32 MB, app/db/connection.py) was the largest part of a
    100,000-row export's memory. Nothing to do on PostgreSQL (the server caches)."""
    if not is_sqlite():
        yield
        return
    (before,) = database.execute_sql("PRAGMA cache_size").fetchone()
    database.execute_sql(f"PRAGMA cache_size=-{ONE_PASS_CACHE_KIB}")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA cache_size={int(before)}")
