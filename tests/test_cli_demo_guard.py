"""`demo` never mixes with real work: into a folder with real cases it is refused with the reason
(unless --force), and demo users are not added to a real user list."""
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args, stdin: str | None = None):
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True, input=stdin)


def _one(folder: Path, sql: str):
    con = sqlite3.connect(folder / "cases.sqlite3")
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_demo_is_refused_where_real_cases_are_unless_forced(tmp_path):
    folder = tmp_path / "data"
    assert run("--data-dir", str(folder), "demo", "--cases", "50").returncode == 0
    assert run("--data-dir", str(folder), "demo", "--cases", "50", "--seed", "2").returncode == 0   # demo onto demo
    con = sqlite3.connect(folder / "cases.sqlite3")
    con.execute("UPDATE complaint_case SET source = 'manual' WHERE id = 1")       # one the office registered
    con.commit()
    con.close()
    refused = run("--data-dir", str(folder), "demo", "--cases", "50")
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.startswith("错误：这里已有 1 件真实案件") and "--force" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert _one(folder, "SELECT COUNT(*) FROM complaint_case") == 100                # nothing written
    forced = run("--data-dir", str(folder), "demo", "--cases", "50", "--force")
    assert forced.returncode == 0 and "案件 50 件" in forced.stdout
    assert _one(folder, "SELECT COUNT(*) FROM complaint_case") == 150


def test_demo_users_stay_out_of_a_real_user_list(tmp_path):
    folder = tmp_path / "data"
    added = run("--data-dir", str(folder), "user", "add", "zhouwen", "--name", "周文", "--role", "clerk",
                "--password-stdin", stdin="Start-2026\n")
    assert added.returncode == 0, added.stderr
    assert run("--data-dir", str(folder), "demo", "--cases", "30").returncode == 0
    assert _one(folder, 'SELECT COUNT(*) FROM "user" WHERE username LIKE "tiaojie%"') == 0
    assert _one(folder, "SELECT COUNT(*) FROM complaint_case WHERE mediator_id IS NOT NULL") == 0
    assert run("--data-dir", str(folder), "check").returncode == 0
