"""Planned conversations: a two-way entry dated after today (an interview booked for Thursday).

Nothing is due before it, the thank-you falls due the day after; `check` accepts it (any other
future entry is a warning); `log` accepts it; a closing entry written by `log` or `close` turns
the planned conversations after it into notes; one planned after a closing entry in a file
edited by hand is a warning.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from generator.core.schedule import Followup, next_followup
from generator.core.settings import Settings
from tests.core.helpers import opportunity

D = dt.date.fromisoformat
TODAY = "2026-12-07"  # a Monday

APPLIED = """\
company: Acme Corp
role: Backend Engineer
contacts:
  - name: Jane Doe
log:
  - {date: 2026-11-23, type: applied}
"""


@pytest.mark.parametrize(
    ("entries", "due", "touch"),
    [
        # applied on the 23rd: a follow-up would be due on the 30th, but the screen on the 10th holds it
        ("  - {date: 2026-12-10, type: screen, with: Jane Doe}\n", "2026-12-11", "thank-you"),
        # booked for a Friday: the thank-you falls on Saturday, moved to Monday
        ("  - {date: 2026-12-11, type: interview}\n", "2026-12-14", "thank-you"),
        # a reply today, then the call on the 9th: the thank-you the day after the call
        ("  - {date: 2026-12-07, type: reply}\n  - {date: 2026-12-09, type: call}\n", "2026-12-10", "thank-you"),
        # booked far ahead: still nothing before it
        ("  - {date: 2027-01-20, type: meeting}\n", "2027-01-21", "thank-you"),
    ],
)
def test_nothing_is_due_before_a_planned_conversation_and_the_thank_you_the_day_after(entries, due, touch):
    plan = next_followup(opportunity(APPLIED + entries), Settings(), D(TODAY))
    assert isinstance(plan, Followup)
    assert (plan.due, plan.touch) == (D(due), touch)


def test_due_does_not_list_an_opportunity_whose_conversation_is_ahead(project):
    project.opportunity("acme", APPLIED + "  - {date: 2026-12-10, type: screen}\n")
    result = project.run("due", "--json", "--today", TODAY, "--within", "2")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    result = project.run("due", "--json", "--today", "2026-12-11")
    assert [(i["id"], i["due"], i["touch"]) for i in json.loads(result.stdout)] == [("acme", "2026-12-11", "thank-you")]


def test_check_accepts_a_planned_conversation_and_warns_of_other_future_entries(project):
    project.opportunity("acme", APPLIED + "  - {date: 2026-12-10, type: interview}\n")
    project.opportunity("beta", APPLIED.replace("Acme", "Beta") + "  - {date: 2026-12-10, type: follow-up}\n")
    result = project.run("check", "--today", TODAY)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "pipeline/beta.yml:7:5: warning: log: the entry of 2026-12-10 (follow-up) is after today (2026-12-07)"
    ]


def test_check_warns_of_a_conversation_planned_after_a_closing_entry_in_a_hand_edited_file(project):
    project.opportunity("acme", APPLIED + "  - {date: 2026-12-01, type: rejection}\n"
                                           "  - {date: 2026-12-10, type: interview}\n")
    result = project.run("check", "--today", TODAY)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "pipeline/acme.yml:8:5: warning: log: the interview planned on 2026-12-10 comes after the rejection of "
        "2026-12-01: it reopens the opportunity; if it is off, make it a note (type: note)"
    ]


def test_log_accepts_a_planned_conversation_without_a_warning(project):
    path = project.opportunity("acme", APPLIED)
    result = project.run("log", "acme", "screen", "--date", "2026-12-10", "--with", "jane", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    assert "planned: screen on 2026-12-10" in result.stdout
    assert path.read_text().endswith("  - {date: 2026-12-10, type: screen, with: Jane Doe}\n")
    assert project.run("check", "--today", TODAY).stdout == ""


def test_a_future_follow_up_logged_still_warns(project):
    project.opportunity("acme", APPLIED)
    result = project.run("log", "acme", "follow-up", "--date", "2026-12-10", "--today", TODAY)
    assert result.returncode == 0 and "is after today" in result.stderr


@pytest.mark.parametrize("command", [("log", "acme", "rejection"), ("close", "acme", "rejected")])
def test_a_closing_entry_turns_the_planned_conversations_after_it_into_notes(project, command):
    path = project.opportunity("acme", APPLIED + "  - {date: 2026-12-10, type: interview, with: Jane Doe}\n"
                                                 "  - date: 2026-12-14\n    type: call   # with the CTO\n")
    result = project.run(*command, "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "cancelled the interview planned on 2026-12-10: a note now (cancelled: closed)\n" in result.stdout
    assert "cancelled the call planned on 2026-12-14" in result.stdout
    text = path.read_text()
    assert "  - {date: 2026-12-07, type: note, with: Jane Doe, note: 'cancelled: closed'}\n" in text
    assert "  - date: 2026-12-07\n    type: note   # with the CTO\n    note: 'cancelled: closed'\n" in text
    assert "stage: closed" in text and "outcome: rejected" in text
    # the day of the interview comes: nothing reopens, nothing is due
    check = project.run("check", "--today", "2026-12-15")
    assert check.returncode == 0 and check.stdout == "", check.stdout
    assert json.loads(project.run("due", "--json", "--today", "2026-12-15").stdout) == []


def test_a_conversation_planned_after_a_closing_entry_reopens(project):
    path = project.opportunity("acme", APPLIED + "  - {date: 2026-12-01, type: rejection}\n")
    project.run("log", "acme", "rejection", "--date", "2026-12-01", "--today", TODAY)  # writes stage: closed
    path.write_text(APPLIED + "  - {date: 2026-12-01, type: rejection}\n", encoding="utf-8")
    result = project.run("log", "acme", "interview", "--date", "2026-12-10", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    due = json.loads(project.run("due", "--json", "--today", "2026-12-11").stdout)
    assert [(i["id"], i["touch"]) for i in due] == [("acme", "thank-you")]
