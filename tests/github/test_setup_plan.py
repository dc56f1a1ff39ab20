"""setup-github's decisions, as tables: the mode, the address, and which steps a state of GitHub leaves to do."""

from __future__ import annotations

import pytest

from generator.adapters.passphrase import typed_twice, words
from generator.core.github.setup_plan import (
    FREE,
    PRIVATE_PAGES,
    PUBLIC,
    Found,
    Options,
    Repo,
    Settings,
    mode_for,
    pages_address,
    plan,
)
from generator.core.problems import UserError


@pytest.mark.parametrize(("private", "plan_name", "mode"), [
    (False, None, PUBLIC),
    (False, "free", PUBLIC),
    (True, "free", FREE),
    (True, "pro", PRIVATE_PAGES),
    (True, "team", PRIVATE_PAGES),
    (True, None, None),  # an organisation that does not show its plan: ask
    (None, "pro", None),
])
def test_the_mode_from_visibility_and_plan(private, plan_name, mode):
    assert mode_for(private, plan_name) == mode


@pytest.mark.parametrize(("repo", "given", "host", "address"), [
    ("Me/dashboard", None, "github.com", "https://me.github.io/dashboard/"),
    ("me/me.github.io", None, "github.com", "https://me.github.io/"),
    ("me/jobs", "https://jobs.example.org", "github.com", "https://jobs.example.org/"),
    ("me/jobs", None, None, None),  # Enterprise: only Pages knows
])
def test_the_pages_address(repo, given, host, address):
    assert pages_address(repo, given, host) == address


DONE_SITE = Repo("me/dashboard", private=False, pages="legacy", pages_branch="gh-pages", pages_path="/",
                 deploy_keys=((7, "publish", False),), branches=frozenset({"gh-pages"}))
DONE_DATA = Repo("me/jobs", private=True, html_url="https://github.com/me/jobs", label=True,
                 secrets=frozenset({"FOLLOW_THROUGH_PASSPHRASE", "PAGES_DEPLOY_KEY"}),
                 variables=(("PAGES_REPOSITORY", "me/dashboard"),))
DONE_SETTINGS = Settings("https://me.github.io/dashboard/", "https://github.com/me/jobs", True)


def kinds(data=DONE_DATA, site=DONE_SITE, settings=DONE_SETTINGS, mode=FREE, replace=False):
    found = Found(data, site, settings, "me", "github.com")
    return [(s.kind, s.name) for s in plan(found, Options(mode, replace)).steps]


def test_everything_in_place_plans_nothing():
    assert kinds() == []


@pytest.mark.parametrize(("data", "site", "expected"), [
    # the registered key gone: a new pair (and the secret with it)
    (DONE_DATA, Repo("me/dashboard", private=False, pages="legacy", pages_branch="gh-pages",
                     branches=frozenset({"gh-pages"})), [("deploy-key", "PAGES_DEPLOY_KEY")]),
    # a read-only key does not push
    (DONE_DATA, Repo("me/dashboard", private=False, pages="legacy", pages_branch="gh-pages",
                     deploy_keys=((7, "publish", True),), branches=frozenset({"gh-pages"})),
     [("deploy-key", "PAGES_DEPLOY_KEY")]),
    # the secret gone: a new pair too
    (Repo("me/jobs", private=True, html_url="https://github.com/me/jobs", label=True,
          secrets=frozenset({"FOLLOW_THROUGH_PASSPHRASE"}), variables=(("PAGES_REPOSITORY", "me/dashboard"),)),
     DONE_SITE, [("deploy-key", "PAGES_DEPLOY_KEY")]),
    # Pages from another branch: switched to gh-pages
    (DONE_DATA, Repo("me/dashboard", private=False, pages="legacy", pages_branch="main",
                     deploy_keys=((7, "publish", False),), branches=frozenset({"gh-pages"})),
     [("pages-branch-update", "gh-pages")]),
])
def test_only_what_is_missing_is_planned(data, site, expected):
    assert kinds(data, site) == expected


def test_replace_redoes_the_secret_and_the_key_pair_but_not_what_has_one_right_value():
    assert kinds(replace=True) == [("secret", "FOLLOW_THROUGH_PASSPHRASE"), ("deploy-key", "PAGES_DEPLOY_KEY")]


def test_a_different_site_url_is_kept_and_said():
    found = Found(DONE_DATA, DONE_SITE, Settings("https://me.example/", "https://github.com/me/jobs", True), "me",
                  "github.com")
    planned = plan(found, Options(FREE))
    assert planned.steps == ()
    assert any("site_url in mkdocs.yml is https://me.example/" in note for note in planned.notes)


def test_the_public_mode_asks_for_no_secret_and_no_encryption():
    fresh = Repo("me/jobs", private=False, html_url="https://github.com/me/jobs")
    assert kinds(fresh, None, Settings(), PUBLIC) == [
        ("pages-workflow", ""), ("label", "follow-up"), ("setting", "site_url"), ("setting", "repo_url")]


def test_a_passphrase_typed_twice_or_made():
    answers = iter(["short", "a long enough phrase", "a long enough phrase"])
    assert typed_twice(lambda prompt: next(answers)) == "a long enough phrase"
    assert typed_twice(lambda prompt: "") is None  # Enter alone: make one
    differ = iter(["a long enough phrase", "another one typed"] * 3)
    with pytest.raises(UserError, match="not typed the same twice"):
        typed_twice(lambda prompt: next(differ))
    assert len(words()) == 1296 and len(set(words())) == 1296
