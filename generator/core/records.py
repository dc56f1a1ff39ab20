"""The records of a pipeline and the vocabulary of the file format.

Records are immutable and every one keeps where it came from (``loc``), so any
later stage (schedule, site, reminders) can point the user back at a line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

STAGES = ("lead", "applied", "screening", "interviewing", "offer", "closed")
OPEN_STAGES = STAGES[:-1]
OUTCOMES = ("accepted", "declined", "rejected", "withdrawn", "ghosted")
PRIORITIES = ("high", "normal", "low")  # in order: the one priority order of every list
CHANNELS = ("email", "phone", "linkedin", "video", "in-person", "other")

OUTBOUND = ("applied", "outreach", "follow-up", "thank-you", "value-add")
TWO_WAY = ("screen", "interview", "meeting", "call")
INBOUND = ("reply", "offer", "rejection")
CLOSING = ("accepted", "declined", "withdrew")
NEUTRAL = ("note",)
LOG_TYPES = OUTBOUND + TWO_WAY + INBOUND + CLOSING + NEUTRAL

DIRECTION = {
    **dict.fromkeys(OUTBOUND, "outbound"),
    **dict.fromkeys(TWO_WAY, "two-way"),
    **dict.fromkeys(INBOUND, "inbound"),
    **dict.fromkeys(CLOSING, "closing"),
    "note": "none",
}

# Which stage a log entry implies when the file sets no `stage`.
STAGE_FROM_LOG = {
    "applied": "applied",
    "screen": "screening",
    "interview": "interviewing",
    "offer": "offer",
    "rejection": "closed",
    "accepted": "closed",
    "declined": "closed",
    "withdrew": "closed",
}

# The outcome a closing log entry implies when a closed file sets no `outcome`.
OUTCOME_FROM_LOG = {
    "rejection": "rejected",
    "accepted": "accepted",
    "declined": "declined",
    "withdrew": "withdrawn",
}


def priority_rank(priority: str) -> int:
    """Sort key of a priority: high first, an unknown one as normal."""
    return PRIORITIES.index(priority) if priority in PRIORITIES else PRIORITIES.index("normal")


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file; line and column count from 1, as editors do."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Contact:
    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    linkedin: str | None = None
    loc: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class LogEntry:
    date: dt.date
    type: str
    with_: str | None = None
    channel: str | None = None
    note: str | None = None  # private: never quoted to anyone
    topic: str | None = None  # what you talked about, as said to them: the one part a draft may quote
    loc: Location | None = field(default=None, compare=False)
    estimated: bool = False  # the date is a guess: owes no thank-you, left out of reply timing
    ref: tuple[str, ...] = ()  # where it came from (`mid:…` a message, `ics:…` an event): never logged twice

    @property
    def direction(self) -> str:
        return DIRECTION[self.type]


def significant(log) -> list[LogEntry]:
    """The entries that are not a `note`: the ones the schedule and the stage go by."""
    return [e for e in log if e.type != "note"]


def closing_entry(log) -> LogEntry | None:
    """The latest entry that is not a note, when it ends the opportunity (rejection, accepted, declined, withdrew).

    Such an entry closes it whatever `stage:` says; any later entry of another type reopens it.
    """
    entries = significant(log)
    return entries[-1] if entries and entries[-1].type in OUTCOME_FROM_LOG else None


def spent_by(next_date: dt.date | None, log) -> LogEntry | None:
    """The first entry (not a note) on or after a manual `next:` date: it spends the date."""
    if next_date is None:
        return None
    return next((e for e in significant(log) if e.date >= next_date), None)


@dataclass(frozen=True)
class Opportunity:
    id: str
    path: str  # as shown to the user, e.g. "pipeline/acme/backend.yml"
    company: str
    role: str
    stage: str  # explicit, or derived from the log
    stage_explicit: bool = False
    outcome: str | None = None
    priority: str = "normal"
    url: str | None = None
    location: str | None = None
    source: str | None = None
    added: dt.date | None = None  # explicit, or the first log date
    tags: tuple[str, ...] = ()
    contacts: tuple[Contact, ...] = ()
    ideas: tuple[str, ...] = ()
    cadence: tuple[int, ...] | None = None
    wait_until: dt.date | None = None
    next: dt.date | None = None
    next_catch_up: bool = False  # `next:` carries a `# catch-up` comment: catch-up wrote it, it may quiet
    notes: str | None = None
    log: tuple[LogEntry, ...] = ()  # ordered by date, file order within a date
    loc: Location | None = field(default=None, compare=False)
    # Where each top-level key's value is, for warnings and editing.
    key_locs: Mapping[str, Location] = field(
        default_factory=lambda: MappingProxyType({}), compare=False
    )

    @property
    def is_open(self) -> bool:
        # The log's closing entry wins over a stale `stage:` (nobody follows up a rejection).
        return self.stage != "closed" and closing_entry(self.log) is None

    @property
    def next_spent(self) -> bool:
        """`next:` is set but a later (or same-day) entry has spent it: the schedule ignores it."""
        return spent_by(self.next, self.log) is not None

    def contact(self, name: str | None) -> Contact | None:
        if name is None:
            return None
        wanted = name.strip().casefold()
        for c in self.contacts:
            if c.name.strip().casefold() == wanted:
                return c
        return None
