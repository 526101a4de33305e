"""The audit log as a hash chain: every row carries the SHA-256 of its own content and of the row
before it, so an edited, deleted or inserted row shows — whatever happened to the triggers.

Rows are *sealed* when their transaction commits (`seal_pending`, called by the database's
`commit`): the chain head (`audit_chain`, one row) is locked, this transaction's new rows get the
next chain positions in id order, their hashes are written, the head moves on. Sealing at commit
time keeps the head lock to the last moment of a transaction, so it never waits for another lock
while holding the head (no deadlock with row locks) and concurrent clerks queue only for the
few statements of the seal. On SQLite the write lock of BEGIN IMMEDIATE already serialises this.

Canonical form of a row: the JSON array
`[seq, id, at, user_id, username, action, entity, entity_id, case_id, summary, changes]`
(UTF-8, no spaces, `at` as `YYYY-MM-DD HH:MM:SS`), hashed after the previous row's hash:
`row_hash = sha256(prev_hash + canonical)`. The first row follows `GENESIS`. Database-neutral, so
the chain survives a server export into a backup file and a restore back.
"""
from __future__ import annotations

import hashlib
import json
import threading
from datetime import datetime

from peewee import Database, PostgresqlDatabase

GENESIS = "0" * 64
TABLE, HEAD = "audit_log", "audit_chain"
COLUMNS = ("id", "at", "user_id", "by_name", "action", "entity", "entity_id", "case_id", "summary", "changes")
SEAL_COLUMNS = ("chain_seq", "prev_hash", "row_hash")
_BATCH = 5000
_pending = threading.local()


def pending_ids(db: Database) -> list[int]:
    """Ids of audit rows this thread inserted on `db` since its last commit or rollback."""
    store = getattr(_pending, "ids", None)
    if store is None:
        store = _pending.ids = {}
    return store.setdefault(id(db), [])


def note_inserted(db: Database, row_id: int) -> None:
    pending_ids(db).append(row_id)


def forget_pending(db: Database) -> None:
    pending_ids(db).clear()


def _when(value) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.strftime("%Y-%m-%d %H:%M:%S") if value is not None else None


def row_hash(prev: str, seq: int, row: tuple) -> str:
    row_id, at, *rest = row
    canonical = json.dumps([seq, row_id, _when(at), *rest], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev + canonical).encode("utf-8")).hexdigest()


def _select(db: Database, where: str) -> str:
    names = ", ".join(f'"{c}"' for c in COLUMNS)
    return f'SELECT {names} FROM "{TABLE}" WHERE {where} ORDER BY "id"'


def _head(db: Database, lock: bool) -> tuple[int, str]:
    sql = f'SELECT "seq", "last_hash" FROM "{HEAD}" WHERE "id" = 1'
    if lock and isinstance(db, PostgresqlDatabase):
        sql += " FOR UPDATE"      # concurrent clerks' commits queue here, one seal at a time
    row = db.execute_sql(sql).fetchone()
    if row is None:
        db.execute_sql(f'INSERT INTO "{HEAD}" ("id", "seq", "last_hash") VALUES (1, 0, {db.param})', (GENESIS,))
        return 0, GENESIS
    return int(row[0]), row[1]


def _seal_rows(db: Database, rows: list[tuple], seq: int, prev: str) -> tuple[int, str]:
    p = db.param
    update = f'UPDATE "{TABLE}" SET "chain_seq" = {p}, "prev_hash" = {p}, "row_hash" = {p} WHERE "id" = {p}'
    params = []
    for row in rows:
        seq += 1
        digest = row_hash(prev, seq, row)
        params.append((seq, prev, digest, row[0]))
        prev = digest
    db.cursor().executemany(update, params)
    return seq, prev


