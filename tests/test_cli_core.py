"""`demo` and `check` as a clerk's IT helper would run them."""
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True)


def _cases(folder: Path) -> list[tuple]:
    con = sqlite3.connect(folder / "cases.sqlite3")
    try:
        return con.execute(
            "SELECT c.number, p.name, b.name, c.state, c.outcome, c.amount FROM complaint_case c "
            "JOIN complainant p ON p.id = c.complainant_id JOIN business b ON b.id = c.business_id "
            "ORDER BY c.id").fetchall()
    finally:
        con.close()


def test_demo_is_deterministic_varied_and_passes_check(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    result = run("--data-dir", str(first), "demo", "--cases", "600", "--seed", "5")
    assert result.returncode == 0, result.stderr
    assert "案件 600 件" in result.stdout
    assert run("--data-dir", str(second), "demo", "--cases", "600", "--seed", "5").returncode == 0
    rows = _cases(first)
    assert rows == _cases(second) and len(rows) == 600
    assert {r[3] for r in rows} >= {"registered", "accepted", "mediating", "agreed", "closed"}
    assert {r[4] for r in rows} >= {"mediated", "settled", "terminated", "withdrawn", "rejected", "transferred"}
    check = run("--data-dir", str(first), "check")
    assert check.returncode == 0, check.stderr
    assert "检查通过：600 件案件" in check.stdout


def test_check_fails_on_a_broken_case(tmp_path):
    assert run("--data-dir", str(tmp_path), "demo", "--cases", "50").returncode == 0
    con = sqlite3.connect(tmp_path / "cases.sqlite3")
    number = con.execute("SELECT number FROM complaint_case WHERE state='closed' LIMIT 1").fetchone()[0]
    con.execute("UPDATE complaint_case SET outcome = NULL WHERE number = ?", (number,))
    con.commit()
    con.close()
    result = run("--data-dir", str(tmp_path), "check")
    assert result.returncode == 1
    assert f"{number}：已办结的案件须有处理结果" in result.stderr


def test_bad_arguments_exit_non_zero_with_one_line(tmp_path):
    result = run("--data-dir", str(tmp_path), "demo", "--cases", "0")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["错误：--cases 应在 1 到 2,000,000 之间"]
