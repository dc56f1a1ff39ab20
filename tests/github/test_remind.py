"""`remind` against the fake GitHub API: in-process with the client's sleep and clock injected
(no real back-off), and end to end as a subprocess, as a user (or a workflow) runs it."""

from __future__ import annotations

import pytest

from . import inprocess
from .fake_github import reset_in
from .samples import ACME_TITLE, GLOBEX_TITLE, TODAY, write_samples

MARK_ACME = "<!-- follow-through:id=acme/backend -->"


def remind(project, github, *args, env=None):
    return inprocess.run(
        project, "remind", "--repo", github.repo, "--today", TODAY, *args, env=github.env(**(env or {}))
    )


def remind_subprocess(project, github, *args, env=None):
    return project.run("remind", "--repo", github.repo, "--today", TODAY, *args, env=github.env(**(env or {})))


def titles(github) -> list[str]:
    return sorted(i["title"] for i in github.open_issues())


def test_first_run_opens_one_issue_per_due_followup(repo, github):
    write_samples(repo)
    result = remind_subprocess(repo, github)  # end to end
    assert result.returncode == 0, result.stderr
    assert titles(github) == [ACME_TITLE, GLOBEX_TITLE]  # initech is not due yet
    assert "follow-up" in github.labels  # the label was created
    assert "created the label 'follow-up'" in result.stdout
    assert "created #" in result.stdout and ACME_TITLE in result.stdout
    assert "octo/jobs: 2 created, 0 updated, 0 closed, 0 unchanged" in result.stdout


def test_issue_body_says_what_to_whom_why_with_an_idea_and_a_link(repo, github):
    write_samples(repo)
    assert remind(repo, github).returncode == 0
    issue = next(i for i in github.open_issues() if i["title"] == ACME_TITLE)
    body = issue["body"]
    assert body.startswith(MARK_ACME)
    assert "### Send a thank-you to Raj Patel" in body
    assert "**To:** Raj Patel, Engineering Manager" in body
    assert "raj@acme.example" not in body  # privacy: e-mail hidden by default
    assert "**Why now:** interview with Raj Patel on 2026-11-24: send a thank-you the day after." in body
    assert "> **An idea for a value-add:** Ingestion lag: sketch a back-pressure design" in body
    assert "(https://octo.github.io/jobs/opportunities/acme/backend/)" in body
    assert "`/done [note]`" in body and "`/snooze N`" in body and "`/replied [note]`" in body
    assert [lb["name"] for lb in issue["labels"]] == ["follow-up"]


def test_rerun_opens_no_duplicate_and_writes_nothing(repo, github):
    write_samples(repo)
    assert remind(repo, github).returncode == 0
    before = len(github.writes())
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    assert titles(github) == [ACME_TITLE, GLOBEX_TITLE]
    assert len(github.writes()) == before  # nothing changed, nothing sent
    assert "0 created, 0 updated, 0 closed, 2 unchanged" in result.stdout


def test_rerun_updates_the_same_issue_when_the_followup_changes(repo, github):
    write_samples(repo)
    assert remind(repo, github).returncode == 0
    number = next(i["number"] for i in github.open_issues() if i["title"] == ACME_TITLE)
    repo.opportunity(
        "acme/backend",
        (repo.pipeline / "acme/backend.yml")
        .read_text()
        .replace("role: Senior Backend Engineer", "role: Staff Backend Engineer"),
    )
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    assert (
        f"updated #{number}: Follow up: Acme Corp — Staff Backend Engineer (due 2026-11-25) (title, body)"
        in result.stdout
    )
    assert github.issues[number]["title"] == "Follow up: Acme Corp — Staff Backend Engineer (due 2026-11-25)"
    assert len(github.open_issues()) == 2


