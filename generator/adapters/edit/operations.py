"""The edits a user asks for, with their rules: log, snooze (`next:`), close.

Each operation reads the file through the safe round trip, applies the business
rules (no snooze on a closed opportunity, no entry logged twice, a closing entry
closes the file), and returns an ``EditResult``; a refusal is an ``EditError``.
An operation that finds the file already saying what was asked writes nothing
and returns ``changed=False``. The CLI commands and the GitHub comment commands
both call these, so a rule holds wherever the edit comes from.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from generator.adapters.edit.entries import entries, entry_lines, is_planned, node_date, to_note

# ruamel.yaml is imported inside the functions that use it: 13 ms of start-up that `draft` and `catch-up`,
# which import the edit package only to find a file or write a date, would pay for nothing.
from generator.adapters.edit.entries import ref_node as _ref_node
from generator.adapters.edit.roundtrip import (
    Document,
    EditError,
    EditResult,
    commit,
    key_line,
    read_document,
    unchanged,
)
from generator.adapters.opportunity_files import display_path
from generator.core.edit.yaml_placement import delete_key, keep_trailing_comments_last, literal_ok, log_style, set_key
from generator.core.edit.yaml_placement import flow_plain_ok as _flow_plain_ok
from generator.core.problems import did_you_mean
from generator.core.records import (
    CHANNELS,
    LOG_TYPES,
    OPEN_STAGES,
    OUTCOME_FROM_LOG,
    OUTCOMES,
    STAGE_FROM_LOG,
    LogEntry,
    Opportunity,
)
from generator.core.validate import derive_stage

# Where a new `next:` goes: before the first of these keys, else at the end.
_NEXT_BEFORE = ("notes", "log")
# Where a new `stage:` goes: after the first of these keys.
_STAGE_AFTER = ("role", "company")

# The entry `close OUTCOME` logs; `ghosted` has no entry of its own, it logs a note.
ENTRY_FOR_OUTCOME = {outcome: log_type for log_type, outcome in OUTCOME_FROM_LOG.items()}
GHOSTED_NOTE = "closed: ghosted"


class DuplicateEntry(EditError):
    """The same entry (date, type, contact, note) is already in the log."""


def check_log_type(log_type: str) -> str:
    if log_type not in LOG_TYPES:
        raise EditError(
            f"'{log_type}' is not a log type{did_you_mean(log_type, LOG_TYPES)} "
            f"(expected one of: {', '.join(LOG_TYPES)})"
        )
    return log_type


def check_channel(channel: str | None) -> str | None:
    if channel is not None and channel not in CHANNELS:
        raise EditError(
            f"'{channel}' is not a channel{did_you_mean(channel, CHANNELS)} (expected one of: {', '.join(CHANNELS)})"
        )
    return channel


def check_outcome(outcome: str) -> str:
    if outcome not in OUTCOMES:
        raise EditError(
            f"'{outcome}' is not an outcome{did_you_mean(outcome, OUTCOMES)} (expected one of: {', '.join(OUTCOMES)})"
        )
    return outcome


def _clean_note(note: str | None) -> str | None:
    if note is None:
        return None
    note = note.replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\n" in note:  # written as a literal block, where trailing spaces would not survive
        note = "\n".join(line.rstrip() for line in note.split("\n"))
    return note or None


def _contact_name(opp: Opportunity, with_: str | None) -> str | None:
    """The contact's own spelling of a name typed in any case, by its first name or any unique
    start of it ("dana", "Dana W"); a start that fits two contacts is refused, listing them;
    another name on one line, as typed."""
    if with_ is None:
        return None
    typed = " ".join(with_.split())
    contact = opp.contact(typed)
    if contact is not None:
        return contact.name
    matches = matching_contacts(opp, typed)
    if len(matches) > 1:
        raise EditError(
            f"--with '{typed}' fits {len(matches)} contacts of {opp.id}: "
            + ", ".join(c.name for c in matches) + "; give more of the name"
        )
    return matches[0].name if matches else typed or None


def matching_contacts(opp: Opportunity, typed: str) -> list:
    """The contacts whose name, or a word of it (a first name, a last name), starts with ``typed`` (any case)."""
    wanted = typed.casefold()
    if not wanted:
        return []
    found = []
    for contact in opp.contacts:
        name = " ".join(contact.name.split()).casefold()
        if name.startswith(wanted) or any(word.startswith(wanted) for word in name.split()):
            found.append(contact)
    return found


def _same_entry(opp: Opportunity, entry: LogEntry) -> LogEntry | None:
    key = (entry.date, entry.type, (entry.with_ or "").casefold(), entry.note)
    return next((e for e in opp.log if (e.date, e.type, (e.with_ or "").casefold(), e.note) == key), None)


def _entry_node(entry: LogEntry, style: str):
    """The ruamel.yaml mapping of one entry, flow or block; a note of several lines is a literal block."""
    # ruamel.yaml here, as in the whole edit package: 9 to 13 ms that draft and catch-up would pay for nothing
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    node = CommentedMap()
    node["date"] = entry.date
    node["type"] = entry.type
    literal_note = entry.note is not None and "\n" in entry.note and literal_ok(entry.note)
    if literal_note:
        style = "block"  # a note of several lines reads best as `note: |-`, which only block style allows
    for key, value in (("with", entry.with_), ("channel", entry.channel), ("topic", entry.topic),
                       ("note", entry.note)):
        if value is not None:
            # ruamel.yaml writes NEL, LS, PS raw in plain and single-quoted text, where a reader
            # takes them for line breaks, and (YAML 1.2) leaves `:0` or `? q` plain in a flow
            # mapping, where PyYAML (YAML 1.1, as `check` reads) fails: double quotes for both.
            safe = literal_ok(value) and (style != "flow" or _flow_plain_ok(value))
            node[key] = value if safe else DoubleQuotedScalarString(value)
    if literal_note:
        node["note"] = LiteralScalarString(entry.note)
    if entry.estimated:
        node["estimated"] = True
    if entry.ref:
        node["ref"] = _ref_node(entry.ref)
    if style == "flow":
        node.fa.set_flow_style()
    else:
        node.fa.set_block_style()
    return node


def _append_entry(doc: Document, entry: LogEntry) -> list:
    """Add the entry at the end of `log:` in the style of the entries there; the keys whose line it rewrites."""
    # ruamel.yaml here, as in the whole edit package: 9 to 13 ms that draft and catch-up would pay for nothing
    from ruamel.yaml.comments import CommentedSeq

    data = doc.data
    log = data.get("log")
    rewritten = []
    if isinstance(log, CommentedSeq) and len(log):
        style = log_style(log)
        if log.fa.flow_style():  # `log: [{...}]` on one line: that line grows
            style = "flow"
            rewritten.append("log")
    else:
        # `log:` missing, empty (`log:`) or `log: []`: start a block list of flow entries.
        style = "flow"
        if "log" in data:
            rewritten.append("log")
        log = data["log"] = CommentedSeq()
    log.append(_entry_node(entry, style))
    if not log.fa.flow_style():
        keep_trailing_comments_last(log)
    return rewritten


def _close_keys(doc: Document, outcome: str) -> list[str]:
    """Write `stage: closed` and `outcome:` (in place when there, else after role and stage)."""
    set_key(doc.data, "stage", "closed", after=_STAGE_AFTER)
    set_key(doc.data, "outcome", outcome, after=("stage",))
    return ["stage", "outcome"]


def _reopens(opp: Opportunity, entry: LogEntry, data) -> bool:
    """Does this entry reopen a file that says `stage: closed`? A later entry of another type
    than a closing one or a note does (the recruiter came back with another role)."""
    return (
        not opp.is_open
        and data.get("stage") == "closed"
        and entry.type not in OUTCOME_FROM_LOG
        and entry.type != "note"
        and all(e.date <= entry.date for e in opp.log if e.type != "note")
    )


def _reopen_keys(doc: Document, entry: LogEntry) -> list[str]:
    """Write the open stage the log implies (closing entries aside) and remove `outcome:`."""
    log = tuple(e for e in doc.opp.log if e.type not in OUTCOME_FROM_LOG) + (entry,)
    set_key(doc.data, "stage", derive_stage(log))
    if "outcome" in doc.data:
        delete_key(doc.data, "outcome")
    return ["stage", "outcome"]


def _drop_next(doc: Document) -> dt.date | None:
    """Remove `next:` when an entry that is not a note is added: you acted, the schedule takes
    over (a follow-up sent early is not asked for again on the `next:` date)."""
    nxt = doc.data.get("next")
    if "next" in doc.data:
        delete_key(doc.data, "next")
        return nxt if isinstance(nxt, dt.date) else None
    return None


def _stage_rank(stage) -> int:
    return OPEN_STAGES.index(stage) if stage in OPEN_STAGES else -1


def _moved_stage(data, entry: LogEntry) -> str | None:
    """The stage an entry moves a lagging written `stage:` to (an `applied` on a lead, a `screen`
    on an applied one); None when the written stage is not behind it."""
    written = data.get("stage")
    implied = STAGE_FROM_LOG.get(entry.type)
    if not isinstance(written, str) or written not in OPEN_STAGES or implied not in OPEN_STAGES:
        return None
    return implied if _stage_rank(implied) > _stage_rank(written) else None


def _duplicate(doc, entry: LogEntry) -> DuplicateEntry:
    return DuplicateEntry(
        f"{doc.shown} already has this entry ({entry.type} on {entry.date}"
        + (f" with {entry.with_}" if entry.with_ else "") + "); nothing was written. "
        "Log it again with --again if it really happened twice"
    )


def _follow_stage(doc, entry: LogEntry, rewritten: list[str]) -> str | None:
    """Close, reopen or move the stage as the new entry says; the keys rewritten join ``rewritten``.

    The stage moved to (an `applied` on a lead), or None."""
    moved = None
    if entry.type in OUTCOME_FROM_LOG:
        rewritten += _close_keys(doc, OUTCOME_FROM_LOG[entry.type])
    elif _reopens(doc.opp, entry, doc.data):
        rewritten += _reopen_keys(doc, entry)
    elif moved := _moved_stage(doc.data, entry):
        set_key(doc.data, "stage", moved)
        rewritten.append("stage")
    return moved


def add_entry(doc, entry: LogEntry, rewritten: list[str], lines: list[str], *,
              clear_next: bool = True) -> tuple[str | None, dt.date | bool | None]:
    """One entry added to ``doc`` with all it derives, as `log` writes it: the stage closed, reopened
    or moved, the planned conversations after a closing entry cancelled, `next:` removed.

    The top-level keys rewritten join ``rewritten``, the old lines rewritten join ``lines``.
    → (the stage moved to, the `next:` removed: its date, True for one that was not a date, or None)."""
    rewritten += _append_entry(doc, entry)
    moved = _follow_stage(doc, entry, rewritten)
    if entry.type in OUTCOME_FROM_LOG:
        lines += cancel_planned_after(doc, entry.date)
    cleared = None
    if clear_next and entry.type != "note" and "next" in doc.data:
        cleared = _drop_next(doc) or True
        rewritten.append("next")
    return moved, cleared


def may_remove(rewritten: list[str], lines: list[str]):
    """The test for the lines an edit may change: those of the top-level keys it rewrote, and ``lines``."""
    keys = key_line(*rewritten) if rewritten else (lambda line: False)
    old = set(lines)
    return lambda line: keys(line) or line in old


CANCELLED_CLOSED = "cancelled: closed"


def planned_after(opp: Opportunity, closed_on: dt.date) -> list[LogEntry]:
    """The two-way entries dated after a closing entry's date: what ``cancel_planned_after`` cancels."""
    return [e for e in opp.log if e.direction == "two-way" and e.date > closed_on]


