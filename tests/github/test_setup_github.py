"""`setup-github` as a user runs it (a subprocess) against the stand-in GitHub over real HTTP.

Every request body is checked against GitHub's REST description (the `github` fixture fails the test
on one it would refuse); the secrets the stand-in received are opened with the repository's private
key, as GitHub Actions would open them.
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from .fake_github import FakeGitHub

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_MKDOCS = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")  # the file a user has after cloning
WORDS = {w for w in (ROOT / "generator/adapters/eff_short_wordlist_1.txt").read_text().split() if w != "#"}
ADDRESS = "https://octo.pages.github.example/dashboard/"


@pytest.fixture
def clone(project):
    project.write("mkdocs.yml", SHIPPED_MKDOCS, dedent=False)
    for workflow in (ROOT / ".github" / "workflows").glob("*.yml"):
        project.write(f".github/workflows/{workflow.name}", workflow.read_text(encoding="utf-8"), dedent=False)
    return project


def setup(project, github: FakeGitHub, *args: str, **env: str):
    environ = github.env(FOLLOW_THROUGH_RETRIES="1", **env)
    saved = os.environ.pop("FOLLOW_THROUGH_PASSPHRASE", None)
    try:
        return project.run("setup-github", *args, env=environ)
    finally:
        if saved is not None:
            os.environ["FOLLOW_THROUGH_PASSPHRASE"] = saved


def public_half(private_openssh: str) -> str:
    key = serialization.load_ssh_private_key(private_openssh.encode(), password=None)
    return key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()


def shown_passphrase(stdout: str) -> str:
    match = re.search(r"shown this once.*\n\n    (.+)\n", stdout)
    assert match, stdout
    return match.group(1)


def test_a_fresh_account_on_the_free_plan_is_set_up_in_one_run(clone, github):
    result = setup(clone, github, "--repo", "octo/jobs", "--yes")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Mode: free (octo/jobs -> octo/dashboard)" in result.stdout
    assert "fine-grained: all repositories, with Read and write on Administration" in result.stdout
    site = github.repos["octo/dashboard"]
    assert site.private is False
    assert site.refs["heads/gh-pages"] == site.refs["heads/main"]  # from the first commit
    assert github.repos["octo/dashboard"].pages["source"] == {"branch": "gh-pages", "path": "/"}
    # the passphrase: made of random words, shown once, and that is what the secret holds
    passphrase = shown_passphrase(result.stdout)
    assert len(passphrase.split()) == 7 and set(passphrase.split()) <= WORDS
    assert "password manager" in result.stdout
    assert github.secret_value("octo/jobs", "FOLLOW_THROUGH_PASSPHRASE") == passphrase
    # the deploy key: its private half in the secret, its public half the key with write access on the site
    private = github.secret_value("octo/jobs", "PAGES_DEPLOY_KEY")
    assert private.startswith("-----BEGIN OPENSSH PRIVATE KEY-----")
    [key] = site.keys
    assert key["title"] == "publish" and key["read_only"] is False
    assert key["key"] == public_half(private) and key["key"].startswith("ssh-ed25519 ")
    assert github.repos["octo/jobs"].variables == {"PAGES_REPOSITORY": "octo/dashboard"}
    assert "follow-up" in github.labels
    assert github.pages is None  # the private repository's own Pages are left alone on the free plan
    text = (clone.root / "mkdocs.yml").read_text()
    assert f"site_url: {ADDRESS}\nrepo_url: https://github.example/octo/jobs\n" in text
    assert "        encrypt: true\n" in text
    assert "# The pages are generated from pipeline/ by the follow-through plugin;" in text  # comments kept
    assert github.token not in result.stdout + result.stderr
    assert "push" in result.stdout.split("What is left:")[1]


def test_doctor_checks_the_result_on_github(clone, github):
    before = clone.run("doctor", "--for", "publish", "--repo", "octo/jobs", env=github.env())
    assert before.returncode == 1
    assert "`follow-through setup-github` sets them up" in before.stdout
    assert setup(clone, github, "--repo", "octo/jobs", "--yes").returncode == 0
    report = clone.run("doctor", "--for", "publish", "--repo", "octo/jobs", env=github.env())
    assert report.returncode == 0, report.stdout + report.stderr
    for seen in ("setting privacy.encrypt", "setting site_url", "secret FOLLOW_THROUGH_PASSPHRASE",
                 "variable PAGES_REPOSITORY", "secret PAGES_DEPLOY_KEY", "deploy key of octo/dashboard",
                 "Pages source of octo/dashboard"):
        assert f"ok       {seen}" in report.stdout, report.stdout
    assert "MISSING" not in report.stdout and "check  " not in report.stdout


def test_a_second_run_changes_nothing_and_says_so(clone, github):
    assert setup(clone, github, "--repo", "octo/jobs", "--yes").returncode == 0
    before = (clone.root / "mkdocs.yml").read_bytes()
    github.requests.clear()
    again = setup(clone, github, "--repo", "octo/jobs", "--yes")
    assert again.returncode == 0, again.stderr
    assert "Nothing to change: everything is in place." in again.stdout
    assert github.writes() == []
    assert (clone.root / "mkdocs.yml").read_bytes() == before
    assert "shown this once" not in again.stdout


def test_a_token_lacking_administration_is_named_in_one_line_before_anything_changed(clone, github):
    github.token_lacks = {"administration"}
    before = (clone.root / "mkdocs.yml").read_bytes()
    result = setup(clone, github, "--repo", "octo/jobs", "--yes")
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert "the token lacks `administration: read` on octo/jobs" in line
    assert "Nothing was changed" in line
    assert github.writes() == []
    assert (clone.root / "mkdocs.yml").read_bytes() == before


def test_a_classic_token_without_the_repo_scope_is_refused_before_anything_changed(clone, github):
    github.classic_scopes = "gist, read:org"
    result = setup(clone, github, "--repo", "octo/jobs", "--yes")
    assert result.returncode == 2
    assert "lacks the `repo` scope for octo/jobs (it has: gist, read:org)" in result.stderr
    assert github.writes() == []
    github.classic_scopes = "repo, workflow"
    assert setup(clone, github, "--repo", "octo/jobs", "--yes").returncode == 0


def test_a_server_error_half_way_says_what_was_done_and_a_rerun_finishes(clone, github):
    github.inject(502, "PUT", r"/actions/secrets/PAGES_DEPLOY_KEY$", times=2)  # both tries (retries: 1)
    failed = setup(clone, github, "--repo", "octo/jobs", "--yes")
    assert failed.returncode == 1
    assert "GitHub answered 502" in failed.stderr
    assert "Not done yet:" in failed.stderr and "  - set the secret" not in failed.stderr.split("Not done yet:")[0]
    assert "make a deploy key pair" in failed.stderr.split("Not done yet:")[1]
    assert "done: make the public repository octo/dashboard" in failed.stdout
    again = setup(clone, github, "--repo", "octo/jobs", "--yes")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "= the public repository octo/dashboard" in again.stdout  # kept, not made twice
    assert sum(r.path == "/user/repos" for r in github.requests) == 1
    [key] = github.repos["octo/dashboard"].keys  # the half-registered key is replaced, not left beside
    assert key["key"] == public_half(github.secret_value("octo/jobs", "PAGES_DEPLOY_KEY"))
    assert "encrypt: true" in (clone.root / "mkdocs.yml").read_text()


def test_a_repository_made_though_github_answered_502_is_found_not_made_twice(clone, github):
    github.inject(502, "POST", r"^/user/repos$", applied=True)
    github.inject(502, "POST", r"/keys$", applied=True)
    result = setup(clone, github, "--repo", "octo/jobs", "--yes")
    assert result.returncode == 0, result.stdout + result.stderr
    assert sum(r.path == "/user/repos" for r in github.requests) == 1
    [key] = github.repos["octo/dashboard"].keys
    assert key["key"] == public_half(github.secret_value("octo/jobs", "PAGES_DEPLOY_KEY"))


def test_an_existing_secret_is_kept_and_not_asked_for(clone, github):
    from nacl.public import SealedBox

    data = github.repos["octo/jobs"]
    sealed = SealedBox(data.key_pair.public_key).encrypt(b"my own old passphrase")
    data.secrets["FOLLOW_THROUGH_PASSPHRASE"] = {"encrypted_value": base64.b64encode(sealed).decode(),
                                                 "key_id": data.key_id}
    result = setup(clone, github, "--repo", "octo/jobs", "--yes")
    assert result.returncode == 0, result.stderr
    assert "= the secret FOLLOW_THROUGH_PASSPHRASE of octo/jobs (--replace replaces it)" in result.stdout
    assert "shown this once" not in result.stdout
    assert github.secret_value("octo/jobs", "FOLLOW_THROUGH_PASSPHRASE") == "my own old passphrase"
    assert not any(r.path.endswith("/FOLLOW_THROUGH_PASSPHRASE") and r.method == "PUT" for r in github.requests)


def test_replace_takes_the_passphrase_from_the_environment_and_makes_a_new_key_pair(clone, github):
    assert setup(clone, github, "--repo", "octo/jobs", "--yes").returncode == 0
    [old] = github.repos["octo/dashboard"].keys
    result = setup(clone, github, "--repo", "octo/jobs", "--yes", "--replace",
                   FOLLOW_THROUGH_PASSPHRASE="correct horse battery staple")
    assert result.returncode == 0, result.stderr
    assert github.secret_value("octo/jobs", "FOLLOW_THROUGH_PASSPHRASE") == "correct horse battery staple"
    [new] = github.repos["octo/dashboard"].keys
    assert new["key"] != old["key"]
    assert new["key"] == public_half(github.secret_value("octo/jobs", "PAGES_DEPLOY_KEY"))


def test_a_short_passphrase_from_the_environment_is_refused_before_anything_changed(clone, github):
    result = setup(clone, github, "--repo", "octo/jobs", "--yes", FOLLOW_THROUGH_PASSPHRASE="hunter2")
    assert result.returncode == 2
    assert "FOLLOW_THROUGH_PASSPHRASE is 7 characters long" in result.stderr
    assert github.writes() == []


def test_private_pages_on_a_plan_without_them_points_to_the_free_plan(clone, github):
    result = setup(clone, github, "--repo", "octo/jobs", "--yes", "--mode", "private-pages",
                   FOLLOW_THROUGH_PASSPHRASE="four random words here")
    assert result.returncode == 1
    assert "Your current plan does not support GitHub Pages" in result.stderr
    assert "run it with --mode free" in result.stderr


def test_dry_run_says_what_the_token_needs_and_what_it_would_do_and_changes_nothing(clone, github):
    result = setup(clone, github, "--repo", "octo/jobs", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "classic: the `repo` and `workflow` scopes" in result.stdout
    assert "1. make the public repository octo/dashboard with a first commit" in result.stdout
    assert "Dry run: nothing was changed." in result.stdout
    assert github.writes() == []


def test_without_a_terminal_or_yes_it_asks_nobody_and_changes_nothing(clone, github):
    result = setup(clone, github, "--repo", "octo/jobs")
    assert result.returncode == 2
    assert "run it with --yes" in result.stdout
    assert github.writes() == []


def test_a_public_repository_gets_pages_from_the_workflow_and_no_secret(clone, github):
    github.repos["octo/jobs"].private = False
    result = setup(clone, github, "--repo", "octo/jobs", "--yes")
    assert result.returncode == 0, result.stderr
    assert "Mode: public" in result.stdout
    assert github.pages["build_type"] == "workflow"
    assert github.repos["octo/jobs"].secrets == {}
    text = (clone.root / "mkdocs.yml").read_text()
    assert "site_url: https://octo.pages.github.example/jobs/" in text and "encrypt: true" not in text


def test_a_private_repository_on_a_paid_plan_gets_private_pages(clone, github):
    github.plans["octo"] = "pro"
    github.repos["octo/jobs"].actions = {"enabled": False}
    result = setup(clone, github, "--repo", "octo/jobs", "--yes", FOLLOW_THROUGH_PASSPHRASE="four random words here")
    assert result.returncode == 0, result.stderr
    assert "Mode: private-pages" in result.stdout
    assert github.pages["build_type"] == "workflow"
    assert github.repos["octo/jobs"].actions == {"enabled": True, "allowed_actions": "all"}
    assert github.secret_value("octo/jobs", "FOLLOW_THROUGH_PASSPHRASE") == "four random words here"
    assert "octo/dashboard" not in github.repos


def test_an_organisation_site_repository_and_local_only_actions(clone, github):
    github.orgs.add("acme")
    github.repos["octo/jobs"].actions = {"enabled": True, "allowed_actions": "local_only"}
    result = setup(clone, github, "--repo", "octo/jobs", "--site-repo", "acme/pages", "--mode", "free", "--yes")
    assert result.returncode == 0, result.stderr
    assert any(r.path == "/orgs/acme/repos" and r.body["visibility"] == "public" for r in github.requests)
    assert github.repos["octo/jobs"].variables == {"PAGES_REPOSITORY": "acme/pages"}
    assert github.repos["octo/jobs"].selected_actions["github_owned_allowed"] is True


def test_when_the_plan_cannot_be_seen_it_asks_for_the_mode(clone, github):
    github.plans["octo"] = None
    result = setup(clone, github, "--repo", "octo/jobs", "--yes")
    assert result.returncode == 2
    assert "--mode private-pages" in result.stderr and "--mode free" in result.stderr
    assert github.writes() == []


def test_origin_is_the_default_and_the_projects_own_repository_is_refused_under_yes(clone, github):
    github.add_repo("upstream/follow-through", private=False, is_template=True, admin=False)
    subprocess.run(["git", "init", "-q"], cwd=clone.root, check=True)
    subprocess.run(["git", "remote", "add", "origin", "https://github.com/upstream/follow-through.git"],
                   cwd=clone.root, check=True)
    result = setup(clone, github, "--yes")
    assert result.returncode == 2
    assert "origin is upstream/follow-through, the project's own repository" in result.stderr
    assert "--repo octo/NAME" in result.stderr
    subprocess.run(["git", "remote", "set-url", "origin", "git@github.com:octo/jobs.git"], cwd=clone.root, check=True)
    assert "Mode: free (octo/jobs" in setup(clone, github, "--dry-run").stdout


def test_no_token_is_one_line(clone, github):
    env = github.env()
    env["GITHUB_TOKEN"] = ""
    result = clone.run("setup-github", "--repo", "octo/jobs", "--yes", env={**env, "PATH": "/usr/bin:/bin"})
    assert result.returncode == 2
    assert result.stderr.startswith("error: no token: log in with the GitHub CLI (`gh auth login`), or set")
    assert "Administration, Contents" in result.stderr  # what the token needs, here: --dry-run needs a token too


def test_in_a_terminal_it_asks_before_changing_and_takes_the_passphrase_typed_twice(clone, github):
    """Run in a pseudo-terminal, as a user types: `y`, then the passphrase (not echoed) twice."""
    import pty
    import select
    import sys
    import time

    env = {**os.environ, **github.env(), "NO_COLOR": "1"}
    env.pop("FOLLOW_THROUGH_PASSPHRASE", None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, on the terminal
        os.chdir(clone.root)
        os.execve(sys.executable, [sys.executable, "-m", "generator", "setup-github", "--repo", "octo/jobs"], env)
    seen = b""

    def until(text: bytes) -> None:
        nonlocal seen
        end = time.monotonic() + 60
        while text not in seen and time.monotonic() < end:
            if select.select([fd], [], [], 0.2)[0]:
                try:
                    seen += os.read(fd, 4096)
                except OSError:
                    return

    until(b"Go ahead? [y/N]")
    assert github.writes() == []  # nothing before the answer
    os.write(fd, b"y\n")
    until(b"Passphrase to open the dashboard")
    os.write(fd, b"my own long passphrase\n")
    until(b"The same again")
    os.write(fd, b"my own long passphrase\n")
    until(b"doctor --repo octo/jobs")
    os.waitpid(pid, 0)
    os.close(fd)
    assert b"my own long passphrase" not in seen  # not echoed
    assert f"- its first run pushes the sealed site to octo/dashboard; a minute later {ADDRESS}".encode() in seen
    assert github.secret_value("octo/jobs", "FOLLOW_THROUGH_PASSPHRASE") == "my own long passphrase"
