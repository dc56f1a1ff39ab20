"""How a command is run day to day: outside the project's environment, and what "today" is."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

OPPORTUNITY = """\
    company: Globex
    role: Data Engineer
    log:
      - {date: 2026-11-03, type: applied}
    """


def test_a_python_without_the_packages_says_how_to_run_the_command_in_one_line(project):
    """The system's python3 lacks ruamel and the rest: `python3 -m generator log` says what to do."""
    project.opportunity("globex", OPPORTUNITY)
    before = (project.pipeline / "globex.yml").read_text(encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    # -S: no site-packages, as a Python that has none of the project's packages installed.
    done = subprocess.run(
        [sys.executable, "-S", "-m", "generator", "log", "globex", "note", "--note", "hi"],
        check=False, cwd=project.root, env=env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "follow-through" in lines[0] and "lacks the project's package" in lines[0]
    assert (project.pipeline / "globex.yml").read_text(encoding="utf-8") == before


def test_follow_through_today_is_today_for_the_commands_too(project):
    project.opportunity("globex", OPPORTUNITY)  # applied on 3 Nov: the first follow-up is due 10 Nov
    pinned = project.run("due", "--json", env={"FOLLOW_THROUGH_TODAY": "2026-11-12"})
    assert pinned.returncode == 0, pinned.stderr
    assert '"days_overdue": 2' in pinned.stdout
    flag_wins = project.run("due", "--json", "--today", "2026-11-10", env={"FOLLOW_THROUGH_TODAY": "2026-11-12"})
    assert '"days_overdue": 0' in flag_wins.stdout


def test_a_follow_through_today_that_is_not_a_date_is_one_line(project):
    done = project.run("due", env={"FOLLOW_THROUGH_TODAY": "tomorrow"})
    assert done.returncode == 2
    assert done.stderr.strip() == "error: FOLLOW_THROUGH_TODAY: 'tomorrow' is not a date (YYYY-MM-DD)"