def test_found_past_the_first_page(repo, github):
    write_samples(repo)
    assert remind(repo, github).returncode == 0
    ours = {i["number"] for i in github.open_issues()}
    for n in range(150):  # newer issues with the label push ours to page 2 (newest first)
        github.add_issue(f"Hand-written {n}", "my own notes")
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    assert "0 created" in result.stdout and "2 unchanged" in result.stdout
    assert {i["number"] for i in github.open_issues() if i["title"].startswith("Follow up:")} == ours
    pages = [r.query.get("page", "1") for r in github.requests if r.method == "GET" and r.path.endswith("/issues")]
    assert "2" in pages
    listing = next(r for r in github.requests if r.method == "GET" and r.path.endswith("/issues"))
    assert listing.query["state"] == "all"  # open and closed, whatever the label
    assert listing.query["per_page"] == "100"


def test_logged_followup_closes_its_issue_with_a_comment(repo, github):
    write_samples(repo)
    assert remind(repo, github).returncode == 0
    number = next(i["number"] for i in github.open_issues() if i["title"] == ACME_TITLE)
    logged = inprocess.run(repo, "log", "acme/backend", "thank-you", "--with", "Raj Patel", "--today", TODAY)
    assert logged.returncode == 0, logged.stderr
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    assert github.issues[number]["state"] == "closed"
    [comment] = github.comments[number]
    assert comment["body"].startswith(
        "Closing: this follow-up is no longer due (logged thank-you with Raj Patel on 2026-11-25"
    )
    assert "; next follow-up: 2026-12-02 (in 7 days), value-add → Raj Patel)." in comment["body"]
    assert f"closed #{number} (acme/backend): logged thank-you" in result.stdout
    assert titles(github) == [GLOBEX_TITLE]


def test_a_close_that_keeps_failing_says_why_once_when_it_succeeds(repo, github):
    """Finding: `remind` commented "Closing: …" and then closed; when the close kept failing, every
    run posted the comment again (twice on the issue after one failed run)."""
    write_samples(repo)
    assert remind(repo, github).returncode == 0
    number = next(i["number"] for i in github.open_issues() if i["title"] == ACME_TITLE)
    assert inprocess.run(repo, "snooze", "acme/backend", "5", "--today", TODAY).returncode == 0
    github.inject(502, method="PATCH", path=rf"/issues/{number}$", times=100)
    failed = remind(repo, github)
    assert failed.returncode == 1
    assert github.issues[number]["state"] == "open" and github.comments[number] == []  # nothing said yet
    github.faults.clear()
    assert remind(repo, github).returncode == 0
    assert github.issues[number]["state"] == "closed"
    assert [c["body"] for c in github.comments[number]] == [
        "Closing: this follow-up is no longer due (snoozed to 2026-11-30)."
    ]


def test_deleted_snoozed_and_closed_opportunities_close_their_issues(repo, github):
    write_samples(repo)
    repo.opportunity("hooli", "company: Hooli\nrole: SRE\nlog:\n  - {date: 2026-11-01, type: applied}\n")
    assert remind(repo, github).returncode == 0
    by_title = {i["title"].split(" — ")[0]: i["number"] for i in github.open_issues()}
    (repo.pipeline / "globex.yml").unlink()
    assert inprocess.run(repo, "snooze", "acme/backend", "5", "--today", TODAY).returncode == 0
    repo.opportunity("hooli", "company: Hooli\nrole: SRE\nstage: closed\noutcome: rejected\n")
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    comments = {name: github.comments[n][-1]["body"] for name, n in by_title.items()}
    assert (
        comments["Follow up: Globex"]
        == "Closing: this follow-up is no longer due (the opportunity's file was deleted)."
    )
    assert comments["Follow up: Acme Corp"] == "Closing: this follow-up is no longer due (snoozed to 2026-11-30)."
    assert (
        comments["Follow up: Hooli"]
        == "Closing: this follow-up is no longer due (the opportunity is closed as rejected)."
    )
    assert github.open_issues() == []
    assert "0 created, 0 updated, 3 closed" in result.stdout


def test_a_file_with_errors_is_not_gone(repo, github):
    write_samples(repo)
    assert remind(repo, github).returncode == 0
    number = next(i["number"] for i in github.open_issues() if i["title"] == GLOBEX_TITLE)
    repo.opportunity("globex", "company: Globex\nrole: Data Engineer\nlog:\n  - {date: 2026-13-01, type: applied}\n")
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    assert github.issues[number]["state"] == "open" and github.comments[number] == []
    assert f"left open #{number} (globex): its file has errors" in result.stdout
    assert "pipeline/globex.yml" in result.stderr


