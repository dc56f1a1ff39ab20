"""`close` and closing log types end an opportunity: one entry, `stage: closed`, `outcome:`; nothing else moves."""

from __future__ import annotations

import json

import pytest

from tests.gitkit import diff_lines, git

TODAY = "2026-11-25"

STAGE_APPLIED = "stage: applied                    # lead | applied | screening | interviewing | offer | closed"
STAGE_CLOSED = "stage: closed                     # lead | applied | screening | interviewing | offer | closed"

APPLIED = "company: Acme Corp\nrole: Backend Engineer\n" + STAGE_APPLIED + """
added: 2026-11-02
contacts:
  - name: Jane Doe
log:
  - {date: 2026-11-10, type: applied}
# the end
"""


@pytest.fixture
def tracked(project):
    project.opportunity("acme", APPLIED)
    git(project.root, "init", "-q")
    git(project.root, "add", "-A")
    git(project.root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start")
    return project


def due_ids(project) -> list[str]:
    return [d["id"] for d in json.loads(project.run("due", "--json", "--today", TODAY, "--within", "60").stdout)]


@pytest.mark.parametrize(
    "outcome, entry",
    [
        ("rejected", "  - {date: 2026-11-25, type: rejection, note: no feedback}"),
        ("accepted", "  - {date: 2026-11-25, type: accepted, note: no feedback}"),
        ("declined", "  - {date: 2026-11-25, type: declined, note: no feedback}"),
        ("withdrawn", "  - {date: 2026-11-25, type: withdrew, note: no feedback}"),
        ("ghosted", "  - {date: 2026-11-25, type: note, note: no feedback}"),
    ],
)
def test_close_logs_the_matching_entry_and_closes(tracked, outcome, entry):
    result = tracked.run("close", "acme", outcome, "--note", "no feedback", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    added, removed = diff_lines(tracked.root)
    assert removed == [STAGE_APPLIED]
    assert added == [
        STAGE_CLOSED,
        f"outcome: {outcome}",
        entry,
    ]
    assert f"stage: closed, outcome: {outcome} in pipeline/acme.yml" in result.stdout
    assert tracked.run("check", "--today", TODAY).returncode == 0
    assert "acme" not in due_ids(tracked)


def test_ghosted_without_a_note_says_so_in_the_note(tracked):
    assert tracked.run("close", "acme", "ghosted", "--date", "2026-11-24", "--today", TODAY).returncode == 0
    added, _ = diff_lines(tracked.root)
    assert added[-1] == "  - {date: 2026-11-24, type: note, note: 'closed: ghosted'}"


def test_closing_twice_changes_nothing_and_says_so(tracked):
    assert tracked.run("close", "acme", "rejected", "--today", TODAY).returncode == 0
    before = (tracked.pipeline / "acme.yml").read_text()
    again = tracked.run("close", "acme", "rejected", "--today", "2026-11-26")
    assert again.returncode == 0, again.stderr
    assert "acme is already closed (rejected) in pipeline/acme.yml; nothing changed" in again.stdout
    assert (tracked.pipeline / "acme.yml").read_text() == before


def test_a_file_without_stage_gets_stage_and_outcome_after_role(project):
    path = project.opportunity("x", "company: X\nrole: Y   # the role\nlog:\n  - {date: 2026-11-10, type: applied}\n")
    assert project.run("close", "x", "withdrawn", "--today", TODAY).returncode == 0
    assert path.read_text() == (
        "company: X\nrole: Y   # the role\nstage: closed\noutcome: withdrawn\n"
        "log:\n  - {date: 2026-11-10, type: applied}\n  - {date: 2026-11-25, type: withdrew}\n"
    )


@pytest.mark.parametrize("logged", ["2026-11-25", "2026-11-20"], ids=["the same day", "days before"])
def test_a_rejection_already_logged_by_hand_is_not_logged_twice(project, logged):
    text = (
        f"company: X\nrole: Y\nlog:\n  - {{date: 2026-11-10, type: applied}}\n  - {{date: {logged}, type: rejection}}\n"
    )
    path = project.opportunity("x", text)
    result = project.run("close", "x", "rejected", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert path.read_text() == text.replace("role: Y\n", "role: Y\nstage: closed\noutcome: rejected\n")


@pytest.mark.parametrize(
    "args, message",
    [
        (["acme", "rejectd"], "'rejectd' is not an outcome; did you mean 'rejected'?"),
        (["acmee", "rejected"], "no opportunity 'acmee'"),
    ],
)
def test_close_refuses_bad_arguments(tracked, args, message):
    result = tracked.run("close", *args, "--today", TODAY)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert diff_lines(tracked.root) == ([], [])


@pytest.mark.parametrize(
    "log_type, outcome",
    [("rejection", "rejected"), ("accepted", "accepted"), ("declined", "declined"), ("withdrew", "withdrawn")],
)
def test_log_with_a_closing_type_closes_the_file(tracked, log_type, outcome):
    result = tracked.run("log", "acme", log_type, "--today", TODAY)
    assert result.returncode == 0, result.stderr
    added, removed = diff_lines(tracked.root)
    assert removed == [STAGE_APPLIED]
    assert added == [
        STAGE_CLOSED,
        f"outcome: {outcome}",
        f"  - {{date: 2026-11-25, type: {log_type}}}",
    ]
    assert f"closed acme: stage: closed, outcome: {outcome}" in result.stdout
    assert "acme is closed" in result.stdout and "nothing more is due" in result.stdout
    assert "acme" not in due_ids(tracked)


def test_a_closed_file_with_an_outcome_gets_the_new_one_in_place(project):
    text = (
        "company: X\nrole: Y\nstage: closed\noutcome: ghosted   # no answer\n"
        "log:\n  - {date: 2026-11-10, type: applied}\n"
    )
    path = project.opportunity("x", text)
    assert project.run("close", "x", "rejected", "--today", TODAY).returncode == 0
    assert path.read_text() == text.replace("ghosted   #", "rejected  #") + "  - {date: 2026-11-25, type: rejection}\n"


def test_a_later_entry_reopens_what_close_closed(tracked):
    """The recruiter comes back with another role: the entry reopens the file `close` closed."""
    assert tracked.run("close", "acme", "rejected", "--date", "2026-11-20", "--today", TODAY).returncode == 0
    assert "acme" not in due_ids(tracked)
    result = tracked.run("log", "acme", "screen", "--with", "Jane Doe", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "reopened acme: stage: screening" in result.stdout
    added, removed = diff_lines(tracked.root)  # against the file before both edits
    assert removed == [STAGE_APPLIED]
    assert added == [
        "stage: screening                  # lead | applied | screening | interviewing | offer | closed",
        "  - {date: 2026-11-20, type: rejection}",
        "  - {date: 2026-11-25, type: screen, with: Jane Doe}",
    ]
    assert "acme" in due_ids(tracked)  # a thank-you is due after the screen


@pytest.mark.parametrize("log_type", ["note", "rejection"])
def test_a_note_or_another_closing_entry_does_not_reopen(tracked, log_type):
    assert tracked.run("close", "acme", "rejected", "--date", "2026-11-20", "--today", TODAY).returncode == 0
    assert tracked.run("log", "acme", log_type, "--note", "feedback call", "--today", TODAY).returncode == 0
    text = (tracked.pipeline / "acme.yml").read_text()
    assert "stage: closed" in text and "outcome: rejected" in text
    assert "acme" not in due_ids(tracked)


def test_reopening_keeps_the_comments_below_the_outcome(project):
    text = (
        "company: X\nrole: Y\nstage: closed   # done\noutcome: ghosted   # no answer\n# the log:\n"
        "log:\n  - {date: 2026-11-10, type: applied}\n"
    )
    path = project.opportunity("x", text)
    assert project.run("log", "x", "reply", "--today", TODAY).returncode == 0
    assert path.read_text() == (
        "company: X\nrole: Y\nstage: applied  # done\n# the log:\n"
        "log:\n  - {date: 2026-11-10, type: applied}\n  - {date: 2026-11-25, type: reply}\n"
    )
