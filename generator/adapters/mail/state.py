"""`.follow-through/mail.json`: where each IMAP folder's reading stopped, read from and written to a `MailState`.

It is committed with the pipeline, so it holds folder names and numbers only: UIDVALIDITY, the
last UID read, the UIDs listed as having no opportunity (with the day first seen, reread for 14
days), and the SEQUENCE applied per calendar event (its `ics:` ref, a hash). Written atomically
(a temporary file, then a rename): a run that stops half-way leaves the old state whole.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from types import MappingProxyType

from generator.core.mail.mail_records import FolderState, MailState
from generator.core.problems import UserError

STATE_PATH = ".follow-through/mail.json"
VERSION = 1
REREAD_DAYS = 14  # a message with no opportunity is read again for this long


def state_path(root: Path) -> Path:
    return Path(root) / STATE_PATH


def read_state(path: Path) -> MailState:
    """The state in ``path``; an empty one when the file does not exist yet."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return MailState()
    except (OSError, ValueError) as exc:
        raise UserError(f"{path}: cannot read it as JSON ({exc}); delete it to read the last 30 days again") from None
    try:
        return _state_from(data)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise UserError(
            f"{path}: expected {{\"version\": 1, \"folders\": {{NAME: {{\"uidvalidity\": N, \"last_uid\": N, "
            "\"unplaced\": [[UID, \"YYYY-MM-DD\"], ...]}}, \"events\": {{REF: SEQUENCE}}}}; "
            "delete it to read the last 30 days again"
        ) from None


def _whole(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(value)
    return value


def _state_from(data) -> MailState:
    if data.get("version") != VERSION:
        raise ValueError("version")
    folders = {}
    for name, folder in data.get("folders", {}).items():
        unplaced = tuple((_whole(uid), dt.date.fromisoformat(day)) for uid, day in folder.get("unplaced", []))
        folders[str(name)] = FolderState(_whole(folder["uidvalidity"]), _whole(folder["last_uid"]), unplaced)
    events = {str(ref): _whole(sequence) for ref, sequence in data.get("events", {}).items()}
    return MailState(folders=MappingProxyType(folders), events=MappingProxyType(events))


def state_json(state: MailState) -> str:
    folders = {
        name: {
            "uidvalidity": folder.uidvalidity,
            "last_uid": folder.last_uid,
            "unplaced": [[uid, day.isoformat()] for uid, day in sorted(folder.unplaced)],
        }
        for name, folder in sorted(state.folders.items())
    }
    data = {"version": VERSION, "folders": folders, "events": dict(sorted(state.events.items()))}
    return json.dumps(data, indent=2) + "\n"


def write_state(path: Path, state: MailState) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".mail-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(state_json(state))
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def next_state(state: MailState, reads, unplaced: set[tuple[str, int]], events, today: dt.date) -> MailState:
    """The state after a run: each folder read moves on to its last UID; a missing folder keeps what it had.

    ``unplaced``: the (folder, UID) the plan listed as having no opportunity. Those already kept keep the
    day first seen and are dropped after REREAD_DAYS; the ones read again and placed now are dropped.
    """
    folders = dict(state.folders)
    oldest = today - dt.timedelta(days=REREAD_DAYS)
    for read in reads:
        if read.missing:
            continue
        same = read.previous is not None and read.previous.uidvalidity == read.uidvalidity
        first_seen = dict(read.previous.unplaced) if same and read.previous else {}
        kept = tuple(sorted(
            (uid, first_seen.get(uid, today)) for folder, uid in unplaced
            if folder == read.name and first_seen.get(uid, today) >= oldest
        ))
        folders[read.name] = FolderState(read.uidvalidity, read.last_uid, kept)
    merged_events = {**state.events, **events}
    return MailState(folders=MappingProxyType(folders), events=MappingProxyType(merged_events))
