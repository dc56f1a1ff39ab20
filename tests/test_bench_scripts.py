"""Every benchmark script in bench/ runs, at a tiny size, and prints its figures: none can rot unnoticed.

The figures themselves are not checked (speed targets are met by running the scripts, guide/performance.md):
only that each script runs as documented, to the end, and prints the rows it is for.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
SECONDS = r"\d+\.\d+ ?s\b"

# script -> (tiny arguments, what its output must hold: patterns)
TINY = {
    "run.py": (["20"], [rf"^\s+20\s+{SECONDS}\s+{SECONDS}\s+{SECONDS}$", r"startup \(--help\): " + SECONDS]),
    "catch_up_bench.py": (["20", "5", "1"], [rf"dry run\s+best {SECONDS}", rf"catch-up\s+best {SECONDS}"]),
    "import_bench.py": (["20", "1"], [rf"^\s+import\s+best {SECONDS}", rf"second import\s+best {SECONDS}"]),
    "remind_bench.py": (["20", "5"], [rf"20 files, 5 due: first run {SECONDS}, rerun {SECONDS}"]),
    "draft_bench.py": (["--runs", "1", "--site", "3"], [r"render_pages, every page: " + SECONDS,
                                                         r"slowest median: " + SECONDS]),
    "site_bench.py": (["--runs", "1", "3"], [rf"^\s+3\s+{SECONDS}\s+{SECONDS}\s+\d+\.\d+x\s+\d+\.\d KB"]),
    "site_bench.py --encrypt": (["--encrypt", "--runs", "1", "3"], [
        rf"^\s+3\s+{SECONDS}\s+{SECONDS}\s+\d+\.\d+x\s+\d+\.\d+x\s+\d+ms\s+\d+ms\s+-?\d+ /\s+-?\d+ms$",
        r"key read -?\d+, decrypted -?\d+, inserted -?\d+, shown -?\d+", r"padding: \d+\.\d MB of"]),
    "zensical_bench.py": (["--runs", "1", "3"], [rf"^\s+3\s+{SECONDS}\s+{SECONDS}\s+\d+\.\d+x"]),
    "zensical_bench.py --encrypt": (["--runs", "1", "--encrypt", "3"], [r"sealed dashboard",
                                                                       rf"^\s+3\s+{SECONDS}\s+{SECONDS}"]),
    "serve_bench.py": (["--edits", "1", "3"], [rf"^\s+3\s+{SECONDS} \(\d+\.\d+-\d+\.\d+\)\s+{SECONDS}"]),
    "mail_bench.py": (["50", "5"], [rf"mail --dry-run over an mbox of 50 messages .*: {SECONDS} wall",
                                    rf"mail over IMAP, nothing new \(50 messages in INBOX\), best of 3: {SECONDS}"]),
}


def test_every_script_in_bench_is_run_here():
    scripts = {p.name for p in BENCH.glob("*.py")}
    assert scripts == {name.split()[0] for name in TINY}


@pytest.mark.parametrize("name", sorted(TINY))
def test_the_script_runs_at_a_tiny_size_and_prints_its_figures(name):
    args, patterns = TINY[name]
    env = {k: v for k, v in os.environ.items() if k != "FOLLOW_THROUGH_PASSPHRASE"}
    done = subprocess.run([sys.executable, str(BENCH / name.split()[0]), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert "Traceback" not in done.stderr
    missing = [p for p in patterns if not re.search(p, done.stdout, re.M)]
    assert not missing, f"{missing} not in:\n{done.stdout}"