def test_hand_written_issues_are_never_touched(repo, github):
    write_samples(repo)
    mine = github.add_issue(ACME_TITLE, "I track this one myself")  # same title, no marker
    pr = github.add_issue("PR", MARK_ACME, pull_request=True)  # a pull request with the marker
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    touched = {r.path for r in github.writes()}
    assert not any(p.endswith(f"/issues/{mine}") or f"/issues/{mine}/" in p for p in touched)
    assert not any(p.endswith(f"/issues/{pr}") or f"/issues/{pr}/" in p for p in touched)
    assert github.issues[mine]["body"] == "I track this one myself" and github.comments[mine] == []
    # ... and after everything is logged, still untouched while ours close.
    (repo.pipeline / "globex.yml").unlink()
    (repo.pipeline / "acme/backend.yml").unlink()
    assert remind(repo, github).returncode == 0
    assert github.issues[mine]["state"] == "open" and github.comments[mine] == []
    assert sorted(i["number"] for i in github.open_issues()) == sorted([mine, pr])


def test_duplicate_marked_issues_are_folded_into_the_oldest(repo, github):
    write_samples(repo)
    assert remind(repo, github).returncode == 0
    first = next(i for i in github.open_issues() if i["title"] == ACME_TITLE)
    copy = github.add_issue(ACME_TITLE, first["body"], user="github-actions[bot]")
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    assert github.issues[copy]["state"] == "closed"
    assert github.comments[copy][-1]["body"] == f"Closing: this reminder is a duplicate of #{first['number']}."
    assert github.issues[first["number"]]["state"] == "open"


def test_dry_run_prints_the_plan_and_sends_no_write(repo, github):
    write_samples(repo)
    github.add_issue(
        "Follow up: Gone — X (due 2026-11-01)", "<!-- follow-through:id=gone -->\nold", user="github-actions[bot]"
    )
    result = remind(repo, github, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert github.writes() == []
    assert f"would create new issue: {ACME_TITLE}" in result.stdout
    assert "would close #1 (gone): the opportunity's file was deleted" in result.stdout
    assert "dry run: nothing was written to GitHub" in result.stdout
    assert "follow-up" not in github.labels or github.labels["follow-up"]["color"] == "ededed"


@pytest.mark.parametrize(
    "fault",
    [
        dict(
            status=403,
            headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset_in(1)},
            body={"message": "API rate limit exceeded"},
        ),
        dict(status=429, headers={"Retry-After": "1"}, body={"message": "Too many requests"}),
        dict(status=403, headers={"Retry-After": "0"}, body={"message": "You have exceeded a secondary rate limit"}),
        dict(status=502, body={"message": "Bad Gateway"}),
    ],
    ids=["403-ratelimit-reset", "429-retry-after", "403-secondary", "502"],
)
@pytest.mark.parametrize(
    "where", [("GET", r"/issues$"), ("POST", r"/issues$"), ("PATCH", r"/issues/\d+$")], ids=["list", "create", "update"]
)
def test_every_fault_is_survived(repo, github, fault, where):
    write_samples(repo)
    if where[0] == "PATCH":
        assert remind(repo, github).returncode == 0
        repo.opportunity("globex", (repo.pipeline / "globex.yml").read_text().replace("Data Engineer", "Data Eng"))
    injected = github.inject(method=where[0], path=where[1], times=2, **fault)
    result = remind(repo, github, env={"FOLLOW_THROUGH_MAX_WAIT": "3"})  # the waits asked for are allowed
    assert result.returncode == 0, result.stderr
    assert injected.times == 0  # both faults were met, and retried past
    waits = 0 if fault.get("headers", {}).get("Retry-After") == "0" else 2  # a zero wait is no sleep
    assert len(result.slept) == waits and all(0 < s <= 3 for s in result.slept)  # as asked, within the cap
    assert sorted(i["title"] for i in github.open_issues()) == sorted(
        [ACME_TITLE, GLOBEX_TITLE if where[0] != "PATCH" else "Follow up: Globex — Data Eng (due 2026-11-17)"]
    )


