"""Benchmark drafts and insight: `draft ID` on the samples, and their share of a 1,000-opportunity build.

Run: `.venv/bin/python bench/draft_bench.py [--runs R] [--site N]`.

1. For every sample opportunity it times `python -m generator draft ID --today
   2026-11-25` R times (default 5), a fresh process each time as a user runs it,
   and prints the best and the median per id. Target (issue 11): under 0.3 s.
   `python -c pass` (the interpreter's own start-up) is shown alongside.
2. On N synthetic opportunities (default 1,000; the same generator as
   site_bench.py) it times, in one process, best of R: rendering every page
   (`render_pages`), and the two parts drafts and insight add to it (every due
   follow-up's draft; the What works figures and charts). Target (issue 11):
   together at most 10% of the build; site_bench.py gives the whole build's time.
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
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, result


def site_share(n: int, runs: int) -> None:
    import tempfile

    sys.path.insert(0, str(ROOT / "bench"))
    from site_bench import TODAY as BENCH_TODAY
    from site_bench import make_project

    from generator.adapters.message_templates import drafter_for
    from generator.adapters.opportunity_files import load_pipeline
    from generator.core.settings import Settings
    from generator.core.site.drafts_and_insight import draft_views, insight_view
    from generator.core.site.model import build_site_model
    from generator.core.site.pages import RenderOptions, render_pages
    from generator.core.site.text import Redactor

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_project(root, n)
        settings = Settings(root=root)
        pipeline = load_pipeline(root / "pipeline", BENCH_TODAY)

        def best(work) -> float:
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                work()
                times.append(time.perf_counter() - start)
            return min(times)

        model = build_site_model(pipeline, settings, BENCH_TODAY)
        quiet = {q.opp.id for q in model.quiet}
        options = RenderOptions(drafter=drafter_for(settings, BENCH_TODAY))
        pages = best(lambda: render_pages(pipeline, settings, BENCH_TODAY, options))
        drafts = best(lambda: draft_views(model.due, drafter_for(settings), Redactor(False, False), False))
        figures = best(lambda: insight_view(model.opportunities, BENCH_TODAY, quiet))
    print(f"\n{n:,} opportunities ({len(model.due)} with a due follow-up), best of {runs}, in one process:")
    print(f"  render_pages, every page: {pages:.3f} s")
    print(f"  of which drafts:          {drafts:.3f} s ({100 * drafts / pages:.1f}%)")
    print(f"  of which insight:         {figures:.3f} s ({100 * figures / pages:.1f}%)")
    print("  (the whole mkdocs build takes longer than render_pages: see site_bench.py)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--site", type=int, default=1000, metavar="N", help="opportunities for part 2 (0: skip)")
    args = parser.parse_args()
    ids = sorted(
        p.relative_to(ROOT / "pipeline").with_suffix("").as_posix() for p in (ROOT / "pipeline").rglob("*.yml")
    )
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
    if args.site:
        site_share(args.site, min(args.runs, 3))


if __name__ == "__main__":
    main()
