"""Edits that lose nothing: append a log entry, set `next`, create a file.

Every edit goes through ruamel.yaml's round-trip mode, so comments, key order,
quoting and flow style stay as the user wrote them. Before editing, the file
must come back byte for byte from a load and dump (else we refuse: we could not
promise to change only what we meant to). After editing, the new text must
change only the lines the edit is about, and must pass the same validation as
``check``. Only then is it written, atomically (a temporary file in the same
folder, then ``os.replace``).

This is a library: the CLI commands and the comment handler both call it, and
it reports every refusal as an ``EditError`` with a message a user can act on.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .model import CHANNELS, LOG_TYPES, Opportunity
from .pipeline import SUFFIXES, display_path
from .problems import Problem, UserError
from .validate import validate_text

SCHEMA_FILE = "schema/opportunity.schema.json"

# Indentation styles tried in order; the first that reproduces the file is used.
# (mapping indent, sequence indent, sequence dash offset)
_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (3, 3, 1), (3, 5, 3))

# Where a new `next:` goes: before the first of these keys, else at the end.
_NEXT_BEFORE = ("notes", "log")


class EditError(UserError):
    """The edit was refused; the file was not touched."""


@dataclass
class EditResult:
    path: Path  # the file written
    shown: str  # the path as the user sees it
    opp: Opportunity  # the opportunity after the edit, validated
    added: list[str] = field(default_factory=list)  # lines added, as in a diff
    removed: list[str] = field(default_factory=list)  # lines removed
    warnings: list[Problem] = field(default_factory=list)  # new warnings the edit brought
    cleared_next: dt.date | None = None  # a passed `next:` that a log entry removed


# --- finding files -------------------------------------------------------------------


def find_file(pipeline_dir: Path, opp_id: str) -> Path:
    """The file of an id: pipeline/<id>.yml or .yaml; a clear error when there is none."""
    opp_id = opp_id.strip().strip("/")
    for suffix in SUFFIXES:
        if opp_id.endswith(suffix):
            opp_id = opp_id[: -len(suffix)]
    if opp_id.startswith(Path(pipeline_dir).name + "/"):
        opp_id = opp_id.split("/", 1)[1]  # tolerate "pipeline/acme" typed from the shell
    if not opp_id or ".." in opp_id.split("/") or any(ord(c) < 32 or c == "\\" for c in opp_id):
        raise EditError(f"'{opp_id}' is not an opportunity id (like acme/backend)")
    for suffix in SUFFIXES:
        path = Path(pipeline_dir) / f"{opp_id}{suffix}"
        if path.is_file():
            return path
    known = sorted(
        p.relative_to(pipeline_dir).with_suffix("").as_posix()
        for s in SUFFIXES
        for p in Path(pipeline_dir).rglob(f"*{s}")
    ) if Path(pipeline_dir).is_dir() else []
    close = difflib.get_close_matches(opp_id, known, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else " (run `python -m generator due` to see the ids)"
    raise EditError(f"no opportunity '{opp_id}': there is no {display_path(Path(pipeline_dir))}/{opp_id}.yml{hint}")


def opportunity_id(path: Path, pipeline_dir: Path) -> str:
    return path.relative_to(pipeline_dir).with_suffix("").as_posix()


# --- round trip -------------------------------------------------------------------------


def _yaml(indent, text: str = ""):
    from ruamel.yaml import YAML

    y = YAML()  # round-trip mode
    y.preserve_quotes = True
    y.width = 4096  # never fold a long line the user wrote on one line
    y.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    # Keep a `---` document start (after any leading comments) and a `...` end.
    y.explicit_start = re.match(r"(?:[ \t]*(?:#[^\n]*)?\n)*---(?:[ \t]|$)", text, re.M) is not None
    y.explicit_end = re.search(r"^\.\.\.[ \t]*\n?\Z", text, re.M) is not None
    return y


def _dump(y, data) -> str:
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


@dataclass
class _Doc:
    path: Path
    shown: str
    opp_id: str
    text: str  # as read, newlines normalised to \n
    newline: str  # "\n" or "\r\n", restored on write
    yaml: object
    data: object  # ruamel's CommentedMap
    bom: bool = False  # a UTF-8 byte order mark, restored on write
    opp: Opportunity | None = None  # the file as read, validated once
    problems: tuple[Problem, ...] = ()  # its warnings, to tell which ones an edit brings


def _read(path: Path, shown: str, opp_id: str) -> _Doc:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EditError(f"{shown}: cannot read the file: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EditError(f"{shown}: the file is not UTF-8 text; fix it first (run `python -m generator check`)") from None
    bom = text.startswith("\ufeff")
    text = text.removeprefix("\ufeff")
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n")
    opp, problems = validate_text(opp_id, shown, text)
    if opp is None:
        first = next((p for p in problems if p.is_error), None)
        raise EditError(
            f"{shown} has errors; fix them first (run `python -m generator check`)" + (f": {first}" if first else "")
        )
    expected = text if text.endswith("\n") else text + "\n"
    for indent in _INDENTS:
        y = _yaml(indent, text)
        try:
            data = y.load(text)
            if _dump(y, data) == expected:
                return _Doc(path, shown, opp_id, text, newline, y, data, bom, opp, tuple(problems))
        except Exception:  # noqa: BLE001 - whatever ruamel.yaml trips on, the answer is "refuse"
            break
    raise EditError(
        f"{shown}: cannot edit this file without changing its layout (ruamel.yaml does not reproduce it "
        "exactly); nothing was written. Edit it by hand, or re-indent it like the samples "
        "(2 spaces, list items indented under their key)"
    )


def _changes(old: str, new: str) -> tuple[list[str], list[str]]:
    a, b = old.splitlines(), new.splitlines()
    added, removed = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            removed.extend(a[i1:i2])
        if tag in ("replace", "insert"):
            added.extend(b[j1:j2])
    return added, removed


def _commit(doc: _Doc, new_text: str, may_remove=lambda line: False, check=lambda opp: True) -> EditResult:
    """Check the new text (only the intended lines changed, still valid), then write it atomically."""
    old_text = doc.text if doc.text.endswith("\n") else doc.text + "\n"
    added, removed = _changes(old_text, new_text)
    lost = [line for line in removed if not may_remove(line)]
    if lost:
        raise EditError(
            f"{doc.shown}: the edit would also change other lines (first: {lost[0].strip()!r}); "
            "nothing was written. Edit the file by hand"
        )
    before = {p.message for p in doc.problems}
    opp, problems = validate_text(doc.opp_id, doc.shown, new_text)
    errors = [p for p in problems if p.is_error]
    if opp is None or errors:
        raise EditError(f"the edit would make {doc.shown} invalid, so nothing was written: {errors[0] if errors else ''}")
    if not check(opp):
        raise EditError(f"{doc.shown}: the edit did not come out as intended, so nothing was written. Edit it by hand")
    write_atomic(doc.path, ("\ufeff" if doc.bom else "") + new_text.replace("\n", doc.newline))
    fresh = [p for p in problems if p.message not in before]
    return EditResult(doc.path, doc.shown, opp, added, removed, fresh)


def write_atomic(path: Path, text: str, exclusive: bool = False) -> None:
    """Write through a temporary file in the same folder and a rename: never a half-written file."""
    path = Path(path)
    mode = None
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        pass
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        if exclusive:
            try:
                os.link(tmp, path)  # fails if the file appeared meanwhile: never overwrite
            except FileExistsError:
                raise EditError(f"{display_path(path)} already exists; nothing was written") from None
            except OSError:
                if path.exists():
                    raise EditError(f"{display_path(path)} already exists; nothing was written") from None
                os.replace(tmp, path)
                return
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# --- log ---------------------------------------------------------------------------------


def _did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def check_log_type(log_type: str) -> str:
    if log_type not in LOG_TYPES:
        raise EditError(
            f"'{log_type}' is not a log type{_did_you_mean(log_type, LOG_TYPES)} "
            f"(expected one of: {', '.join(LOG_TYPES)})"
        )
    return log_type


def check_channel(channel: str | None) -> str | None:
    if channel is not None and channel not in CHANNELS:
        raise EditError(
            f"'{channel}' is not a channel{_did_you_mean(channel, CHANNELS)} (expected one of: {', '.join(CHANNELS)})"
        )
    return channel


def _log_style(seq) -> str:
    """'flow' or 'block': how the last entry of the log is written (flow when the log is empty)."""
    from ruamel.yaml.comments import CommentedMap

    for item in reversed(list(seq or [])):
        if isinstance(item, CommentedMap):
            return "flow" if item.fa.flow_style() else "block"
    return "flow"


def _keep_trailing_comments_last(log) -> None:
    """Blank lines and comments after the old last entry stay after the new one.

    ruamel.yaml keeps them with the old last entry (on the list's slot for it, or
    on its last key), so a plain append would put the new entry below them, often
    above a comment that belongs to the next key. Split the comment token: the
    old entry keeps its own end-of-line comment; the rest moves to the new entry.
    """
    import copy

    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if len(log) < 2:
        return
    old_index, new = len(log) - 2, log[-1]
    old = log[old_index]
    holder, pos = None, None
    slot = log.ca.items.get(old_index)
    if slot and slot[0] is not None:
        holder, pos = slot, 0
    elif isinstance(old, CommentedMap) and len(old):
        key = list(old.keys())[-1]
        slot = old.ca.items.get(key)
        if slot and len(slot) > 2 and slot[2] is not None and not isinstance(old[key], (CommentedMap, CommentedSeq)):
            holder, pos = slot, 2
    if holder is None:
        return
    token = holder[pos]
    value = getattr(token, "value", None)
    if not isinstance(value, str):
        return
    cut = value.find("\n")
    if cut < 0 or cut == len(value) - 1:
        return  # only an end-of-line comment: it stays where it is
    moved = copy.copy(token)
    token.value, moved.value = value[: cut + 1], "\n" + value[cut + 1:]
    if new.fa.flow_style():
        log.ca.items[len(log) - 1] = [moved, None, None, None]
    else:
        new.ca.items[list(new.keys())[-1]] = [None, None, moved, None]


def append_log(
    path: Path,
    opp_id: str,
    date: dt.date,
    log_type: str,
    with_: str | None = None,
    channel: str | None = None,
    note: str | None = None,
    shown: str | None = None,
    clear_passed_next: bool = True,
) -> EditResult:
    """Add one entry at the end of `log:`, in the style of the entries already there.

    A `next:` date the new entry reaches (on or before its date) is done with, so it
    is removed; otherwise it would keep the follow-up due forever (rule 1 wins).
    ``result.cleared_next`` tells which date was removed.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    check_log_type(log_type)
    check_channel(channel)
    shown = shown or display_path(Path(path))
    doc = _read(Path(path), shown, opp_id)
    opp = doc.opp
    if with_ is not None:
        with_ = with_.strip()
        contact = opp.contact(with_)
        if contact is not None:
            with_ = contact.name  # the contact's own spelling
        if not with_:
            with_ = None
    if note is not None:
        note = note.replace("\r\n", "\n").replace("\r", "\n").strip() or None
    entry = CommentedMap()
    entry["date"] = date
    entry["type"] = log_type
    for key, value in (("with", with_), ("channel", channel), ("note", note)):
        if value is not None:
            entry[key] = value
    data = doc.data
    log = data.get("log")
    may_remove = lambda line: False  # noqa: E731
    if isinstance(log, CommentedSeq) and len(log):
        style = _log_style(log)
        if log.fa.flow_style():  # `log: [{...}]` on one line: that line grows
            style = "flow"
            may_remove = lambda line: re.match(r"log\s*:", line) is not None  # noqa: E731
    else:
        # `log:` missing, empty (`log:`) or `log: []`: start a block list of flow entries.
        style = "flow"
        new_log = CommentedSeq()
        if "log" in data:
            data["log"] = new_log
            may_remove = lambda line: re.match(r"log\s*:", line) is not None  # noqa: E731
        else:
            data["log"] = new_log
        log = new_log
    cleared = None
    nxt = data.get("next")
    if clear_passed_next and log_type != "note" and isinstance(nxt, dt.date) and nxt <= date:
        del data["next"]
        cleared = nxt
        removable = may_remove
        may_remove = lambda line: re.match(r"next\s*:", line) is not None or removable(line)  # noqa: E731
    if note is not None and "\n" in note:
        # A note of several lines reads best as a literal block (`note: |-`), which only block style allows.
        from ruamel.yaml.scalarstring import LiteralScalarString

        entry["note"] = LiteralScalarString("\n".join(line.rstrip() for line in note.split("\n")))
        style = "block"
    if style == "flow":
        entry.fa.set_flow_style()
    else:
        entry.fa.set_block_style()
    log.append(entry)
    if not log.fa.flow_style():
        _keep_trailing_comments_last(log)
    new_text = _dump(doc.yaml, data)
    before = len(opp.log)
    result = _commit(doc, new_text, may_remove, check=lambda new: len(new.log) == before + 1)
    result.cleared_next = cleared
    return result