def test_a_create_that_failed_after_it_was_made_is_not_made_twice(repo, github):
    write_samples(repo)
    repo.opportunity("globex", "company: Globex\nrole: Data Engineer\nstage: closed\n")
    github.inject(502, method="POST", path=r"/issues$", applied=True)  # stored, then a 502
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    assert titles(github) == [ACME_TITLE]


def test_persistent_server_errors_stop_with_a_message(repo, github):
    write_samples(repo)
    github.inject(502, times=100, body={"message": "Bad Gateway"})
    result = remind_subprocess(repo, github)  # end to end: real (capped) back-off, no traceback
    assert result.returncode == 1
    assert "GitHub answered 502 to GET /api/v3/repos/octo/jobs/issues 5 times: Bad Gateway" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_permission_is_named(repo, github):
    write_samples(repo)
    github.inject(
        403,
        method="POST",
        times=100,
        headers={"X-Accepted-GitHub-Permissions": "issues=write"},
        body={"message": "Resource not accessible by integration"},
    )
    result = remind(repo, github)
    assert result.returncode == 1
    assert "403 Resource not accessible by integration" in result.stderr
    assert "the token lacks the `issues: write` permission" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_403_without_the_header_still_names_the_permission(repo, github):
    write_samples(repo)
    github.inject(403, method="PATCH|POST", times=100, body={"message": "Resource not accessible by integration"})
    result = remind(repo, github)
    assert result.returncode == 1
    assert "`issues: write`" in result.stderr


def test_bad_token_is_refused_clearly(repo, github):
    write_samples(repo)
    result = remind(repo, github, env={"GITHUB_TOKEN": "wrong"})
    assert result.returncode == 1
    assert "GitHub refused the token (401 Bad credentials)" in result.stderr
    assert github.issues == {}


def test_no_token_no_request(repo, github):
    write_samples(repo)
    result = remind(repo, github, env={"GITHUB_TOKEN": ""})
    assert result.returncode == 1
    assert "GITHUB_TOKEN is not set" in result.stderr
    assert github.requests == []


@pytest.mark.parametrize("bad", ["octo", "octo/jobs/x", "x/..", "a b/c"])
def test_bad_repo_argument(repo, github, bad):
    result = inprocess.run(repo, "remind", "--repo", bad, "--today", TODAY, env=github.env())
    assert result.returncode == 1
    assert "is not OWNER/NAME" in result.stderr
    assert github.requests == []


def test_an_api_without_the_labels_endpoint_still_gets_issues(repo, github):
    """GitHub creates a label named by a new issue; a failing label call is only a warning."""
    write_samples(repo)
    github.inject(404, path=r"/labels", times=100, body={"message": "Not Found"})
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    assert titles(github) == [ACME_TITLE, GLOBEX_TITLE]
    assert "could not create the label 'follow-up'" in result.stderr


def test_without_site_url_issues_link_nothing_on_enterprise(project, github):
    """The fake API is at an Enterprise-like address: no Pages address can be guessed."""
    write_samples(project)
    assert remind(project, github).returncode == 0
    body = next(i["body"] for i in github.open_issues() if i["title"] == ACME_TITLE)
    assert "set `site_url` in mkdocs.yml to link the dashboard here" in body


def test_default_site_url_is_the_pages_address():
    from generator.core.github.reminder_plan import default_site_url

    assert default_site_url("Octo/jobs", None) == "https://octo.github.io/jobs/"
    assert default_site_url("octo/octo.github.io", "https://api.github.com/") == "https://octo.github.io/"
    assert default_site_url("octo/jobs", "https://ghe.example/api/v3") is None


def test_one_refused_issue_does_not_stop_the_others(repo, github):
    write_samples(repo)
    github.inject(422, method="POST", path=r"/issues$", times=1, body={"message": "Validation Failed"})
    result = remind(repo, github)
    assert result.returncode == 1
    assert "error: could not create a new issue (" in result.stderr and "Validation Failed" in result.stderr
    assert len(github.open_issues()) == 1  # the other one was opened
    assert "1 failed" in result.stdout
    assert remind(repo, github).returncode == 0  # the next run catches up
    assert titles(github) == [ACME_TITLE, GLOBEX_TITLE]


