"""Edits that lose nothing: append a log entry, set `next`, close, create a file.

``roundtrip`` is the safe write every edit goes through (read, round-trip check,
change-only-the-intended-lines check, re-validate, atomic write); ``operations``
holds the edits and their rules; ``create`` writes new files from the template.
This is a library: the CLI commands and the GitHub comment commands both call it,
and every refusal is an ``EditError`` with a message a user can act on.
"""

from __future__ import annotations

from .create import SCHEMA_FILE, new_opportunity, slug
from .operations import (
    DuplicateEntry,
    append_log,
    check_channel,
    check_log_type,
    check_outcome,
    close,
    SNOOZE_DAYS,
    set_next,
    snooze_date,
)
from .roundtrip import EditError, EditResult, find_file, find_opportunity, write_atomic
from .summary import followup_text

__all__ = [
    "SCHEMA_FILE",
    "DuplicateEntry",
    "EditError",
    "EditResult",
    "append_log",
    "check_channel",
    "check_log_type",
    "check_outcome",
    "close",
    "find_file",
    "find_opportunity",
    "followup_text",
    "new_opportunity",
    "SNOOZE_DAYS",
    "set_next",
    "slug",
    "snooze_date",
    "write_atomic",
]
