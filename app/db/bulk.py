"""Fast multi-row inserts for demo data and ledger import (100,000 rows in seconds).

Values must already be in database form (fen integers, not Decimal); dates are adapted here.
"""
from __future__ import annotations

from datetime import date, datetime

from app.db.connection import is_sqlite
from app.db.models import database


def _register_sqlite_adapters() -> None:
    """Dates as peewee writes them ('YYYY-MM-DD', 'YYYY-MM-DD HH:MM:SS'), adapted in C by sqlite3
    instead of a Python loop over millions of values."""
    import sqlite3
    sqlite3.register_adapter(date, date.isoformat)
    sqlite3.register_adapter(datetime, lambda value: value.isoformat(" "))


def bulk_insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Insert rows (tuples in `columns` order) into the model's table, inside the caller's
    transaction."""
    if not rows:
        return
    columns, rows = _with_defaults(model, list(columns), rows)
    table = model._meta.table_name
    names = ", ".join(f'"{model._meta.fields[c].column_name}"' for c in columns)
    cursor = database.cursor()
    if is_sqlite():
        marks = ", ".join("?" for _ in columns)
        _register_sqlite_adapters()
        cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
    else:
        from psycopg2.extras import execute_values
        execute_values(cursor, f'INSERT INTO "{table}" ({names}) VALUES %s', rows, page_size=1000)


def _with_defaults(model, columns: list[str], rows: list[tuple]):
    """peewee's defaults live in Python, not in the table: add them for the columns not given."""
    extra = []
    for name, field in model._meta.fields.items():
        if name in columns or name == "id" or field.default is None:
            continue
        extra.append((name, field.default() if callable(field.default) else field.default))
    if not extra:
        return columns, rows
    tail = tuple(value for _, value in extra)
    return columns + [name for name, _ in extra], [tuple(row) + tail for row in rows]


def next_id(model) -> int:
    return (model.select(model.id).order_by(model.id.desc()).limit(1).scalar() or 0) + 1


def sync_id_sequence(model) -> None:
    """After inserting explicit ids on PostgreSQL, move the serial past them."""
    if is_sqlite():
        return
    table = model._meta.table_name
    database.execute_sql(
        f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
        f"COALESCE((SELECT MAX(id) FROM \"{table}\"), 0) + 1, false)")
