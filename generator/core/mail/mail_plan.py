"""Messages → what each logs on which opportunity (pure: no clock, no files; tz and today are arguments).

Messages are taken in date order and each is judged against the log as it stood on its date
(the file's entries and what this run planned for earlier messages). What a message is about
comes from `match.py`, what it says from `classify.py`; this module applies the spec's steps:
calendar parts first, then your sent mail, a rejection, an offer, an invitation, an
acknowledgement, a reply from a person; mail on a closed opportunity is a note unless it is an
invitation or an offer; a hand-logged entry for the same message gets the ref instead of a twin.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from generator.core.mail.calendar_part import CalendarEvent
from generator.core.mail.classify import classify
from generator.core.mail.ledger import OppWork, Seen
from generator.core.mail.mail_records import (
    Listed,
    MailPlan,
    MailState,
    NewContact,
    NewEntry,
    PlannedToNote,
    RawMessage,
)
from generator.core.mail.mail_settings import MailSettings
from generator.core.mail.match import (
    MailIndex,
    Match,
    build_index,
    is_person,
    match_message,
    own_domain_unknown,
    tracker_names_a_company,
)
from generator.core.mail.message import Address, ParsedMessage, Unreadable, parse_message
from generator.core.mail.people import clean_name, contact_for, name_words
from generator.core.mail.refs import ics_ref
from generator.core.records import OUTBOUND, TWO_WAY, Opportunity

if TYPE_CHECKING:  # a type only: the timezone arrives as an argument (nothing here reads tz files)
    from zoneinfo import ZoneInfo

_SCREEN = re.compile(r"\b(screen\w*|phone|intro\w*)\b", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
INBOUND_KINDS = {"rejection": "rejection", "offer": "offer", "invitation": "reply", "hold": "reply",
                 "unknown-language": "reply"}


@dataclass
class _Run:
    index: MailIndex
    state: MailState
    today: dt.date
    work: dict[str, OppWork] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)  # every ref logged so far → opportunity id
    events: dict[str, int] = field(default_factory=dict)  # ics ref → SEQUENCE applied
    event_seen: dict[str, tuple[int, dt.datetime]] = field(default_factory=dict)  # this run's latest per event
    listed: list[Listed] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    unplaced: list[tuple[str, int]] = field(default_factory=list)
    seen_refs: set[str] = field(default_factory=set)

    def opp(self, opp_id: str) -> OppWork:
        if opp_id not in self.work:
            self.work[opp_id] = OppWork(self.index.by_id[opp_id])
        return self.work[opp_id]


@dataclass(frozen=True)
class _Message:
    raw: RawMessage
    parsed: ParsedMessage
    outbound: bool

    @property
    def date(self) -> dt.date:
        return self.parsed.date


def plan_mail(messages: Sequence[RawMessage], opportunities: Sequence[Opportunity], settings: MailSettings,
              state: MailState, *, tz: ZoneInfo, today: dt.date) -> MailPlan:
    index = build_index(opportunities, settings)
    run = _Run(index, state, today, refs=dict(index.refs), events=dict(state.events))
    readable = []
    for raw in messages:
        parsed = parse_message(raw.data, tz)
        if isinstance(parsed, Unreadable):
            run.skipped[parsed.reason] += 1
            continue
        if parsed.date > today:  # a sender's clock ahead of ours: nothing is logged in the future
            parsed = _dated(parsed, today)
        readable.append(_Message(raw, parsed, parsed.sender.email in index.me))
    for message in sorted(readable, key=lambda m: (m.parsed.sent, m.parsed.ref)):
        _judge(run, message)
    changes = tuple(c for c in (run.work[i].change() for i in sorted(run.work)) if c is not None)
    return MailPlan(changes=changes, listed=tuple(run.listed), skipped=MappingProxyType(dict(run.skipped)),
                    events=MappingProxyType(run.events), unplaced=tuple(run.unplaced))


def _dated(parsed: ParsedMessage, today: dt.date) -> ParsedMessage:
    return replace(parsed, date=today)


def _not_about_the_search(run: _Run, m: _Message) -> str | None:
    """Why a message matches nothing whatever it says (newsletter, auto-reply, bounce, ignored), or None."""
    msg = m.parsed
    if msg.bounce:
        return "bounce"
    if msg.auto_reply:
        return "auto-reply"
    if m.outbound:
        people = [a for a in msg.recipients if a.email not in run.index.me]
        return "ignored" if people and all(run.index.ignored(a.email) for a in people) else None
    if run.index.ignored(msg.sender.email):
        return "ignored"
    if msg.list_like and not tracker_names_a_company(msg, run.index):
        return "newsletter"
    return None


def _judge(run: _Run, m: _Message) -> None:
    ref = m.parsed.ref
    if ref in run.seen_refs:
        run.skipped["duplicate"] += 1  # one message in two folders, or twice in an export
        return
    run.seen_refs.add(ref)
    if ref in run.refs:
        run.skipped["known"] += 1  # logged by an earlier run: nothing is ever logged twice
        return
    reason = _not_about_the_search(run, m)
    if reason or m.raw.headers_only:  # headers only: `worth_reading` said no; its words were never read
        run.skipped[reason or "not-read"] += 1
        return
    found = match_message(m.parsed, run.index, run.refs, m.outbound)
    if found.kind == "matched":
        _on_opportunity(run, m, found)
    elif found.kind in ("ambiguous", "other-role"):
        _list(run, m, found.kind, found.reason, found.ids)
    else:
        _unplaced(run, m, found)


def _unplaced(run: _Run, m: _Message, found: Match) -> None:
    """No opportunity: listed when it is job mail from a tracker or a company's own domain, else unrelated."""
    says = None if m.outbound else classify(m.parsed.text, m.parsed.language)
    job_mail = says in ("rejection", "offer", "invitation", "acknowledgement", "hold")
    if found.kind == "no-opportunity" or (job_mail and own_domain_unknown(m.parsed)):
        kind = "acknowledgement-no-opportunity" if says == "acknowledgement" else "no-opportunity"
        _list(run, m, kind, found.reason or "a company's own domain with no opportunity", ())
        if m.raw.folder is not None and m.raw.uid is not None:
            run.unplaced.append((m.raw.folder, m.raw.uid))
    else:
        run.skipped["unrelated"] += 1


