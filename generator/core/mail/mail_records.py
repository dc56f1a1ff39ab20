"""The records that pass between the mailbox readers, the judge and the file edits (pure).

The readers (`generator/adapters/mail/`) give `RawMessage`s; the judge (`generator/core/mail/`)
turns them into a `MailPlan`; the edit layer applies each `FileChange` to its opportunity file.
Nothing of a message is kept but what these records carry into an entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class RawMessage:
    """One message as a source gave it: where it came from (for counts and the state file) and its bytes."""

    source: str  # what the user named: "INBOX" (IMAP folder), "mail/export.mbox", "Maildir/cur"
    data: bytes  # the whole message, or only its header when headers_only
    folder: str | None = None  # IMAP folder name (None for files)
    uid: int | None = None  # IMAP UID (None for files)
    headers_only: bool = False


@dataclass(frozen=True)
class NewEntry:
    """A log entry to append. `ref` holds one or more refs (all you sent one opportunity in a day is one touch)."""

    date: dt.date
    type: str
    ref: tuple[str, ...]
    with_: str | None = None
    channel: str | None = "email"
    note: str | None = None  # only the automation's own words ("cancelled: closed"), never a message's text


@dataclass(frozen=True)
class AddRef:
    """An entry already in the log (logged by hand, no `ref`) is this message: give it the ref, add nothing."""

    line: int  # the entry's line in the file (LogEntry.loc.line)
    ref: str


@dataclass(frozen=True)
class RedatePlanned:
    """A later REQUEST moved a planned conversation (found by its `ics:` ref) to another day."""

    ref: str
    date: dt.date


@dataclass(frozen=True)
class PlannedToNote:
    """A planned conversation (found by its `ref`, else by `line`) becomes a `note` dated `date`."""

    date: dt.date
    note: str  # "cancelled" (a CANCEL), "cancelled: closed" (a closing entry came first)
    ref: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class NewContact:
    """A person writing from the company's own domain who is not yet a contact (or a contact's missing address)."""

    name: str
    email: str


@dataclass(frozen=True)
class FileChange:
    """Everything one run does to one opportunity file, applied in one safe edit.

    The edit layer derives the rest as `log` does: a closing entry writes `stage: closed` and
    `outcome:`, any entry that is not a note removes `next:`, an entry past a written `stage:`
    moves it, and a closing entry turns the planned conversations dated after it into notes.
    """

    opportunity_id: str
    add_entries: tuple[NewEntry, ...] = ()
    add_refs: tuple[AddRef, ...] = ()
    redate: tuple[RedatePlanned, ...] = ()
    to_notes: tuple[PlannedToNote, ...] = ()
    add_contacts: tuple[NewContact, ...] = ()


@dataclass(frozen=True)
class Listed:
    """A message shown to the user instead of logged (ambiguous, unknown role, no opportunity, closed one's mail).

    `sender` and `subject` are for the user's own terminal only: never in a file, never in a CI log.
    """

    kind: str  # "ambiguous" | "other-role" | "no-opportunity" | "closed" | "acknowledgement-no-opportunity" | ...
    date: dt.date
    sender: str
    subject: str
    reason: str
    opportunity_ids: tuple[str, ...] = ()
    folder: str | None = None
    uid: int | None = None


@dataclass(frozen=True)
class FolderState:
    uidvalidity: int
    last_uid: int
    # UIDs of messages listed as having no opportunity, with the day first seen: reread for 14 days.
    unplaced: tuple[tuple[int, dt.date], ...] = ()


@dataclass(frozen=True)
class MailState:
    """What `.follow-through/mail.json` holds: folder names and numbers only."""

    folders: Mapping[str, FolderState] = field(default_factory=lambda: MappingProxyType({}))
    events: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))  # "ics:…" ref → SEQUENCE applied


@dataclass(frozen=True)
class MailPlan:
    changes: tuple[FileChange, ...]
    listed: tuple[Listed, ...]
    skipped: Mapping[str, int]  # reason → count: newsletter, auto-reply, bounce, ignored, unrelated, unreadable, known
    events: Mapping[str, int]  # the SEQUENCE applied per event, to keep in the state
    unplaced: tuple[tuple[str, int], ...] = ()  # (folder, uid) of "no-opportunity" messages, to reread later
