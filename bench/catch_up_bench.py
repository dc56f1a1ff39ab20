"""Time `catch-up` as a user runs it (a fresh process) on N files of which M are overdue (default 5,000 / 1,000).

    .venv/bin/python bench/catch_up_bench.py [FILES [OVERDUE [RUNS]]]

Each run in a fresh project: a dry run (plans, writes nothing), then catch-up (writes `next:` into
every overdue file). Target (issue 15): 5,000 files with 1,000 overdue in under 3 s. Prints
wall-clock and CPU time; on a shared machine the CPU time says what catch-up itself costs.
"""

from __future__ import annotations

import datetime as dt
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TODAY = dt.date(2026, 11, 25)


def opportunity(i: int, overdue: bool) -> str:
    # Overdue: applied 10 to 20 days ago (the 1st follow-up was due 3 to 13 days ago, not yet gone quiet).
    # The others: applied in the last 6 days, or a lead added today.
    if overdue:
        log = f"log:\n  - {{date: {TODAY - dt.timedelta(days=10 + i % 11)}, type: applied}}\n"
    elif i % 3:
        log = f"log:\n  - {{date: {TODAY - dt.timedelta(days=i % 6)}, type: applied}}\n"
    else:
        log = f"added: {TODAY}\n"
    return (
        "# yaml-language-server: $schema=../schema/opportunity.schema.json\n"
        f"company: Company {i}\nrole: Engineer {i % 17}\nstage: applied\n"
        f"url: https://company{i}.example/jobs/{i}\nsource: LinkedIn\n"
        "# next: 2026-12-01                # your own next follow-up date\n"
        "notes: |\n  Found it on a board.\n" + log
    )


def _project(files: int, overdue: int) -> Path:
    root = Path(tempfile.mkdtemp()) / "repo"
    (root / "pipeline").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: b\nplugins:\n  - follow-through\n")
    step = files // overdue
    for i in range(files):
        (root / "pipeline" / f"company-{i}.yml").write_text(opportunity(i, i % step == 0))
    return root


def _run(root: Path, *extra) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "generator", "catch-up", "--today", TODAY.isoformat(), *extra],
                            cwd=root, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0, result.stderr
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.stdout.splitlines()[0]


def main(files: int = 5000, overdue: int = 1000, runs: int = 3) -> None:
    times: dict[str, list[tuple[float, float]]] = {"dry run": [], "catch-up": []}
    for _ in range(runs):
        root = _project(files, overdue)
        for label, extra in (("dry run", ("--dry-run",)), ("catch-up", ())):
            wall, cpu, first = _run(root, *extra)
            times[label].append((wall, cpu))
            print(f"  {label}: {wall:.2f} s (CPU {cpu:.2f} s): {first}")
        marked = sum("# catch-up" in p.read_text() for p in (root / "pipeline").glob("*.yml"))
        assert marked == overdue, marked
    print(f"catch-up on {files} files, {overdue} overdue, {runs} runs (best / median wall-clock, CPU of the best):")
    for label, measured in times.items():
        measured.sort()
        best, median = measured[0], measured[len(measured) // 2]
        print(f"  {label:9} best {best[0]:.2f} s (CPU {best[1]:.2f} s), median {median[0]:.2f} s")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:4]))
