"""Comment commands from event payloads: who may act, what changes in the YAML, what is answered.

In-process (tests/github/inprocess.py), with one end-to-end case as a subprocess."""

from __future__ import annotations

import pytest

from . import inprocess
from .comment_events import comment, diff, event_for
from .samples import ACME, ACME_TITLE, GLOBEX_TITLE, TODAY


def test_done_logs_the_suggested_touch_and_closes(repo, github, issues, tmp_path):
    number = issues[ACME_TITLE]
    path = repo.pipeline / "acme/backend.yml"
    result = comment(
        repo, github, event_for(github, number, "/done Sent a short thank-you"), tmp_path, subprocess=True
    )  # end to end
    assert result.returncode == 0, result.stderr
    assert diff(ACME, path.read_text()) == (
        ["  - {date: 2026-11-25, type: thank-you, with: Raj Patel, note: Sent a short thank-you}"],
        [],
    )
    [reply] = github.comments[number]
    assert reply["body"] == (
        "Logged `thank-you` with Raj Patel on 2026-11-25 in `pipeline/acme/backend.yml`. "
        "Next follow-up: 2026-12-02 (in 7 days), value-add → Raj Patel. Closed this issue.\n"
        "<!-- follow-through:reply-to=900 -->"
    )
    assert github.issues[number]["state"] == "closed"
    assert "changed<<" in result.outputs and "\ntrue\n" in result.outputs
    assert "changed pipeline/acme/backend.yml" in result.stdout


