"""A message's calendar part (iTIP: REQUEST, REPLY, CANCEL) read with `icalendar` (pure, never raises)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import icalendar

if TYPE_CHECKING:  # a type only: the timezone arrives as an argument (nothing here reads tz files)
    from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    sequence: int
    start: dt.datetime  # aware; an all-day event starts at midnight in the timezone setting
    date: dt.date  # its day in the timezone setting
    summary: str
    cancelled: bool = False  # STATUS:CANCELLED inside a REQUEST


def read_calendar(text: str, tz: ZoneInfo) -> tuple[str | None, tuple[CalendarEvent, ...]]:
    """(METHOD, the events with a UID and a start); (None, ()) when the part cannot be read."""
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception:  # icalendar raises many kinds on bad input: a bad part is no part
        return None, ()
    method = str(calendar.get("METHOD", "") or "").strip().upper() or None
    events = []
    for component in calendar.walk("VEVENT"):
        event = _event(component, tz)
        if event is not None:
            events.append(event)
    return method, tuple(events)


def _event(component, tz: ZoneInfo) -> CalendarEvent | None:
    try:
        uid = str(component.get("UID", "") or "").strip()
        start = component.decoded("DTSTART") if component.get("DTSTART") is not None else None
        sequence = int(str(component.get("SEQUENCE", 0) or 0))
        summary = " ".join(str(component.get("SUMMARY", "") or "").split())
        status = str(component.get("STATUS", "") or "").strip().upper()
    except Exception:
        return None
    if not uid or start is None:
        return None
    if isinstance(start, dt.datetime):
        aware = start if start.tzinfo else start.replace(tzinfo=tz)
    elif isinstance(start, dt.date):
        aware = dt.datetime.combine(start, dt.time(), tzinfo=tz)
    else:
        return None
    return CalendarEvent(uid, sequence, aware, aware.astimezone(tz).date(), summary, status == "CANCELLED")