def test_very_long_titles_are_shortened_to_what_github_accepts(repo, github):
    repo.opportunity("long", f"company: {'C' * 200}\nrole: {'R' * 200}\nadded: 2026-11-25\n")
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    [issue] = github.open_issues()
    assert len(issue["title"]) <= 256
    assert issue["title"].startswith("Follow up: CCC") and issue["title"].endswith("… (due 2026-11-25)")


def keep_alive(project, github, *files):
    return inprocess.run(project, "keep-alive", "--repo", github.repo, *files, env=github.env())


def test_keep_alive_enables_active_and_inactive_workflows_only(repo, github):
    github.workflows.update(
        {
            "publish.yml": {"state": "active"},
            "remind.yml": {"state": "disabled_inactivity"},
            "check.yml": {"state": "disabled_manually"},
        }
    )
    result = keep_alive(repo, github, "publish.yml", "remind.yml", "check.yml")
    assert result.returncode == 0, result.stderr
    assert github.workflows["remind.yml"]["state"] == "active"
    assert github.workflows["check.yml"]["state"] == "disabled_manually"  # the owner switched it off
    assert [r.path for r in github.writes()] == [
        f"/repos/{github.repo}/actions/workflows/publish.yml/enable",
        f"/repos/{github.repo}/actions/workflows/remind.yml/enable",
    ]
    assert "kept alive publish.yml" in result.stdout and "re-enabled remind.yml" in result.stdout
    assert "left check.yml alone: it is disabled_manually" in result.stdout


def test_keep_alive_reports_a_missing_workflow(repo, github):
    github.workflows["publish.yml"] = {"state": "active"}
    result = keep_alive(repo, github, "publish.yml", "gone.yml")
    assert result.returncode == 1
    assert "could not keep gone.yml alive" in result.stderr and "Traceback" not in result.stderr
    assert github.workflows["publish.yml"]["enabled"] == 1


def test_a_broken_message_template_of_the_users_is_named_and_the_default_draft_used(repo, github):
    write_samples(repo)
    repo.write("overrides/messages/thank-you.md", "Subject: Thanks\n\nHi {{ contact.first_name\n")
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "overrides/messages" in line] == [
        "overrides/messages/thank-you.md:3: warning: unexpected end of template, expected 'end of print statement'; "
        "the default draft is used"
    ]
    issue = next(i for i in github.open_issues() if i["title"] == ACME_TITLE)
    assert "Hi {{" not in issue["body"] and "Subject: Thanks\n" not in issue["body"]  # the default draft stands in
    assert "```text\nSubject: " in issue["body"]


def test_a_closing_comment_stored_then_answered_502_is_posted_once(repo, github):
    """Finding: `remind`'s closing comment, stored then answered 502, was posted twice."""
    write_samples(repo)
    assert remind(repo, github).returncode == 0
    number = next(i["number"] for i in github.open_issues() if i["title"] == GLOBEX_TITLE)
    (repo.pipeline / "globex.yml").unlink()
    github.inject(502, method="POST", path=rf"/issues/{number}/comments$", applied=True)
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    assert [c["body"] for c in github.comments[number]] == [
        "Closing: this follow-up is no longer due (the opportunity's file was deleted)."
    ]
    assert github.issues[number]["state"] == "closed"


def test_subprocess_fault_case_end_to_end(repo, github):
    """One fault case as a user's run meets it: a 429 with Retry-After, really waited for."""
    write_samples(repo)
    github.inject(429, method="POST", path=r"/issues$", headers={"Retry-After": "1"}, body={"message": "slow down"})
    result = remind_subprocess(repo, github, env={"FOLLOW_THROUGH_MAX_WAIT": "3"})
    assert result.returncode == 0, result.stderr
    assert titles(github) == [ACME_TITLE, GLOBEX_TITLE]
