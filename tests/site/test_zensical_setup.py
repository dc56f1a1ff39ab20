"""`make build-zensical` on a fresh clone installs what it needs, as `make serve` does (issue 26: it
stopped with "Zensical is not installed: `make build-zensical` installs it")."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_make_build_zensical_installs_zensical_first():
    # --no-print-directory: under `make test` (a make inside make) make would print "Entering directory" first
    plan = subprocess.run(["make", "-n", "--no-print-directory", "build-zensical"], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    lines = [line.strip() for line in plan.stdout.splitlines() if line.strip()]
    assert lines[0] == "scripts/setup --zensical" and lines[-1].endswith("-m generator build-zensical")


def test_setup_zensical_installs_it_without_the_browser():
    # Quick when the environment is there already (its stamp); on a fresh clone it installs the test lock.
    done = subprocess.run(["scripts/setup", "--zensical"], cwd=ROOT, capture_output=True, text=True, check=False,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    assert "chromium" not in done.stdout.casefold()
    found = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", "import zensical"], check=False)
    assert found.returncode == 0


def test_the_error_says_what_to_run():
    from generator.commands.build_zensical import NOT_INSTALLED

    assert "scripts/setup --zensical" in NOT_INSTALLED and "installs it" not in NOT_INSTALLED.split("`")[0]