def seal_pending(db: Database) -> None:
    """Inside the committing transaction: chain this transaction's new audit rows."""
    ids = pending_ids(db)
    if not ids:
        return
    wanted = sorted(set(ids))
    ids.clear()
    seq, prev = _head(db, lock=True)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ", ".join(db.param for _ in chunk)
        # rows of a rolled-back savepoint are gone; rows sealed already (never, normally) stay as they are
        rows = db.execute_sql(_select(db, f'"id" IN ({marks}) AND "chain_seq" IS NULL'), chunk).fetchall()
        seq, prev = _seal_rows(db, rows, seq, prev)
    db.execute_sql(f'UPDATE "{HEAD}" SET "seq" = {db.param}, "last_hash" = {db.param} WHERE "id" = 1', (seq, prev))


def seal_all_unsealed(db: Database) -> int:
    """Chain every row that has no seal yet, in id order (the migration that introduces the chain,
    on a database of an older program). Returns how many were sealed."""
    seq, prev = _head(db, lock=True)
    sealed = 0
    while True:
        rows = db.execute_sql(_select(db, '"chain_seq" IS NULL') + f" LIMIT {_BATCH}").fetchall()
        if not rows:
            break
        seq, prev = _seal_rows(db, rows, seq, prev)
        sealed += len(rows)
    db.execute_sql(f'UPDATE "{HEAD}" SET "seq" = {db.param}, "last_hash" = {db.param} WHERE "id" = 1', (seq, prev))
    return sealed


class ChainReport:
    """What verify_chain found. A plain class (this module is imported before the first paint, where a
    dataclass would generate and compile its methods at every start)."""
    __slots__ = ("rows", "problem")

    def __init__(self, rows: int = 0, problem: str | None = None):
        self.rows = rows
        self.problem = problem      # the first break, in Chinese, naming the row

    def __repr__(self) -> str:
        return f"ChainReport(rows={self.rows!r}, problem={self.problem!r})"


def _describe(row: tuple) -> str:
    from app.domain.audit_actions import action_label
    return f"编号 {row[0]}，{_when(row[1])}，{row[3]}，{action_label(row[4])}"


def verify_chain(db: Database) -> ChainReport:
    """Walk the chain from the first row; name the first row whose content, position or link does
    not hold, rows outside the chain, and rows missing at the end."""
    report = ChainReport()
    seq, prev = 0, GENESIS
    names = ", ".join(f'"{c}"' for c in COLUMNS + SEAL_COLUMNS)
    cursor = db.execute_sql(f'SELECT {names} FROM "{TABLE}" WHERE "chain_seq" IS NOT NULL ORDER BY "chain_seq"')
    for record in iter(cursor.fetchone, None):
        row, (row_seq, row_prev, stored) = record[:len(COLUMNS)], record[len(COLUMNS):]
        report.rows += 1
        if row_seq != seq + 1:
            report.problem = (f"审计日志第 {seq + 1}–{row_seq - 1} 条缺失（已被删除），缺失处之后的第一条：{_describe(row)}"
                              if row_seq > seq + 1 else f"审计日志第 {row_seq} 条重复出现（{_describe(row)}）")
            return report
        if row_prev != prev or row_hash(prev, row_seq, row) != stored:
            report.problem = f"审计日志第 {row_seq} 条（{_describe(row)}）的内容或顺序被改动，与校验链不符"
            return report
        seq, prev = row_seq, stored
    loose = db.execute_sql(_select(db, '"chain_seq" IS NULL') + " LIMIT 1").fetchone()
    if loose is not None:
        report.problem = f"审计日志中有未经程序写入的记录（{_describe(loose)}），不在校验链中"
        return report
    head = db.execute_sql(f'SELECT "seq", "last_hash" FROM "{HEAD}" WHERE "id" = 1').fetchone()
    head_seq, head_hash = (int(head[0]), head[1]) if head else (0, GENESIS)
    if head_seq != seq or head_hash != prev:
        if head_seq > seq:
            report.problem = f"审计日志末尾的第 {seq + 1}–{head_seq} 条缺失（已被删除）"
        else:
            report.problem = f"审计日志的校验链记录（第 {head_seq} 条）与日志本身（第 {seq} 条）不符，链头被改动"
    return report
