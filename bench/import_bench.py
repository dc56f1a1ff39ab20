"""Time `import` as a user runs it (a fresh process) on a LinkedIn export of N rows (default 5,000).

    .venv/bin/python bench/import_bench.py [ROWS [RUNS]]

Writes a `Job Applications.csv` of ROWS rows (one in 50 a duplicate) into a
temporary project, then times a dry run, the import (writes every file) and a
second import (creates nothing); RUNS times (default 3), each in a fresh project. Target
(issue 10, again in issue 15 with the merge and the catch-up): 5,000 rows in under 5 s. It prints
wall-clock time and the process's CPU time: on a machine shared with other work the CPU
time says what the import itself costs.
"""

from __future__ import annotations

import datetime as dt
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ("Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,Job Url,Resume Name,"
          "Question And Answers")


def export(rows: int) -> str:
    lines = [HEADER]
    start = dt.datetime(2026, 11, 20, 8, 15)
    for i in range(rows):
        n = i - 1 if i % 50 == 49 else i  # a re-application now and then: skipped
        when = start - dt.timedelta(hours=7 * i)
        stamp = (
            f"{when.month}/{when.day}/{when:%y}, {when.hour % 12 or 12}:{when:%M} {'AM' if when.hour < 12 else 'PM'}"
        )
        lines.append(
            f'"{stamp}",me@example.com,,"Company {n}, Inc.",Engineer {n % 17},'
            f'https://www.linkedin.com/jobs/view/{400000 + n}/,resume.pdf,"Years of Python?: 6"'
        )
    return "\r\n".join(lines) + "\r\n"


def _project(rows: int) -> Path:
    root = Path(tempfile.mkdtemp()) / "repo"
    (root / "pipeline").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: b\nplugins:\n  - follow-through\n")
    (root / "Job Applications.csv").write_bytes(b"\xef\xbb\xbf" + export(rows).encode())
    return root


def _run(root: Path, *extra) -> tuple[float, float, str]:
    """(wall-clock seconds, CPU seconds of the process, its summary line)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "generator", "import", "Job Applications.csv", "--today", "2026-11-25", *extra],
        cwd=root, capture_output=True, text=True, check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0, result.stderr
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = result.stdout.splitlines()
    summary = [line for line in lines if " rows: " in line or line.startswith(("follow-ups:", "gone quiet:"))]
    return wall, cpu, " · ".join(summary)


def main(rows: int = 5000, runs: int = 3) -> None:
    """Each run in a fresh project: a dry run, the import, a second import. Best and median of the runs
    (a shared virtual machine's speed varies from one second to the next)."""
    times: dict[str, list[tuple[float, float]]] = {"dry run": [], "import": [], "second import": []}
    for _ in range(runs):
        root = _project(rows)
        for label, extra in (("dry run", ("--dry-run",)), ("import", ()), ("second import", ())):
            wall, cpu, summary = _run(root, *extra)
            times[label].append((wall, cpu))
            if label != "dry run":
                print(f"  {label}: {wall:.2f} s (CPU {cpu:.2f} s): {summary}")
        files = len(list((root / "pipeline").glob("*.yml")))
        assert files == rows - rows // 50, files
    print(f"import of {rows} rows into an empty project, {runs} runs (best / median wall-clock, CPU of the best):")
    for label, measured in times.items():
        measured.sort()
        best, median = measured[0], measured[len(measured) // 2]
        print(f"  {label:14} best {best[0]:.2f} s (CPU {best[1]:.2f} s), median {median[0]:.2f} s")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
