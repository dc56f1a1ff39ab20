"""A `New:` issue becomes an opportunity file: pushed first, then answered and closed (item 3).

Against the stand-in GitHub API (tests/github/fake_github.py) and a local bare `origin`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from github.fake_github import FakeGitHub, workflow_as_shipped

from tests.gitkit import git

from .jobpages import GREENHOUSE, JobServer

TODAY = "2026-11-25"
ROOT = Path(__file__).resolve().parents[2]
MKDOCS_YML = """\
site_name: Jobs
plugins:
  - follow-through:
      timezone: UTC
      site_url: https://octo.github.io/jobs/
"""


@pytest.fixture
def github():
    fake = FakeGitHub().start()
    fake.permissions["octocat"] = "admin"
    fake.permissions["pal"] = "write"
    fake.permissions["reader"] = "read"
    fake.workflows["publish.yml"] = workflow_as_shipped(ROOT / ".github" / "workflows" / "publish.yml")
    yield fake
    fake.stop()


@pytest.fixture
def checkout(project, tmp_path):
    """The project as a workflow's checkout: a clone of a bare origin, on main."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(origin))
    project.write("mkdocs.yml", MKDOCS_YML, dedent=False)
    project.opportunity("globex", "company: Globex\nrole: SRE\nurl: https://globex.example/jobs/1\n")
    root = project.root
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "config", "user.name", "Owner")
    git(root, "config", "user.email", "owner@example.com")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "start")
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "--quiet", "origin", "main")
    project.origin = origin
    return project


def open_issue(github, title: str, body: str = "", login: str = "octocat", association: str = "OWNER",
               labels=()) -> dict:
    number = github.add_issue(title, body, labels=labels)
    github.issues[number]["user"] = {"login": login, "type": "User"}
    issue = dict(github.issues[number], author_association=association)
    return {"action": "opened", "issue": issue,
            "repository": {"full_name": github.repo, "default_branch": "main"},
            "sender": {"login": login}}


def run(project, github, event, tmp_path, **env):
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    return project.run("from-issue", "--rebuild", "publish.yml", "--today", TODAY, env=github.env(
        GITHUB_EVENT_PATH=str(path), NO_PROXY="127.0.0.1", no_proxy="127.0.0.1", **env))


def origin_files(project) -> list[str]:
    return git(project.origin, "ls-tree", "-r", "--name-only", "main").split()


def test_a_new_title_from_the_owner_is_pushed_answered_and_closed(checkout, github, tmp_path):
    event = open_issue(github, "New: Acme Corp — Backend Engineer", "Met Jane at the meetup.")
    number = event["issue"]["number"]
    result = run(checkout, github, event, tmp_path)
    assert result.returncode == 0, result.stderr
    assert [name for name, _ in github.dispatches] == ["publish.yml"]  # the dashboard is rebuilt
    assert "pipeline/acme-corp-backend-engineer.yml" in origin_files(checkout)
    text = git(checkout.origin, "show", "main:pipeline/acme-corp-backend-engineer.yml")
    assert "company: Acme Corp\nrole: Backend Engineer\n" in text and "Met Jane at the meetup." in text
    message = git(checkout.origin, "log", "-1", "--format=%B", "main")
    assert message.startswith(f"acme-corp-backend-engineer: new opportunity (from issue #{number})")
    [answer] = github.comments[number]
    assert answer["body"].startswith(
        "Added `pipeline/acme-corp-backend-engineer.yml` on `main`: Acme Corp — Backend Engineer — "
        "[on the dashboard](https://octo.github.io/jobs/opportunities/acme-corp-backend-engineer/).\n\n"
        "next follow-up: 2026-11-25 (due today), first-contact. Closed this issue.")
    assert (github.issues[number]["state"], github.issues[number]["state_reason"]) == ("closed", "completed")
    assert checkout.run("check", "--today", TODAY).returncode == 0


def test_a_job_link_alone_reads_the_posting(checkout, github, tmp_path):
    pages = JobServer({"/acme/jobs/4001": (200, "text/html", GREENHOUSE)}).start()
    try:
        url = pages.url("/acme/jobs/4001")
        event = open_issue(github, "New", f"{url}\n", login="pal", association="COLLABORATOR")
        # The job board is served on 127.0.0.1 here: allowed only through this variable.
        result = run(checkout, github, event, tmp_path, FOLLOW_THROUGH_ALLOW_PRIVATE_URLS="1")
    finally:
        pages.stop()
    assert result.returncode == 0, result.stderr
    name = "pipeline/acme-corp-senior-backend-engineer-r-d.yml"
    text = git(checkout.origin, "show", f"main:{name}")
    assert f"url: {url}" in text and "location: Berlin, Germany" in text
    assert github.issues[event["issue"]["number"]]["state"] == "closed"


