"""Benchmark `draft ID` on the samples: a fresh process each time, as a user runs it.

Run: `.venv/bin/python bench/draft_bench.py [--runs R]`. For every open sample
opportunity it times `python -m generator draft ID --today 2026-11-25` R times
(default 5) and prints the best and the median per id, and the slowest median.
Target (issue 11): under 0.3 s. Alongside, the same for `--help`-free
`python -c pass`, the interpreter's own start-up, to show what is ours.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-25"


def timed(args: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ids = sorted(p.relative_to(ROOT / "pipeline").with_suffix("").as_posix() for p in (ROOT / "pipeline").rglob("*.yml"))
    startup = min(timed([sys.executable, "-c", "pass"])[0] for _ in range(args.runs))
    print(f"{'id':<28} {'best':>7} {'median':>7}  result")
    medians = []
    for opp_id in ids:
        times, code = [], 0
        for _ in range(args.runs):
            took, result = timed([sys.executable, "-m", "generator", "draft", opp_id, "--today", TODAY])
            times.append(took)
            code = result.returncode
        medians.append(statistics.median(times))
        what = "draft" if code == 0 else f"exit {code} (closed or gone quiet)"
        print(f"{opp_id:<28} {min(times):>6.3f}s {medians[-1]:>6.3f}s  {what}", flush=True)
    print(f"slowest median: {max(medians):.3f} s (target < 0.3 s); python start-up alone: {startup:.3f} s")


if __name__ == "__main__":
    main()
