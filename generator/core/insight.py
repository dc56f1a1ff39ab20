"""What works: reply rates, time to a reply, the stage funnel, who went quiet. Pure.

A touch (``applied``, ``outreach``, ``follow-up``, ``thank-you``, ``value-add``)
is *answered* when an inbound or two-way entry (``reply``, ``offer``,
``rejection``, ``screen``, ``interview``, ``meeting``, ``call``) follows it in
the same opportunity's log within 21 days. A touch less than 21 days old
without an answer yet is *pending* and counted nowhere: its answer may still
come. Every figure carries its count and is withheld below ``MIN_COUNT``: a
rate of 1 in 2 says nothing.

``insight(opps, settings, today)`` gathers the figures and one plain sentence
for each chart; the site draws them.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, replace
from itertools import pairwise

from generator.core.records import INBOUND, OPEN_STAGES, OUTBOUND, TWO_WAY, LogEntry, Opportunity

REPLY_WINDOW = 21  # days
MIN_COUNT = 5  # figures with fewer cases are withheld
NOT_RECORDED = "not recorded"
FUNNEL = ("applied", "screening", "interviewing", "offer")
_STAGE_FROM_LOG = {"applied": "applied", "screen": "screening", "interview": "interviewing", "offer": "offer"}
_ANSWERS = frozenset(INBOUND + TWO_WAY)

# How a sentence names the touches of a kind, and a channel.
TOUCH_PLURAL = {
    "applied": "applications",
    "outreach": "first messages",
    "follow-up": "follow-ups",
    "thank-you": "thank-you notes",
    "value-add": "value-adds",
}
STEP_NAMES = {"applied": "applied", "screening": "screen", "interviewing": "interview", "offer": "offer"}


@dataclass(frozen=True)
class TouchOutcome:
    opp: Opportunity
    entry: LogEntry
    answered: bool | None  # None: pending, still inside its window
    days: int | None = None  # to the first answer


@dataclass(frozen=True)
class Rate:
    label: str
    hits: int
    total: int

    @property
    def shown(self) -> bool:
        return self.total >= MIN_COUNT

    @property
    def rate(self) -> float | None:
        return self.hits / self.total if self.total else None

    @property
    def percent(self) -> str:
        return f"{round(100 * self.hits / self.total)}%" if self.total else "–"

    @property
    def count_text(self) -> str:
        return f"{self.hits} of {self.total}"


@dataclass(frozen=True)
class Chart:
    title: str
    rows: tuple[Rate, ...]
    sentence: str
    noun: str = "touches"  # what `total` counts

    @property
    def withheld(self) -> tuple[Rate, ...]:
        return tuple(r for r in self.rows if not r.shown)

    @property
    def withheld_note(self) -> str:
        """A line saying what is withheld and why ('' when nothing is)."""
        hidden = self.withheld
        if not hidden:
            return ""
        names = ", ".join(f"{r.label} ({r.total})" for r in hidden)
        return f"Withheld, fewer than {MIN_COUNT} {self.noun} each: {names}."


@dataclass(frozen=True)
class Insight:
    touches: int  # counted: answered or not
    pending: int  # inside their 21-day window, not counted yet
    by_touch: Chart
    by_channel: Chart
    by_source: Chart
    median_days: float | None  # None when withheld
    answered: int
    median_sentence: str
    funnel: Chart
    quiet: Rate
    quiet_sentence: str


def touch_outcomes(opps, today: dt.date) -> list[TouchOutcome]:
    """Every touch up to today, answered, unanswered or still pending."""
    outcomes = []
    for opp in opps:
        log = [e for e in opp.log if e.date <= today]
        for index, entry in enumerate(log):
            if entry.type not in OUTBOUND:
                continue
            limit = entry.date + dt.timedelta(days=REPLY_WINDOW)
            answer = next((e for e in log[index + 1 :] if e.type in _ANSWERS and e.date <= limit), None)
            if answer is not None:
                # An estimated date (an import's guess) says nothing of how fast they answered.
                days = None if answer.estimated or entry.estimated else (answer.date - entry.date).days
                outcomes.append(TouchOutcome(opp, entry, True, days))
            elif (today - entry.date).days < REPLY_WINDOW:
                outcomes.append(TouchOutcome(opp, entry, None))
            else:
                outcomes.append(TouchOutcome(opp, entry, False))
    return outcomes


def rates(outcomes, key, name=None) -> tuple[Rate, ...]:
    """Answered of counted touches per group, largest groups first.

    ``key(outcome)`` groups; ``name(outcome)`` labels a group (its first spelling; default the key).
    """
    hits: dict[str, int] = {}
    totals: dict[str, int] = {}
    labels: dict[str, str] = {}
    for outcome in outcomes:
        if outcome.answered is None:
            continue
        group = key(outcome)
        totals[group] = totals.get(group, 0) + 1
        hits[group] = hits.get(group, 0) + (1 if outcome.answered else 0)
        labels.setdefault(group, name(outcome) if name else group)
    rows = [Rate(labels[group] if group != NOT_RECORDED else group, hits[group], totals[group]) for group in totals]
    rows.sort(key=lambda r: (r.label == NOT_RECORDED, -r.total, r.label))
    return tuple(rows)


def _times(ratio: float) -> str:
    if abs(ratio - 2) < 0.05:
        return "twice"
    if abs(ratio - round(ratio)) < 0.05:
        return f"{round(ratio)} times"
    return f"{ratio:.1f} times"


def compare(rows, name, what: str = "touches") -> str:
    """One sentence: which group got answers most often against which least, with the counts."""
    shown = [r for r in rows if r.shown and r.label != NOT_RECORDED]
    if not shown:
        return f"Not enough {what} to compare yet: a group needs at least {MIN_COUNT} whose 21 days have passed."
    if len(shown) == 1:
        only = shown[0]
        return (f"{_capital(name(only.label))}: {only.count_text} answered ({only.percent}); no other group has "
                f"{MIN_COUNT} {what} yet to compare with.")
    best = max(shown, key=lambda r: (r.rate, r.total))
    worst = min(shown, key=lambda r: (r.rate, -r.total))
    counts = f"({best.count_text} vs {worst.count_text})"
    if best.hits == 0:
        return f"None of these {what} got an answer within {REPLY_WINDOW} days yet."
    if worst.hits == 0:
        best_text = f"{_capital(name(best.label))} got answers ({best.count_text})"
        return f"{best_text}; {name(worst.label)} got none ({worst.count_text})."
    ratio = best.rate / worst.rate
    if ratio < 1.25:
        return f"{_capital(name(best.label))} and {name(worst.label)} were answered about as often {counts}."
    return f"{_capital(name(best.label))} were answered {_times(ratio)} as often as {name(worst.label)} {counts}."


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _source_name(label: str) -> str:
    return f"opportunities from {label}" if label != NOT_RECORDED else "opportunities with no source"


def _channel_name(label: str) -> str:
    return f"touches by {label}" if label != NOT_RECORDED else "touches with no channel"


def source_of(opp: Opportunity) -> str:
    text = " ".join((opp.source or "").split()).casefold()
    return text or NOT_RECORDED


_STAGE_ORDER = {s: i for i, s in enumerate(OPEN_STAGES)}


def furthest_stage(opp: Opportunity) -> int:
    """How far along the open stages an opportunity got (its stage, or any step its log records).

    The site's funnel counts and the conversion rates here both stand on it.
    """
    furthest = _STAGE_ORDER.get(opp.stage, 0) if opp.is_open else 0
    for entry in opp.log:
        if entry.type in _STAGE_FROM_LOG:
            furthest = max(furthest, _STAGE_ORDER[_STAGE_FROM_LOG[entry.type]])
    return furthest


def funnel(opps) -> tuple[Rate, ...]:
    """Conversion from each step to the next: applied → screen → interview → offer."""
    furthest = [furthest_stage(o) for o in opps]
    counts = [sum(1 for f in furthest if f >= _STAGE_ORDER[stage]) for stage in FUNNEL]
    return tuple(
        Rate(f"{STEP_NAMES[a]} → {STEP_NAMES[b]}", counts[i + 1], counts[i])
        for i, (a, b) in enumerate(pairwise(FUNNEL))
    )


def funnel_sentence(steps) -> str:
    shown = [r for r in steps if r.shown]
    if not shown:
        return f"Not enough opportunities yet: each step needs at least {MIN_COUNT} that reached the step before."
    weakest = min(shown, key=lambda r: (r.rate, -r.total))
    if len(shown) > 1 and all(r.rate == weakest.rate for r in shown):
        return f"Every step went on at the same rate ({weakest.percent}): no one step stands out."
    if len(shown) == 1:
        return (
            f"Only {weakest.label} has enough to show: {weakest.count_text} went on ({weakest.percent}); "
            f"the other steps need at least {MIN_COUNT} each."
        )
    return (
        f"The weakest step is {weakest.label}: {weakest.count_text} went on ({weakest.percent}). "
        "That is the step to work on."
    )


def median_sentence(days: list[int]) -> tuple[float | None, str]:
    if len(days) < MIN_COUNT:
        return None, (
            f"Withheld: {len(days)} answered touch{'es' if len(days) != 1 else ''} so far; "
            f"the median needs at least {MIN_COUNT}."
        )
    median = statistics.median(days)
    shown = f"{median:g}"
    return median, (
        f"Half of the answers came within {shown} day{'s' if median != 1 else ''} of your touch "
        f"(median of {len(days)} answers): give people that long before the next follow-up."
    )


def quiet_share(opps, quiet_ids) -> tuple[Rate, str]:
    """Of the opportunities you reached out to, how many went quiet (now, or closed as ghosted).

    The advice follows from the figures: "most answered" only when more than half did."""
    contacted = [o for o in opps if any(e.type in OUTBOUND for e in o.log)]
    quiet = sum(1 for o in contacted if o.id in quiet_ids or (not o.is_open and o.outcome == "ghosted"))
    share = Rate("went quiet", quiet, len(contacted))
    if not share.shown:
        return share, (
            f"Withheld: you reached out on {share.total} opportunit{'ies' if share.total != 1 else 'y'}; "
            f"the share needs at least {MIN_COUNT}."
        )
    answered = Rate("answered", sum(1 for o in contacted if any(e.type in _ANSWERS for e in o.log)), len(contacted))
    return share, f"{share.count_text} opportunities you reached out to went quiet ({share.percent}); " + quiet_advice(
        share, answered
    )


def quiet_advice(quiet: Rate, answered: Rate) -> str:
    """What to do, said only as far as the two shares bear it out."""
    warmer = "try a warmer way in (a referral, an idea that helps them) before the cadence runs out."
    if quiet.hits * 2 > quiet.total:
        return f"more than half: {warmer}"
    if answered.hits * 2 > answered.total:
        return f"most answered in the end ({answered.count_text}): keep your cadence."
    if answered.hits == 0:
        return f"none has answered yet: {warmer}"
    return (
        f"fewer than half have answered so far ({answered.count_text}, {answered.percent}): "
        f"keep your cadence, and {warmer}"
    )


def as_of(opp: Opportunity, today: dt.date) -> Opportunity:
    """The opportunity as its log stood today: entries dated after it (planned conversations) left out,
    and a stage the file does not write derived from what is left."""
    if all(e.date <= today for e in opp.log):
        return opp
    # Here: validate reads YAML (PyYAML through file_format, 8 ms), and the site's model, which imports this
    # module, loads no YAML reader (test_schedule_agenda_and_site_import_no_file_reading).
    from generator.core.validate import derive_stage

    log = tuple(e for e in opp.log if e.date <= today)
    return replace(opp, log=log, stage=opp.stage if opp.stage_explicit else derive_stage(log))


def insight(opps, today: dt.date, quiet_ids=frozenset()) -> Insight:
    """The figures of "What works". ``quiet_ids``: the open opportunities that have gone quiet.
    Only what happened counts: entries dated after today (a planned interview) do not."""
    opps = tuple(as_of(opp, today) for opp in opps)
    outcomes = touch_outcomes(opps, today)
    counted = [o for o in outcomes if o.answered is not None]
    by_touch = rates(counted, lambda o: o.entry.type)
    by_channel = rates(counted, lambda o: o.entry.channel or NOT_RECORDED)
    by_source = rates(counted, lambda o: source_of(o.opp), lambda o: " ".join((o.opp.source or "").split()))
    days = sorted(o.days for o in counted if o.answered and o.days is not None)
    median, median_text = median_sentence(days)
    steps = funnel(opps)
    share, quiet_text = quiet_share(opps, set(quiet_ids))
    return Insight(
        touches=len(counted),
        pending=len(outcomes) - len(counted),
        by_touch=Chart("Reply rate by touch", by_touch, compare(by_touch, lambda k: TOUCH_PLURAL.get(k, k))),
        by_channel=Chart("Reply rate by channel", by_channel, compare(by_channel, _channel_name)),
        by_source=Chart("Reply rate by source", by_source, compare(by_source, _source_name)),
        median_days=median,
        answered=len(days),
        median_sentence=median_text,
        funnel=Chart("Stage funnel: from step to step", steps, funnel_sentence(steps), noun="opportunities"),
        quiet=share,
        quiet_sentence=quiet_text,
    )
