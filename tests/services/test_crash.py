"""kill -9 in the middle of writing: the database still passes `check`, holds every case whose
commit was reported before the kill and nothing of the write that was cut off (SQLite in WAL mode
with synchronous=FULL; PostgreSQL). The child is stopped inside its transaction before it is
killed, so the kill really lands mid-write, and the counts are exact."""
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


def _kill_mid_write(where: str, commits: int) -> list[str]:
    """Run the registration loop; after `commits` reported commits its next registration stops
    inside the transaction and says so; kill it there with SIGKILL. Returns the numbers whose
    commit was reported."""
    child = subprocess.Popen([sys.executable, str(LOOP), where, "崩溃", "0", str(commits)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reported, killed_mid_write = [], False
    try:
        for line in child.stdout:
            line = line.strip()
            if line == "mid-write":
                os.kill(child.pid, signal.SIGKILL)
                killed_mid_write = True
                break
            if line != "ready":
                reported.append(line)
            if len(reported) > commits:
                break                        # it went on committing: it never stopped mid-write
    finally:
        child.kill()
        child.wait(timeout=30)
    assert killed_mid_write, child.stderr.read()
    assert child.returncode == -signal.SIGKILL
    return reported


def _numbers(db_file: Path) -> set[str]:
    con = sqlite3.connect(db_file)
    try:
        return {n for (n,) in con.execute("SELECT number FROM complaint_case")}
    finally:
        con.close()


def test_kill_during_single_registrations_on_sqlite(tmp_path):
    data = tmp_path / "data"
    reported = _kill_mid_write(str(data), commits=40)
    assert len(reported) == 40
    assert (data / "cases.sqlite3-wal").exists()          # killed without a clean close
    check = _main("--data-dir", str(data), "check")
    assert check.returncode == 0, check.stderr
    assert _numbers(data / "cases.sqlite3") == set(reported)   # all 40, not the one cut off


@pytest.mark.postgres
def test_kill_during_single_registrations_on_postgresql(pg_schema_url, tmp_path):
    assert _main("--database", pg_schema_url, "check").returncode == 0          # creates the schema
    reported = _kill_mid_write(pg_schema_url, commits=25)
    assert len(reported) == 25
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
    assert stored == set(reported)


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
    assert child.returncode == -signal.SIGKILL              # killed, not finished
    check = _main("--data-dir", str(data), "check")
    assert check.returncode == 0, check.stderr
    after = _numbers(data / "cases.sqlite3")
    assert after == before and len(after) == 300               # the cut-off run left nothing
    assert "检查通过" in check.stdout