# --- next (snooze) -------------------------------------------------------------------------


def set_next(path: Path, opp_id: str, date: dt.date, shown: str | None = None) -> tuple[EditResult, dt.date | None]:
    """Set `next:` (add it, or replace its date in place); returns the result and the old date."""
    shown = shown or display_path(Path(path))
    doc = _read(Path(path), shown, opp_id)
    data = doc.data
    old = data.get("next")
    if "next" in data:
        data["next"] = date
    else:
        keys = list(data.keys())
        position = next((keys.index(k) for k in _NEXT_BEFORE if k in data), len(keys))
        data.insert(position, "next", date)
    new_text = _dump(doc.yaml, data)
    result = _commit(doc, new_text, lambda line: re.match(r"next\s*:", line) is not None,
                     check=lambda new: new.next == date)
    return result, old if isinstance(old, dt.date) else None


# --- new -------------------------------------------------------------------------------------


def slug(text: str) -> str:
    """'Acme Corp.' → 'acme-corp'; letters outside ASCII are kept when they cannot be folded."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    if not re.search(r"[A-Za-z0-9]", folded):
        folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"[^\w]+|_+", "-", folded.casefold()).strip("-")


def _scalar(text: str) -> str:
    """A YAML scalar for one line of user text: plain when safe, else double-quoted (JSON is YAML)."""
    import yaml

    text = " ".join(text.split())
    try:
        plain_ok = yaml.safe_load(f"k: {text}") == {"k": text} and "#" not in text and not text.startswith(("'", '"'))
    except yaml.YAMLError:
        plain_ok = False
    return text if plain_ok else json.dumps(text, ensure_ascii=False)


TEMPLATE = """\
# yaml-language-server: $schema={schema}
company: {company}
role: {role}
stage: lead                       # lead | applied | screening | interviewing | offer | closed
added: {today}
# priority: normal                # high | normal | low
# url: https://example.com/jobs/123
# location: Remote
# source: referral                # where it came from
# tags: [python]
# contacts:
#   - name: Jane Doe
#     role: Recruiter
#     email: jane@example.com
# ideas:                          # value-add material: a problem they mentioned, your idea for it
#   - "Their problem: my idea"    # quote text that holds ': '
# wait_until: 2026-12-05          # they said they'd decide by then: nothing is due before
# next: 2026-12-01                # your own next follow-up date (or: python -m generator snooze ID DAYS)
# notes: |
#   Free Markdown.
# log: add entries with `python -m generator log ID TYPE`, or by hand:
#   - {{date: 2026-11-25, type: applied, channel: email}}
"""


def new_opportunity(pipeline_dir: Path, root: Path, company: str, role: str, today: dt.date) -> EditResult:
    """Create pipeline/<company>-<role>.yml from the template; never overwrite."""
    company, role = " ".join(company.split()), " ".join(role.split())
    if not company or not role:
        raise EditError("company and role must not be empty, like: new \"Acme Corp\" \"Backend Engineer\"")
    name = "-".join(s for s in (slug(company), slug(role)) if s)
    if not name:
        raise EditError(f"cannot make a file name from '{company}' and '{role}'")
    pipeline_dir = Path(pipeline_dir)
    path = pipeline_dir / f"{name}.yml"
    shown = display_path(path)
    for suffix in SUFFIXES:
        other = pipeline_dir / f"{name}{suffix}"
        if other.exists():
            raise EditError(f"{display_path(other)} already exists; nothing was written (edit it, or pick another role name)")
    schema = os.path.relpath(Path(root) / SCHEMA_FILE, pipeline_dir).replace(os.sep, "/")
    text = TEMPLATE.format(schema=schema, company=_scalar(company), role=_scalar(role), today=today.isoformat())
    opp, problems = validate_text(name, shown, text)
    errors = [p for p in problems if p.is_error]
    if opp is None or errors:
        raise EditError(f"the new file would not be valid, so nothing was written: {errors[0] if errors else ''}")
    pipeline_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text, exclusive=True)
    return EditResult(path, shown, opp, text.splitlines(), [], [p for p in problems if not p.is_error])


# --- what the commands print after an edit ------------------------------------------------


def followup_text(opp: Opportunity, settings, today: dt.date) -> str:
    """One line: the opportunity's next follow-up after an edit, as `due` would show it."""
    from .agenda import relative
    from .schedule import GoneQuiet, next_followup

    plan = next_followup(opp, settings, today)
    if plan is None:
        return f"{opp.id} is closed" + (f" ({opp.outcome})" if opp.outcome else "") + ": nothing more is due"
    if isinstance(plan, GoneQuiet):
        return f"{opp.id}: {plan.reason}"
    who = f" → {plan.contact}" if plan.contact else ""
    return f"next follow-up: {plan.due} ({relative((today - plan.due).days)}), {plan.touch}{who}"