def _list(run: _Run, m: _Message, kind: str, reason: str, ids: Sequence[str]) -> None:
    msg = m.parsed
    sender = msg.sender if not m.outbound else (msg.recipients[0] if msg.recipients else msg.sender)
    run.listed.append(Listed(
        kind=kind, date=msg.date, sender=_one_line(f"{clean_name(sender.name)} <{sender.email}>".strip(), 120),
        subject=_one_line(msg.subject, 160), reason=reason, opportunity_ids=tuple(ids),
        folder=m.raw.folder, uid=m.raw.uid,
    ))


def _one_line(text: str, limit: int) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())[:limit]


def _on_opportunity(run: _Run, m: _Message, found: Match) -> None:
    work = run.opp(found.ids[0])
    if found.level == 3 and not m.outbound and is_person(m.parsed.sender):
        _add_contact(work, m.parsed.sender)
    method = m.parsed.calendar_method
    if m.parsed.events and method == "REPLY":
        run.skipped["calendar-reply"] += 1
        return
    if m.parsed.events and method == "REQUEST" and not all(e.cancelled for e in m.parsed.events):
        _requests(run, work, m)
        return
    if m.parsed.events and method in ("CANCEL", "REQUEST"):
        _cancels(run, work, m)
    if m.outbound:
        _sent(run, work, m)
    else:
        _received(run, work, m)


def _is_person(work: OppWork, address: Address) -> bool:
    """A contact of the opportunity (by address) is a person whatever their display name ("Tom Hiring")."""
    known = any(c.email and c.email.strip().lower() == address.email for c in work.opp.contacts)
    return known or is_person(address)


def _with(work: OppWork, m: _Message) -> str | None:
    """The person as the file names them; no one for a sender that is not a person."""
    people = [a for a in m.parsed.recipients if a.email not in {m.parsed.sender.email}] if m.outbound else [
        m.parsed.sender]
    for address in people:
        if not _is_person(work, address):
            continue
        contact = contact_for(work.opp, address)
        if contact is not None:
            return contact.name
        added = next((c for c in work.contacts if c.email == address.email), None)
        if added is not None:
            return added.name
    return None


def _add_contact(work: OppWork, sender: Address) -> None:
    """A person writing from the company's own domain who is not yet a contact (or a contact's missing address)."""
    if any(c.email and c.email.strip().lower() == sender.email for c in work.opp.contacts):
        return
    if any(c.email == sender.email for c in work.contacts):
        return
    name = clean_name(sender.name, work.opp.company)
    by_name = next((c for c in work.opp.contacts if name and name_words(c.name) == name_words(name)), None)
    if by_name is not None:
        if not by_name.email:
            work.contacts.append(NewContact(by_name.name, sender.email))
        return
    if name:
        work.contacts.append(NewContact(name, sender.email))


def _log(run: _Run, work: OppWork, m: _Message, kind: str, *, date: dt.date | None = None,
         note: str | None = None) -> None:
    """Log one entry for this message, or give its ref to the same entry logged by hand that day."""
    ref = m.parsed.ref
    day = date or m.date
    twin = next((s for s in work.as_of(day) if s.date == day and not s.refs and s.line is not None
                 and s.type == kind and not any(a.line == s.line for a in work.add_refs)), None)
    if twin is not None and kind != "note":
        work.give_ref(twin, ref)
    else:
        work.entries.append(NewEntry(day, kind, (ref,), with_=_with(work, m), note=note))
    run.refs[ref] = work.opp.id


def _received(run: _Run, work: OppWork, m: _Message) -> None:
    says = classify(m.parsed.text, m.parsed.language)
    closed = work.closed_on(m.date)
    if closed and says not in ("invitation", "offer"):
        _closed_note(run, work, m)
        return
    if says == "acknowledgement":
        if any(s.type == "applied" for s in work.seen()):  # logged on any day: a repeat is no new application
            run.skipped["acknowledged"] += 1  # a robot's thanks is nobody answering
        else:
            _log(run, work, m, "applied")
        return
    kind = INBOUND_KINDS.get(says or "", "reply" if _is_person(work, m.parsed.sender) else None)
    if kind is None:
        run.skipped["automated"] += 1  # a tracker's or role address's mail that says nothing to log
        return
    _log(run, work, m, kind)


