"""Ending an opportunity, a spent `next:`, a cadence that goes quiet at once, an undated lead.

Spec: "Log types" (a closing entry closes it whatever `stage:` says), "The schedule" rule 1.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from generator.core.schedule import next_followup, planned
from generator.core.settings import Settings

from .helpers import opportunity

TODAY = "2026-11-25"  # a Wednesday
HEAD = "company: Acme Corp\nrole: Backend Engineer\n"


def _due(project, *extra):
    result = project.run("due", "--json", "--within", "60", "--today", TODAY, *extra)
    assert result.returncode == 0, result.stderr
    return {i["id"]: i for i in json.loads(result.stdout)}


# --- item 1: a closing entry ends it ------------------------------------------------------------

@pytest.mark.parametrize("closing,outcome", [
    ("rejection", "rejected"), ("accepted", "accepted"), ("declined", "declined"), ("withdrew", "withdrawn"),
])
def test_a_closing_entry_closes_it_whatever_stage_says(closing, outcome):
    opp = opportunity(HEAD + f"stage: applied\nlog:\n  - {{date: 2026-11-10, type: applied}}\n"
                      f"  - {{date: 2026-11-18, type: {closing}}}\n  - {{date: 2026-11-19, type: note}}\n")
    assert (opp.stage, opp.outcome, opp.is_open) == ("closed", outcome, False)
    assert next_followup(opp, Settings(), dt.date(2026, 11, 25)) is None
    assert planned(opp, Settings(), dt.date(2026, 11, 25)) == []


def test_a_written_outcome_wins_over_the_derived_one():
    opp = opportunity(HEAD + "stage: applied\noutcome: withdrawn\nlog:\n  - {date: 2026-11-18, type: rejection}\n")
    assert (opp.stage, opp.outcome) == ("closed", "withdrawn")


def test_nobody_is_told_to_follow_up_after_a_rejection(project):
    # The layout the README and `new` write: `stage: applied` stays in the file.
    project.opportunity("acme", HEAD + "stage: applied\nnext: 2026-11-27\nlog:\n"
                        "  - {date: 2026-11-10, type: applied}\n  - {date: 2026-11-20, type: rejection}\n")
    assert _due(project) == {}
    text = project.run("due", "--today", TODAY).stdout
    assert "Acme" not in text and "keep it moving" not in text
    check = project.run("check", "--today", TODAY)
    assert check.returncode == 0, check.stdout
    assert check.stdout == (
        "pipeline/acme.yml:3:8: warning: stage: 'applied' is out of date: the last entry is 'rejection' "
        "(2026-11-20), so it is closed (outcome rejected); set stage: closed\n"
    )


def test_a_later_entry_reopens_it(project):
    body = ("log:\n  - {date: 2026-11-02, type: applied}\n  - {date: 2026-11-10, type: rejection}\n"
            "  - {date: 2026-11-16, type: reply, note: another role}\n")
    project.opportunity("written", HEAD + "stage: applied\n" + body)
    project.opportunity("derived", HEAD + body)
    items = _due(project)
    assert {k: (v["stage"], v["due"], v["touch"]) for k, v in items.items()} == {
        "derived": ("applied", "2026-11-23", "check-in"),  # 7 days after their reply
        "written": ("applied", "2026-11-23", "check-in"),
    }
    assert project.run("check", "--today", TODAY).stdout == ""


# --- item 2: a spent next ---------------------------------------------------------------------

def test_a_touch_on_or_after_next_spends_it(project):
    project.opportunity("later", HEAD + "next: 2026-11-12\nlog:\n  - {date: 2026-11-03, type: applied}\n"
                        "  - {date: 2026-11-13, type: follow-up}\n")
    project.opportunity("same-day", HEAD + "next: 2026-11-13\nlog:\n  - {date: 2026-11-03, type: applied}\n"
                        "  - {date: 2026-11-13, type: follow-up}\n")
    project.opportunity("only-a-note", HEAD + "next: 2026-11-12\nlog:\n  - {date: 2026-11-03, type: applied}\n"
                        "  - {date: 2026-11-13, type: note}\n")
    items = _due(project)
    assert items["later"]["due"] == items["same-day"]["due"] == "2026-11-23"  # 2nd follow-up: 10 days after
    assert items["only-a-note"]["due"] == "2026-11-12"  # a note spends nothing
    out = project.run("check", "--today", TODAY).stdout
    assert ("pipeline/later.yml:3:7: warning: next: 2026-11-12 is spent: you logged 'follow-up' on 2026-11-13, "
            "so the schedule goes by the log again; remove next:") in out
    assert "pipeline/same-day.yml:3:7: warning: next: 2026-11-13 is spent" in out
    assert "only-a-note.yml:3:7: warning: next: 2026-11-12 has already passed" in out
    assert "later.yml:3:7: warning: next: 2026-11-12 has already passed" not in out


# --- item 7: a cadence that goes quiet right after the first touch ------------------------------

def test_a_one_gap_cadence_is_warned_about(project):
    project.opportunity("short", HEAD + "cadence: [14]\nlog:\n  - {date: 2026-11-20, type: applied}\n")
    project.opportunity("fine", HEAD + "cadence: [14, 14]\nlog:\n  - {date: 2026-11-20, type: applied}\n")
    out = project.run("check", "--today", TODAY).stdout
    assert out == (
        "pipeline/short.yml:3:10: warning: cadence: [14] goes quiet right after your first touch: "
        "gaps[0] is the wait after their reply, gaps[1] after you apply, gaps[2] after your 1st follow-up, "
        "and so on; give at least two gaps, like [14, 14]\n"
    )
    assert _due(project)["fine"]["due"] == "2026-12-04"


def test_a_one_gap_cadence_in_the_settings_is_warned_about(project):
    project.write("mkdocs.yml", "site_name: t\nplugins:\n  - follow-through:\n      cadence:\n"
                  "        default: [7, 7]\n        applied: [10]\n", dedent=False)
    project.opportunity("acme", HEAD + "added: 2026-11-20\n")
    result = project.run("check", "--today", TODAY)
    assert result.returncode == 0
    assert result.stdout.startswith(
        "mkdocs.yml:6:18: warning: plugins: follow-through: cadence: applied: [10] goes quiet right after your "
        "first touch"
    )
    assert result.stderr.strip() == "checked 1 file: 0 errors, 1 warning"
    project.write("mkdocs.yml", "site_name: t\nplugins:\n  - follow-through:\n      cadence: [14]\n", dedent=False)
    assert project.run("check").stdout.startswith(
        "mkdocs.yml:4:16: warning: plugins: follow-through: cadence: [14] goes"
    )


# --- item 12: a lead with no date ---------------------------------------------------------------


def test_a_lead_without_added_or_log_is_warned_about(project):
    project.opportunity("undated", HEAD)
    project.opportunity("dated", HEAD + "added: 2026-11-20\n")
    project.opportunity("logged", HEAD + "log:\n  - {date: 2026-11-20, type: note}\n")
    project.opportunity("closed", HEAD + "stage: closed\n")
    assert project.run("check", "--today", TODAY).stdout == (
        "pipeline/undated.yml:1:1: warning: no added: and no log: it shows as due today, every day; "
        "set added: to the day you found it (YYYY-MM-DD)\n"
    )


def test_the_recruiter_coming_back_reopens_a_file_log_closed(project):
    project.opportunity("acme", HEAD + "stage: applied\nlog:\n  - {date: 2026-11-02, type: applied}\n")
    assert project.run("log", "acme", "rejection", "--date", "2026-11-10").returncode == 0
    assert "stage: closed" in (project.pipeline / "acme.yml").read_text()
    assert _due(project) == {}
    logged = project.run("log", "acme", "reply", "--date", "2026-11-16", "--note", "another role")
    assert logged.returncode == 0, logged.stderr
    item = _due(project)["acme"]
    assert (item["stage"], item["due"]) == ("applied", "2026-11-23")


def test_a_hand_logged_entry_after_a_written_close_reopens_it_and_check_says_so(project):
    project.opportunity(
        "acme",
        HEAD + "stage: closed\noutcome: rejected\nlog:\n  - {date: 2026-11-02, type: applied}\n"
        "  - {date: 2026-11-10, type: rejection}\n  - {date: 2026-11-16, type: reply}\n",
    )
    item = _due(project)["acme"]
    assert (item["stage"], item["due"]) == ("applied", "2026-11-23")
    assert project.run("check", "--today", TODAY).stdout == (
        "pipeline/acme.yml:3:8: warning: stage: 'closed' is out of date: you logged 'reply' (2026-11-16) after the "
        "'rejection' (2026-11-10), so it is open again; set the stage (and remove outcome:)\n"
    )
