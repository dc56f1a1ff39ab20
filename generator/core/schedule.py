"""The follow-up schedule: a pure function of (opportunity, settings, today).

The spec's rules, in order:

1. `next` is set → due on `next`, unless an entry that is not a `note` is dated on or
   after it: then `next` is spent, the rules below apply, and `check` warns that it can go.
   A `next:` you wrote is never quieted; one `catch-up` wrote (`# catch-up`) quiets as the
   cadence it replaced would.
2. No log entries → due on `added` (today when `added` is not set): touch `first-contact`;
   a lead untouched more than `quiet_grace` days past `added` has gone quiet.
3. The latest entry that is not a `note` is two-way and no `thank-you` follows it →
   a `thank-you` is due the day after it; not sent within `quiet_grace` days it has lapsed
   and rule 4 applies with k = 0. An estimated entry (a guessed date) owes no thank-you.
   A two-way entry dated after today (a planned conversation) is such a latest entry: nothing
   is due before it, and the thank-you falls due the day after it.
4. Otherwise *k* outbound touches at the end of the log since the last two-way or inbound
   entry (a run of `applied` entries, reposts, is one touch): due = the latest entry's date
   + `gaps[k]`; when *k* ≥ len(gaps), or today is more than `quiet_grace` days past the day
   the cadence would have run out (counted from `wait_until` when later), the opportunity
   has gone quiet and nothing more is due.
5. `wait_until` moves any earlier due date to it.
6. A due date on a Saturday or Sunday moves to the Monday (`skip_weekends`).

An opportunity closed by its log (a rejection, accepted, declined or withdrew as the latest
entry) has nothing due. The suggested touch varies so no two follow-ups in a row are the
same generic "any update?".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.core.records import LogEntry, Opportunity, significant
from generator.core.settings import Settings

# What `/done` logs for each suggested touch.
LOG_TYPE_FOR_TOUCH = {
    "first-contact": "outreach",
    "thank-you": "thank-you",
    "value-add": "value-add",
}

TOUCH_HELP = {
    "first-contact": "make the first contact",
    "thank-you": "thank them for the conversation",
    "value-add": "share an idea that helps them",
    "check-in": "a short, friendly check-in",
    "share-update": "share something new: a project, an article, a win",
}

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def log_type_for_touch(touch: str) -> str:
    return LOG_TYPE_FOR_TOUCH.get(touch, "follow-up")


@dataclass(frozen=True)
class Followup:
    due: dt.date
    touch: str
    reason: str
    contact: str | None = None  # whom to write to, by name
    idea: str | None = None  # the unused idea a value-add can quote
    rule: str = "cadence"  # next | first-contact | thank-you | cadence
    quiet_on: dt.date | None = None  # the day it will have gone quiet if nothing happens; None: never

    def days_overdue(self, today: dt.date) -> int:
        return (today - self.due).days


@dataclass(frozen=True)
class GoneQuiet:
    since: dt.date  # the date of the last touch
    touches: int
    reason: str
    contact: str | None = None
    lapsed: bool = False  # quiet because the cadence ran out in time (quiet_grace), not by count
    never_contacted: bool = False  # a lead with nothing logged: its "reach out now" is a first-contact draft


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def unused_ideas(opp: Opportunity, log: tuple[LogEntry, ...]) -> list[str]:
    """Ideas not yet used by a value-add entry.

    A value-add whose note quotes an idea uses that one; any other value-add
    uses the first idea still unused, so ideas are offered in their file order.
    """
    remaining = list(opp.ideas)
    anonymous = 0
    for entry in log:
        if entry.type != "value-add":
            continue
        note = (entry.note or "").casefold()
        match = next((i for i in remaining if i.strip().casefold() in note), None) if note else None
        if match is not None:
            remaining.remove(match)
        else:
            anonymous += 1
    return remaining[anonymous:]


def _contact_for(opp: Opportunity, entries: list[LogEntry]) -> str | None:
    for entry in reversed(entries):
        if entry.with_:
            found = opp.contact(entry.with_)
            return found.name if found else entry.with_
    return opp.contacts[0].name if opp.contacts else None


def _shift(due: dt.date, reason: str, opp: Opportunity, settings: Settings) -> tuple[dt.date, str]:
    if opp.wait_until is not None and due < opp.wait_until:
        due = opp.wait_until
        reason += f"; held until {opp.wait_until}, when they said they would know"
    if settings.skip_weekends and due.weekday() >= 5:
        day = _WEEKDAYS[due.weekday()]
        due += dt.timedelta(days=7 - due.weekday())
        reason += f"; moved from {day} to Monday"
    return due, reason


def _generic_touch(tail: list[LogEntry]) -> str:
    # Alternate check-in and share-update across a run of plain follow-ups.
    run = 0
    for entry in reversed(tail):
        if entry.type != "follow-up":
            break
        run += 1
    return "share-update" if run % 2 else "check-in"


def _touch_count(tail: list[LogEntry]) -> int:
    """Outbound touches in the tail; a run of `applied` entries (reposts) is one touch."""
    count, previous = 0, None
    for entry in tail:
        if not (entry.type == "applied" and previous == "applied"):
            count += 1
        previous = entry.type
    return count


def _quiet_day(start: dt.date, days: int, opp: Opportunity, settings: Settings) -> dt.date:
    """The first day it counts as gone quiet: more than quiet_grace days past start + days
    (start moved to wait_until when that is later)."""
    if opp.wait_until is not None and opp.wait_until > start:
        start = opp.wait_until
    return start + dt.timedelta(days=days + settings.quiet_grace + 1)


def _silent(since: dt.date, quiet_on: dt.date, touches: int, contact: str | None, today: dt.date,
            lead: bool) -> GoneQuiet:
    """Gone quiet by the calendar: "quiet since" the day it went quiet; the days since the last touch."""
    advice = "close it as withdrawn, or reach out now" if lead else "close it as ghosted or try a different contact"
    return GoneQuiet(since, touches, f"quiet since {quiet_on}: no touch for {(today - since).days} days; {advice}",
                     contact, lapsed=True, never_contacted=lead)


def _first_contact(opp: Opportunity, settings: Settings, today: dt.date) -> Followup | GoneQuiet:
    """Rule 2: nothing logged yet: make the first contact (a lead left too long has gone quiet)."""
    due = opp.added or today
    reason = f"added {opp.added}, no contact yet" if opp.added else "no contact yet"
    quiet_on = _quiet_day(opp.added, 0, opp, settings) if opp.added else None
    if quiet_on is not None and today >= quiet_on:
        return _silent(opp.added, quiet_on, 0, _contact_for(opp, []), today, lead=True)
    return Followup(due, "first-contact", reason + ": make the first contact", _contact_for(opp, []), None,
                    "first-contact", quiet_on)


def _thank_you(opp: Opportunity, last: LogEntry, gaps, contact, settings: Settings, today: dt.date) -> Followup | None:
    """Rule 3: the day after a conversation (with a known date), a thank-you, until the grace lapses."""
    if last.direction != "two-way" or last.estimated:
        return None
    lapses_on = last.date + dt.timedelta(days=settings.quiet_grace + 1)
    if today >= lapses_on:
        return None
    who = f" with {last.with_}" if last.with_ else ""
    return Followup(
        last.date + dt.timedelta(days=1),
        "thank-you",
        f"{last.type}{who} on {last.date}: send a thank-you the day after",
        contact,
        None,
        "thank-you",
        _quiet_day(last.date, sum(gaps), opp, settings),
    )


def _outbound_tail(entries) -> list[LogEntry]:
    """The outbound entries since the last one that was not (the touches still unanswered)."""
    tail: list[LogEntry] = []
    for entry in reversed(entries):
        if entry.direction != "outbound":
            break
        tail.insert(0, entry)
    return tail


def _unscheduled(
    opp: Opportunity, log: tuple[LogEntry, ...], settings: Settings, today: dt.date
) -> Followup | GoneQuiet:
    """Rules 2-4: what the log alone asks for, before wait_until and weekends."""
    entries = significant(log)
    if not entries:
        return _first_contact(opp, settings, today)
    last = entries[-1]
    gaps = settings.gaps_for(opp.stage, opp.cadence)
    contact = _contact_for(opp, entries)
    thanks = _thank_you(opp, last, gaps, contact, settings, today)
    if thanks is not None:
        return thanks
    tail = _outbound_tail(entries)
    k = _touch_count(tail)
    if k >= len(gaps):
        first = tail[0].date
        return GoneQuiet(
            last.date,
            k,
            f"gone quiet: {k} touches since {first} and no answer; "
            "close it as ghosted or try a different contact",
            contact,
        )
    quiet_on = _quiet_day(last.date, sum(gaps[k:]), opp, settings)
    if today >= quiet_on:
        return _silent(last.date, quiet_on, k, contact, today, lead=False)
    gap = gaps[k]
    if k == 0:
        reason = f"{gap} days after their {last.type} on {last.date}: keep it moving"
    else:
        reason = f"{ordinal(k)} follow-up: {gap} days after your last one"
    ideas = unused_ideas(opp, log)
    if ideas:
        touch, idea = "value-add", ideas[0]
    else:
        touch, idea = _generic_touch(tail), None
    return Followup(last.date + dt.timedelta(days=gap), touch, reason, contact, idea, "cadence", quiet_on)


def _followup(
    opp: Opportunity, log: tuple[LogEntry, ...], settings: Settings, today: dt.date, use_next: bool
) -> Followup | GoneQuiet:
    plan = _unscheduled(opp, log, settings, today)
    if use_next and opp.next is not None and not opp.next_spent:
        if opp.next_catch_up:
            # catch-up only moved the date: the cadence it replaced still quiets it.
            if isinstance(plan, GoneQuiet):
                return plan
            plan = Followup(opp.next, plan.touch, f"moved by catch-up to {opp.next}; {plan.reason}", plan.contact,
                            plan.idea, "next", plan.quiet_on)
        else:
            touch = plan.touch if isinstance(plan, Followup) else "check-in"
            idea = plan.idea if isinstance(plan, Followup) else None
            plan = Followup(opp.next, touch, f"you set next: {opp.next}", plan.contact, idea, "next")
    if isinstance(plan, GoneQuiet):
        return plan
    due, reason = _shift(plan.due, plan.reason, opp, settings)
    return Followup(due, plan.touch, reason, plan.contact, plan.idea, plan.rule, plan.quiet_on)


def next_followup(opp: Opportunity, settings: Settings, today: dt.date) -> Followup | GoneQuiet | None:
    """The next follow-up of an open opportunity, or GoneQuiet; None when it is closed."""
    if not opp.is_open:
        return None
    return _followup(opp, opp.log, settings, today, use_next=True)


def planned(opp: Opportunity, settings: Settings, today: dt.date, limit: int = 8) -> list[Followup]:
    """The follow-ups ahead if each is done on its due date and nobody answers."""
    if not opp.is_open:
        return []
    log = opp.log
    plans: list[Followup] = []
    use_next = True
    while len(plans) < limit:
        plan = _followup(opp, log, settings, today, use_next)
        if isinstance(plan, GoneQuiet):
            break
        plans.append(plan)
        # Done on its date, or today when it is already late.
        done = LogEntry(max(plan.due, today), log_type_for_touch(plan.touch), plan.contact, None, plan.idea)
        log = tuple(sorted(log + (done,), key=lambda e: e.date))
        use_next = False
    return plans