def cancel_planned_after(doc, closed_on: dt.date) -> list[str]:
    """Turn the two-way entries dated after ``closed_on`` into notes dated
    ``closed_on`` ("cancelled: closed"), keeping their `ref`; → the old lines of the entries changed."""
    lines: list[str] = []
    for index, node in enumerate(entries(doc.data)):
        date = node_date(node)
        if is_planned(node) and date > closed_on:
            lines += entry_lines(doc, doc.data["log"], index)
            to_note(node, closed_on, CANCELLED_CLOSED)
    return lines


def _document(source: Path | Document, shown: str | None, opp_id: str) -> Document:
    """The file to edit: the Document a caller read (and validated) already, or read now."""
    if isinstance(source, Document):
        return source
    return read_document(Path(source), shown or display_path(Path(source)), opp_id)


def append_log(
    path: Path | Document,
    opp_id: str,
    entry: LogEntry,
    *,
    shown: str | None = None,
    clear_passed_next: bool = True,
    again: bool = False,
) -> EditResult:
    """Add one entry at the end of `log:`, in the style of the entries already there.

    ``entry`` is written as given, but for its contact (the file's spelling of a known name),
    its note (trimmed, one kind of line ending) and its topic (one line).

    - The same entry (date, type, contact, note) twice is refused (``DuplicateEntry``)
      unless ``again``: a command run twice must not count a touch twice.
    - A closing type (`rejection`, `accepted`, `declined`, `withdrew`) also writes
      `stage: closed` and `outcome:`, as `close` does; a later entry of another type
      (not a note) reopens a file that says `stage: closed`: the stage its log implies,
      no `outcome:`.
    - `next:` is removed when the entry is not a note (you acted; the schedule takes over);
      ``result.cleared_next`` tells which date.
    - An entry that moves the opportunity past a written open `stage:` (an `applied` on a
      lead) writes the new stage; ``result.moved_stage`` tells which.
    - A closing entry turns the conversations planned after it (two-way entries dated after it)
      into notes ("cancelled: closed"), so they never reopen it on their day.
    """
    check_log_type(entry.type)
    check_channel(entry.channel)
    doc = _document(path, shown, opp_id)
    entry = replace(
        entry,
        with_=_contact_name(doc.opp, entry.with_),
        note=_clean_note(entry.note),
        topic=" ".join((entry.topic or "").split()) or None,  # a topic is one line
    )
    if not again and _same_entry(doc.opp, entry):
        raise _duplicate(doc, entry)
    rewritten, lines = [], []
    moved, cleared = add_entry(doc, entry, rewritten, lines, clear_next=clear_passed_next)
    before = len(doc.opp.log)
    result = commit(doc, doc.dump(), may_remove(rewritten, lines),
                    check=lambda new: len(new.log) == before + 1 and entry in new.log)
    result.cleared_next = cleared if isinstance(cleared, dt.date) else None
    result.entry, result.moved_stage = entry, moved
    result.cancelled = planned_after(doc.opp, entry.date) if lines else []
    return result


