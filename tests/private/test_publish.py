"""Publishing, through the scripts publish.yml calls: the privacy guard, and the push of the site
to a separate Pages repository (a local bare repository here). Reminder issues link the opaque pages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from privatekit import PASSPHRASE

from generator.adapters.sealed_site import link_namer
from generator.core.settings import settings_from_options
from generator.core.site.urls import dashboard_url
from tests.gitkit import git

PLAIN_YML = "site_name: Mine\nplugins:\n  - follow-through:\n      privacy: {%s}\n"


def _no_event() -> dict:
    return {k: v for k, v in os.environ.items() if k != "GITHUB_EVENT_PATH"}


def guard(tmp_path: Path, privacy: str, site: Path, private: bool | None, command=("generator", "publish")):
    (tmp_path / "mkdocs.yml").write_text(PLAIN_YML % privacy, encoding="utf-8")
    env = _no_event()
    if private is not None:
        event = tmp_path / "event.json"
        event.write_text(json.dumps({"repository": {"full_name": "me/jobs", "private": private}}), encoding="utf-8")
        env["GITHUB_EVENT_PATH"] = str(event)
    return subprocess.run(
        [sys.executable, "-m", *command, "guard", str(site)],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def plain_site(tmp_path) -> Path:
    site = tmp_path / "plain-site"
    site.mkdir()
    (site / "index.html").write_text("<h1>Today</h1><p>Acme Corp</p>", encoding="utf-8")
    return site


def test_guard_refuses_a_plain_site_from_a_private_repository_and_says_how_to_fix(tmp_path, plain_site):
    result = guard(tmp_path, "", plain_site, private=True)
    assert result.returncode == 1
    assert "Refusing to deploy a plain dashboard built from a private repository" in result.stdout
    assert "privacy: encrypt: true" in result.stdout and "FOLLOW_THROUGH_PASSPHRASE" in result.stdout
    assert "allow_plain: true" in result.stdout
    unknown = guard(tmp_path, "", plain_site, private=None)  # no event: assume private
    assert unknown.returncode == 1 and "visibility is unknown" in unknown.stdout


def test_python_m_generator_publish_is_still_the_same_command(tmp_path, plain_site):
    # The old spelling, from before publish was a command of `python -m generator`.
    result = guard(tmp_path, "", plain_site, private=True, command=("generator.adapters.pages_push",))
    assert result.returncode == 1 and "Refusing to deploy a plain dashboard" in result.stdout
    public = guard(tmp_path, "", plain_site, private=False, command=("generator.adapters.pages_push",))
    assert public.returncode == 0 and public.stdout.startswith("::notice::This dashboard is PUBLIC")


def test_push_to_a_remote_that_refuses_exits_1(tmp_path, plain_site):
    (tmp_path / "mkdocs.yml").write_text(PLAIN_YML % "allow_plain: true", encoding="utf-8")
    result = push(plain_site, tmp_path / "no-such-remote.git", cwd=tmp_path)
    assert result.returncode == 1  # the action failed
    assert result.stderr.startswith("error: git push failed") and "Traceback" not in result.stderr


def test_guard_lets_a_public_repository_publish_plain_with_a_notice(tmp_path, plain_site):
    result = guard(tmp_path, "", plain_site, private=False)
    assert result.returncode == 0
    assert result.stdout.startswith("::notice::This dashboard is PUBLIC")


def test_guard_lets_allow_plain_through_with_a_warning(tmp_path, plain_site):
    result = guard(tmp_path, "allow_plain: true", plain_site, private=True)
    assert result.returncode == 0
    assert result.stdout.startswith("::warning::")


def test_guard_passes_an_encrypted_site_and_catches_one_that_is_not(tmp_path, private_site, plain_site):
    assert guard(tmp_path, "encrypt: true", private_site.site, private=True).returncode == 0
    unsealed = guard(tmp_path, "encrypt: true", plain_site, private=True)
    assert unsealed.returncode == 1 and "not encrypted" in unsealed.stdout


def test_guard_checks_every_html_file_and_names_the_first_plain_one(tmp_path, private_site):
    import shutil

    site = tmp_path / "copy"
    shutil.copytree(private_site.site, site)
    (site / "notes" / "b").mkdir(parents=True)
    (site / "notes" / "b" / "index.html").write_text("<html><body>my plain notes</body></html>")
    (site / "notes" / "c.html").write_text("<html><body>more plain notes</body></html>")
    found = guard(tmp_path, "encrypt: true", site, private=True)
    # the file as the folder was given (here an absolute path to "copy"), not a "site/" of its own
    assert found.returncode == 1 and f"({site.as_posix()}/notes/b/index.html has no sealed content)" in found.stdout
    relative = subprocess.run([sys.executable, "-m", "generator", "publish", "guard", "copy"], cwd=tmp_path,
                              capture_output=True, text=True, check=False, timeout=60, env=_no_event())
    assert relative.returncode == 1 and "(copy/notes/b/index.html has no sealed content)" in relative.stdout


def push(site: Path, remote: Path, cwd: Path | None = None):
    """`publish push`; its settings (privacy.allow_plain) from the mkdocs.yml found from ``cwd`` (the repository's
    own, where allow_plain is not set, by default)."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "publish", "push", str(site), "--to", str(remote)],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def files(folder: Path) -> list[str]:
    names = (p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    return sorted(n for n in names if not n.startswith(".git/"))


def test_push_puts_the_site_alone_on_the_pages_branch_of_another_repository(tmp_path, private_site):
    remote = tmp_path / "pages.git"
    git(None, "init", "-q", "--bare", str(remote))
    first = push(private_site.site, remote)
    assert first.returncode == 0, first.stderr
    clone = tmp_path / "clone"
    git(None, "clone", "-q", "--branch", "gh-pages", str(remote), str(clone))
    assert files(clone) == sorted(files(private_site.site) + [".nojekyll"])
    assert (clone / "index.html").read_bytes() == (private_site.site / "index.html").read_bytes()
    # the next day's build replaces it: still one commit, no history of the dashboard
    changed = tmp_path / "next-day"
    subprocess.run(["cp", "-r", str(private_site.site), str(changed)], check=True)
    (changed / "calendar.ics").write_text("BEGIN:VCALENDAR\nEND:VCALENDAR\n", encoding="utf-8")
    assert push(changed, remote).returncode == 0
    assert git(None, "--git-dir", str(remote), "rev-list", "--count", "gh-pages").strip() == "1"
    assert "END:VCALENDAR" in git(None, "--git-dir", str(remote), "show", "gh-pages:calendar.ics")


def test_push_without_a_built_site_is_a_clear_error(tmp_path):
    remote = tmp_path / "pages.git"
    git(None, "init", "-q", "--bare", str(remote))
    result = push(tmp_path / "site", remote)
    assert result.returncode == 2  # a usage error: nothing was done
    assert "no index.html here; build the dashboard first" in result.stderr and "Traceback" not in result.stderr
    assert git(None, "--git-dir", str(remote), "branch").strip() == ""


def test_reminder_issues_link_the_opaque_page(private_site, monkeypatch):
    settings = settings_from_options({"privacy": {"encrypt": True}}, site_url=private_site.url)
    monkeypatch.setenv("FOLLOW_THROUGH_PASSPHRASE", PASSPHRASE)  # the remind workflow's secret
    url = dashboard_url(settings, "initech", link_namer(settings))
    monkeypatch.delenv("FOLLOW_THROUGH_PASSPHRASE")
    assert url.startswith(private_site.url + "p/") and "initech" not in url
    page = private_site.site / url[len(private_site.url) :] / "index.html"
    assert page.is_file()
    # without the passphrase the issue links the dashboard's home, never a plain path
    assert dashboard_url(settings, "initech", link_namer(settings)) == private_site.url


def test_push_refuses_a_site_that_is_not_sealed_unless_allow_plain_says_so(tmp_path, private_site, plain_site):
    """Even when the guard step before it was skipped: the Pages repository is public."""
    remote = tmp_path / "pages.git"
    git(None, "init", "-q", "--bare", str(remote))
    refused = push(plain_site, remote)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert f"refusing to push {plain_site.as_posix()}/index.html: it has no sealed content" in refused.stderr
    assert "allow_plain: true" in refused.stderr
    assert git(None, "--git-dir", str(remote), "branch").strip() == ""  # nothing went
    import shutil

    mixed = tmp_path / "mixed"
    shutil.copytree(private_site.site, mixed)
    (mixed / "notes.html").write_text("<html><body>my plain notes</body></html>", encoding="utf-8")
    half = push(mixed, remote)
    assert half.returncode == 2 and f"refusing to push {mixed.as_posix()}/notes.html" in half.stderr
    (tmp_path / "mkdocs.yml").write_text(PLAIN_YML % "allow_plain: true", encoding="utf-8")
    meant = push(plain_site, remote, cwd=tmp_path)
    assert meant.returncode == 0, meant.stderr
    assert "Acme Corp" in git(None, "--git-dir", str(remote), "show", "gh-pages:index.html")
