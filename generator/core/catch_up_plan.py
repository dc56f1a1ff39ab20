"""Catching up (day one, and after a break): overdue follow-ups spread from today on. Pure.

Every open opportunity whose follow-up is overdue gets a new date from today on, at most
``pace`` a day counting what is already due on that day (after the weekend and
`wait_until` moves), in priority order: a thank-you owed, an answer owed to a reply,
`priority: high`, then the most recent activity. `catch-up` writes the dates as
`next: D  # catch-up`; `import` writes them into the files it creates; `remind` keeps
its overdue reminders in the same order.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from generator.core.records import Opportunity, priority_rank, significant
from generator.core.schedule import Followup
from generator.core.settings import Settings


@dataclass(frozen=True)
class Move:
    opp: Opportunity
    followup: Followup  # as it stood: overdue
    to: dt.date  # the new date, from today on

    @property
    def was(self) -> dt.date:
        return self.followup.due


@dataclass
class CatchUpPlan:
    today: dt.date
    pace: int
    moves: list[Move] = field(default_factory=list)
    already: Counter = field(default_factory=Counter)  # day → follow-ups due then before the plan

    def load(self) -> Counter:
        """Follow-ups due each day once the plan is carried out."""
        load = Counter(self.already)
        load.update(m.to for m in self.moves)
        return load

    def days(self) -> list[dt.date]:
        """The days the moved follow-ups fall on, in order."""
        return sorted({m.to for m in self.moves})


def why_first(opp: Opportunity, followup: Followup) -> str | None:
    """What puts an item ahead of the others: a thank-you owed, an answer owed, high priority."""
    if followup.touch == "thank-you":
        return "a thank-you owed"
    entries = significant(opp.log)
    if entries and entries[-1].direction == "inbound":
        return f"an answer owed to their {entries[-1].type}"
    if opp.priority == "high":
        return "priority: high"
    return None


def priority_key(opp: Opportunity, followup: Followup):
    """Catch-up's order: thank-you owed, answer owed to a reply, priority high, most recent activity."""
    entries = significant(opp.log)
    latest = entries[-1].date if entries else (opp.added or followup.due)
    answer_owed = bool(entries) and entries[-1].direction == "inbound"
    return (
        followup.touch != "thank-you",
        not answer_owed,
        priority_rank(opp.priority),
        -latest.toordinal(),
        opp.id,
    )


def in_catch_up_order(items):
    """Due items (agenda.DueItem or anything with .opp and .followup) in catch-up's order."""
    return sorted(items, key=lambda item: priority_key(item.opp, item.followup))


def _free(day: dt.date, settings: Settings) -> bool:
    return not (settings.skip_weekends and day.weekday() >= 5)


def plan_catch_up(scheduled, settings: Settings, today: dt.date, pace: int | None = None) -> CatchUpPlan:
    """``scheduled``: (opportunity, Followup) pairs of the open opportunities (gone-quiet ones left out).

    Those overdue get a day from today on with room under ``pace``; the others fill the days first.
    """
    pace = pace or settings.pace
    plan = CatchUpPlan(today, pace)
    overdue = []
    for opp, followup in scheduled:
        if followup.due < today:
            overdue.append((opp, followup))
        else:
            plan.already[followup.due] += 1
    overdue.sort(key=lambda pair: priority_key(*pair))
    load = Counter(plan.already)
    first_open = today  # every day before it is full or a weekend: no need to look there again
    for opp, followup in overdue:
        day = max(first_open, opp.wait_until) if opp.wait_until else first_open
        while not _free(day, settings) or load[day] >= pace:
            day += dt.timedelta(days=1)
        load[day] += 1
        plan.moves.append(Move(opp, followup, day))
        while not _free(first_open, settings) or load[first_open] >= pace:
            first_open += dt.timedelta(days=1)
    return plan
