"""The one way many rows go into a table fast: SQL built once from the model, peewee's Python-side
defaults filled in for the columns not given, dates adapted by sqlite3 in C.

- `bulk_insert`: many rows at once (demo data, 100,000 rows in seconds); values already in
  database form (fen integers, not Decimal). SQLite: executemany; PostgreSQL: COPY from an
  in-memory buffer, several times faster than multi-row INSERTs (no SQL to parse per row).
- `FastInsert`: one row at a time with the SQL built once, returning the new id; Python values,
  converted by the fields as peewee would.
- `BatchInsert`: the same values gathered with their ids given beforehand (the ledger import
  needs each party's id for its case row), then written in one executemany or COPY.
"""
from __future__ import annotations

import io
from datetime import date, datetime
from functools import lru_cache
from operator import methodcaller

from peewee import BooleanField, CharField, DateField, DateTimeField, Field, ForeignKeyField, IntegerField, TextField

from app.db.connection import is_sqlite
from app.db.models import database


def _register_sqlite_adapters() -> None:
    """Dates as peewee writes them ('YYYY-MM-DD', 'YYYY-MM-DD HH:MM:SS'), adapted in C by sqlite3
    instead of a Python loop over millions of values."""
    import sqlite3
    sqlite3.register_adapter(date, date.isoformat)
    sqlite3.register_adapter(datetime, lambda value: value.isoformat(" "))


def _names(model, columns: list[str]) -> str:
    return ", ".join(f'"{model._meta.fields[c].column_name}"' for c in columns)


def _insert_head(model, columns: list[str]) -> str:
    return f'INSERT INTO "{model._meta.table_name}" ({_names(model, columns)}) VALUES '


def _default(field):
    """peewee keeps defaults in Python, not in the table."""
    return field.default() if callable(field.default) else field.default


def bulk_insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Insert rows (tuples in `columns` order) into the model's table, inside the caller's
    transaction."""
    if not rows:
        return
    columns, rows = _with_defaults(model, list(columns), rows)
    cursor = database.cursor()
    if is_sqlite():
        _register_sqlite_adapters()
        cursor.executemany(_insert_head(model, columns) + "(" + ", ".join("?" for _ in columns) + ")", rows)
    else:
        _copy(cursor, model, columns, rows)


# COPY's text format: a tab between columns, a newline after each row, \N for NULL, and those
# characters (and the backslash) escaped inside a value.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    kind = type(value)
    if kind is str:
        return value.translate(_COPY_ESCAPES)
    if kind is bool:
        return "t" if value else "f"
    if kind is date or kind is datetime:
        return value.isoformat()
    return str(value)


def _copy(cursor, model, columns: list[str], rows: list[tuple]) -> None:
    buffer = io.StringIO()
    buffer.writelines("\t".join(map(_copy_text, row)) + "\n" for row in rows)
    buffer.seek(0)
    cursor.copy_expert(f'COPY "{model._meta.table_name}" ({_names(model, columns)}) FROM STDIN', buffer)


def _with_defaults(model, columns: list[str], rows: list[tuple]):
    extra = [(name, _default(field)) for name, field in model._meta.fields.items()
             if name not in columns and name != "id" and field.default is not None]
    if not extra:
        return columns, rows
    tail = tuple(value for _, value in extra)
    return columns + [name for name, _ in extra], [tuple(row) + tail for row in rows]


class FastInsert:
    """One-row INSERT whose SQL is built once; returns the new id (None for tables keyed otherwise)."""

    def __init__(self, model, returning_id: bool = True):
        self.model = model
        self.fields = [f for name, f in model._meta.fields.items() if name != "id" or not returning_id]
        self.sqlite = is_sqlite()
        # (name, field, the Python type its db_value leaves as it is, or None, default callable?,
        # default, its SQLite form): a 60-column case row converts only what needs it (Decimal to
        # 分), not every text and date
        self.plan = [(f.name, f, plain, callable(f.default), f.default, _SQLITE_FORMS.get(plain) if self.sqlite else None)
                     for f in self.fields for plain in (_unchanged_type(f),)]
        marks = ", ".join("?" if self.sqlite else "%s" for _ in self.fields)
        self.sql = _insert_head(model, [f.name for f in self.fields]) + f"({marks})"
        self.returning_id = returning_id
        if returning_id and not self.sqlite:
            self.sql += ' RETURNING "id"'
        if self.sqlite:
            _register_sqlite_adapters()

    def params(self, values: dict, plan: list | None = None) -> list:
        """The row's parameters in database form: `values` maps field name → Python value (Decimal,
        date …); missing fields take the model's default. `plan`: a part of self.plan."""
        params = []
        append = params.append
        for name, field, plain, made, default, sqlite_form in self.plan if plan is None else plan:
            value = values[name] if name in values else (default() if made else default)
            if value is None:
                append(None)
            elif value.__class__ is plain:
                append(value if sqlite_form is None else sqlite_form(value))
            else:
                append(field.db_value(value))
        return params

    def __call__(self, values: dict) -> int | None:
        cursor = database.execute_sql(self.sql, self.params(values))
        if not self.returning_id:
            return None
        return cursor.lastrowid if self.sqlite else cursor.fetchone()[0]


