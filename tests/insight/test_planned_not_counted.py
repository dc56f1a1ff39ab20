"""Insight counts only what happened: a planned interview (dated after today) is no answer and no step yet."""

from __future__ import annotations

import datetime as dt

from generator.core.insight import insight

from .test_figures import PIPELINE, TODAY, opp, rows


def test_planned_conversations_count_for_nothing_until_their_day():
    # Five applications, none answered yet; three of them have a screen booked next week.
    waiting = [opp(f"w{i}", "fair", "email", "2026-10-01 applied") for i in range(2)]
    booked = [opp(f"b{i}", "fair", "email", "2026-10-01 applied", "2026-12-02 screen") for i in range(3)]
    figures = insight(PIPELINE + waiting + booked, TODAY)
    assert rows(figures.by_source)["fair"] == (0, 5, True)
    assert rows(figures.funnel)["applied → screen"] == (2, 20, True)
    # On the day after the screens, they count.
    later = insight(PIPELINE + waiting + booked, dt.date(2026, 12, 3))
    assert rows(later.funnel)["applied → screen"] == (5, 20, True)