SNOOZE_DAYS = (1, 3650)  # the one range for `snooze N` and `/snooze N`


def snooze_date(today: dt.date, days: int) -> dt.date:
    """today + days, for a snooze of 1 to 3650 days (the CLI's and the comment command's one rule)."""
    low, high = SNOOZE_DAYS
    if not low <= days <= high:
        raise EditError(f"snooze by {low} to {high} days, not {days}")
    return today + dt.timedelta(days=days)


SNOOZE_FORM = re.compile(r"\+?\d{1,6}|\d{4}-\d{2}-\d{2}")  # `5`, `+5`, or a date: `snooze` and `/snooze` alike


def snooze_until(text: str, today: dt.date) -> dt.date:
    """The one snooze rule, for `snooze ID WHEN` and `/snooze WHEN`: a number of days (`5` or `+5`), or a
    date (YYYY-MM-DD) after today and within the same 3650 days."""
    text = text.strip()
    if re.fullmatch(r"\+?\d{1,6}", text):
        return snooze_date(today, int(text.lstrip("+")))
    try:
        if len(text) != 10:
            raise ValueError
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise EditError(f"'{text}' is neither a number of days nor a date (YYYY-MM-DD)") from None
    if date <= today:
        raise EditError(f"{date} is not after today ({today}); snooze to a later date")
    if (date - today).days > SNOOZE_DAYS[1]:
        raise EditError(f"{date} is more than {SNOOZE_DAYS[1]} days after today ({today}); snooze to an earlier date")
    return date


