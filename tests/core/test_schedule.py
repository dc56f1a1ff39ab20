"""The schedule, rule by rule and in combination (spec: "The schedule")."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

import pytest

from generator.core.schedule import Followup, GoneQuiet, next_followup, planned
from generator.core.settings import Settings

from .helpers import opportunity

TODAY = dt.date(2026, 11, 25)  # a Wednesday
D = dt.date.fromisoformat
DEFAULT = Settings()

HEAD = "company: Acme Corp\nrole: Backend Engineer\n"


def plan(body: str, settings: Settings = DEFAULT, today: dt.date = TODAY):
    return next_followup(opportunity(HEAD + body), settings, today)


CASES = [
    # (name, file body, due, touch)
    ("rule 1: next wins over the cadence", "next: 2026-11-26\nlog:\n  - {date: 2026-11-24, type: applied}\n", "2026-11-26", "check-in"),
    ("rule 1: next on a Saturday moves to Monday", "next: 2026-11-28\n", "2026-11-30", "first-contact"),
    ("rule 2: empty log is due on added", "added: 2026-11-20\n", "2026-11-20", "first-contact"),
    ("rule 2: empty log without added is due today", "", "2026-11-25", "first-contact"),
    ("rule 2: added on a Sunday moves to Monday", "added: 2026-11-22\n", "2026-11-23", "first-contact"),
    ("rule 2: notes alone are no contact", "log:\n  - {date: 2026-11-18, type: note}\n", "2026-11-18", "first-contact"),
    ("rule 3: thank-you the day after an interview", "log:\n  - {date: 2026-11-10, type: applied}\n  - {date: 2026-11-18, type: interview}\n", "2026-11-19", "thank-you"),
    ("rule 3: a note after the call changes nothing", "log:\n  - {date: 2026-11-17, type: call}\n  - {date: 2026-11-18, type: note}\n", "2026-11-18", "thank-you"),
    ("rule 3+6: Friday interview, thank-you on Monday", "log:\n  - {date: 2026-11-20, type: screen}\n", "2026-11-23", "thank-you"),
    ("rule 4: after a thank-you, the 1st gap", "log:\n  - {date: 2026-11-18, type: meeting}\n  - {date: 2026-11-19, type: thank-you}\n", "2026-11-26", "check-in"),
    ("rule 4: applied once, 7 days later", "log:\n  - {date: 2026-11-10, type: applied}\n", "2026-11-17", "check-in"),
    ("rule 4: 2nd follow-up 10 days after the last, and not the same kind", "log:\n  - {date: 2026-11-03, type: applied}\n  - {date: 2026-11-10, type: follow-up}\n", "2026-11-20", "share-update"),
    ("rule 4: 3rd follow-up 14 days after", "log:\n  - {date: 2026-11-03, type: applied}\n  - {date: 2026-11-10, type: follow-up}\n  - {date: 2026-11-12, type: follow-up}\n", "2026-11-26", "check-in"),
    ("rule 4: a reply after three touches restarts the count", "log:\n  - {date: 2026-10-01, type: applied}\n  - {date: 2026-10-08, type: follow-up}\n  - {date: 2026-10-18, type: follow-up}\n  - {date: 2026-11-20, type: reply}\n", "2026-11-27", "check-in"),
    ("rule 4: notes do not count as touches", "log:\n  - {date: 2026-11-10, type: applied}\n  - {date: 2026-11-16, type: note}\n", "2026-11-17", "check-in"),
    ("rule 4: same-day entries keep file order (reply last)", "log:\n  - {date: 2026-11-16, type: applied}\n  - {date: 2026-11-16, type: reply}\n", "2026-11-23", "check-in"),
    ("rule 4: same-day entries keep file order (applied last)", "log:\n  - {date: 2026-11-16, type: reply}\n  - {date: 2026-11-16, type: applied}\n", "2026-11-23", "check-in"),
    ("log order in the file does not matter", "log:\n  - {date: 2026-11-10, type: follow-up}\n  - {date: 2026-11-03, type: applied}\n", "2026-11-20", "share-update"),
    ("rule 4: an unused idea makes it a value-add", "ideas: [\"Lag: a back-pressure sketch\"]\nlog:\n  - {date: 2026-11-10, type: applied}\n", "2026-11-17", "value-add"),
    ("rule 5: wait_until holds a due date back", "wait_until: 2026-12-02\nlog:\n  - {date: 2026-11-20, type: applied}\n", "2026-12-02", "check-in"),
    ("rule 5+6: wait_until on a Saturday lands on Monday", "wait_until: 2026-12-05\nlog:\n  - {date: 2026-11-20, type: applied}\n", "2026-12-07", "check-in"),
    ("rule 5: an earlier wait_until changes nothing", "wait_until: 2026-11-01\nlog:\n  - {date: 2026-11-20, type: applied}\n", "2026-11-27", "check-in"),
    ("rule 5 applies to next too", "wait_until: 2026-12-01\nnext: 2026-11-26\n", "2026-12-01", "first-contact"),
    ("rule 6: a due Saturday moves to Monday", "log:\n  - {date: 2026-11-21, type: applied}\n", "2026-11-30", "check-in"),
    ("own cadence wins", "cadence: [3, 3]\nlog:\n  - {date: 2026-11-16, type: applied}\n", "2026-11-19", "check-in"),
]


@pytest.mark.parametrize("name,body,due,touch", CASES, ids=[c[0] for c in CASES])
def test_rules(name, body, due, touch):
    result = plan(body)
    assert isinstance(result, Followup), result
    assert (result.due, result.touch) == (D(due), touch)


def test_gone_quiet_after_the_last_gap():
    result = plan(
        "log:\n  - {date: 2026-10-01, type: applied}\n  - {date: 2026-10-08, type: follow-up}\n"
        "  - {date: 2026-10-18, type: follow-up}\n  - {date: 2026-11-01, type: follow-up}\n"
    )
    assert isinstance(result, GoneQuiet)
    assert result.touches == 4 and result.since == D("2026-11-01")
    assert "ghosted" in result.reason and "different contact" in result.reason


def test_gone_quiet_with_own_short_cadence():
    assert isinstance(plan("cadence: [5]\nlog:\n  - {date: 2026-11-10, type: applied}\n"), GoneQuiet)


def test_next_brings_back_a_quiet_opportunity():
    result = plan("next: 2026-12-01\ncadence: [5]\nlog:\n  - {date: 2026-11-10, type: applied}\n")
    assert isinstance(result, Followup) and result.due == D("2026-12-01")


def test_closed_has_no_followup():
    assert plan("stage: closed\noutcome: withdrawn\n") is None
    assert plan("log:\n  - {date: 2026-11-10, type: applied}\n  - {date: 2026-11-12, type: rejection}\n") is None


def test_skip_weekends_off_keeps_saturday():
    settings = Settings(skip_weekends=False)
    assert plan("log:\n  - {date: 2026-11-21, type: applied}\n", settings).due == D("2026-11-28")


def test_per_stage_gaps_from_settings():
    settings = Settings(stage_gaps=MappingProxyType({"interviewing": (2, 3)}))
    body = "stage: interviewing\nlog:\n  - {date: 2026-11-16, type: applied}\n"
    assert plan(body, settings).due == D("2026-11-19")  # gaps[1] = 3
    assert plan("cadence: [9, 9]\n" + body, settings).due == D("2026-11-25")  # own cadence wins


def test_reason_names_the_follow_up_and_gap():
    result = plan("log:\n  - {date: 2026-11-03, type: applied}\n  - {date: 2026-11-10, type: follow-up}\n")
    assert result.reason == "2nd follow-up: 10 days after your last one"


def test_value_add_quotes_ideas_in_order_and_skips_used_ones():
    body = (
        "cadence: [7, 7, 7, 7, 7]\n"
        "ideas:\n  - \"Lag: back-pressure\"\n  - Webhook retries\n  - Cost dashboard\n"
        "log:\n  - {date: 2026-11-10, type: applied}\n"
        "  - {date: 2026-11-12, type: value-add, note: Sent my notes on webhook retries}\n"
    )
    assert plan(body).idea == "Lag: back-pressure"
    body += "  - {date: 2026-11-14, type: value-add, note: Sent a sketch}\n"
    result = plan(body)
    assert (result.touch, result.idea) == ("value-add", "Cost dashboard")
    body += "  - {date: 2026-11-16, type: value-add}\n"
    assert plan(body).touch in ("check-in", "share-update")


def test_contact_is_the_person_last_talked_to():
    body = (
        "contacts:\n  - name: Jane Doe\n  - name: Raj Patel\n"
        "log:\n  - {date: 2026-11-18, type: interview, with: raj patel}\n"
    )
    assert plan(body).contact == "Raj Patel"
    assert plan("contacts:\n  - name: Jane Doe\n").contact == "Jane Doe"


def test_planned_touches_ahead_follow_the_cadence_until_quiet():
    opp = opportunity(HEAD + "log:\n  - {date: 2026-11-02, type: applied}\n")
    dates = [p.due for p in planned(opp, DEFAULT, D("2026-11-02"))]
    # 7 days, then 10, then 14 after each previous one, weekends moved to Monday.
    assert dates == [D("2026-11-09"), D("2026-11-19"), D("2026-12-03")]


def test_planned_after_an_interview_starts_with_the_thank_you():
    opp = opportunity(HEAD + "log:\n  - {date: 2026-11-18, type: interview}\n")
    touches = [p.touch for p in planned(opp, DEFAULT, TODAY)]
    assert touches[0] == "thank-you" and len(touches) == 4
