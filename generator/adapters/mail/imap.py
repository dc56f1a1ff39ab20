"""IMAP, read-only: EXAMINE each folder, headers first with BODY.PEEK[HEADER], whole messages only for those worth it.

Nothing is marked read, moved or deleted: the folder is examined (read-only) and every fetch is a
PEEK. Over TLS, except to a server on this machine (a local bridge, the tests). The password
arrives as an argument from the command, which read it from the environment. Everything is read
before anything is written: a connection that drops mid-fetch raises, and the next run reads
the same messages again (the state file only moves on after the run's edits are saved).
"""

from __future__ import annotations

import datetime as dt
import imaplib
import ssl
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError

from generator.adapters.mail.state import REREAD_DAYS
from generator.core.mail.mail_records import FolderState, MailState, RawMessage
from generator.core.problems import UserError
from generator.core.settings import Imap

BATCH = 500  # UIDs per FETCH: a few hundred keeps each response small and the round trips few
BODY_BYTES = 20_000_000  # whole messages fetched at once at most (by RFC822.SIZE)
TIMEOUT = 60  # seconds for a connection or an answer
PASSWORD_ENV = "FOLLOW_THROUGH_MAIL_PASSWORD"


@dataclass(frozen=True)
class ReadWindow:
    """What to read: from ``since`` on a first run (or when asked), else what is new after the state."""

    since: dt.date  # the first run's start (default 30 days back), or --since
    reread_all: bool  # --since was given: read the window again whatever the state says
    today: dt.date


@dataclass
class FolderRead:
    name: str
    uidvalidity: int = 0
    last_uid: int = 0
    messages: list[RawMessage] = field(default_factory=list)
    new: int = 0  # messages past the last UID (or in the window)
    reread: int = 0  # unplaced messages read again
    bodies: int = 0  # whole messages fetched
    missing: bool = False  # the folder does not exist
    previous: FolderState | None = None  # the state it started from (kept when the folder is missing)


def connect(imap: Imap, password: str, root: Path) -> IMAPClient:
    """A logged-in client; a refused login or an unreachable server is a one-line UserError (no address in it)."""
    context = None
    if imap.tls:
        try:
            context = ssl.create_default_context(cafile=str(root / imap.ca_file) if imap.ca_file else None)
        except (OSError, ssl.SSLError) as exc:
            raise UserError(f"mail: imap: ca_file: cannot read {root / imap.ca_file} as a PEM certificate "
                            f"({getattr(exc, 'strerror', None) or exc})") from None
    try:
        client = IMAPClient(imap.host, port=imap.port, ssl=imap.tls, ssl_context=context, timeout=TIMEOUT)
    except ssl.SSLError as exc:
        raise UserError(f"IMAP {imap.host}:{imap.port}: the TLS connection failed ({exc.reason}); a server with a "
                        "certificate of its own needs mail: imap: ca_file") from None
    except OSError as exc:
        raise UserError(f"IMAP {imap.host}:{imap.port}: cannot connect ({exc})") from None
    try:
        client.login(imap.user, password)
    except LoginError:
        client.shutdown()
        raise UserError(f"IMAP {imap.host}: the server refused the login: check the user in mail: imap: and the "
                        f"password in {PASSWORD_ENV} (an app password: see guide/mail.md)") from None
    except (IMAPClientError, OSError) as exc:  # LOGINDISABLED without TLS, a connection cut at login
        client.shutdown()
        raise UserError(f"IMAP {imap.host}: the login did not go through ({_server_words(exc)})") from None
    return client


def read_folders(client: IMAPClient, folders: Sequence[str], state: MailState, window: ReadWindow,
                 worth_reading: Callable[[bytes], bool]) -> list[FolderRead]:
    """Every folder's new (and reread) messages; a folder that does not exist is marked missing, not fatal."""
    reads = []
    for name in folders:
        try:
            reads.append(_read_folder(client, name, state.folders.get(name), window, worth_reading))
        except (IMAPClientAbortError, imaplib.IMAP4.abort, OSError) as exc:
            raise UserError(f"IMAP: the connection dropped while reading {name} ({type(exc).__name__}): nothing "
                            "was written; the next run reads these messages again") from None
        except IMAPClientError as exc:  # a NO or BAD to a SEARCH or FETCH: the server's own words, no message text
            raise UserError(f"IMAP: the server refused a request while reading {name} ({_server_words(exc)}): "
                            "nothing was written; the next run reads these messages again") from None
    return reads


