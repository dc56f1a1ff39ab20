"""git in the tests: the one helper for every test that makes a repository, a clone or a remote."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# A fixed author, and none of the machine's own git settings (hooks, signing, default branch).
ENV = {
    "GIT_AUTHOR_NAME": "Tester", "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "Tester", "GIT_COMMITTER_EMAIL": "t@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path | str | None, *args: str) -> str:
    """`git ARGS` in ``cwd``: its output; a failure fails the test with git's own message."""
    done = subprocess.run(["git", *args], check=False, cwd=cwd, capture_output=True, text=True, timeout=60,
                          env={**os.environ, **ENV})
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def diff_lines(cwd: Path | str) -> tuple[list[str], list[str]]:
    """(added, removed) lines of `git diff`, without the +++/--- headers."""
    out = git(cwd, "diff", "--unified=0")
    added = [line[1:] for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    removed = [line[1:] for line in out.splitlines() if line.startswith("-") and not line.startswith("---")]
    return added, removed
