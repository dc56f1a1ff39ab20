"""Bytes → a parsed message (pure): never raises; bad mail is ordinary mail.

The structure is parsed with `policy.compat32` (raw header text, nothing parsed twice); the
headers the judge reads (From, To, Cc, Subject) go through `policy.default`'s parsers, and a
header those refuse (a hostile display name can make them raise) is decoded again from its raw
text with the older, forgiving `email.header` / `email.utils` functions. Bodies are decoded by
hand (a wrong or unknown charset falls back to UTF-8 with replacement), HTML-only bodies are
turned into text, the quoted earlier messages are dropped, and calendar parts are read with
`icalendar`. What cannot be read at all comes back as an `Unreadable` with its reason, to be
counted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email
import email.header
import email.parser
import email.utils
import re
from dataclasses import dataclass
from email import policy
from email.message import Message
from typing import TYPE_CHECKING

from generator.core.mail.body_text import detect_language, html_to_text
from generator.core.mail.calendar_part import CalendarEvent, read_calendar
from generator.core.mail.quotes import own_text
from generator.core.mail.refs import fallback_ref, mid_ref

if TYPE_CHECKING:  # a type only: the timezone arrives as an argument (nothing here reads tz files)
    from zoneinfo import ZoneInfo

MAX_TEXT = 20_000  # characters of a message's own text the phrase rules read: a letter, not an attachment
_MSGID = re.compile(r"<[^<>\s]+>")
_AUTO_SUBJECT = re.compile(
    r"^\s*(automatic reply|auto(matic)?[- ]?reply|auto:|out of (the )?office|abwesenheitsnotiz|"
    r"automatische antwort|r[ée]ponse automatique|absence du bureau|respuesta autom[aá]tica|"
    r"risposta automatica|automatisch antwoord|afwezig)", re.IGNORECASE)
_BOUNCE_SUBJECT = re.compile(
    r"^\s*(undeliver(ed|able)|delivery status notification|mail delivery (failed|failure|subsystem)|"
    r"returned mail|delivery failure|failure notice|unzustellbar|non remis)", re.IGNORECASE)
_BOUNCE_SENDERS = ("mailer-daemon", "postmaster", "mail-daemon")


@dataclass(frozen=True)
class Address:
    name: str  # decoded display name ("" when none)
    email: str  # lower case

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2]

    @property
    def local(self) -> str:
        return self.email.rpartition("@")[0]


@dataclass(frozen=True)
class ParsedMessage:
    ref: str
    sender: Address
    recipients: tuple[Address, ...]  # To and Cc
    subject: str
    sent: dt.datetime  # aware
    date: dt.date  # `sent` in the timezone setting
    replies_to: tuple[str, ...]  # In-Reply-To and References, as `mid:` refs
    list_like: bool = False  # List-Id, List-Unsubscribe, bulk/list/junk precedence
    auto_reply: bool = False
    bounce: bool = False
    text: str = ""  # the message's own text, quoted parts dropped
    language: str = "en"
    events: tuple[CalendarEvent, ...] = ()
    calendar_method: str | None = None


@dataclass(frozen=True)
class Unreadable:
    reason: str  # "unreadable" | "undated"


def parse_message(data: bytes, tz: ZoneInfo) -> ParsedMessage | Unreadable:
    """The message, or why it could not be read. Never raises."""
    try:
        # The structure with compat32 (raw header strings, nothing parsed twice: 10,000 messages in seconds);
        # the headers we read through policy.default's parsers, one by one, each with its fallback.
        msg = email.message_from_bytes(data, policy=policy.compat32)
        return _parsed(msg, tz)
    except Exception:  # the last net: a message no part of the stdlib can read is counted, not a traceback
        return Unreadable("unreadable")


def parse_headers(data: bytes) -> Message | None:
    """Only the header block, for the cheap first look (`worth_reading`)."""
    try:
        return email.parser.BytesHeaderParser(policy=policy.compat32).parsebytes(data)
    except Exception:
        return None


def _parsed(msg: Message, tz: ZoneInfo) -> ParsedMessage | Unreadable:
    sent = sent_at(msg)
    if sent is None:
        return Unreadable("undated")
    sender = (addresses(msg, "From") or addresses(msg, "Sender") or [Address("", "")])[0]
    subject = header_text(msg, "Subject")
    raw_id = raw_header(msg, "Message-ID")
    message_id = (_MSGID.findall(raw_id) or [raw_id.strip()])[0]
    ref = mid_ref(message_id) if message_id.strip("<> ") else fallback_ref(sender.email, sent, subject)
    body, events, method = _body(msg, tz)
    text = own_text(body)[:MAX_TEXT]
    return ParsedMessage(
        ref=ref, sender=sender, recipients=tuple(addresses(msg, "To") + addresses(msg, "Cc")), subject=subject,
        sent=sent, date=sent.astimezone(tz).date(), replies_to=_replies_to(msg),
        list_like=_list_like(msg), auto_reply=_auto_reply(msg, subject), bounce=_bounce(msg, sender, subject),
        text=text, language=detect_language(f"{subject}\n{text}"), events=events, calendar_method=method,
    )


def clean_text(text: str) -> str:
    """Undecodable bytes (surrogates) become U+FFFD, so nothing downstream fails to encode."""
    return text.encode("utf-8", "replace").decode("utf-8") if not text.isascii() else text


def raw_header(msg: Message, name: str) -> str:
    """A header's raw text ('' when absent): undecoded, as compat32 keeps it."""
    try:
        value = msg.get(name)
        return "" if value is None else str(value)
    except Exception:
        return ""


