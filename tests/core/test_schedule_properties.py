"""Properties of the schedule over random logs (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from generator.model import DIRECTION, LOG_TYPES, LogEntry, Opportunity
from generator.schedule import Followup, next_followup
from generator.settings import Settings
from generator.validate import order_log

START = dt.date(2026, 1, 1)

entries = st.lists(
    st.tuples(st.integers(0, 300), st.sampled_from([t for t in LOG_TYPES if DIRECTION[t] != "closing"])),
    max_size=12,
)
gap_lists = st.lists(st.integers(1, 30), min_size=1, max_size=6)


def make(log, cadence=None, wait_until=None) -> Opportunity:
    return Opportunity(
        id="x",
        path="pipeline/x.yml",
        company="X",
        role="Y",
        stage="applied",
        cadence=tuple(cadence) if cadence else None,
        wait_until=wait_until,
        log=order_log([LogEntry(START + dt.timedelta(days=d), t) for d, t in log]),
    )


def latest(opp: Opportunity) -> dt.date | None:
    dates = [e.date for e in opp.log if e.type != "note"]
    return max(dates) if dates else None


@hsettings(max_examples=300, deadline=None)
@given(entries, gap_lists, st.one_of(st.none(), st.integers(0, 400)), st.integers(0, 400))
def test_due_never_on_a_weekend_and_never_before_the_latest_entry(log, gaps, wait, today_offset):
    wait_until = START + dt.timedelta(days=wait) if wait is not None else None
    opp = make(log, gaps, wait_until)
    today = START + dt.timedelta(days=today_offset)
    result = next_followup(opp, Settings(), today)
    if isinstance(result, Followup):
        assert result.due.weekday() < 5
        if latest(opp) is not None:
            assert result.due > latest(opp)
        if wait_until is not None:
            assert result.due >= wait_until


@hsettings(max_examples=300, deadline=None)
@given(entries, gap_lists, st.integers(0, 40), st.sampled_from(["follow-up", "value-add", "outreach", "thank-you"]))
def test_an_outbound_touch_never_brings_the_next_one_sooner_than_its_gap(log, gaps, later, touch):
    opp = make(log, gaps)
    last = latest(opp) or START
    touched_on = last + dt.timedelta(days=later)
    after = make(log + [((touched_on - START).days, touch)], gaps)
    result = next_followup(after, Settings(), touched_on)
    if isinstance(result, Followup):
        k = trailing_outbound(after)
        assert result.due >= touched_on + dt.timedelta(days=gaps[k])


def trailing_outbound(opp: Opportunity) -> int:
    """k: outbound touches at the end of the log since the last conversation or answer;
    a run of `applied` entries (reposts) is one touch."""
    tail = []
    for e in reversed([e for e in opp.log if e.type != "note"]):
        if e.direction != "outbound":
            break
        tail.insert(0, e.type)
    return sum(1 for i, t in enumerate(tail) if not (t == "applied" and i and tail[i - 1] == "applied"))


@hsettings(max_examples=200, deadline=None)
@given(entries, gap_lists)
def test_skip_weekends_off_keeps_the_exact_gap(log, gaps):
    opp = make(log, gaps)
    result = next_followup(opp, Settings(skip_weekends=False), START)
    if isinstance(result, Followup) and result.rule == "cadence":
        assert (result.due - latest(opp)).days == gaps[trailing_outbound(opp)]


@hsettings(max_examples=200, deadline=None)
@given(entries, gap_lists, st.sampled_from(["rejection", "accepted", "declined", "withdrew"]), st.integers(0, 30),
       st.booleans())
def test_nobody_is_followed_up_after_a_closing_entry(log, gaps, closing, later, with_a_note):
    """Whatever came before, and whatever `stage:` says: a closing entry as the latest ends it."""
    last = max([d for d, _ in log], default=0) + later
    tail = [(last, closing)] + ([(last + 1, "note")] if with_a_note else [])
    opp = make(log + tail, gaps)
    assert next_followup(opp, Settings(), START + dt.timedelta(days=last)) is None
