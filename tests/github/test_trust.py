"""The comment command checks for itself what the workflow's `if:` checks, and asks GitHub for the
author's permission; the client keeps the token to GitHub's origin and does not retry early."""

from __future__ import annotations

import pytest

from generator.adapters.github.client import Clock, GitHub, GitHubError

from .comment_events import comment, event_for
from .fake_github import FakeGitHub, reset_in
from .samples import ACME, ACME_TITLE


def test_an_outsiders_issue_with_a_forged_marker_changes_nothing(repo, github, issues, tmp_path):
    forged = github.add_issue("Please help", "<!-- follow-through:id=acme/backend -->\nhi", labels=())
    event = event_for(github, forged, "/done")
    event["issue"]["labels"] = []
    event["issue"]["user"] = {"login": "mallory", "type": "User"}
    result = comment(repo, github, event, tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"ignored: #{forged} was not opened by the automation" in result.stdout
    assert (repo.pipeline / "acme/backend.yml").read_text() == ACME
    assert github.requests == []


def test_a_labelled_issue_not_opened_by_the_automation_changes_nothing(repo, github, issues, tmp_path):
    forged = github.add_issue("Follow up", "<!-- follow-through:id=acme/backend -->")
    event = event_for(github, forged, "/done")
    event["issue"]["user"] = {"login": "mallory", "type": "User"}
    result = comment(repo, github, event, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "was not opened by the automation" in result.stdout
    assert (repo.pipeline / "acme/backend.yml").read_text() == ACME


@pytest.mark.parametrize("permission", ["read", "triage", "none"])
def test_a_member_without_write_access_changes_nothing(repo, github, issues, tmp_path, permission):
    github.permissions["octo"] = permission
    number = issues[ACME_TITLE]
    result = comment(repo, github, event_for(github, number, "/done", "MEMBER"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "ignored: octo has no write access to octo/jobs" in result.stdout
    assert (repo.pipeline / "acme/backend.yml").read_text() == ACME
    assert github.writes() == [] and github.comments[number] == []


@pytest.mark.parametrize("permission", ["write", "maintain", "admin"])
def test_collaborators_with_write_access_may(repo, github, issues, tmp_path, permission):
    github.permissions["octo"] = permission
    number = issues[ACME_TITLE]
    result = comment(repo, github, event_for(github, number, "/done", "MEMBER"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert github.issues[number]["state"] == "closed"


def client(github, **kwargs):
    slept: list[float] = []
    return GitHub(github.token, github.url, clock=Clock(sleep=slept.append), **kwargs), slept


def test_a_redirect_to_another_origin_never_carries_the_token(github):
    elsewhere = FakeGitHub(token="other").start()
    try:
        github.inject(302, method="GET", path=r"/issues$",
                      headers={"Location": f"{elsewhere.url}/repos/{elsewhere.repo}/issues"})
        gh, _ = client(github)
        with pytest.raises(GitHubError, match="401"):
            gh.get(f"/repos/{github.repo}/issues")
        [followed] = elsewhere.requests
        assert followed.authorization == ""
    finally:
        elsewhere.stop()


def test_a_redirect_on_the_same_origin_keeps_the_token(github):
    github.inject(
        302, method="GET", path=r"/old/issues$", headers={"Location": f"{github.url}/repos/{github.repo}/issues"}
    )
    gh, _ = client(github)
    assert gh.get(f"/repos/{github.repo}/old/issues") == []


@pytest.mark.parametrize(
    "headers", [{"Retry-After": "3600"}, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset_in(3600)}]
)
def test_a_longer_wait_than_allowed_stops_with_a_clear_message(github, headers):
    gh, slept = client(github, max_wait=60)
    github.inject(429 if "Retry-After" in headers else 403, headers=headers, times=5)
    with pytest.raises(GitHubError, match=r"it asks to wait \d+ s, longer than the 60 s allowed"):
        gh.get(f"/repos/{github.repo}/issues")
    assert slept == []  # no early retry
    assert len(github.requests) == 1