def header_text(msg: Message, name: str) -> str:
    """A header decoded to text ('' when absent): RFC 2047 words decoded by policy.default, else by the older
    forgiving `email.header` functions (a header policy.default refuses); never raises."""
    raw = raw_header(msg, name)
    if not raw:
        return ""
    try:
        text = str(policy.default.header_fetch_parse(name, raw))
    except Exception:
        try:
            text = str(email.header.make_header(email.header.decode_header(raw)))
        except Exception:
            text = raw
    return clean_text(" ".join(text.split()))


def addresses(msg: Message, name: str) -> list[Address]:
    """The addresses of a header, display names decoded; the forgiving parser when the strict one refuses."""
    raw = raw_header(msg, name)
    if not raw:
        return []
    try:
        found = [(a.display_name, a.addr_spec) for a in policy.default.header_fetch_parse(name, raw).addresses]
    except Exception:
        try:
            decoded = str(email.header.make_header(email.header.decode_header(raw)))
        except Exception:
            decoded = raw
        found = email.utils.getaddresses([decoded])
    return [Address(clean_text(" ".join(n.split())), clean_text(e.strip().strip("<>").lower()))
            for n, e in found if "@" in (e or "")]


def sent_at(msg: Message) -> dt.datetime | None:
    """The Date header (a naive one is UTC), else the newest Received header's date."""
    candidates = [raw_header(msg, "Date")]
    with contextlib.suppress(Exception):
        candidates += [str(v).rpartition(";")[2] for k, v in msg.raw_items() if k.lower() == "received"]
    for text in candidates:
        try:
            when = email.utils.parsedate_to_datetime(text.strip())
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
        if when is not None:
            return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    return None


def _replies_to(msg: Message) -> tuple[str, ...]:
    ids = _MSGID.findall(raw_header(msg, "In-Reply-To")) + _MSGID.findall(raw_header(msg, "References"))
    return tuple(dict.fromkeys(mid_ref(i) for i in ids))


def _list_like(msg: Message) -> bool:
    if raw_header(msg, "List-Id").strip() or raw_header(msg, "List-Unsubscribe").strip():
        return True
    return raw_header(msg, "Precedence").strip().lower() in ("bulk", "list", "junk")


def _auto_reply(msg: Message, subject: str) -> bool:
    auto = raw_header(msg, "Auto-Submitted").strip().lower()
    if auto.startswith("auto-replied") or raw_header(msg, "X-Autoreply") or raw_header(msg, "X-Autorespond"):
        return True
    return bool(_AUTO_SUBJECT.match(subject))


def _bounce(msg: Message, sender: Address, subject: str) -> bool:
    if sender.local in _BOUNCE_SENDERS:
        return True
    content_type = raw_header(msg, "Content-Type").lower()
    if "multipart/report" in content_type and "delivery-status" in content_type:
        return True
    return bool(_BOUNCE_SUBJECT.match(subject))


def _decoded(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = "utf-8"
    try:
        charset = part.get_content_charset() or "utf-8"
        return payload.decode(charset, errors="replace")
    except (LookupError, ValueError):
        return payload.decode("utf-8", errors="replace")


def _is_attachment(part: Message) -> bool:
    try:
        return (part.get_content_disposition() or "") == "attachment"
    except Exception:
        return False


def _body(msg: Message, tz: ZoneInfo) -> tuple[str, tuple[CalendarEvent, ...], str | None]:
    plain: list[str] = []
    html: list[str] = []
    events: list[CalendarEvent] = []
    method = None
    for part in msg.walk():
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        if content_type in ("text/calendar", "application/ics"):
            found_method, found = read_calendar(_decoded(part), tz)
            method = method or found_method or (str(part.get_param("method") or "").upper() or None)
            events += found
        elif _is_attachment(part):
            continue
        elif content_type == "text/plain":
            plain.append(_decoded(part)[: MAX_TEXT * 2])
        elif content_type == "text/html":
            html.append(html_to_text(_decoded(part)[: MAX_TEXT * 10]))
    body = clean_text("\n".join(plain) if any(p.strip() for p in plain) else "\n".join(html))
    unique = tuple({(e.uid, e.sequence): e for e in events}.values())
    return body, unique, method
