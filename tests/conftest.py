"""Shared fixtures: a throwaway project folder and the CLI run as a user runs it."""

from __future__ import annotations

import compileall
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# In CI (CI=true, as .ci/run runs) property tests draw the same examples every run, so a
# landing is judged on the code, not on the luck of the draw; on a developer's machine they
# keep exploring (and hypothesis remembers what failed in .hypothesis/).
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent


# The longest tests run first, so the workers (pytest-xdist) finish together instead of one of them
# working through the browser sweeps alone at the end.
SLOW_FIRST = ("site/test_a11y.py", "site/test_browser.py", "private/test_unlock_browser.py", "site/test_build.py",
              "private/test_sealed_site.py", "github/test_comments.py", "github/test_remind.py", "mail/test_imap.py")


def pytest_collection_modifyitems(config, items):
    def rank(item) -> int:
        module = item.nodeid.split("::")[0]
        return next((i for i, slow in enumerate(SLOW_FIRST) if module.endswith(slow)), len(SLOW_FIRST))

    items.sort(key=rank)  # stable: within a rank, the usual order


def pytest_configure(config):
    """The tests run the CLI and mkdocs as subprocesses hundreds of times. Where PYTHONDONTWRITEBYTECODE
    is set (as on this project's machines), each would compile the package anew (0.2 s a run): compile it
    once, here, in the main process (not again in each xdist worker)."""
    if not hasattr(config, "workerinput"):
        compileall.compile_dir(ROOT / "generator", quiet=1)

MKDOCS_YML = """\
site_name: Test pipeline
theme:
  name: material
  font: false
plugins:
  - search
  - follow-through:
      timezone: UTC
"""


@dataclass
class Project:
    root: Path

    @property
    def pipeline(self) -> Path:
        return self.root / "pipeline"

    def write(self, relpath: str, text: str, dedent: bool = True) -> Path:
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if dedent else text, encoding="utf-8")
        return path

    def opportunity(self, opp_id: str, text: str) -> Path:
        return self.write(f"pipeline/{opp_id}.yml", text)

    def run(self, *args: str, env: dict | None = None, input: str | None = None) -> subprocess.CompletedProcess:
        """`python -m generator ARGS` in this project, the way a user runs it."""
        full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
        return subprocess.run(
            [sys.executable, "-m", "generator", *args],
            check=False, cwd=self.root,
            env=full_env,
            capture_output=True,
            text=True,
            input=input,
            timeout=120,
        )


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """An empty project: mkdocs.yml with the plugin and an empty pipeline/."""
    p = Project(tmp_path / "repo")
    p.write("mkdocs.yml", MKDOCS_YML, dedent=False)
    p.pipeline.mkdir(parents=True)
    return p
