"""Shared by the benchmarks: each one measures a figure and a baseline in the same run and
reports the ratio against its budget. Never used by tests (no wall-clock asserts there)."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass
class BenchResult:
    name: str
    figure: float          # what we measured
    baseline_name: str
    baseline: float        # measured in the same run
    unit: str              # "ms", "s", "MB"
    budget: str            # e.g. "≤ 3× baseline" or "< 100 ms"
    within_budget: bool
    size: int | None = None    # cases or rows, for the growth column (the same name at two sizes)

    @property
    def ratio(self) -> float:
        return self.figure / self.baseline if self.baseline else float("inf")


def timed(func, repeat: int = 5) -> float:
    """Median milliseconds of `repeat` calls."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def demo_data_dir(cases: int, seed: int = 7) -> Path:
    """A data folder with `cases` demo cases, made once and reused between runs."""
    target = Path(os.environ.get("BENCH_DATA", "/tmp/xiehui-bench")) / f"demo-{cases}-{seed}"
    marker = target / ".complete"
    if not marker.exists():
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run([PYTHON, str(ROOT / "main.py"), "--data-dir", str(target), "demo", "--cases", str(cases),
                        "--seed", str(seed)], check=True, cwd=ROOT)
        marker.write_text("ok")
    return target


PG_ADMIN_URL = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
PG_DATABASE = "bench_list"       # made beside the server's own, one schema per demo size


def pg_demo_url(cases: int, seed: int = 7) -> str | None:
    """A URL to `cases` demo cases on the PostgreSQL server of BENCH_PG (a schema of the database
    bench_list, made once and reused), or None when no server answers there."""
    try:
        import psycopg2
        admin = psycopg2.connect(PG_ADMIN_URL, connect_timeout=3)
    except Exception as exc:  # noqa: BLE001 - any failure means no server to measure on
        print(f"(PostgreSQL at {PG_ADMIN_URL} unreachable, its figures are left out: {str(exc).strip()})",
              file=sys.stderr)
        return None
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_DATABASE,))
        if cur.fetchone() is None:
            cur.execute(f"CREATE DATABASE {PG_DATABASE}")
    admin.close()
    schema = f"demo_{cases}_{seed}"
    server = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_DATABASE
    con = psycopg2.connect(server)
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS public.bench_demo (schema text PRIMARY KEY)")
        cur.execute("SELECT 1 FROM public.bench_demo WHERE schema = %s", (schema,))
        if cur.fetchone() is None:
            cur.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            cur.execute(f"CREATE SCHEMA {schema}")
            subprocess.run([PYTHON, str(ROOT / "main.py"), "--database", f"{server}?schema={schema}", "demo",
                            "--cases", str(cases), "--seed", str(seed)], check=True, cwd=ROOT)
            # what autovacuum does some time after a bulk load: measure with the planner's statistics
            cur.execute("ANALYZE")
            cur.execute("INSERT INTO public.bench_demo (schema) VALUES (%s)", (schema,))
    con.close()
    return f"{server}?schema={schema}"


def bench_sizes() -> list[int]:
    """The sizes a scaling benchmark runs at: BENCH_SIZES=10000,100000 (the default)."""
    return [int(n) for n in os.environ.get("BENCH_SIZES", "10000,100000").split(",") if n.strip()]


def _growth_key(r: "BenchResult") -> str:
    import re
    return re.sub(r"\([^)]*\)|[\d,]+ (cases|rows|行|件)", "#", r.name)


def growth(results: list["BenchResult"]) -> dict[int, str]:
    """For a result measured at the larger of two sizes: how the figure grew from the smaller."""
    smaller: dict[str, BenchResult] = {}
    out = {}
    for i, r in enumerate(results):
        if r.size is None:
            continue
        key = _growth_key(r)
        first = smaller.get(key)
        if first is not None and first.size < r.size and first.figure:
            out[i] = f"{first.size // 1000}k→{r.size // 1000}k ×{r.figure / first.figure:.1f}"
        else:
            smaller[key] = r
    return out


def _width(text: str) -> int:
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def print_table(results: list[BenchResult]) -> None:
    header = f"{'benchmark':58} {'figure':>12} {'baseline':>34} {'ratio':>7}  budget"
    print(header)
    print("-" * len(header))
    grown = growth(results)
    for i, r in enumerate(results):
        flag = "ok" if r.within_budget else "OVER"
        tail = f"  [{grown[i]}]" if i in grown else ""
        print(f"{_pad(r.name, 58)} {r.figure:>9.1f} {r.unit:2} {_pad(r.baseline_name[:22], 22, True)} {r.baseline:>8.1f} {r.unit:2}"
              f" {r.ratio:>6.2f}×  {r.budget} [{flag}]{tail}")
