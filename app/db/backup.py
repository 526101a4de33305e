"""Copies of the SQLite file taken with SQLite's online backup API (consistent while in use)."""
from __future__ import annotations

import sqlite3
from pathlib import Path


def backup_sqlite_file(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".part")
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(tmp))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    problem = integrity_problem(tmp)
    if problem:
        tmp.unlink(missing_ok=True)
        raise OSError(f"备份文件校验失败：{problem}")
    tmp.replace(target)
    return target


def integrity_problem(path: Path) -> str | None:
    """None when SQLite's integrity check passes, else its first complaint."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        con.close()
    if rows and rows[0][0] == "ok":
        return None
    return "; ".join(str(r[0]) for r in rows[:5]) or "unknown"
