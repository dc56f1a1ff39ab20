"""`.follow-through/mail.json`: folder names and numbers only, read back as written, refused with one line when
broken; what a run leaves in it (unplaced UIDs kept 14 days from the day first seen)."""

from __future__ import annotations

import datetime as dt
import json
from types import MappingProxyType

import pytest

from generator.adapters.mail.imap import FolderRead
from generator.adapters.mail.state import next_state, read_state, state_json, write_state
from generator.core.mail.mail_records import FolderState, MailState
from generator.core.problems import UserError

D = dt.date.fromisoformat
TODAY = D("2026-12-07")


def _state(**folders) -> MailState:
    return MailState(folders=MappingProxyType(folders), events=MappingProxyType({"ics:0123456789abcdef": 2}))


def test_written_and_read_back_as_it_was(tmp_path):
    state = _state(INBOX=FolderState(7, 120, ((118, D("2026-12-01")),)), **{"[Gmail]/Sent Mail": FolderState(3, 9)})
    path = tmp_path / ".follow-through" / "mail.json"
    write_state(path, state)
    assert read_state(path) == state
    assert list(tmp_path.joinpath(".follow-through").iterdir()) == [path]  # no temporary file left
    assert '"last_uid": 120' in path.read_text()


def test_a_missing_file_is_a_first_run_and_a_broken_one_is_one_line(tmp_path):
    assert read_state(tmp_path / "mail.json") == MailState()
    (tmp_path / "mail.json").write_text("{not json")
    with pytest.raises(UserError, match="cannot read it as JSON"):
        read_state(tmp_path / "mail.json")
    (tmp_path / "mail.json").write_text('{"version": 1, "folders": {"INBOX": {"uidvalidity": "x"}}}')
    with pytest.raises(UserError, match="expected"):
        read_state(tmp_path / "mail.json")


def _read(name="INBOX", validity=7, last=130, previous=None, missing=False) -> FolderRead:
    return FolderRead(name, uidvalidity=validity, last_uid=last, missing=missing, previous=previous)


@pytest.mark.parametrize(("previous", "read", "unplaced", "expected"), [
    # first run: the unplaced get today's date
    (None, _read(), {("INBOX", 125)}, FolderState(7, 130, ((125, TODAY),))),
    # read again and still unplaced: the day first seen is kept
    (FolderState(7, 120, ((118, D("2026-12-01")),)), _read(previous=FolderState(7, 120, ((118, D("2026-12-01")),))),
     {("INBOX", 118)}, FolderState(7, 130, ((118, D("2026-12-01")),))),
    # placed now (the opportunity was added): dropped
    (FolderState(7, 120, ((118, D("2026-12-01")),)), _read(previous=FolderState(7, 120, ((118, D("2026-12-01")),))),
     set(), FolderState(7, 130)),
    # more than 14 days since first seen: dropped
    (FolderState(7, 120, ((118, D("2026-11-20")),)), _read(previous=FolderState(7, 120, ((118, D("2026-11-20")),))),
     {("INBOX", 118)}, FolderState(7, 130)),
    # a new UIDVALIDITY: the old days mean nothing
    (FolderState(6, 120, ((118, D("2026-12-01")),)), _read(previous=FolderState(6, 120, ((118, D("2026-12-01")),))),
     {("INBOX", 118)}, FolderState(7, 130, ((118, TODAY),))),
])
def test_what_a_run_leaves(previous, read, unplaced, expected):
    before = _state(INBOX=previous) if previous else _state()
    after = next_state(before, [read], unplaced, {"ics:fedcba9876543210": 1}, TODAY)
    assert after.folders["INBOX"] == expected
    assert dict(after.events) == {"ics:0123456789abcdef": 2, "ics:fedcba9876543210": 1}


def test_a_missing_folder_keeps_what_it_had_and_nothing_but_numbers_is_kept():
    before = _state(Archive=FolderState(5, 50))
    after = next_state(before, [_read("Archive", missing=True, previous=FolderState(5, 50)), _read()], set(), {}, TODAY)
    assert after.folders["Archive"] == FolderState(5, 50)
    text = state_json(after)
    assert "@" not in text and set(json.loads(text)) == {"version", "folders", "events"}


def test_whole_messages_are_fetched_in_groups_of_bounded_size():
    from generator.adapters.mail.imap import BODY_BYTES, _by_size

    sizes = {1: 12_000_000, 2: 10_000_000, 3: 5_000, 4: 30_000_000, 5: 1_000}
    groups = list(_by_size([1, 2, 3, 4, 5], sizes))
    assert groups == [[1], [2, 3], [4], [5]]
    assert all(sum(sizes[u] for u in g) <= BODY_BYTES or len(g) == 1 for g in groups)