class BatchInsert(FastInsert):
    """Rows gathered with ids given here, then written in one statement (`flush`): SQLite's
    executemany, PostgreSQL's COPY — a 60-column case row is not one execute each. The ids are the
    ones the database would give: on SQLite the next rowids after the table's highest (the caller
    holds the write lock: call `begin` inside each transaction, before the first `add`); on
    PostgreSQL values drawn from the table's own sequence, a few at a time, never reused (a
    rolled-back batch leaves a gap, as any rolled-back INSERT does)."""

    CHUNK = 64      # PostgreSQL: sequence values drawn at a time

    def __init__(self, model):
        super().__init__(model, returning_id=False)       # the id is one of the columns
        self.table, self.rows, self._free = model._meta.table_name, [], []
        self._next: int | None = None
        assert self.plan[0][0] == "id"      # add() puts the id first, the values after it
        self._after_id = self.plan[1:]

    def begin(self) -> None:
        """A new transaction: nothing gathered, SQLite's next id read again when it is first needed."""
        self.rows, self._next = [], None

    def _new_id(self) -> int:
        if self.sqlite:
            if self._next is None:
                self._next = database.execute_sql(f'SELECT coalesce(max("id"), 0) + 1 FROM "{self.table}"').fetchone()[0]
            self._next += 1
            return self._next - 1
        if not self._free:
            cursor = database.execute_sql(f"SELECT nextval(pg_get_serial_sequence('\"{self.table}\"', 'id')) "
                                          "FROM generate_series(1, %s)", (self.CHUNK,))
            self._free = [n for (n,) in cursor.fetchall()][::-1]
        return self._free.pop()

    def add(self, values: dict) -> int:
        """Gather one row (field name → Python value); returns the id it will have."""
        new_id = self._new_id()
        row = self.params(values, self._after_id)
        row.insert(0, new_id)
        self.rows.append(row)
        return new_id

    def flush(self) -> None:
        """Write the rows gathered so far, inside the caller's transaction."""
        rows, self.rows = self.rows, []
        if not rows:
            return
        if self.sqlite:
            database.cursor().executemany(self.sql, rows)
        else:
            _copy(database.cursor(), self.model, [f.name for f in self.fields], rows)


# What sqlite3 would store for these types (the adapters of _register_sqlite_adapters; a bool is
# bound as its integer), made here: sqlite3 looks an adapter up per value, which costs 3–5 times
# the conversion — a ledger import binds millions of dates, times and flags.
# The same dates and seconds recur from row to row (an import's receipt dates, the rows written
# in one second): their texts are kept, a few thousand at most.
_SQLITE_FORMS = {date: lru_cache(maxsize=4096)(date.isoformat),
                 datetime: lru_cache(maxsize=64)(methodcaller("isoformat", " ")), bool: int}


def _unchanged_type(field):
    """The type whose values this field's db_value returns unchanged (peewee's own text, integer,
    date and truth fields adapt only other types), or None when it always converts."""
    if isinstance(field, ForeignKeyField) and type(field).db_value is ForeignKeyField.db_value:
        return _unchanged_type(field.rel_field)      # an id given as such is the related id's own value
    if type(field).db_value is not Field.db_value:      # MoneyField, BlobField …
        return None
    for kinds, plain in (((CharField, TextField), str), ((DateTimeField,), datetime), ((DateField,), date),
                         ((BooleanField,), bool), ((IntegerField,), int)):
        if isinstance(field, kinds) and type(field).adapt is kinds[0].adapt:
            return plain
    return None


def next_id(model) -> int:
    return (model.select(model.id).order_by(model.id.desc()).limit(1).scalar() or 0) + 1


def sync_id_sequence(model) -> None:
    """After inserting explicit ids on PostgreSQL, move the serial past them — never back.
    setval is outside transactions: a restore that rolls back after it would otherwise leave the
    serial behind the rows it kept (a restore of fewer cases, undone), and every later insert into
    that table would fail on a duplicate id. A gap in the ids costs nothing."""
    if is_sqlite():
        return
    table = model._meta.table_name
    sequence = database.execute_sql(f"SELECT pg_get_serial_sequence('\"{table}\"', 'id')").fetchone()[0]
    database.execute_sql(
        f"SELECT setval('{sequence}', GREATEST(COALESCE((SELECT MAX(id) FROM \"{table}\"), 0) + 1, "
        f"(SELECT last_value + is_called::int FROM {sequence})), false)")