def test_a_link_alone_under_another_title_is_left_alone(checkout, github, tmp_path):
    """Finding: any owner issue whose body was only a link started the flow and fetched it."""
    pages = JobServer({"/acme/jobs/4001": (200, "text/html", GREENHOUSE)}).start()
    try:
        event = open_issue(github, "Read this later", pages.url("/acme/jobs/4001"))
        result = run(checkout, github, event, tmp_path, FOLLOW_THROUGH_ALLOW_PRIVATE_URLS="1")
    finally:
        pages.stop()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ignored: ") and pages.seen == []
    assert github.comments[event["issue"]["number"]] == [] and not github.writes()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "169.254.169.254", "10.0.0.7", "0.0.0.0"])
def test_a_link_to_a_private_address_is_refused_before_any_fetch(checkout, github, tmp_path, host):
    pages = JobServer({"/acme/jobs/4001": (200, "text/html", GREENHOUSE)}).start()
    try:
        port = pages.url("/").split(":")[2].split("/")[0]
        event = open_issue(github, "New", f"http://{host}:{port}/acme/jobs/4001")
        result = run(checkout, github, event, tmp_path)
    finally:
        pages.stop()
    assert result.returncode == 0, result.stderr
    assert pages.seen == []  # nothing was sent to it
    [answer] = github.comments[event["issue"]["number"]]
    assert answer["body"].startswith("Nothing was saved: ") and "points to a private address" in answer["body"]
    assert origin_files(checkout) == ["mkdocs.yml", "pipeline/globex.yml"]


