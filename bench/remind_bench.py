"""Time `remind` as a workflow runs it (a fresh process) against the local fake GitHub API.

    .venv/bin/python bench/remind_bench.py [FILES] [DUE]

Writes FILES opportunities (DUE of them overdue) to a temporary project, then
times a first run (opens DUE issues), a rerun (changes nothing) and a dry run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the fake GitHub API of the tests

from github.fake_github import FakeGitHub


def main(files: int = 5000, due: int = 500) -> None:
    root = Path(tempfile.mkdtemp()) / "repo"
    (root / "pipeline").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: b\nplugins:\n  - follow-through:\n      site_url: https://o.github.io/j/\n")
    for i in range(files):
        date = "2026-11-10" if i < due else "2026-11-24"
        (root / "pipeline" / f"o{i:05}.yml").write_text(
            f"company: Co {i}\nrole: Dev\ncontacts:\n  - name: P {i}\nideas: [An idea {i}]\n"
            f"log:\n  - {{date: {date}, type: applied, with: P {i}}}\n"
        )
    github = FakeGitHub().start()
    env = {**os.environ, **github.env()}

    def run(*extra):
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "generator", "remind", "--repo", github.repo, "--today", "2026-11-25", *extra],
            cwd=root, env=env, capture_output=True, text=True, check=False,
        )
        assert result.returncode == 0, result.stderr
        return time.perf_counter() - started

    first = run()
    before = len(github.requests)
    again = run()
    requests = len(github.requests) - before
    dry = run("--dry-run")
    github.stop()
    plural = "s" if requests != 1 else ""
    print(f"{files} files, {due} due: first run {first:.2f} s, rerun {again:.2f} s ({requests} request{plural}), "
          f"dry run {dry:.2f} s")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
