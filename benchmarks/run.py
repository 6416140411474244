"""Run every ``benchmarks/bench_*.py`` and print one table.

Usage: ``python -m benchmarks.run [--runs N] [--only SUBSTRING]``. Each bench module exposes
``cases(runs: int) -> list[Comparison]`` (see benchmarks/harness.py). Numbers are whole-process
medians with a same-run baseline; they are for comparison over time, not timed tests.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.harness import BenchmarkFailed, Comparison, format_table  # noqa: E402


def discover(only: str | None = None) -> list[str]:
    names = sorted(p.stem for p in (ROOT / "benchmarks").glob("bench_*.py"))
    return [n for n in names if not only or only in n]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per command (median reported)")
    parser.add_argument("--only", help="run only bench modules whose name contains this")
    args = parser.parse_args(argv)
    results: list[Comparison] = []
    failed = 0
    for name in discover(args.only):
        module = importlib.import_module(f"benchmarks.{name}")
        try:
            results.extend(module.cases(runs=args.runs))
        except BenchmarkFailed as exc:
            failed += 1
            print(f"FAILED {name}: {exc}", file=sys.stderr)
    print(format_table(results))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
