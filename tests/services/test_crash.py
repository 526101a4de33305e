"""kill -9 in the middle of writing: the database still passes `check` and holds every case whose
commit was reported before the kill (SQLite in WAL mode with synchronous=FULL; PostgreSQL)."""
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOOP = ROOT / "tests" / "services" / "register_loop.py"


def _main(*args, timeout=120):
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def _kill_after_commits(where: str, commits: int) -> list[str]:
    """Run the registration loop, kill it with SIGKILL after `commits` reported commits, and return
    every number it reported (including lines still in the pipe)."""
    child = subprocess.Popen([sys.executable, str(LOOP), where, "崩溃", "0"], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    reported = []
    try:
        for line in child.stdout:
            if line.strip() != "ready":
                reported.append(line.strip())
            if len(reported) >= commits:
                os.kill(child.pid, signal.SIGKILL)
                break
        reported += [line.strip() for line in child.stdout if line.strip()]
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL, child.stderr.read()
    return reported


def _numbers(db_file: Path) -> set[str]:
    con = sqlite3.connect(db_file)
    try:
        return {n for (n,) in con.execute("SELECT number FROM complaint_case")}
    finally:
        con.close()


def test_kill_during_single_registrations_on_sqlite(tmp_path):
    data = tmp_path / "data"
    reported = _kill_after_commits(str(data), commits=40)
    assert len(reported) >= 40
    assert (data / "cases.sqlite3-wal").exists()          # killed without a clean close
    check = _main("--data-dir", str(data), "check")
    assert check.returncode == 0, check.stderr
    stored = _numbers(data / "cases.sqlite3")
    assert set(reported) <= stored and len(stored) - len(reported) <= 1   # at most the one in flight


@pytest.mark.postgres
def test_kill_during_single_registrations_on_postgresql(pg_schema_url, tmp_path):
    assert _main("--database", pg_schema_url, "check").returncode == 0          # creates the schema
    reported = _kill_after_commits(pg_schema_url, commits=25)
    check = _main("--database", pg_schema_url, "check")
    assert check.returncode == 0, check.stderr
    import psycopg2
    schema = pg_schema_url.split("schema=")[1]
    con = psycopg2.connect(pg_schema_url.split("?")[0], options=f"-c search_path={schema}")
    try:
        cursor = con.cursor()
        cursor.execute("SELECT number FROM complaint_case")
        stored = {n for (n,) in cursor.fetchall()}
    finally:
        con.close()
    assert set(reported) <= stored and len(stored) - len(reported) <= 1


def test_kill_during_a_large_demo_run_on_sqlite(tmp_path):
    data = tmp_path / "data"
    first = _main("--data-dir", str(data), "demo", "--cases", "300")
    assert first.returncode == 0, first.stderr
    before = _numbers(data / "cases.sqlite3")
    child = subprocess.Popen([sys.executable, "main.py", "--data-dir", str(data), "demo", "--cases", "50000",
                              "--seed", "2"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wal = data / "cases.sqlite3-wal"
    deadline = time.monotonic() + 60
    try:
        # wait until the big transaction is writing pages (the WAL grows past 2 MB), then kill
        while time.monotonic() < deadline and child.poll() is None:
            if wal.exists() and wal.stat().st_size > 2 * 1024 * 1024:
                break
            time.sleep(0.02)
        assert child.poll() is None, "the demo run finished before it could be killed"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
    check = _main("--data-dir", str(data), "check")
    assert check.returncode == 0, check.stderr
    after = _numbers(data / "cases.sqlite3")
    assert before <= after and len(after) in (300, 50300)     # all of the demo or none of it
    assert "检查通过" in check.stdout
