"""The dashboard's view of a pipeline: plain records computed from the core's, no I/O.

``build_site_model(pipeline, settings, today)`` gathers everything the pages
show: what is due (by group), what went quiet, health against the targets, the
board by stage, the archive, the activity counts and the timeline. The page
renderer only formats these.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from generator.core.agenda import DueItem, Health, Quiet, health, people_first, schedule_all
from generator.core.insight import furthest_stage
from generator.core.records import INBOUND, OPEN_STAGES, OUTBOUND, TWO_WAY, LogEntry, Opportunity, priority_rank
from generator.core.schedule import Followup, GoneQuiet, planned
from generator.core.settings import Settings

UPCOMING_DAYS = 7  # Today shows the coming week
# ... and carries the week after it, hidden, so that its date script can show each follow-up on the
# day it falls due while the build is up to two weeks old.
LATER_DAYS = 14
HEATMAP_WEEKS = 52
TIMELINE_AHEAD_DAYS = 28
TIMELINE_AHEAD_MAX = 40


def is_touch(entry: LogEntry) -> bool:
    """You reached out: applied, outreach, follow-up, thank-you, value-add."""
    return entry.type in OUTBOUND


def is_reply(entry: LogEntry) -> bool:
    """They engaged: an answer (reply, offer, rejection) or a conversation (screen, interview, ...)."""
    return entry.type in INBOUND or entry.type in TWO_WAY


@dataclass(frozen=True)
class TimelineEntry:
    date: dt.date
    opp: Opportunity
    entry: LogEntry | None = None  # past: a log entry
    followup: Followup | None = None  # ahead: a planned touch


@dataclass(frozen=True)
class PlannedConversation:
    """A two-way entry dated after today: an interview booked, listed under what is coming until its day."""

    opp: Opportunity
    entry: LogEntry


def planned_conversations(opps, today: dt.date) -> list[PlannedConversation]:
    """The conversations planned after today on open opportunities, soonest first."""
    found = [
        PlannedConversation(opp, entry)
        for opp in opps
        if opp.is_open
        for entry in opp.log
        if entry.direction == "two-way" and entry.date > today
    ]
    found.sort(key=lambda p: (p.entry.date, priority_rank(p.opp.priority), p.opp.company.casefold(), p.opp.id))
    return found


@dataclass(frozen=True)
class Activity:
    start: dt.date  # Monday of the first heatmap week
    end: dt.date  # today
    touches_by_day: dict[dt.date, int]
    touches_by_week: list[tuple[dt.date, int]]  # (Monday, count), oldest first
    replies_by_week: list[tuple[dt.date, int]]
    touches: int  # in the window
    replies: int
    active_weeks: int  # weeks with at least one touch
    longest_streak: int  # consecutive weeks with a touch, in weeks
    current_streak: int

    @property
    def replies_per_touch(self) -> float | None:
        return self.replies / self.touches if self.touches else None


@dataclass(frozen=True)
class SiteModel:
    today: dt.date
    settings: Settings
    opportunities: tuple[Opportunity, ...]
    due: list[DueItem]  # every open opportunity with a next follow-up, by date
    quiet: list[Quiet]
    health: Health
    problems: tuple  # errors and warnings from loading
    by_stage: dict[str, list[Opportunity]]
    next_by_id: dict[str, Followup | GoneQuiet]
    closed: list[Opportunity]
    activity: Activity
    past: list[TimelineEntry]  # every log entry up to today, newest first
    ahead: list[TimelineEntry]  # soonest first, limited
    ahead_total: int
    funnel: list[tuple[str, int]] = field(default_factory=list)
    conversations: list[PlannedConversation] = field(default_factory=list)  # planned, soonest first

    # Each group of Today puts the people first: someone to write to before applications with nobody named.
    @property
    def overdue(self) -> list[DueItem]:
        return people_first([i for i in self.due if i.group == "overdue"])

    @property
    def due_today(self) -> list[DueItem]:
        return people_first([i for i in self.due if i.group == "today"])

    @property
    def coming(self) -> list[DueItem]:
        horizon = self.today + dt.timedelta(days=UPCOMING_DAYS)
        # In date order, tomorrow first; the people first within each day.
        return sorted((i for i in self.due if i.group == "upcoming" and i.due <= horizon),
                      key=lambda i: (i.due, not i.someone))

    @property
    def later(self) -> list[DueItem]:
        """Due in 8 to 14 days: on Today, hidden until the day they enter the coming week."""
        start = self.today + dt.timedelta(days=UPCOMING_DAYS)
        end = self.today + dt.timedelta(days=LATER_DAYS)
        return [i for i in self.due if start < i.due <= end]

    @property
    def errors(self) -> tuple:
        return tuple(p for p in self.problems if p.is_error)


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def activity(opps, today: dt.date, weeks: int = HEATMAP_WEEKS) -> Activity:
    """Touches and replies over the last ``weeks`` weeks (plus this week so far)."""
    start = _week_start(today) - dt.timedelta(weeks=weeks - 1)
    by_day: Counter = Counter()
    replies_by_day: Counter = Counter()
    for opp in opps:
        for entry in opp.log:
            if start <= entry.date <= today:
                if is_touch(entry):
                    by_day[entry.date] += 1
                elif is_reply(entry):
                    replies_by_day[entry.date] += 1
    mondays = [start + dt.timedelta(weeks=w) for w in range(weeks)]
    touches_by_week = [(m, sum(by_day[m + dt.timedelta(days=d)] for d in range(7))) for m in mondays]
    replies_by_week = [(m, sum(replies_by_day[m + dt.timedelta(days=d)] for d in range(7))) for m in mondays]
    longest = current = 0
    for _, count in touches_by_week:
        current = current + 1 if count else 0
        longest = max(longest, current)
    # This week may not have started yet: the streak is still alive if last week had touches.
    current = 0
    for index, (_, count) in enumerate(reversed(touches_by_week)):
        if count:
            current += 1
        elif index > 0:
            break
    return Activity(
        start=start,
        end=today,
        touches_by_day=dict(by_day),
        touches_by_week=touches_by_week,
        replies_by_week=replies_by_week,
        touches=sum(by_day.values()),
        replies=sum(replies_by_day.values()),
        active_weeks=sum(1 for _, c in touches_by_week if c),
        longest_streak=longest,
        current_streak=current,
    )


def _board_key(opp: Opportunity, nxt) -> tuple:
    due = nxt.due if isinstance(nxt, Followup) else dt.date.max
    return (priority_rank(opp.priority), due, opp.company.casefold(), opp.id)


def _next_by_id(due: list[DueItem], quiet: list[Quiet]) -> dict[str, Followup | GoneQuiet]:
    """Each scheduled opportunity's next step: its follow-up, or that it went quiet."""
    next_by_id: dict[str, Followup | GoneQuiet] = {i.opp.id: i.followup for i in due}
    next_by_id.update({q.opp.id: q.quiet for q in quiet})
    return next_by_id