def _closed_note(run: _Run, work: OppWork, m: _Message) -> None:
    _log(run, work, m, "note", note="mail after closing; reopens nothing")
    _list(run, m, "closed", "mail on a closed opportunity, logged as a note", (work.opp.id,))


def _due_touch(seen: list[Seen], day: dt.date, quiet_grace: int) -> str:
    """The touch that was due: a thank-you when one was owed (after a conversation with a known date, within
    `quiet_grace` days, as the schedule says), outreach when nothing is logged, else a follow-up."""
    significant = [s for s in seen if s.type != "note"]
    if not significant:
        return "outreach"
    last = significant[-1]
    owed = last.type in TWO_WAY and not last.estimated and (day - last.date).days <= quiet_grace
    return "thank-you" if owed else "follow-up"


def _sent(run: _Run, work: OppWork, m: _Message) -> None:
    """All you send one opportunity on one day is one touch: its `ref` a list of the messages."""
    if work.closed_on(m.date):
        _closed_note(run, work, m)
        return
    ref = m.parsed.ref
    same_day = [s for s in work.as_of(m.date) if s.date == m.date and s.type in OUTBOUND]
    mailed = next((s for s in same_day if s.pending is not None or s.refs), None)
    by_hand = next((s for s in same_day if not s.refs and s.line is not None
                    and not any(a.line == s.line for a in work.add_refs)), None)
    touch = mailed or by_hand
    if touch is not None:
        work.give_ref(touch, ref)
    else:
        due = _due_touch(work.as_of(m.date), m.date, run.index.settings.quiet_grace)
        work.entries.append(NewEntry(m.date, due, (ref,), with_=_with(work, m)))
    run.refs[ref] = work.opp.id


def _requests(run: _Run, work: OppWork, m: _Message) -> None:
    """A REQUEST plans a conversation on the event's day; the latest-sent one decides the day."""
    for event in m.parsed.events:
        ref = ics_ref(event.uid)
        existing = work.find_ref(ref)
        if existing is None and ref not in run.events:
            _plan_event(run, work, m, event, ref)
        elif existing is not None and _newer(run, ref, event, m):
            if not _move_event(work, existing, event):
                run.skipped["event-unchanged"] += 1  # the same day again: nothing to move
        else:
            run.skipped["stale-event"] += 1  # an older version of an event already applied
        run.events[ref] = max(event.sequence, run.events.get(ref, event.sequence))
        run.event_seen[ref] = (event.sequence, m.parsed.sent)
    run.refs[m.parsed.ref] = work.opp.id


def _newer(run: _Run, ref: str, event: CalendarEvent, m: _Message) -> bool:
    """By SEQUENCE, then Date: a reread never moves an event back."""
    if ref in run.event_seen:
        return (event.sequence, m.parsed.sent) >= run.event_seen[ref]
    return event.sequence > run.events.get(ref, -1)


def _plan_event(run: _Run, work: OppWork, m: _Message, event: CalendarEvent, ref: str) -> None:
    kind = "screen" if _SCREEN.search(event.summary) else "interview"
    if event.start > m.parsed.sent:
        twin = next((s for s in work.seen() if s.date == event.date and s.type in TWO_WAY and not s.refs
                     and s.line is not None), None)
        if twin is not None:
            work.give_ref(twin, ref)
        else:
            work.entries.append(NewEntry(event.date, kind, (ref,), with_=_with(work, m)))
        run.refs[ref] = work.opp.id
    if not m.outbound:
        _log(run, work, m, "reply")  # they answered


def _move_event(work: OppWork, existing: Seen, event: CalendarEvent) -> bool:
    """Whether the planned conversation moved to the event's (new) day."""
    if existing.date == event.date or existing.type == "note":
        return False
    if existing.pending is not None:
        work.replace_entry(existing.pending, replace(work.entries[existing.pending], date=event.date))
    else:
        ref = next(r for r in existing.refs if r.startswith("ics:"))
        work.redate[ref] = event.date
        work.version += 1
    return True


def _cancels(run: _Run, work: OppWork, m: _Message) -> None:
    """A CANCEL turns the event's entry into a note dated the cancellation's day (unless it had started)."""
    for event in m.parsed.events:
        ref = ics_ref(event.uid)
        existing = work.find_ref(ref)
        run.events[ref] = max(event.sequence, run.events.get(ref, event.sequence))
        if existing is None or existing.type not in TWO_WAY or event.start <= m.parsed.sent:
            continue
        if existing.pending is not None:
            entry = work.entries[existing.pending]
            work.replace_entry(existing.pending,
                               NewEntry(m.date, "note", entry.ref, with_=entry.with_, note="cancelled"))
        else:
            work.to_notes.append(PlannedToNote(m.date, "cancelled", ref=ref))
