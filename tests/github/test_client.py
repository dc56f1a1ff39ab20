"""The REST client in-process against the fake API: how long it waits, and when it gives up."""

from __future__ import annotations

import re
import time

import pytest

from generator.adapters.github.client import Clock, GitHub, GitHubError, ServerError, _next_link

from .fake_github import reset_in


def client(github, **kwargs) -> tuple[GitHub, list[float]]:
    slept: list[float] = []
    kwargs.setdefault("max_wait", 120)
    return GitHub(github.token, github.url, clock=Clock(sleep=slept.append), **kwargs), slept


def test_retry_after_is_honoured(github):
    gh, slept = client(github)
    github.inject(429, headers={"Retry-After": "7"})
    assert gh.get(f"/repos/{github.repo}/issues") == []
    assert slept == [7.0]


def test_rate_limit_reset_is_honoured(github):
    gh, slept = client(github)
    github.inject(403, headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset_in(30)},
                  body={"message": "API rate limit exceeded"})
    assert gh.get(f"/repos/{github.repo}/issues") == []
    assert len(slept) == 1 and 28 <= slept[0] <= 32


def test_each_backoff_is_capped(github):
    gh, slept = client(github, max_wait=1.5)
    github.inject(502, times=3)
    gh.get(f"/repos/{github.repo}/issues")
    assert slept == [1.0, 1.5, 1.5]


def test_server_errors_back_off_then_give_up(github):
    gh, slept = client(github, retries=3)
    github.inject(502, times=10)
    with pytest.raises(ServerError, match="GitHub answered 502 to GET /api/v3/repos/octo/jobs/issues 4 times"):
        gh.get(f"/repos/{github.repo}/issues")
    assert slept == [1.0, 2.0, 4.0]


def test_rate_limit_gives_up_after_the_retries(github):
    gh, slept = client(github, retries=2)
    github.inject(429, headers={"Retry-After": "1"}, times=10)
    with pytest.raises(GitHubError, match="still limited after 3 tries"):
        gh.get(f"/repos/{github.repo}/issues")
    assert slept == [1.0, 1.0]


def test_a_plain_403_is_not_retried(github):
    gh, slept = client(github)
    github.inject(403, body={"message": "Resource not accessible by integration"})
    with pytest.raises(GitHubError, match="the token lacks the `issues: read` permission"):
        gh.get(f"/repos/{github.repo}/issues")
    assert slept == []


def test_pagination_follows_link_next(github):
    for n in range(250):
        github.add_issue(f"issue {n}")
    gh, _ = client(github)
    numbers = [i["number"] for i in gh.paginate(f"/repos/{github.repo}/issues", {"labels": "follow-up"})]
    assert numbers == list(range(250, 0, -1))
    pages = [r.query.get("page") for r in github.requests]
    assert pages == [None, "2", "3"]


def test_the_token_is_never_sent_to_another_host(github):
    gh, _ = client(github)
    with pytest.raises(GitHubError, match="another host"):
        gh.get("http://example.invalid/repos/x/y/issues")


@pytest.mark.parametrize(
    "header, expected",
    [
        ('<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"',
         "https://api.github.com/x?page=2"),
        ('<https://api.github.com/x?page=1>; rel="prev"', None),
        ("", None),
        (None, None),
    ],
)
def test_link_header(header, expected):
    assert _next_link(header) == expected


def test_bad_api_url():
    with pytest.raises(GitHubError, match="is not an http"):
        GitHub("t", "ftp://example.com")


def test_an_unreachable_api_is_a_clear_error():
    slept: list[float] = []
    gh = GitHub("t", "http://127.0.0.1:9", retries=1, clock=Clock(sleep=slept.append))
    started = time.monotonic()
    with pytest.raises(ServerError, match=re.escape("cannot reach GitHub at http://127.0.0.1:9")):
        gh.get("/repos/x/y/issues")
    assert time.monotonic() - started < 10 and slept == [1.0]


def test_writes_are_spaced_out_on_the_public_api_only(github, monkeypatch):
    monkeypatch.delenv("FOLLOW_THROUGH_WRITE_INTERVAL", raising=False)
    assert GitHub("t", "https://api.github.com").write_interval == 1.0
    assert GitHub("t", github.url).write_interval == 0.0
    gh, slept = client(github)
    gh.write_interval = 5.0
    gh.post(f"/repos/{github.repo}/issues", {"title": "a"})
    gh.post(f"/repos/{github.repo}/issues", {"title": "b"})
    gh.get(f"/repos/{github.repo}/issues")
    assert len(slept) == 1 and 4.0 < slept[0] <= 5.0


@pytest.mark.parametrize(
    "body, why",
    [({"state": "shut"}, "state"), ({"state": "closed", "state_reason": "bogus"}, "state_reason")],
    ids=["state-shut", "state_reason-bogus"],
)
def test_the_stand_in_refuses_what_githubs_description_refuses(github, body, why):
    number = github.add_issue("x")
    gh, _ = client(github)
    with pytest.raises(GitHubError, match="GitHub answered 422"):
        gh.patch(f"/repos/{github.repo}/issues/{number}", body)
    assert github.issues[number]["state"] == "open"
    assert next(w for _, _, w in github.invalid).startswith(why)
    github.invalid.clear()


def test_comments_are_paginated_like_github(github):
    number = github.add_issue("x")
    for n in range(130):
        github.add_comment(number, f"comment {n}")
    gh, _ = client(github)
    bodies = [c["body"] for c in gh.paginate(f"/repos/{github.repo}/issues/{number}/comments")]
    assert bodies == [f"comment {n}" for n in range(130)]
    assert [r.query.get("page") for r in github.requests] == [None, "2"]


def test_one_server_error_without_a_retry_says_once(github):
    # finding: "GitHub answered 502 … 1 times"
    gh, _ = client(github, retries=0)
    github.inject(502, times=1)
    with pytest.raises(ServerError, match=r"GitHub answered 502 to GET /api/v3/repos/octo/jobs/issues once: "):
        gh.get(f"/repos/{github.repo}/issues")
