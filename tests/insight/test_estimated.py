"""An estimated entry (an import's guessed date) counts as an answer but stays out of reply timing."""

from __future__ import annotations

import datetime as dt

from generator.core.insight import touch_outcomes
from generator.core.records import LogEntry, Opportunity

D = dt.date.fromisoformat


def test_an_estimated_answer_is_an_answer_without_a_time():
    opp = Opportunity(id="x", path="pipeline/x.yml", company="X", role="Y", stage="screening", log=(
        LogEntry(D("2026-09-01"), "applied"), LogEntry(D("2026-09-01"), "screen", estimated=True)))
    [outcome] = touch_outcomes([opp], D("2026-11-25"))
    assert (outcome.answered, outcome.days) == (True, None)
    real = Opportunity(id="y", path="pipeline/y.yml", company="X", role="Y", stage="screening", log=(
        LogEntry(D("2026-09-01"), "applied"), LogEntry(D("2026-09-04"), "screen")))
    assert touch_outcomes([real], D("2026-11-25"))[0].days == 3
