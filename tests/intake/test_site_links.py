"""The dashboard links back to the repository when mkdocs.yml sets repo_url (item 4)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

TODAY = "2026-11-25"
CONFIG = """\
site_name: Jobs
{repo}theme:
  name: material
  font: false
plugins:
  - follow-through:
      timezone: UTC
"""
NEW_ISSUE = "https://github.com/octo/jobs/issues/new?template=new-opportunity.yml"


def build(project, repo: str):
    project.write("mkdocs.yml", CONFIG.format(repo=repo), dedent=False)
    project.write("docs/README.md", "docs\n")
    project.opportunity("acme/backend", "company: Acme\nrole: Backend\nlog:\n  - {date: 2026-11-20, type: applied}\n")
    project.write("pipeline/globex.yaml", "company: Globex\nrole: SRE\n")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"], check=False, cwd=project.root,
        env={**os.environ, "FOLLOW_THROUGH_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return lambda rel: (project.root / "site" / rel).read_text(encoding="utf-8")


def test_edit_and_new_opportunity_links_with_repo_url(project):
    html = build(project, "repo_url: https://github.com/octo/jobs\nedit_uri: edit/main/docs/\n")
    assert ('<a class="ft-edit" href="https://github.com/octo/jobs/edit/main/pipeline/acme/backend.yml" '
            'rel="noopener">Edit on GitHub</a>') in html("opportunities/acme/backend/index.html")
    assert 'href="https://github.com/octo/jobs/edit/main/pipeline/globex.yaml"' in html(
        "opportunities/globex/index.html"
    )
    for page in ("index.html", "pipeline/index.html"):
        assert f'<a class="md-button" href="{NEW_ISSUE}" rel="noopener">New opportunity</a>' in html(page)


def test_mkdocs_default_edit_uri_is_followed(project):
    html = build(project, "repo_url: https://github.com/octo/jobs/\n")
    assert 'href="https://github.com/octo/jobs/edit/master/pipeline/acme/backend.yml"' in html(
        "opportunities/acme/backend/index.html"
    )


@pytest.mark.parametrize("repo", ["", "repo_url: https://github.com/octo/jobs\nedit_uri: ''\n"])
def test_no_links_without_repo_url_or_edit_uri(project, repo):
    html = build(project, repo)
    assert "ft-edit" not in html("opportunities/acme/backend/index.html")
    if not repo:
        assert "New opportunity" not in html("index.html") and "New opportunity" not in html("pipeline/index.html")


def test_render_command_reads_repo_url_too(project):
    project.write(
        "mkdocs.yml",
        CONFIG.format(repo="repo_url: https://github.com/octo/jobs\nedit_uri: edit/trunk/docs/\n"),
        dedent=False,
    )
    project.opportunity("acme", "company: Acme\nrole: Backend\n")
    result = project.run("render", "out", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    page = next((project.root / "out").rglob("acme*.md")).read_text(encoding="utf-8")
    assert 'href="https://github.com/octo/jobs/edit/trunk/pipeline/acme.yml"' in page
