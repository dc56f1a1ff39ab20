"""Reminder issues are the automation's, found by their marker whatever their label; the user's own
text in them survives; one closed by hand stays closed until the due date changes."""

from __future__ import annotations

from .samples import ACME_TITLE, GLOBEX_TITLE, write_samples
from .test_remind import remind, titles


def test_renaming_the_label_opens_no_duplicates_and_puts_it_back(repo, github, tmp_path):
    write_samples(repo)
    assert remind(repo, github).returncode == 0
    for issue in github.issues.values():  # the user renamed the label on GitHub
        issue["labels"] = [{"name": "to-do"}]
    del github.labels["follow-up"]
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    assert "0 created, 2 updated" in result.stdout and "(label)" in result.stdout
    assert len(github.issues) == 2
    assert all([lb["name"] for lb in i["labels"]] == ["to-do", "follow-up"] for i in github.issues.values())
    assert "follow-up" in github.labels  # made again
    assert not [r for r in github.writes() if r.method == "PATCH"]  # title and body untouched
    again = remind(repo, github)
    assert "2 unchanged" in again.stdout


def test_a_comment_command_works_on_a_reminder_that_lost_its_label(repo, github, tmp_path):
    """Finding: after a label rename, comment commands on the reminders were skipped."""
    from .comment_events import comment, event_for

    write_samples(repo)
    assert remind(repo, github).returncode == 0
    number = next(n for n, i in github.issues.items() if i["title"] == ACME_TITLE)
    github.issues[number]["labels"] = []
    event = event_for(github, number, "/done")
    event["issue"]["labels"] = []
    result = comment(repo, github, event, tmp_path)
    assert result.returncode == 0, result.stderr
    assert github.issues[number]["state"] == "closed"
    assert "type: thank-you" in (repo.pipeline / "acme/backend.yml").read_text()


def test_an_issue_with_the_marker_not_opened_by_the_automation_is_never_touched(repo, github):
    write_samples(repo)
    mine = github.add_issue("My own copy", "<!-- follow-through:id=acme/backend -->\nnotes")
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    assert github.issues[mine]["state"] == "open" and github.issues[mine]["body"].endswith("notes")
    assert ACME_TITLE in titles(github)  # ours was opened beside it


def test_text_added_below_the_generated_part_survives_updates(repo, github):
    write_samples(repo)
    assert remind(repo, github).returncode == 0
    number = next(i["number"] for i in github.open_issues() if i["title"] == ACME_TITLE)
    github.issues[number]["body"] += "\nMy notes: mention the 🚀 launch, and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢.\n"
    repo.opportunity("acme/backend", (repo.pipeline / "acme/backend.yml").read_text().replace(
        "role: Senior Backend Engineer", "role: Staff Backend Engineer"))
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    body = github.issues[number]["body"]
    assert "Staff Backend Engineer" in body
    assert body.endswith("\nMy notes: mention the 🚀 launch, and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢.\n")
    assert "0 updated" in remind(repo, github).stdout  # and it stays as it is


def test_a_reminder_closed_by_hand_stays_closed_until_the_due_date_changes(repo, github):
    write_samples(repo)
    assert remind(repo, github).returncode == 0
    number = next(i["number"] for i in github.open_issues() if i["title"] == GLOBEX_TITLE)
    github.issues[number]["state"] = "closed"  # the user closed it on GitHub
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    assert GLOBEX_TITLE not in titles(github) and len(github.issues) == 2
    # The due date changes (a snooze that has passed): a reminder for the new date opens.
    repo.opportunity("globex", (repo.pipeline / "globex.yml").read_text() + "next: 2026-11-20\n")
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    assert "Follow up: Globex — Data Engineer (due 2026-11-20)" in titles(github)
