"""followups.ics: one all-day event per open opportunity's next follow-up.

The UID is made from the opportunity's id, so a calendar app that subscribes to
the feed updates the event when the date moves instead of adding another.
Contact e-mail addresses and phone numbers never go in; names do, except for the
private dashboard (``opaque``): its events say only which touch is due ("Due: thank-you") and link
the opaque page; their UIDs are the page's opaque name, and nothing in the feed names the tool.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from urllib.parse import quote

from icalendar import Calendar, Event

from generator.core.agenda import DueItem
from generator.core.schedule import TOUCH_HELP
from generator.core.site.text import clean

PRODID = "-//Follow-Through//follow-up calendar//EN"
# The private dashboard's feed names neither the tool nor a follow-up (its UIDs changed once from "@follow-through")
SEALED_UID_DOMAIN = "dashboard"
SEALED_CATEGORY = "reminder"


def uid_for(opp_id: str) -> str:
    return f"{quote(opp_id, safe='/-_.')}@follow-through"


def followups_ics(items: list[DueItem], today: dt.date, page_url=None, redact=None, opaque=None,
                  conversations=()) -> bytes:
    """``page_url(opp)`` gives the absolute page URL (or None); ``redact`` hides contact details in text;
    ``opaque(opp)`` (the private dashboard) gives the opportunity's opaque name: events then carry no names.
    ``conversations``: the planned conversations (site.model.PlannedConversation), one event each."""
    cal = Calendar()
    cal.add("prodid", PRODID if opaque is None else "-//Dashboard//calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Follow-ups" if opaque is None else "Dashboard")  # private: a neutral name
    stamp = dt.datetime.combine(today, dt.time(0, 0), tzinfo=dt.UTC)
    tidy = (lambda s: redact(clean(s))) if redact else clean
    # Private: by date, ties in random order (the order of the ids would hint at the names).
    order = (lambda i: (i.followup.due, secrets.randbits(64))) if opaque else (lambda i: i.opp.id)
    for item in sorted(items, key=order):
        opp, f = item.opp, item.followup
        event = Event()
        event.add("uid", f"{opaque(opp)}@{SEALED_UID_DOMAIN}" if opaque else uid_for(opp.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", f.due)
        event.add("dtend", f.due + dt.timedelta(days=1))
        url = page_url(opp) if page_url else None
        if opaque:
            event.add("summary", f"Due: {f.touch}")
            lines = [f"{f.touch}: {TOUCH_HELP.get(f.touch, f.touch)}"] + ([url] if url else [])
            _finish(event, lines, url, SEALED_CATEGORY)
            cal.add_component(event)
            continue
        event.add("summary", tidy(f"Follow up: {opp.company} — {opp.role}"))
        lines = [f"{f.touch}: {TOUCH_HELP.get(f.touch, f.touch)}"]
        if f.contact:
            lines.append(f"To: {tidy(f.contact)}")
        lines.append(f"Why now: {tidy(f.reason)}")
        if f.idea:
            lines.append(f"Idea: {tidy(f.idea)}")
        if url:
            lines.append(url)
        _finish(event, lines, url)
        cal.add_component(event)
    for planned in conversations:
        cal.add_component(_conversation_event(planned, stamp, page_url, tidy, opaque))
    return cal.to_ical()


def conversation_uid(opp_id: str, entry) -> str:
    """Stable per entry: from its `ref` (the message or the calendar event it came from), else its date
    and type; a moved interview keeps its UID when it has a ref, so calendar apps move it too."""
    key = entry.ref[0] if entry.ref else f"{entry.date.isoformat()}/{entry.type}"
    return f"{quote(opp_id, safe='/-_.')}/{quote(key, safe='/-_.:')}@follow-through"


def _conversation_event(planned, stamp, page_url, tidy, opaque) -> Event:
    """One all-day event for a planned conversation; in the private dashboard only "Appointment"
    (its UID a digest: the opportunity's id and the ref say nothing there)."""
    opp, entry = planned.opp, planned.entry
    event = Event()
    uid = conversation_uid(opp.id, entry)
    if opaque:
        uid = f"{hashlib.sha256(f'{opaque(opp)}|{uid}'.encode()).hexdigest()[:32]}@{SEALED_UID_DOMAIN}"
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", entry.date)
    event.add("dtend", entry.date + dt.timedelta(days=1))
    url = page_url(opp) if page_url else None
    if opaque:
        event.add("summary", "Appointment")
        if url:
            event.add("url", url)
        event.add("transp", "OPAQUE")
        return event
    who = f" with {entry.with_}" if entry.with_ else ""
    event.add("summary", tidy(f"{entry.type.capitalize()}{who}: {opp.company} — {opp.role}"))
    lines = [tidy(f"{entry.type}{who}, planned")] + ([f"About: {tidy(entry.topic)}"] if entry.topic else [])
    if url:
        event.add("url", url)
        lines.append(url)
    event.add("description", "\n".join(lines))  # never the entry's note: it is private
    event.add("transp", "OPAQUE")
    event.add("categories", ["conversation"])
    return event


def _finish(event: Event, lines: list[str], url: str | None, category: str = "follow-up") -> None:
    if url:
        event.add("url", url)
    event.add("description", "\n".join(lines))
    event.add("transp", "TRANSPARENT")
    event.add("categories", [category])


def rename_in_feed(ics: bytes, rename) -> bytes:
    """The feed with ``rename(text)`` applied to each unfolded line, folded again at 75 octets (RFC 5545).

    The private dashboard renders before its key is there: its placeholders may span a fold."""
    lines = re.sub(r"\r\n[ \t]", "", ics.decode("utf-8")).split("\r\n")
    return "\r\n".join(_fold(rename(line)) for line in lines).encode("utf-8")


def _fold(line: str) -> str:
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(len(data), start + limit)
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # never split a character
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines start with a space
    return "\r\n ".join(parts)