@pytest.mark.parametrize(
    "text, logged",
    [
        ("company: Umbrella\nrole: SRE\nadded: 2026-11-25\n", "  - {date: 2026-11-25, type: outreach}"),
        (
            "company: Vandelay\nrole: Dev\nideas: [Customs parser]\nlog:\n  - {date: 2026-11-10, type: applied}\n",
            "  - {date: 2026-11-25, type: value-add}",
        ),
        (
            "company: Soylent\nrole: Dev\nlog:\n  - {date: 2026-11-10, type: applied}\n",
            "  - {date: 2026-11-25, type: follow-up}",
        ),
    ],
    ids=["first-contact→outreach", "value-add", "check-in→follow-up"],
)
def test_done_maps_the_touch_to_a_log_type(repo, github, issues, tmp_path, text, logged):
    path = repo.opportunity("other", text)
    assert inprocess.run(repo, "remind", "--repo", github.repo, "--today", TODAY, env=github.env()).returncode == 0
    number = next(i["number"] for i in github.open_issues() if "id=other " in i["body"])
    result = comment(repo, github, event_for(github, number, "/done"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert diff(text, path.read_text()) == ([logged] if "log:" in text else ["log:", logged], [])
    assert github.issues[number]["state"] == "closed"


def test_snooze_sets_next_and_closes(repo, github, issues, tmp_path):
    number = issues[GLOBEX_TITLE]
    before = (repo.pipeline / "globex.yml").read_text()
    result = comment(repo, github, event_for(github, number, "/snooze 5", "MEMBER"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert diff(before, (repo.pipeline / "globex.yml").read_text()) == (["next: 2026-11-30"], [])
    assert github.comments[number][-1]["body"].startswith("Snoozed: `next: 2026-11-30` in `pipeline/globex.yml`.")
    assert github.issues[number]["state"] == "closed"


def test_replied_logs_a_reply(repo, github, issues, tmp_path):
    number = issues[GLOBEX_TITLE]
    before = (repo.pipeline / "globex.yml").read_text()
    result = comment(
        repo, github, event_for(github, number, "/replied They want a call: next week", "COLLABORATOR"), tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert diff(before, (repo.pipeline / "globex.yml").read_text()) == (
        ["  - {date: 2026-11-25, type: reply, with: Tom Becker, note: 'They want a call: next week'}"],
        [],
    )
    assert github.comments[number][-1]["body"].startswith("Logged `reply` with Tom Becker on 2026-11-25")
    assert github.issues[number]["state"] == "closed"  # no longer due: next one in 7 days


@pytest.mark.parametrize("association", ["CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR", "NONE", "MANNEQUIN", None])
def test_untrusted_authors_change_nothing(repo, github, issues, tmp_path, association):
    number = issues[ACME_TITLE]
    event = event_for(github, number, "/done", association)
    result = comment(repo, github, event, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ignored: octo (")
    assert "may not run commands here" in result.stdout
    assert (repo.pipeline / "acme/backend.yml").read_text() == ACME
    assert github.requests == []  # not even an answer
    assert "\nfalse\n" in result.outputs


def test_unknown_command_gets_help_and_changes_nothing(repo, github, issues, tmp_path):
    number = issues[ACME_TITLE]
    result = comment(repo, github, event_for(github, number, "/frobnicate <b>now</b>"), tmp_path)
    assert result.returncode == 0, result.stderr
    [reply] = github.comments[number]
    assert reply["body"].startswith("I don't know the command /frobnicate.")
    assert "`/done [note]`" in reply["body"] and "`/snooze N`" in reply["body"] and "`/replied [note]`" in reply["body"]
    assert github.issues[number]["state"] == "open"
    assert (repo.pipeline / "acme/backend.yml").read_text() == ACME


def test_snooze_without_a_number_gets_help(repo, github, issues, tmp_path):
    number = issues[ACME_TITLE]
    result = comment(repo, github, event_for(github, number, "/snooze a while"), tmp_path)
    assert result.returncode == 0
    assert github.comments[number][-1]["body"].startswith("`/snooze` takes a number of days from 1 to 3650")
    assert (repo.pipeline / "acme/backend.yml").read_text() == ACME


@pytest.mark.parametrize(
    "change, why",
    [
        (lambda e: e["issue"].update(body="Just my own issue /done"), "is not a reminder issue"),
        (lambda e: e["issue"].update(pull_request={"url": "x"}), "a comment on a pull request"),
        (lambda e: e["comment"].update(body="Thanks, will do!\n/done"), "the comment is not a command"),
        (lambda e: e.update(action="edited"), "the comment was edited, not created"),
    ],
    ids=["unrelated-issue", "pull-request", "not-a-command", "edited"],
)
def test_everything_else_is_ignored(repo, github, issues, tmp_path, change, why):
    event = event_for(github, issues[ACME_TITLE], "/done")
    change(event)
    result = comment(repo, github, event, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ignored: ") and why in result.stdout
    assert github.requests == []
    assert (repo.pipeline / "acme/backend.yml").read_text() == ACME


def test_a_forged_marker_cannot_reach_outside_the_pipeline(repo, github, issues, tmp_path):
    number = issues[ACME_TITLE]
    event = event_for(github, number, "/done")
    event["issue"]["body"] = "<!-- follow-through:id=%2e%2e/mkdocs -->"
    result = comment(repo, github, event, tmp_path)
    assert result.returncode == 0, result.stderr
    assert github.comments[number][-1]["body"].startswith("Nothing changed: there is no file for `..")
    assert "\nfalse\n" in result.outputs


@pytest.mark.parametrize(
    "raw, message",
    [
        ("{not json", "is not JSON"),
        ("[1, 2]", "the JSON is not an object"),
        ('{"action": "created", "issue": {"number": 1}}', "'comment' is missing"),
        (
            '{"action": "created", "issue": {"number": "1", "body": ""}, "comment": {"body": "/done"}}',
            "'issue.number' is not a number",
        ),
    ],
)
def test_malformed_payload_is_a_clear_error(repo, github, issues, tmp_path, raw, message):
    result = comment(repo, github, None, tmp_path, raw=raw)
    assert result.returncode == 1
    assert message in result.stderr and result.stderr.startswith("error: ")
    assert "Traceback" not in result.stderr
    assert github.requests == []


def test_no_event_path(repo, github):
    result = inprocess.run(repo, "comment", env={**github.env(), "GITHUB_EVENT_PATH": ""})
    assert result.returncode == 2
    assert "set GITHUB_EVENT_PATH" in result.stderr


def test_the_same_done_twice_logs_once(repo, github, issues, tmp_path):
    number = issues[ACME_TITLE]
    event = event_for(github, number, "/done Sent a short thank-you")
    assert comment(repo, github, event, tmp_path).returncode == 0
    after_first = (repo.pipeline / "acme/backend.yml").read_text()
    answers = len(github.comments[number])
    result = comment(repo, github, event, tmp_path)  # a re-run of the workflow
    assert result.returncode == 0, result.stderr
    assert (repo.pipeline / "acme/backend.yml").read_text() == after_first
    assert len(github.comments[number]) == answers  # answered once
    assert "ignored: comment 900 on #" in result.stdout and "was already handled" in result.stdout
    assert "\nfalse\n" in result.outputs


def test_done_on_a_deleted_file_says_so(repo, github, issues, tmp_path):
    number = issues[GLOBEX_TITLE]
    (repo.pipeline / "globex.yml").unlink()
    result = comment(repo, github, event_for(github, number, "/done"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert github.comments[number][-1]["body"].startswith("Nothing changed: there is no file for `globex`")
    assert github.issues[number]["state"] == "closed"


def test_done_clears_a_passed_next(repo, github, issues, tmp_path):
    text = (
        "company: Wayne\nrole: Staff\nnext: 2026-11-24   # promised an answer\n"
        "log:\n  - {date: 2026-11-01, type: applied}\n"
    )
    path = repo.opportunity("wayne", text)
    assert inprocess.run(repo, "remind", "--repo", github.repo, "--today", TODAY, env=github.env()).returncode == 0
    number = next(i["number"] for i in github.open_issues() if "id=wayne " in i["body"])
    result = comment(repo, github, event_for(github, number, "/done"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert diff(text, path.read_text()) == (
        ["  - {date: 2026-11-25, type: follow-up}"],
        ["next: 2026-11-24   # promised an answer"],
    )
    assert "removed `next: 2026-11-24`" in github.comments[number][-1]["body"]
    assert github.issues[number]["state"] == "closed"


def test_works_when_the_comments_cannot_be_listed(repo, github, issues, tmp_path):
    number = issues[ACME_TITLE]
    github.inject(404, method="GET", path=r"/comments$", times=10, body={"message": "Not Found"})
    result = comment(repo, github, event_for(github, number, "/done"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "could not read the issue's comments" in result.stderr
    assert github.issues[number]["state"] == "closed"


def test_done_after_logging_by_hand_logs_nothing_more(repo, github, issues, tmp_path):
    number = issues[ACME_TITLE]
    assert (
        inprocess.run(repo, "log", "acme/backend", "thank-you", "--with", "Raj Patel", "--today", TODAY).returncode == 0
    )
    before = (repo.pipeline / "acme/backend.yml").read_text()
    result = comment(repo, github, event_for(github, number, "/done"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert (repo.pipeline / "acme/backend.yml").read_text() == before
    assert github.comments[number][-1]["body"].startswith(
        "Nothing changed: the next follow-up is not due until 2026-12-02 "
        "(the last entry in `pipeline/acme/backend.yml` is from 2026-11-25). Closed this issue."
    )
    assert github.issues[number]["state"] == "closed"
    assert "\nfalse\n" in result.outputs


def test_log_any_type_with_a_note(repo, github, issues, tmp_path):
    number = issues[GLOBEX_TITLE]
    before = (repo.pipeline / "globex.yml").read_text()
    result = comment(repo, github, event_for(github, number, "/log call Talked about the team"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert diff(before, (repo.pipeline / "globex.yml").read_text()) == (
        ["  - {date: 2026-11-25, type: call, note: Talked about the team}"],
        [],
    )
    assert github.comments[number][-1]["body"].startswith("Logged `call` on 2026-11-25 in `pipeline/globex.yml`.")


def test_log_an_unknown_type_says_what_is_expected(repo, github, issues, tmp_path):
    number = issues[GLOBEX_TITLE]
    before = (repo.pipeline / "globex.yml").read_text()
    result = comment(repo, github, event_for(github, number, "/log phonecall"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert github.comments[number][-1]["body"].startswith("Nothing changed: ")
    assert "phonecall" in github.comments[number][-1]["body"]
    assert (repo.pipeline / "globex.yml").read_text() == before
    assert github.issues[number]["state"] == "open"


def test_close_with_an_outcome_closes_the_opportunity_and_the_issue(repo, github, issues, tmp_path):
    number = issues[GLOBEX_TITLE]
    result = comment(
        repo, github, event_for(github, number, "/close rejected Went with an internal candidate"), tmp_path
    )
    assert result.returncode == 0, result.stderr
    text = (repo.pipeline / "globex.yml").read_text()
    assert "stage: closed" in text and "outcome: rejected" in text
    assert "type: rejection" in text and "Went with an internal candidate" in text
    assert github.comments[number][-1]["body"].startswith("Closed as rejected on 2026-11-25 in `pipeline/globex.yml`.")
    assert github.issues[number]["state"] == "closed"


def test_note_adds_a_note_and_the_issue_stays_open(repo, github, issues, tmp_path):
    number = issues[GLOBEX_TITLE]
    before = (repo.pipeline / "globex.yml").read_text()
    result = comment(repo, github, event_for(github, number, "/note Their team is hiring again in March"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert diff(before, (repo.pipeline / "globex.yml").read_text()) == (
        ["  - {date: 2026-11-25, type: note, note: Their team is hiring again in March}"],
        [],
    )
    assert github.comments[number][-1]["body"].endswith(
        "This issue stays open: it is still due.\n<!-- follow-through:reply-to=900 -->"
    )
    assert github.issues[number]["state"] == "open"


@pytest.mark.parametrize(
    "body, why",
    [("/log", "`/log` takes a type"), ("/close", "`/close` takes an outcome"), ("/note", "`/note` takes the text")],
)
def test_commands_without_their_argument_get_help(repo, github, issues, tmp_path, body, why):
    number = issues[ACME_TITLE]
    result = comment(repo, github, event_for(github, number, body), tmp_path)
    assert result.returncode == 0, result.stderr
    assert github.comments[number][-1]["body"].startswith(why)
    assert (repo.pipeline / "acme/backend.yml").read_text() == ACME


def test_snooze_on_a_closed_opportunity_is_refused_as_the_cli_refuses_it(repo, github, issues, tmp_path):
    number = issues[GLOBEX_TITLE]
    assert inprocess.run(repo, "close", "globex", "declined", "--today", TODAY).returncode == 0
    before = (repo.pipeline / "globex.yml").read_text()
    result = comment(repo, github, event_for(github, number, "/snooze 5"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert (repo.pipeline / "globex.yml").read_text() == before  # no `next:` written
    body = github.comments[number][-1]["body"]
    assert body.startswith("Nothing changed: globex is closed (declined), so there is no follow-up to snooze.")
    assert "Snoozed" not in body
    # Finding: the reminder stayed open (`/done` closes it): it has nothing left to remind.
    assert github.issues[number]["state"] == "closed" and "Closed this issue." in body


def test_a_copy_of_the_answer_marker_from_anyone_else_cancels_nothing(repo, github, issues, tmp_path):
    """Finding (medium): `nice <!-- follow-through:reply-to=900 -->` from any commenter made the
    owner's `/done` (comment 900) "already handled": nothing saved."""
    number = issues[ACME_TITLE]
    github.add_comment(number, "nice <!-- follow-through:reply-to=900 -->", login="mallory")
    result = comment(repo, github, event_for(github, number, "/done"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "already handled" not in result.stdout
    assert "type: thank-you" in (repo.pipeline / "acme/backend.yml").read_text()
    assert github.issues[number]["state"] == "closed"


def test_an_answer_never_says_closing_and_says_closed_once_it_is(repo, github, issues, tmp_path):
    number = issues[GLOBEX_TITLE]
    result = comment(repo, github, event_for(github, number, "/replied Call on Friday"), tmp_path)
    assert result.returncode == 0, result.stderr
    body = github.comments[number][-1]["body"]
    assert "Closing" not in body and body.endswith(" Closed this issue.\n<!-- follow-through:reply-to=900 -->")
    closed_at = next(i for i, r in enumerate(github.requests) if r.method == "PATCH")
    answered_at = next(i for i, r in enumerate(github.requests) if r.method == "POST" and r.path.endswith("/comments"))
    assert closed_at < answered_at  # closed first, then said so


def test_snooze_takes_the_same_range_as_the_cli(repo, github, issues, tmp_path):
    """Finding: the CLI allowed 1–3650 days, `/snooze` 1–365; one rule now (edit.snooze_date)."""
    number = issues[GLOBEX_TITLE]
    result = comment(repo, github, event_for(github, number, "/snooze 400"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "next: 2027-12-30" in (repo.pipeline / "globex.yml").read_text()
    event = event_for(github, number, "/snooze 4000")
    event["comment"]["id"] = 901
    assert comment(repo, github, event, tmp_path).returncode == 0
    assert github.comments[number][-1]["body"].startswith("Nothing changed: snooze by 1 to 3650 days, not 4000")
    cli = inprocess.run(repo, "snooze", "globex", "4000", "--today", TODAY)
    assert cli.returncode != 0 and "snooze by 1 to 3650 days, not 4000" in cli.stderr


@pytest.mark.parametrize("when, expected", [("+5", "2026-11-30"), ("2026-12-04", "2026-12-04")])
def test_snooze_takes_the_cli_s_forms(repo, github, issues, tmp_path, when, expected):
    # one snooze rule for `snooze ID WHEN` and `/snooze WHEN` (finding: `+5` worked only in the CLI)
    result = comment(repo, github, event_for(github, issues[ACME_TITLE], f"/snooze {when}"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"next: {expected}" in (repo.pipeline / "acme/backend.yml").read_text()


def test_snooze_to_a_date_past_the_limit_changes_nothing(repo, github, issues, tmp_path):
    number = issues[ACME_TITLE]
    result = comment(repo, github, event_for(github, number, "/snooze 9999-12-31"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert (repo.pipeline / "acme/backend.yml").read_text() == ACME
    assert "more than 3650 days after today" in github.comments[number][-1]["body"]
