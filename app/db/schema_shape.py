"""Is an SQLite file's schema exactly the one this program creates? A backup's database could
carry triggers, views, virtual tables, extra indexes or constraints of its own: code that runs
on every later write (abort the audit row, loop forever, delete attachments on a case's update).
Restore compares the file's sqlite_master with a database made by `create_schema` (the program's
own definition, app/db/migrate.py) and refuses anything extra or different.

A database created by an older program and migrated since holds the same objects with the same
SQL, except that a column added by a migration stands last in its table's CREATE statement and
carries the DEFAULT the migration gave it (measured on tests/db/fixtures/schema_v1.sqlite3: 5
of 91 objects differ, only so). Tables are therefore compared as sets of column and constraint
definitions, a literal DEFAULT aside; everything else by its exact SQL.
"""
from __future__ import annotations

import re
import sqlite3
import tempfile
from functools import lru_cache
from pathlib import Path

from app.db.guards import OLD_SQLITE_SQL

Shape = dict[tuple[str, str], tuple[str, object]]       # (type, name) -> (table, normalised SQL)

_LITERAL_DEFAULT = re.compile(r"\s+DEFAULT\s+('(?:[^']|'')*'|-?\d+(?:\.\d+)?|TRUE|FALSE|NULL)$", re.IGNORECASE)
_TABLE_BODY = re.compile(r'CREATE TABLE\s+("[^"]+"|\w+)\s*\((.*)\)\s*$', re.DOTALL | re.IGNORECASE)


def _top_level_items(body: str) -> list[str]:
    """The comma-separated items of a CREATE TABLE's parentheses (commas inside brackets or
    quotes do not separate)."""
    items, depth, quote, start = [], 0, None, 0
    for i, char in enumerate(body):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"`[":
            quote = "]" if char == "[" else char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(body[start:i])
            start = i + 1
    items.append(body[start:])
    return [" ".join(item.split()) for item in items]


def _normalised(kind: str, sql: str | None) -> object:
    if kind != "table" or sql is None:
        return sql
    match = _TABLE_BODY.match(sql)
    if match is None:               # a virtual table's or another form: compared as it is
        return sql
    return (match.group(1), frozenset(_LITERAL_DEFAULT.sub("", item) for item in _top_level_items(match.group(2))))


def shape_of(con: sqlite3.Connection) -> Shape:
    rows = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {(kind, name): (table, _normalised(kind, sql)) for kind, name, table, sql in rows}


@lru_cache(maxsize=1)
def program_shape() -> Shape:
    """The schema this program gives a new database (built once, in a scratch file)."""
    from app.db.connection import sqlite_database
    from app.db.migrate import create_schema

    with tempfile.TemporaryDirectory(prefix="xiehui-schema-") as scratch:
        db = sqlite_database(Path(scratch) / "shape.sqlite3")
        try:
            db.connect()
            create_schema(db)
            return shape_of(db.connection())
        finally:
            db.close()


def shape_problem(con: sqlite3.Connection, executable_only: bool = False) -> str | None:
    """None when the file has nothing the program's schema lacks; else the first thing extra or different.
    `executable_only`: compare only triggers, views and virtual tables (a database of an older
    schema, before its migrations run: what it has must not run code during them)."""
    have, want = shape_of(con), program_shape()
    for key in sorted(have):
        kind, name = key
        if executable_only and not _executable(kind, have[key][1]):
            continue
        if key not in want:
            if executable_only and kind == "trigger" and have[key][1] == OLD_SQLITE_SQL.get(name):
                continue        # schema ≤ 3's guards, exactly as it made them: migration 5 drops them
            return f"多出{_KIND.get(kind, kind)} {name}"
        if have[key] != want[key]:
            return f"{_KIND.get(kind, kind)} {name} 的定义与本程序的不同"
    # Something missing is not refused here: tables and columns are checked by
    # app/db/backup.py schema_problem, the guards and the search index are rebuilt on opening
    # (a server export carries no search index), a missing index by rebuild_missing_indexes.
    return None


def rebuild_missing_indexes(con: sqlite3.Connection) -> list[str]:
    """Create the program's indexes the file lacks, by the program's own SQL; their names.
    A backup without them holds the same data, but every list and count would scan the whole
    table, and a missing UNIQUE index (case numbers) would let a duplicate in unnoticed. A
    UNIQUE index that the data breaks raises sqlite3.IntegrityError: such a file is refused."""
    have, want = shape_of(con), program_shape()
    tables = {name for kind, name in have if kind == "table"}
    made = []
    for (kind, name), (table, sql) in sorted(want.items()):
        if kind == "index" and sql is not None and (kind, name) not in have and table in tables:
            con.execute(sql)
            made.append(name)
    return made


def _executable(kind: str, sql) -> bool:
    return kind in ("trigger", "view") or (isinstance(sql, str) and "VIRTUAL" in sql.upper())


_KIND = {"table": "数据表", "index": "索引", "trigger": "触发器", "view": "视图"}