def set_next(
    path: Path | Document, opp_id: str, date: dt.date, shown: str | None = None
) -> tuple[EditResult, dt.date | None]:
    """Set `next:` (add it, or replace its date in place); returns the result and the old date.

    A closed opportunity has no follow-up to move: refused. The same date again writes nothing.
    """
    doc = _document(path, shown, opp_id)
    opp = doc.opp
    if not opp.is_open:
        raise EditError(
            f"{opp.id} is closed" + (f" ({opp.outcome})" if opp.outcome else "") + ": there is no follow-up to snooze"
        )
    old = doc.data.get("next")
    old = old if isinstance(old, dt.date) else None
    if old == date:
        return unchanged(doc), old
    set_key(doc.data, "next", date, before=_NEXT_BEFORE)
    # A date you set is yours: the `# catch-up` mark (catch-up wrote the old one) goes with the old date.
    text = re.sub(r"^(next:[^\n#]*?)[ \t]*# catch-up[ \t]*$", r"\1", doc.dump(), count=1, flags=re.M)
    result = commit(doc, text, key_line("next"), check=lambda new: new.next == date and not new.next_catch_up)
    return result, old


def close(
    path: Path | Document,
    opp_id: str,
    outcome: str,
    date: dt.date,
    note: str | None = None,
    shown: str | None = None,
) -> EditResult:
    """Close an opportunity: log the entry its outcome implies (a note for `ghosted`), write
    `stage: closed` and `outcome:`, turn the conversations planned after ``date`` into notes.
    Closing it again with the same outcome writes nothing."""
    check_outcome(outcome)
    doc = _document(path, shown, opp_id)
    opp = doc.opp
    if not opp.is_open and opp.outcome == outcome and doc.data.get("stage") == "closed":
        return unchanged(doc)
    log_type = ENTRY_FOR_OUTCOME.get(outcome, "note")
    note = _clean_note(note)
    if log_type == "note" and note is None:
        note = GHOSTED_NOTE
    entry = LogEntry(date, log_type, None, None, note)
    # No second entry when it is logged already, or the log already closes it this way (by hand).
    added = 0 if _same_entry(opp, entry) or (not opp.is_open and opp.outcome == outcome) else 1
    rewritten = _append_entry(doc, entry) if added else []
    rewritten += _close_keys(doc, outcome)
    lines = cancel_planned_after(doc, date)
    before = len(opp.log)
    result = commit(
        doc, doc.dump(), may_remove(rewritten, lines),
        check=lambda new: not new.is_open and new.outcome == outcome and len(new.log) == before + added
        and (entry in new.log or not added),
    )
    result.entry = entry if added else None
    result.cancelled = planned_after(opp, date) if lines else []
    return result