def test_a_users_copy_of_the_marker_does_not_stop_the_owners_issue(checkout, github, tmp_path):
    """Finding: `Added <!-- follow-through:new-opportunity -->` from anyone made the issue look handled."""
    event = open_issue(github, "New: Hooli — Dev")
    github.add_comment(event["issue"]["number"], "Added `x` <!-- follow-through:new-opportunity -->", login="mallory")
    result = run(checkout, github, event, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "pipeline/hooli-dev.yml" in origin_files(checkout)
    assert github.issues[event["issue"]["number"]]["state"] == "closed"


def test_a_rerun_after_a_failed_answer_says_when_it_was_saved(checkout, github, tmp_path):
    """Finding: the re-run answered "already in the pipeline" for the file its first run had pushed."""
    event = open_issue(github, "New: Hooli — Dev")
    number = event["issue"]["number"]
    github.inject(502, method="POST", path=r"/comments$", times=100)
    failed = run(checkout, github, event, tmp_path, FOLLOW_THROUGH_RETRIES="1")
    assert failed.returncode == 1 and github.comments[number] == []
    # finding: the error did not say the file had been saved
    assert "pipeline/hooli-dev.yml was saved (pushed " in failed.stderr and "but answering on #" in failed.stderr
    assert "re-run the workflow to answer" in failed.stderr
    assert github.issues[number]["state"] == "closed"  # closed before the answer
    github.faults.clear()
    again = run(checkout, github, event, tmp_path)
    assert again.returncode == 0, again.stderr
    [answer] = github.comments[number]
    assert answer["body"].startswith("Added `pipeline/hooli-dev.yml` on `main`: already saved in commit ")
    assert "by an earlier run. Closed this issue." in answer["body"]
    assert origin_files(checkout).count("pipeline/hooli-dev.yml") == 1


def test_the_issue_form(checkout, github, tmp_path):
    body = ("### Company\n\nInitech\n\n### Role\n\nStaff Engineer\n\n### Job posting URL\n\n_No response_\n\n"
            "### Contact\n\nMaria Garcia (Recruiter)\n\n### Stage\n\napplied\n\n### Note\n\n_No response_\n")
    event = open_issue(github, "New: ", body, labels=("new-opportunity",))
    result = run(checkout, github, event, tmp_path)
    assert result.returncode == 0, result.stderr
    text = git(checkout.origin, "show", "main:pipeline/initech-staff-engineer.yml")
    assert "stage: applied" in text and "  - name: Maria Garcia\n    role: Recruiter\n" in text


@pytest.mark.parametrize("title", ["New dashboard bug - Safari", "new job", "News: Acme — SRE"])
def test_an_owner_issue_that_only_starts_with_new_is_left_alone(checkout, github, tmp_path, title):
    # finding: "New dashboard bug - Safari" was pushed as pipeline/dashboard-bug-safari.yml and closed
    event = open_issue(github, title, "The chart is blank on https://octo.github.io/jobs/ in Safari 17.")
    before = origin_files(checkout)
    result = run(checkout, github, event, tmp_path)
    assert result.returncode == 0, result.stderr
    assert origin_files(checkout) == before
    assert github.comments.get(event["issue"]["number"], []) == []
    assert github.issues[event["issue"]["number"]]["state"] == "open"


@pytest.mark.parametrize(
    "login, association", [("stranger", "NONE"), ("reader", "CONTRIBUTOR"), ("reader", "COLLABORATOR")]
)
def test_an_outsiders_issue_changes_nothing(checkout, github, tmp_path, login, association):
    before = git(checkout.origin, "rev-parse", "main")
    event = open_issue(github, "New: Evil Corp — Everything", login=login, association=association)
    result = run(checkout, github, event, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ignored: ")
    assert git(checkout.origin, "rev-parse", "main") == before
    assert github.comments[event["issue"]["number"]] == []
    assert github.issues[event["issue"]["number"]]["state"] == "open"
    assert not [r for r in github.requests if r.is_write]


def test_a_refused_push_leaves_the_issue_open_and_says_nothing_was_saved(checkout, github, tmp_path):
    hook = checkout.origin / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'main is protected: changes need a pull request' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = git(checkout.origin, "rev-parse", "main")
    event = open_issue(github, "New: Acme Corp — Backend Engineer")
    number = event["issue"]["number"]
    result = run(checkout, github, event, tmp_path)
    assert result.returncode == 1 and github.dispatches == []
    assert git(checkout.origin, "rev-parse", "main") == before
    [answer] = github.comments[number]
    assert answer["body"].startswith("Nothing was saved: the push to main was refused: ")
    assert "main is protected" in answer["body"] and "This issue stays open." in answer["body"]
    assert github.issues[number]["state"] == "open"


def test_a_title_that_cannot_be_read_is_answered_and_stays_open(checkout, github, tmp_path):
    event = open_issue(github, "New: Acme Backend Engineer")
    number = event["issue"]["number"]
    result = run(checkout, github, event, tmp_path)
    assert result.returncode == 0, result.stderr
    [answer] = github.comments[number]
    assert answer["body"].startswith(
        "Nothing was saved: I could not tell the company from the role in 'Acme Backend Engineer': "
        "write it like New: Acme Corp — Backend Engineer. Edit this issue and I will read it again. "
        "This issue stays open."
    )
    assert github.issues[number]["state"] == "open"
    assert origin_files(checkout) == ["mkdocs.yml", "pipeline/globex.yml"]


def test_already_in_the_pipeline_and_a_rerun(checkout, github, tmp_path):
    event = open_issue(github, "New: GLOBEX — S.R.E.")
    result = run(checkout, github, event, tmp_path)
    assert result.returncode == 0, result.stderr
    number = event["issue"]["number"]
    assert github.comments[number][0]["body"].startswith(
        "Nothing was added: `pipeline/globex.yml` is the same company and role. Closed this issue."
    )
    assert github.issues[number]["state"] == "closed"

    event = open_issue(github, "New: Hooli — Dev")
    assert run(checkout, github, event, tmp_path).returncode == 0
    again = run(checkout, github, event, tmp_path)  # a re-run of the workflow
    assert again.returncode == 0 and again.stdout.startswith("ignored: ")
    assert len(github.comments[event["issue"]["number"]]) == 1


def test_the_workflow_gates_on_the_author_and_pushes_before_it_answers():
    from github.test_workflows import workflow

    data = workflow("new-opportunity.yml")
    assert data["on"] == {"issues": {"types": ["opened", "edited", "reopened"]}}
    assert data["permissions"] == {}
    job = data["jobs"]["add"]
    gate = " ".join(job["if"].split())
    assert (
        """contains(fromJSON('["OWNER", "MEMBER", "COLLABORATOR"]'), github.event.issue.author_association)""" in gate
    )
    # The same test as the code's (GitHub compares strings and startsWith ignoring case): any other issue
    # does not even start the job (which would wait in the shared write queue)
    assert ("(github.event.issue.title == 'New' || startsWith(github.event.issue.title, 'New:') || "
            "contains(github.event.issue.labels.*.name, 'new-opportunity'))") in gate
    assert job["permissions"] == {"contents": "write", "issues": "write", "actions": "write"}
    [apply] = [s for s in job["steps"] if "generator from-issue" in (s.get("run") or "")]
    assert apply["run"] == "python -m generator from-issue --push origin --rebuild publish.yml"
    assert apply["env"] == {"GITHUB_TOKEN": "${{ secrets.GITHUB_TOKEN }}"}
    assert [s for s in job["steps"] if "GITHUB_TOKEN" in str(s) or "github.token" in str(s)] == [apply]
    assert job["steps"][-1] is apply
