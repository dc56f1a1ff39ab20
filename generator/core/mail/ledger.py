"""The run's working copy of every log (pure): the file's entries plus what this run plans, as of a date.

Messages are judged in date order against the log as it stood on their date, so each decision
sees the entries written by hand and those this run already planned for earlier messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from generator.core.mail.mail_records import (
    AddRef,
    FileChange,
    NewContact,
    NewEntry,
    PlannedToNote,
    RedatePlanned,
)
from generator.core.records import OUTCOME_FROM_LOG, Opportunity


@dataclass(frozen=True)
class Seen:
    """One entry as the judge sees it: from the file (`line`) or planned by this run (`pending`)."""

    date: dt.date
    type: str
    refs: tuple[str, ...]
    line: int | None = None
    pending: int | None = None
    estimated: bool = False  # a guessed date: owes no thank-you


@dataclass
class OppWork:
    """What this run does to one opportunity so far."""

    opp: Opportunity
    entries: list[NewEntry] = field(default_factory=list)
    add_refs: list[AddRef] = field(default_factory=list)
    redate: dict[str, dt.date] = field(default_factory=dict)  # ics ref → new date (file entries)
    to_notes: list[PlannedToNote] = field(default_factory=list)
    contacts: list[NewContact] = field(default_factory=list)
    version: int = 0  # bumped by every change made in place, so `seen` is recomputed only when something changed
    _cache: tuple = field(default=(None, ()), init=False, repr=False)

    def replace_entry(self, index: int, entry: NewEntry) -> None:
        self.entries[index] = entry
        self.version += 1

    def seen(self) -> list[Seen]:
        key = (len(self.entries), len(self.add_refs), len(self.redate), len(self.to_notes), self.version)
        if self._cache[0] != key:
            self._cache = (key, self._computed())
        return self._cache[1]

    def _computed(self) -> list[Seen]:
        """Every entry with this run's changes applied, in date order (file order within a date, then this run's)."""
        noted = {n.ref for n in self.to_notes if n.ref} | {n.line for n in self.to_notes if n.line}
        added: dict[int, list[str]] = {}
        for a in self.add_refs:
            added.setdefault(a.line, []).append(a.ref)
        out = []
        for e in self.opp.log:
            line = e.loc.line if e.loc else None
            refs = tuple(e.ref) + tuple(added.get(line, ()))
            kind = "note" if (line in noted or any(r in noted for r in refs)) else e.type
            date = next((self.redate[r] for r in refs if r in self.redate), e.date)
            out.append(Seen(date, kind, refs, line=line, estimated=e.estimated))
        out += [Seen(e.date, e.type, e.ref, pending=i) for i, e in enumerate(self.entries)]
        return sorted(out, key=lambda s: s.date)

    def as_of(self, date: dt.date) -> list[Seen]:
        return [s for s in self.seen() if s.date <= date]

    def closed_on(self, date: dt.date) -> bool:
        """Closed as the log stood on this date: a closing entry last, or `stage: closed` written and nothing since."""
        significant = [s for s in self.as_of(date) if s.type != "note"]
        if significant and significant[-1].type in OUTCOME_FROM_LOG:
            return True
        reopened = any(s.pending is not None for s in significant)
        return self.opp.stage_explicit and self.opp.stage == "closed" and not reopened

    def find_ref(self, ref: str) -> Seen | None:
        return next((s for s in self.seen() if ref in s.refs), None)

    def give_ref(self, seen: Seen, ref: str) -> None:
        """An entry gets one more ref: a file entry by `AddRef`, one of this run's in place."""
        if seen.pending is not None:
            entry = self.entries[seen.pending]
            self.replace_entry(seen.pending, replace(entry, ref=(*entry.ref, ref)))
        elif seen.line is not None:
            self.add_refs.append(AddRef(seen.line, ref))

    def change(self) -> FileChange | None:
        redate = tuple(RedatePlanned(ref, date) for ref, date in self.redate.items())
        if not (self.entries or self.add_refs or redate or self.to_notes or self.contacts):
            return None
        return FileChange(self.opp.id, tuple(self.entries), tuple(self.add_refs), redate, tuple(self.to_notes),
                          tuple(self.contacts))
