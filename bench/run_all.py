"""Run every benchmark (bench/bench_*.py, each with `run() -> list[BenchResult]`) and print one table.

Usage: .venv/bin/python bench/run_all.py [name-filter]
"""
from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import print_table


def main() -> int:
    wanted = sys.argv[1] if len(sys.argv) > 1 else ""
    results = []
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        if wanted not in path.stem:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"… {path.stem}", file=sys.stderr)
        results.extend(module.run())
    print_table(results)
    return 0 if all(r.within_budget for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