def _server_words(exc: Exception) -> str:
    words = " ".join(str(exc).split())
    return words if len(words) <= 200 else words[:199] + "…"


def _read_folder(client: IMAPClient, name: str, previous: FolderState | None, window: ReadWindow,
                 worth_reading: Callable[[bytes], bool]) -> FolderRead:
    read = FolderRead(name, previous=previous)
    try:
        status = client.select_folder(name, readonly=True)  # EXAMINE
    except IMAPClientAbortError:
        raise
    except IMAPClientError:
        read.missing = True
        return read
    read.uidvalidity = int(status[b"UIDVALIDITY"])
    known = previous is not None and previous.uidvalidity == read.uidvalidity and not window.reread_all
    new_uids, reread_uids = _uids_to_read(client, status, previous if known else None, window)
    # Everything below UIDNEXT was either read now or is older than the window: the next run starts after it.
    same_folder = previous is not None and previous.uidvalidity == read.uidvalidity
    uidnext = int(status.get(b"UIDNEXT", 0) or 0)
    read.last_uid = max([previous.last_uid if same_folder else 0, uidnext - 1, *new_uids])
    read.new, read.reread = len(new_uids), len(reread_uids)
    read.messages, read.bodies = _fetch(client, name, sorted(set(new_uids) | set(reread_uids)), worth_reading)
    return read


def _uids_to_read(client: IMAPClient, status: dict, previous: FolderState | None,
                  window: ReadWindow) -> tuple[list[int], list[int]]:
    """(new UIDs, unplaced UIDs to read again). Without a usable state: every UID since the window's start."""
    if previous is None:
        return list(client.search(["SINCE", window.since])), []
    oldest = window.today - dt.timedelta(days=REREAD_DAYS)
    reread = [uid for uid, seen in previous.unplaced if seen >= oldest]
    uidnext = int(status.get(b"UIDNEXT", 0) or 0)
    if uidnext and uidnext <= previous.last_uid + 1:
        new = []  # nothing arrived: no SEARCH at all (the common run)
    else:
        new = [uid for uid in client.search(["UID", f"{previous.last_uid + 1}:*"]) if uid > previous.last_uid]
    if reread:
        still_there = set(client.search(["UID", ",".join(str(uid) for uid in reread)]))
        reread = [uid for uid in reread if uid in still_there]
    return new, reread


def _batches(uids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(uids), BATCH):
        yield uids[start:start + BATCH]


def _fetch(client: IMAPClient, folder: str, uids: list[int],
           worth_reading: Callable[[bytes], bool]) -> tuple[list[RawMessage], int]:
    """Headers of every UID; the whole message (BODY.PEEK[]) only of those ``worth_reading`` says yes to."""
    messages: list[RawMessage] = []
    bodies = 0
    for batch in _batches(uids):
        headers = client.fetch(batch, ["BODY.PEEK[HEADER]", "RFC822.SIZE"])
        wanted = [uid for uid in batch if uid in headers and worth_reading(headers[uid].get(b"BODY[HEADER]", b""))]
        whole: dict = {}
        for group in _by_size(wanted, {uid: int(headers[uid].get(b"RFC822.SIZE", 0) or 0) for uid in wanted}):
            whole.update(client.fetch(group, ["BODY.PEEK[]"]))
        bodies += len(whole)
        for uid in batch:
            if uid in whole and b"BODY[]" in whole[uid]:
                messages.append(RawMessage(folder, whole[uid][b"BODY[]"], folder=folder, uid=uid))
            elif uid in headers:
                header = headers[uid].get(b"BODY[HEADER]", b"")
                messages.append(RawMessage(folder, header, folder=folder, uid=uid, headers_only=True))
    return messages, bodies


def _by_size(uids: list[int], sizes: dict[int, int]) -> Iterator[list[int]]:
    """The UIDs in groups of at most BODY_BYTES together (one message bigger than that alone): a few messages
    with 10 MB attachments never make one response of hundreds of megabytes."""
    group: list[int] = []
    total = 0
    for uid in uids:
        if group and total + sizes.get(uid, 0) > BODY_BYTES:
            yield group
            group, total = [], 0
        group.append(uid)
        total += sizes.get(uid, 0)
    if group:
        yield group
