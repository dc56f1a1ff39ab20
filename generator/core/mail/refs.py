"""The refs a mailed entry carries, exactly as the spec says (pure).

- `mid:` + the first 16 hex digits of the SHA-256 of the Message-ID without its angle brackets
  (and without surrounding white space);
- a message without a Message-ID: `mid:` of the same digest over three fields joined by one
  line feed (`\\n`): the decoded From address in lower case, the Date in UTC as ISO 8601
  (`2026-12-01T09:30:00+00:00`, seconds always written; empty when the message has no usable
  Date) and the decoded Subject with its white space collapsed to single spaces and trimmed.
  An mbox export and IMAP give the same bytes for these, so the same ref;
- `ics:` + the first 16 hex digits of the SHA-256 of a calendar event's UID (as written, trimmed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

_SPACE = re.compile(r"\s+")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def bare_message_id(message_id: str) -> str:
    """'<abc@x>' → 'abc@x' (white space and one pair of angle brackets dropped)."""
    text = message_id.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].strip()
    return text


def mid_ref(message_id: str) -> str:
    return "mid:" + _digest(bare_message_id(message_id))


def fallback_ref(from_address: str, date: dt.datetime | None, subject: str) -> str:
    when = date.astimezone(dt.UTC).isoformat(timespec="seconds") if date is not None else ""
    collapsed = _SPACE.sub(" ", subject).strip()
    return "mid:" + _digest(f"{from_address.strip().lower()}\n{when}\n{collapsed}")


def ics_ref(uid: str) -> str:
    return "ics:" + _digest(uid.strip())
