"""Building real messages (the stdlib `email` package, as a mail client writes them) and reading a plan as facts."""

from __future__ import annotations

import datetime as dt
import email.utils
import zlib
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.adapters.opportunity_files import load_pipeline
from generator.core.mail.mail_plan import plan_mail
from generator.core.mail.mail_records import MailPlan, MailState, RawMessage
from generator.core.mail.mail_settings import MailSettings
from generator.core.mail.refs import ics_ref, mid_ref

PIPELINE = Path(__file__).parent / "judge-pipeline"
TODAY = dt.date(2026, 12, 7)
TZ = ZoneInfo("Europe/London")
ME = "sam@example.org"
SETTINGS = MailSettings(me=(ME,), ignore=("digest@acme.example", "recruiter-spam.example"))
DEFAULT_DATE = "Fri, 04 Dec 2026 10:00:00 +0000"


def opportunities():
    pipeline = load_pipeline(PIPELINE, TODAY)
    errors = [str(p) for p in pipeline.problems if p.is_error]
    assert not errors, errors
    return pipeline.opportunities


@dataclass(frozen=True)
class Mail:
    """One message, as a client would send it."""

    sender: str
    subject: str
    body: str = ""
    to: str = ME
    date: str = DEFAULT_DATE
    mid: str | None = "auto"  # "auto": made from the subject and date; None: no Message-ID at all
    headers: tuple[tuple[str, str], ...] = ()
    html: str | None = None  # an HTML-only body when set
    ics: str | None = None  # a text/calendar part (its METHOD inside)
    in_reply_to: str | None = None

    @property
    def message_id(self) -> str | None:
        if self.mid == "auto":
            stamp = email.utils.parsedate_to_datetime(self.date).strftime("%Y%m%d%H%M%S")
            slug = "".join(c for c in self.subject.lower() if c.isalnum())[:24] or "x"
            return f"<{slug}.{stamp}.{zlib.crc32((self.sender + self.body).encode()):08x}@mail.test>"
        return self.mid

    @property
    def ref(self) -> str:
        assert self.message_id, "a message without a Message-ID has a fallback ref: compute it in the row"
        return mid_ref(self.message_id)

    def raw(self) -> bytes:
        msg = EmailMessage()
        msg["From"] = self.sender
        msg["To"] = self.to
        msg["Subject"] = self.subject
        msg["Date"] = self.date
        if self.message_id:
            msg["Message-ID"] = self.message_id
        if self.in_reply_to:
            msg["In-Reply-To"] = self.in_reply_to
            msg["References"] = self.in_reply_to
        for name, value in self.headers:
            msg[name] = value
        if self.html is not None:
            msg.set_content(self.html, subtype="html")
        else:
            msg.set_content(self.body)
        if self.ics is not None:
            method = next((line.split(":", 1)[1] for line in self.ics.splitlines() if line.startswith("METHOD:")),
                          "REQUEST")
            msg.add_alternative(self.ics, subtype="calendar", params={"method": method})
        return msg.as_bytes()


def ics(uid: str, start: str, summary: str, *, method: str = "REQUEST", sequence: int = 0) -> str:
    return "\r\n".join((
        "BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0", f"METHOD:{method}",
        "BEGIN:VEVENT", f"DTSTART:{start}", "DTEND:" + start[:9] + "235900Z", f"DTSTAMP:{start}", f"UID:{uid}",
        f"SEQUENCE:{sequence}", f"SUMMARY:{summary}", "STATUS:" + ("CANCELLED" if method == "CANCEL" else "CONFIRMED"),
        "END:VEVENT", "END:VCALENDAR", "",
    ))


# The facts a row expects, and that a plan gives.
def entry(opp: str, kind: str, date: str = "2026-12-04", with_: str | None = None, refs=None, note=None):
    return ("entry", opp, kind, date, with_, refs, note)


def add_ref(opp: str, entry_date: str, entry_type: str, ref=None):
    return ("add-ref", opp, entry_date, entry_type, ref)


def contact(opp: str, name: str, address: str):
    return ("contact", opp, name, address)


def redate(opp: str, uid: str, date: str):
    return ("redate", opp, ics_ref(uid), date)


def to_note(opp: str, date: str, note: str, uid: str):
    return ("to-note", opp, date, note, ics_ref(uid))


def listed(kind: str, *ids: str):
    return ("listed", kind, tuple(sorted(ids)))


def skipped(reason: str):
    return ("skipped", reason)


LOGGED = ("entry", "add-ref", "redate", "to-note")


@dataclass(frozen=True)
class Row:
    name: str
    mails: tuple[Mail, ...]
    expect: tuple[tuple, ...]
    state: MailState = field(default_factory=MailState)


def run_row(row: Row, opps) -> MailPlan:
    raws = [RawMessage(source="table", data=m.raw(), folder="INBOX", uid=i + 1) for i, m in enumerate(row.mails)]
    return plan_mail(raws, opps, SETTINGS, row.state, tz=TZ, today=TODAY)


def facts(plan: MailPlan, opps) -> list[tuple]:
    """The plan as the row's facts; an AddRef names its entry by date and type (as the file shows it)."""
    by_id = {o.id: o for o in opps}
    found: list[tuple] = []
    for change in plan.changes:
        lines = {e.loc.line: e for e in by_id[change.opportunity_id].log}
        found += [("entry", change.opportunity_id, e.type, e.date.isoformat(), e.with_, e.ref, e.note)
                  for e in change.add_entries]
        found += [("add-ref", change.opportunity_id, lines[a.line].date.isoformat(), lines[a.line].type, a.ref)
                  for a in change.add_refs]
        found += [("contact", change.opportunity_id, c.name, c.email) for c in change.add_contacts]
        found += [("redate", change.opportunity_id, r.ref, r.date.isoformat()) for r in change.redate]
        found += [("to-note", change.opportunity_id, n.date.isoformat(), n.note, n.ref) for n in change.to_notes]
    found += [("listed", item.kind, tuple(sorted(item.opportunity_ids))) for item in plan.listed]
    for reason, count in plan.skipped.items():
        found += [("skipped", reason)] * count
    return sorted(found, key=repr)


def expected(row: Row) -> list[tuple]:
    """The row's facts with the refs filled in: a single message's own ref unless the row names them."""
    out = []
    for fact in row.expect:
        filled = fact
        if fact[0] == "entry" and fact[5] is None:
            filled = (*fact[:5], (row.mails[0].ref,), fact[6])
        if fact[0] == "add-ref" and fact[4] is None:
            filled = (*fact[:4], row.mails[0].ref)
        out.append(filled)
    return sorted(out, key=repr)