def _board(opps, next_by_id) -> dict[str, list[Opportunity]]:
    """The open opportunities by stage, each column by priority then what is due first."""
    by_stage: dict[str, list[Opportunity]] = {stage: [] for stage in OPEN_STAGES}
    for opp in opps:
        if opp.is_open:
            by_stage.setdefault(opp.stage, []).append(opp)
    for members in by_stage.values():
        members.sort(key=lambda o: _board_key(o, next_by_id.get(o.id)))
    return by_stage


def _archive(opps) -> list[Opportunity]:
    """The closed opportunities, the last touched first."""
    return sorted(
        (o for o in opps if not o.is_open),
        key=lambda o: (o.log[-1].date if o.log else (o.added or dt.date.min), o.id),
        reverse=True,
    )


def _funnel(opps) -> list[tuple[str, int]]:
    """How many opportunities ever reached each stage (closed ones by their furthest step)."""
    reached: Counter = Counter()
    for opp in opps:
        for stage in OPEN_STAGES[: furthest_stage(opp) + 1]:
            reached[stage] += 1
    return [(stage, reached[stage]) for stage in OPEN_STAGES]


def _past(opps, today: dt.date) -> list[TimelineEntry]:
    """Every log entry up to today, newest first."""
    past = [TimelineEntry(e.date, o, entry=e) for o in opps for e in o.log if e.date <= today]
    past.sort(key=lambda t: (t.date, t.opp.id), reverse=True)
    return past


def _ahead(due: list[DueItem], settings: Settings, today: dt.date) -> list[TimelineEntry]:
    """The follow-ups planned in the next TIMELINE_AHEAD_DAYS days, soonest first (all of them)."""
    horizon = today + dt.timedelta(days=TIMELINE_AHEAD_DAYS)
    ahead = []
    for item in due:
        if item.due > horizon:
            continue
        for f in planned(item.opp, settings, today, limit=4):
            if today <= f.due <= horizon:
                ahead.append(TimelineEntry(f.due, item.opp, followup=f))
    ahead.sort(key=lambda t: (t.date, priority_rank(t.opp.priority), t.opp.company.casefold(), t.opp.id))
    return ahead


def build_site_model(pipeline, settings: Settings, today: dt.date) -> SiteModel:
    """``pipeline``: a loaded Pipeline (opportunities and problems), or just the opportunities."""
    opps = tuple(getattr(pipeline, "opportunities", pipeline))
    due, quiet = schedule_all(opps, settings, today)
    next_by_id = _next_by_id(due, quiet)
    ahead = _ahead(due, settings, today)
    return SiteModel(
        today=today,
        settings=settings,
        opportunities=opps,
        due=due,
        quiet=quiet,
        health=health(opps, settings, today, quiet_count=len(quiet)),
        problems=tuple(getattr(pipeline, "problems", ())),
        by_stage=_board(opps, next_by_id),
        next_by_id=next_by_id,
        closed=_archive(opps),
        activity=activity(opps, today),
        past=_past(opps, today),
        ahead=ahead[:TIMELINE_AHEAD_MAX],
        ahead_total=len(ahead),
        funnel=_funnel(opps),
        conversations=planned_conversations(opps, today),
    )
