"""Benchmark the two builders of the same dashboard: `mkdocs build` (the plugin) against
`python -m generator build-zensical` (render, then Zensical; issue 20).

Run: `.venv/bin/python bench/zensical_bench.py [--runs R] [--encrypt] [N ...]` (default 250 and 1000).
For each N it writes the synthetic pipeline of bench/site_bench.py into a project like the
repository and times both builds, a fresh process each time, best of R (default 3), the two
taking turns so that a busy machine slows both alike, and the CPU time each used (its
processes and theirs: steadier than the wall clock on a busy machine). `--encrypt` builds the
private dashboard with both (sealing included). It prints the figures side by side and the ratios; the guide's
parity table (guide/zensical.md) quotes them. Figures on a shared machine are noisy: compare
the two columns of one run, not runs of different days.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_bench import ROOT, TODAY, make_project

PASSPHRASE = "bench lantern meadow orbit"
ENCRYPT = "      privacy:\n        encrypt: true\n"
PLAIN = "      privacy:\n        show_email: false\n        show_phone: false\n"


def prepare(root: Path, n: int, encrypt: bool) -> None:
    make_project(root, n)
    if encrypt:
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8").replace(PLAIN, ENCRYPT)
        config.write_text("site_url: https://me.example/jobs/\n" + text, encoding="utf-8")


def timed(command: list[str], root: Path, env: dict) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of the build and every process it started)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[250, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--encrypt", action="store_true", help="build the private dashboard (sealed) with both")
    args = parser.parse_args()
    env = {**os.environ, "FOLLOW_THROUGH_TODAY": TODAY.isoformat(), "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    if args.encrypt:
        env["FOLLOW_THROUGH_PASSPHRASE"] = PASSPHRASE
    print(f"{'sealed' if args.encrypt else 'plain'} dashboard, best of {args.runs}, on {os.cpu_count()} cores")
    print(f"{'N':>6} {'mkdocs build':>14} {'build-zensical':>16} {'ratio':>7}   "
          f"CPU: {'mkdocs':>8} {'zensical':>9} {'ratio':>6}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="zensical-bench-") as folder:
            root = Path(folder)
            prepare(root, n, args.encrypt)
            mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(root / "site-mkdocs")]
            zensical = [sys.executable, "-m", "generator", "build-zensical", "--site-dir", str(root / "site-zensical")]
            wall = {"mkdocs": float("inf"), "zensical": float("inf")}
            cpu = dict(wall)
            for _ in range(args.runs):
                for name, command in (("mkdocs", mkdocs), ("zensical", zensical)):
                    seconds, cpu_seconds = timed(command, root, env)
                    wall[name], cpu[name] = min(wall[name], seconds), min(cpu[name], cpu_seconds)
            print(f"{n:>6} {wall['mkdocs']:>13.2f}s {wall['zensical']:>15.2f}s "
                  f"{wall['zensical'] / wall['mkdocs']:>6.2f}x"
                  f"        {cpu['mkdocs']:>7.2f}s {cpu['zensical']:>8.2f}s {cpu['zensical'] / cpu['mkdocs']:>5.2f}x")


if __name__ == "__main__":
    main()
