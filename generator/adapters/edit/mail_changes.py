"""What `mail` does to one opportunity file, in one safe edit (``apply_file_change``).

A ``FileChange`` (from the judge, ``generator/core/mail/``) says what its messages log; this
applies it as `log` would have: entries appended in the log's style with `channel`, `with`
and `ref`, and what they derive (a closing entry writes `stage: closed` and `outcome:` and turns
the planned conversations after it into notes, an entry that is not a note removes `next:`, an
entry past a written `stage:` moves it, a later entry reopens a closed file); refs given to
entries logged by hand; planned conversations moved or turned into notes; contacts added. The
file keeps its comments and layout, is re-validated, and is written atomically, or not at all.
Applying the same change twice writes nothing the second time (a ref already in the file is
never logged again).
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.adapters.edit import entries as logged
from generator.adapters.edit.contacts import check_email, one_line, put_contact
from generator.adapters.edit.operations import _clean_note, add_entry, check_channel, check_log_type, may_remove
from generator.adapters.edit.roundtrip import EditError, EditResult, commit, read_document
from generator.adapters.opportunity_files import display_path
from generator.core.mail.mail_records import FileChange, NewEntry
from generator.core.records import LogEntry, Opportunity
from generator.core.validate import validate_text


def apply_file_change(path: Path, opp: Opportunity, change: FileChange, *, dry_run: bool = False) -> EditResult:
    """Apply everything ``change`` says to the file of ``opp`` in one safe edit; ``dry_run``: check it all
    the same and write nothing. ``result.changed`` is False when the file already said it all.

    Refused (``EditError``, nothing written) when the file has errors, cannot be round-tripped, or no
    longer holds an entry the change points at (its line or its ref)."""
    path = Path(path)
    doc = read_document(path, opp.path or display_path(path), opp.id)
    count = len(doc.opp.log)
    lines: list[str] = []
    rewritten: list[str] = []
    _change_entries(doc, change, lines)
    for person in change.add_contacts:
        name = _line(person.name, "name")
        try:
            email = check_email(_line(person.email, "e-mail address"))
        except EditError:
            email = None
        if name is None or email is None:
            continue  # nobody to name, or no address to keep: the entries stand without a new contact
        edit = put_contact(doc, name, {"email": email},
                           starts=False, fill_only=True)
        lines += edit.lines
        rewritten += edit.keys
    new = _add_entries(doc, change.add_entries, rewritten, lines)
    result = commit(
        doc, doc.dump(), may_remove(rewritten, lines),
        check=lambda after: len(after.log) == count + len(new) and all(e in after.log for e in new),
        write=not dry_run,
    )
    result.entry = new[-1] if new else None
    return result


def _change_entries(doc, change: FileChange, lines: list[str]) -> None:
    """Refs for hand-logged entries, planned conversations moved or made notes: each found in the file
    as read (by its line or its ref) before anything moves."""
    log = doc.data.get("log")
    for add in change.add_refs:
        index = _found(doc, logged.by_line(doc.data, add.line), f"no log entry starts on line {add.line}")
        if add.ref not in logged.node_refs(log[index]) and not _known(doc, add.ref):
            lines += logged.entry_lines(doc, log, index)
            logged.add_ref(log[index], add.ref)
    for move in change.redate:
        index = _found(doc, logged.by_ref(doc.data, move.ref), f"no log entry has ref {move.ref}")
        if logged.node_date(log[index]) != move.date and log[index].get("type") != "note":
            lines += logged.entry_lines(doc, log, index)
            logged.redate(log[index], move.date)
    for cancel in change.to_notes:
        index = logged.by_ref(doc.data, cancel.ref) if cancel.ref else None
        if index is None and cancel.line is not None:
            index = logged.by_line(doc.data, cancel.line)
        index = _found(doc, index, f"no log entry has ref {cancel.ref}" if cancel.ref else "no such entry")
        if log[index].get("type") != "note":
            lines += logged.entry_lines(doc, log, index)
            logged.to_note(log[index], cancel.date, _line(cancel.note, "note") or "cancelled")


def _found(doc, index, why: str) -> int:
    if index is None:
        raise EditError(f"{doc.shown}: {why}: the file changed since the mailbox was read; nothing was written")
    return index


def _known(doc, ref: str) -> bool:
    return any(ref in e.ref for e in doc.opp.log)


# Control, zero-width and direction characters: never in a file from a message (the judge cleans; this
# is the last guard before the file).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def _line(text: str | None, what: str) -> str | None:
    return one_line(_CONTROL.sub(" ", text), what) if text is not None else None


def _log_entry(new: NewEntry) -> LogEntry:
    check_log_type(new.type)
    check_channel(new.channel)
    refs = tuple(dict.fromkeys(r for r in (_line(r, "ref") for r in new.ref) if r))
    note = _clean_note(_CONTROL.sub(" ", new.note)) if new.note else None
    return LogEntry(new.date, new.type, _line(new.with_, "name"), new.channel, note, ref=refs)


def _add_entries(doc, wanted, rewritten: list[str], lines: list[str]) -> list[LogEntry]:
    """Append each entry none of whose refs the file has yet, with what it derives; → those appended."""
    added = []
    for new in wanted:
        entry = _log_entry(new)
        if any(_known(doc, ref) for ref in entry.ref):
            continue
        add_entry(doc, entry, rewritten, lines)
        added.append(entry)
        # The next entry is judged against the file as it now stands (closed, reopened, `next:` gone).
        opp, _ = validate_text(doc.opp_id, doc.shown, doc.dump())
        if opp is not None:
            doc.opp = opp
    return added
