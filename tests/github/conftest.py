"""Fixtures: the fake GitHub API, and a project whose mkdocs.yml links the dashboard."""

from __future__ import annotations

import pytest

from . import inprocess
from .fake_github import FakeGitHub
from .samples import TODAY, write_samples

MKDOCS_YML = """\
site_name: Test pipeline
theme:
  name: material
plugins:
  - search
  - follow-through:
      timezone: UTC
      site_url: https://octo.github.io/jobs/
"""


@pytest.fixture
def github():
    fake = FakeGitHub().start()
    yield fake
    fake.stop()
    # Every body our code sent must be one GitHub's REST description accepts.
    assert fake.invalid == [], fake.invalid


@pytest.fixture
def repo(project):
    """The `project` fixture, with site_url set for links in issues."""
    project.write("mkdocs.yml", MKDOCS_YML, dedent=False)
    return project


@pytest.fixture
def issues(repo, github):
    """The samples with their reminder issues opened by `remind`: {title: number}."""
    write_samples(repo)
    result = inprocess.run(repo, "remind", "--repo", github.repo, "--today", TODAY, env=github.env())
    assert result.returncode == 0, result.stderr
    github.requests.clear()
    return {i["title"]: i["number"] for i in github.open_issues()}
