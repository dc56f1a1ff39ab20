"""The README's first day, followed as written (issue 26): its commands remove every sample (the `acme/`
folder too, which `rm pipeline/*.yml` left behind) and leave a pipeline `check` passes, with nothing due."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def _first_day_commands() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    step = text.split("## Your first day", 1)[1].split("\n2. ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", step, re.S)
    assert blocks, "the first step says how to remove the samples, with commands"
    return "\n".join(re.sub(r"^ {3}", "", line) for block in blocks for line in block.splitlines())


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=env).stdout


def test_the_readme_removes_every_sample(tmp_path):
    repo = tmp_path / "jobs"
    shutil.copytree(ROOT / "pipeline", repo / "pipeline")
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "the template")
    assert list((repo / "pipeline").rglob("*.yml")), "the samples are there to begin with"
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["sh", "-e", "-c", _first_day_commands()], cwd=repo, check=True, env=env)
    assert not list((repo / "pipeline").rglob("*.yml")) and not list((repo / "pipeline").rglob("*.yaml"))
    assert _git(repo, "status", "--porcelain") == ""  # committed: a clone starts fresh too
    check = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=repo, capture_output=True, text=True,
                           check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    due = subprocess.run([sys.executable, "-m", "generator", "due"], cwd=repo, capture_output=True, text=True,
                         check=False)
    assert due.returncode == 0 and "Nothing due" in due.stdout


def test_the_first_day_sets_user():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    step = text.split("## Your first day", 1)[1].split("\n2. ", 1)[0]
    assert "user: {name:" in step and "signature:" in step
