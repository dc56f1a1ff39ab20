"""Properties of the schedule over random logs (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from generator.core.records import DIRECTION, LOG_TYPES, LogEntry, Opportunity
from generator.core.schedule import Followup, GoneQuiet, next_followup
from generator.core.settings import Settings
from generator.core.validate import order_log

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
    assume(isinstance(result, Followup))  # the rest are gone quiet; too few Followups fails as Unsatisfiable
    assert result.due.weekday() < 5
    if latest(opp) is not None:
        assert result.due > latest(opp)
    if wait_until is not None:
        assert result.due >= wait_until


# Logs built so that the number of outbound touches since their last answer is known by construction
# (k: the spec's "gaps[k]"), not recomputed the way the schedule computes it: an answer, then k touches.
answered = st.tuples(
    st.integers(0, 100),  # the day of their reply
    st.lists(st.tuples(st.integers(1, 20), st.sampled_from(["follow-up", "value-add", "outreach"])), max_size=7),
)


def after_an_answer(reply_day: int, touches: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], int]:
    """(the log: a reply, then each touch some days after the one before; the day of the latest entry)."""
    log, day = [(reply_day, "reply")], reply_day
    for later, touch in touches:
        day += later
        log.append((day, touch))
    return log, day


@hsettings(max_examples=300, deadline=None)
@given(answered, gap_lists)
def test_after_k_touches_since_their_answer_the_next_is_gaps_k_later_or_it_has_gone_quiet(reply, gaps):
    log, last = after_an_answer(*reply)
    k = len(log) - 1
    today = START + dt.timedelta(days=last)
    result = next_followup(make(log, gaps), Settings(skip_weekends=False), today)
    if k < len(gaps):
        assert isinstance(result, Followup) and result.rule == "cadence"
        assert result.due == today + dt.timedelta(days=gaps[k])
    else:
        assert isinstance(result, GoneQuiet) and result.touches == k


@hsettings(max_examples=200, deadline=None)
@given(answered, gap_lists)
def test_skip_weekends_moves_the_gap_to_the_next_weekday_and_no_further(reply, gaps):
    log, last = after_an_answer(*reply)
    k = len(log) - 1
    assume(k < len(gaps))
    today = START + dt.timedelta(days=last)
    exact = today + dt.timedelta(days=gaps[k])
    result = next_followup(make(log, gaps), Settings(), today)
    assert isinstance(result, Followup)
    assert result.due.weekday() < 5 and 0 <= (result.due - exact).days <= 2
    assert exact.weekday() >= 5 or result.due == exact


@hsettings(max_examples=200, deadline=None)
@given(entries, gap_lists, st.sampled_from(["rejection", "accepted", "declined", "withdrew"]), st.integers(0, 30),
       st.booleans())
def test_nobody_is_followed_up_after_a_closing_entry(log, gaps, closing, later, with_a_note):
    """Whatever came before, and whatever `stage:` says: a closing entry as the latest ends it."""
    last = max([d for d, _ in log], default=0) + later
    tail = [(last, closing)] + ([(last + 1, "note")] if with_a_note else [])
    opp = make(log + tail, gaps)
    assert next_followup(opp, Settings(), START + dt.timedelta(days=last)) is None
