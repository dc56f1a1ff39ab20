"""Edits that lose nothing: append a log entry, set `next`, close, create a file.

``roundtrip`` is the safe write every edit goes through (read, round-trip check,
change-only-the-intended-lines check, re-validate, atomic write); ``operations``
holds the edits and their rules; ``create`` writes new files from the template.
This is a library: the CLI commands and the GitHub comment commands both call it,
and every refusal is an ``EditError`` with a message a user can act on.
"""

from __future__ import annotations

from generator.adapters.edit.create import SCHEMA_FILE, NewOpportunity, new_opportunity, slug
from generator.adapters.edit.operations import (
    SNOOZE_DAYS,
    DuplicateEntry,
    append_log,
    check_channel,
    check_log_type,
    check_outcome,
    close,
    set_next,
    snooze_date,
)
from generator.adapters.edit.roundtrip import EditError, EditResult, find_file, find_opportunity, write_atomic
from generator.core.agenda import followup_text  # what the commands print after an edit
from generator.core.records import LogEntry  # what append_log is given

__all__ = [
    "SCHEMA_FILE",
    "SNOOZE_DAYS",
    "DuplicateEntry",
    "EditError",
    "EditResult",
    "LogEntry",
    "NewOpportunity",
    "append_log",
    "check_channel",
    "check_log_type",
    "check_outcome",
    "close",
    "find_file",
    "find_opportunity",
    "followup_text",
    "new_opportunity",
    "set_next",
    "slug",
    "snooze_date",
    "write_atomic",
]
