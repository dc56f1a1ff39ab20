"""Insight figures against a pipeline whose answers were counted by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.core.agenda import schedule_all
from generator.core.insight import insight, touch_outcomes
from generator.core.settings import Settings
from generator.core.validate import validate_text

TODAY = dt.date(2026, 11, 25)


def opportunity(text: str, opp_id: str):
    found, problems = validate_text(opp_id, f"pipeline/{opp_id}.yml", text)
    assert found is not None and not [p for p in problems if p.is_error], problems
    return found


def opp(opp_id: str, source: str | None, channel: str | None, *entries: str, extra: str = ""):
    src = f"source: {source}\n" if source else ""
    ch = f", channel: {channel}" if channel else ""
    log = "".join(f"  - {{date: {d}, type: {t}{ch if t in ('applied', 'follow-up') else ''}}}\n"
                  for d, t in (e.split() for e in entries))
    return opportunity(f"company: C {opp_id}\nrole: R\n{src}{extra}log:\n{log}", opp_id)


# Hand count (today 2026-11-25; an answer counts within 21 days of a touch):
#   referral, email:   r1 2 days, r2 4 days (screen), r3 6 days, r4 30 days (too late), r5 none (+ a
#                      follow-up, none), r6 none (closed ghosted); fresh: applied 5 days ago, pending.
#   job board, linkedin: j1 10 days; j2-j5 none, each with an unanswered follow-up.
#   meetup, no channel: m1 21 days (the last day counts), m2 none (closed ghosted), p2 2 days.
PIPELINE = [
    opp(
        "r1", "referral", "email", "2026-09-01 applied", "2026-09-03 reply", "2026-09-10 interview", "2026-09-20 offer"
    ),
    opp("r2", "referral", "email", "2026-09-01 applied", "2026-09-05 screen"),
    opp("r3", "Referral", "email", "2026-09-01 applied", "2026-09-07 reply"),
    opp("r4", "referral", "email", "2026-09-01 applied", "2026-10-01 reply"),
    opp("r5", "referral", "email", "2026-09-01 applied", "2026-09-08 follow-up"),
    opp("r6", "referral", "email", "2026-09-01 applied", extra="stage: closed\noutcome: ghosted\n"),
    opp("fresh", "referral", "email", "2026-11-20 applied"),
    opp("j1", "job board", "linkedin", "2026-09-01 applied", "2026-09-11 reply"),
    *[opp(f"j{i}", "job board", "linkedin", "2026-09-01 applied", "2026-09-08 follow-up") for i in range(2, 6)],
    opp("m1", "meetup", None, "2026-09-01 applied", "2026-09-22 reply"),
    opp("m2", "meetup", None, "2026-09-01 applied", extra="stage: closed\noutcome: ghosted\n"),
    opp("p2", "meetup", None, "2026-11-01 applied", "2026-11-03 reply"),
]


@pytest.fixture(scope="module")
def figures():
    # A long quiet_grace: these figures count the touches that went unanswered (k past the cadence),
    # not how long ago (the September history here would all have gone quiet by the grace).
    _, quiet = schedule_all(PIPELINE, Settings(quiet_grace=3650), TODAY)
    return insight(PIPELINE, TODAY, {q.opp.id for q in quiet})


def rows(chart):
    return {r.label: (r.hits, r.total, r.shown) for r in chart.rows}


def test_reply_rate_by_touch_kind(figures):
    assert figures.touches == 19 and figures.pending == 1
    assert rows(figures.by_touch) == {"applied": (6, 14, True), "follow-up": (0, 5, True)}
    assert figures.by_touch.sentence == "Applications got answers (6 of 14); follow-ups got none (0 of 5)."
    assert figures.by_touch.withheld_note == ""


def test_reply_rate_by_channel(figures):
    assert rows(figures.by_channel) == {
        "email": (3, 7, True),
        "linkedin": (1, 9, True),
        "not recorded": (2, 3, False),
    }
    assert figures.by_channel.sentence == (
        "Touches by email were answered 3.9 times as often as touches by linkedin (3 of 7 vs 1 of 9)."
    )
    assert figures.by_channel.withheld_note == "Withheld, fewer than 5 touches each: not recorded (3)."


def test_reply_rate_by_source(figures):
    assert rows(figures.by_source) == {"job board": (1, 9, True), "referral": (3, 7, True), "meetup": (2, 3, False)}
    assert figures.by_source.sentence == (
        "Opportunities from referral were answered 3.9 times as often as opportunities from job board "
        "(3 of 7 vs 1 of 9)."
    )
    assert "meetup (3)" in figures.by_source.withheld_note


def test_median_days_to_a_reply(figures):
    # answered after 2, 2, 4, 6, 10 and 21 days
    assert figures.answered == 6 and figures.median_days == 5
    assert figures.median_sentence.startswith("Half of the answers came within 5 days of your touch (median of 6")


def test_funnel_conversion(figures):
    assert rows(figures.funnel) == {
        "applied → screen": (2, 15, True),
        "screen → interview": (1, 2, False),
        "interview → offer": (1, 1, False),
    }
    assert figures.funnel.sentence.startswith(
        "Only applied → screen has enough to show: 2 of 15 went on (13%)"
    )  # one step: no "weakest"
    assert figures.funnel.withheld_note == (
        "Withheld, fewer than 5 opportunities each: screen → interview (2), interview → offer (1)."
    )


def test_share_that_went_quiet(figures):
    assert (figures.quiet.hits, figures.quiet.total) == (2, 15)
    assert figures.quiet_sentence.startswith("2 of 15 opportunities you reached out to went quiet (13%)")


def test_everything_is_withheld_below_five():
    few = PIPELINE[:3]
    figures = insight(few, TODAY)
    assert all(not r.shown for r in figures.by_touch.rows + figures.by_source.rows + figures.funnel.rows)
    assert figures.by_touch.sentence.startswith("Not enough touches to compare yet")
    assert figures.median_days is None and figures.median_sentence.startswith("Withheld: 3 answered touches")
    assert figures.quiet_sentence.startswith("Withheld: you reached out on 3 opportunities")


@pytest.mark.parametrize(
    "entries, expected",
    [
        (["2026-09-01 applied", "2026-09-01 reply"], [(True, 0)]),  # the same day, after it
        (["2026-09-01 reply", "2026-09-01 applied"], [(False, None)]),  # before it on the same day
        (["2026-09-01 applied", "2026-09-22 call"], [(True, 21)]),
        (["2026-09-01 applied", "2026-09-23 call"], [(False, None)]),
        (["2026-09-01 applied", "2026-09-05 note"], [(False, None)]),
        (["2026-11-10 applied"], [(None, None)]),  # 15 days old: pending
        (["2026-11-20 applied", "2026-11-30 reply"], [(None, None)]),  # an answer dated after today is not in yet
        (["2026-09-01 applied", "2026-09-08 follow-up", "2026-09-10 rejection"], [(True, 9), (True, 2)]),
    ],
)
def test_when_a_touch_counts_as_answered(entries, expected):
    outcomes = touch_outcomes([opp("x", None, None, *entries)], TODAY)
    assert [(o.answered, o.days) for o in outcomes] == expected
