"""Benchmark `check` and `due` on N synthetic opportunities (default 5,000).

Run: `make bench` or `.venv/bin/python bench/run.py [N ...]`. Prints wall-clock
figures for the CLI as a user runs it (a fresh process each time, best of 3).
Target (issue 2): 5,000 files, each command under 2 s on a 2-core machine.
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TYPES = ["applied", "outreach", "follow-up", "thank-you", "value-add", "screen", "interview", "reply", "note"]
STAGES = ["lead", "applied", "screening", "interviewing", "offer"]


def opportunity(i: int, rng: random.Random, today: dt.date) -> str:
    start = today - dt.timedelta(days=rng.randint(0, 120))
    lines = [
        "# yaml-language-server: $schema=../schema/opportunity.schema.json",
        f"company: Company {i}",
        f"role: Engineer {i % 17}",
        f"stage: {rng.choice(STAGES)}",
        f"priority: {rng.choice(['high', 'normal', 'low'])}",
        f"url: https://company{i}.example/jobs/{i}",
        "location: Remote",
        f"added: {start}",
        "tags: [python, backend]",
        "contacts:",
        f"  - name: Person {i}",
        "    role: Recruiter",
        f"    email: person{i}@company{i}.example",
        "ideas:",
        '  - "Latency: a caching sketch"',
        "notes: |",
        "  Some **Markdown** notes about this opportunity.",
        "log:",
    ]
    day = start
    for _ in range(rng.randint(1, 8)):
        day += dt.timedelta(days=rng.randint(1, 9))
        kind = rng.choice(TYPES)
        lines.append(f"  - {{date: {day}, type: {kind}, with: Person {i}, note: Entry about {kind}}}")
    return "\n".join(lines) + "\n"


def make_project(root: Path, n: int, today: dt.date) -> None:
    rng = random.Random(n)
    (root / "pipeline").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(
        "site_name: bench\nplugins:\n  - follow-through:\n      timezone: UTC\n", encoding="utf-8"
    )
    for i in range(n):
        folder = root / "pipeline" / f"group{i % 50}"
        folder.mkdir(exist_ok=True)
        (folder / f"opp{i}.yml").write_text(opportunity(i, rng, today), encoding="utf-8")


def timed(cmd: list[str], cwd: Path, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        best = min(best, time.perf_counter() - start)
    return best


def main(sizes: list[int]) -> None:
    today = dt.date(2026, 11, 25)
    py = [sys.executable, "-m", "generator"]
    print(f"{'files':>7}  {'check':>8}  {'due':>8}  {'due --json':>10}  (best of 3, fresh process each)")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            make_project(root, n, today)
            check = timed(py + ["check", "--today", str(today)], root)
            due = timed(py + ["due", "--today", str(today)], root)
            due_json = timed(py + ["due", "--json", "--today", str(today)], root)
            print(f"{n:>7}  {check:>7.2f}s  {due:>7.2f}s  {due_json:>9.2f}s")
    start = time.perf_counter()
    subprocess.run(py + ["--help"], stdout=subprocess.DEVNULL, check=False)
    print(f"startup (--help): {time.perf_counter() - start:.2f}s")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 5000])
