"""The precedents panel's query (issue 13, part 4) at 10,000 and 100,000 demo cases: the closed
cases most like an open one (bm25 over the search index plus the same business, category and
nature), for several open cases, beside the plain case-list query (first page of ids) of the same
run. Budget: under 100 ms.

Usage: .venv/bin/python bench/bench_precedents.py
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BenchResult, bench_sizes, demo_data_dir, timed

BUDGET_MS = 100.0
PROBES = 9


def _one_size(cases: int) -> list[BenchResult]:
    from app.db.bootstrap import open_database
    from app.db.models import Case
    from app.services.precedents import find_precedents
    from app.services.queries import CaseFilter, case_ids

    opened = open_database(demo_data_dir(cases))
    open_cases = [i for (i,) in Case.select(Case.id).where(Case.state != "closed").order_by(Case.id)
                  .limit(PROBES).tuples()]
    samples = []
    for case_id in open_cases:
        find_precedents(case_id)                    # warm, as the second look at a tab is
        started = time.perf_counter()
        found = find_precedents(case_id)
        samples.append((time.perf_counter() - started) * 1000)
        assert found, f"no precedents for case {case_id}"
    baseline = timed(lambda: case_ids(CaseFilter(), limit=100))
    opened.db.close()
    figure = statistics.median(samples)
    return [BenchResult(f"precedents panel query, median of {len(samples)} ({cases:,} cases)", figure,
                        "case list first page", baseline, "ms", f"< {BUDGET_MS:g} ms", figure < BUDGET_MS,
                        size=cases)]


def run() -> list[BenchResult]:
    results = []
    for cases in bench_sizes():
        results.extend(_one_size(cases))
    return results


if __name__ == "__main__":
    from bench.common import print_table
    print_table(run())
