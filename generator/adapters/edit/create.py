"""A new opportunity file from the commented template; never overwriting one.

The template shows every key the format knows, commented out where the caller
gave no value, so a user edits rather than looks up the format. Callers that know
more (a job posting's URL, a spreadsheet row) pass it in and the key is written.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from generator.adapters.edit.roundtrip import EditError, EditResult, check_round_trip, write_atomic, write_new_files
from generator.adapters.opportunity_files import SUFFIXES, display_path
from generator.core.edit.yaml_placement import literal_ok
from generator.core.validate import validate_text

# ruamel.yaml is imported inside the functions that use it: 13 ms of start-up that `draft` and `catch-up`,
# which import the edit package only to find a file or write a date, would pay for nothing.

SCHEMA_FILE = "schema/opportunity.schema.json"

# The longest file name `new` makes (in UTF-8 bytes): file systems stop at 255.
_MAX_NAME_BYTES = 120
_STAGE_HINT = "# lead | applied | screening | interviewing | offer | closed"
_CONTACT_KEYS = ("name", "role", "email", "phone", "linkedin")
_ENTRY_KEYS = ("date", "type", "with", "channel", "note", "estimated")
# A value longer than this stays in a file's shape: a long line could fold where a short one does not.
_SHAPE_MAX_VALUE = 200


@functools.lru_cache(maxsize=4096)  # `import` names thousands of files, most with a role seen before
def slug(text: str) -> str:
    """'Acme Corp.' → 'acme-corp': accents on Latin letters go, other scripts stay ('Zürich מהנדס' →
    'zurich-מהנדס'); a name of symbols only (emoji) is spelt by their names ('🚆' → 'train')."""
    kept = []
    for c in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(c) and (not kept or kept[-1].isascii() or not kept[-1].isalnum()):
            continue  # an accent on a Latin letter (the letter alone reads fine), or on nothing
        kept.append(c)
    folded = unicodedata.normalize("NFKC", "".join(kept)).casefold()
    # Letters, digits and the marks that belong to them (Devanagari vowel signs); the rest separates.
    word = "".join(c if c.isalnum() or unicodedata.combining(c) or unicodedata.category(c) == "Mc" else " "
                   for c in folded)
    name = "-".join(word.split())
    if not name:
        spelt = " ".join(unicodedata.name(c, "") for c in text)
        name = re.sub(r"[^a-z0-9]+", "-", spelt.casefold()).strip("-")
    if not name:  # no letters, no names (control or unassigned characters): their code points
        name = "-".join(f"u{ord(c):04x}" for c in text if not c.isspace())
    return name


def file_name(company: str, role: str) -> str:
    """The file name (without suffix) for a company and role, short enough for any file system."""
    name = "-".join(s for s in (slug(company), slug(role)) if s)
    while len(name.encode("utf-8")) > _MAX_NAME_BYTES:
        name = name[:-1]
    return name.strip("-")


@functools.cache
def _quoting_yaml():
    # ruamel.yaml here, as in the whole edit package: 9 to 13 ms that draft and catch-up would pay for nothing
    from ruamel.yaml import YAML

    y = YAML()
    y.width = 1_000_000  # one line, never folded
    return y  # one for all values: building one costs more than the quoting


def _quoted(text: str) -> str:
    """A double-quoted YAML scalar, escaped exactly as ruamel.yaml escapes it (so later edits round-trip)."""
    # ruamel.yaml here, as in the whole edit package: 9 to 13 ms that draft and catch-up would pay for nothing
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    out = io.StringIO()
    _quoting_yaml().dump({"k": DoubleQuotedScalarString(text)}, out)
    return out.getvalue()[len("k: "):].rstrip("\n")


@functools.lru_cache(maxsize=1 << 16)  # `import` writes each value twice (the file and its shape)
def _scalar(text: str, flow: bool = False) -> str:
    """A YAML scalar for one line of user text: plain when safe, else double-quoted."""
    text = " ".join(text.split())
    if flow and re.search(r"[,\[\]{}]", text):
        return _quoted(text)
    return text if _plain_ok(text) else _quoted(text)


# One-line text that YAML (PyYAML's 1.1 and ruamel.yaml's 1.2 alike) reads back as this very string
# when written plain, and that ruamel.yaml writes back unchanged: it starts with a letter (so it is
# no number, date or indicator) and holds no character that could start a comment, a mapping, a flow
# collection, a quote, a tag or an escape where it stands. ``tests/edit/test_plain_values.py`` holds
# ruamel.yaml and PyYAML to it. Most names and URLs are such text, and knowing it costs a regex
# instead of a parse (`import` writes thousands).
_SURELY_PLAIN = re.compile(r"[A-Za-z](?:[A-Za-z0-9 .,&()/'+_@%?!;=~*:#-]*[A-Za-z0-9.&()/'+_@%?!;=~*#-])?")
_WORDS = frozenset(("yes", "no", "true", "false", "on", "off", "null", "y", "n"))  # booleans and null in YAML 1.1


def surely_plain(text: str, flow: bool = False) -> bool:
    """Is `text` safe to write plain, read back the same by both readers, and kept by ruamel.yaml?

    ``flow``: as a value in a flow mapping (`{k: text}`), where `,`, `:` and `#` are left to the full check.
    """
    return (
        len(text) <= _SHAPE_MAX_VALUE
        and _SURELY_PLAIN.fullmatch(text) is not None
        and ": " not in text and " #" not in text and "  " not in text
        and text.casefold() not in _WORDS
        and not (flow and any(c in text for c in ",:#"))
    )


def _plain_ok(text: str) -> bool:
    """Does YAML read `text` back as this very string when written plain?"""
    if surely_plain(text):
        return True
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when PyYAML has it
        return (literal_ok(text) and " #" not in text and not text.startswith(("#", "'", '"'))
                and yaml.load(f"k: {text}", Loader=loader) == {"k": text})
    except yaml.YAMLError:
        return False


def _block(text: str) -> str:
    """A literal block (`|-`) for text of several lines when it reads back the same, else a quoted scalar."""
    lines = text.split("\n")
    if lines[0][:1] not in (" ", "\t") and all(line == line.rstrip() for line in lines) and literal_ok(text):
        return "|-\n" + "\n".join(f"  {line}" if line else "" for line in lines)
    return _quoted(text)


class _Writer:
    """How ``template`` writes the values it is given: as YAML scalars."""

    def scalar(self, text: str, flow: bool = False) -> str:
        return _scalar(text, flow)

    def block(self, text: str) -> str:
        return _block(text)

    def date(self, day: dt.date) -> str:
        return day.isoformat()

    def value(self, value) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return self.date(value) if isinstance(value, dt.date) else self.scalar(str(value), flow=True)



class _ShapeWriter(_Writer):
    """Writes the shape of a file: each one-line value as a stand-in of its style (`x` or `"x"`).

    The values themselves are collected in ``values`` as (flow, written) to be checked apart
    (``_values_round_trip``). Dates (checked apart too), blocks of several lines and long
    values stay as they are, so the shape check covers them.
    """

    def __init__(self):
        self.values: set[tuple[bool, str]] = set()

    def scalar(self, text: str, flow: bool = False) -> str:
        written = _scalar(text, flow)
        if len(written) > _SHAPE_MAX_VALUE:
            return written
        if not surely_plain(written, flow):  # the rest are known to come back unchanged
            self.values.add((flow, written))
        return '"x"' if written.startswith('"') else "x"

    def date(self, day: dt.date) -> str:
        if day.year < 1000:  # a four-digit year reads back as written; others are checked
            self.values.add((False, day.isoformat()))
        return "2000-01-01"


def _contacts_lines(contacts: Iterable[Mapping[str, str]], w: _Writer) -> list[str]:
    lines = ["contacts:"]
    for contact in contacts:
        keys = [k for k in _CONTACT_KEYS if contact.get(k)]
        for i, key in enumerate(keys):
            lines.append(f"{'  - ' if i == 0 else '    '}{key}: {w.scalar(contact[key])}")
    return lines


def _log_lines(entries: Iterable[Mapping], w: _Writer) -> list[str]:
    lines = ["log:"]
    for entry in entries:
        parts = [f"{k}: {w.value(entry[k])}" for k in _ENTRY_KEYS if entry.get(k) is not None]
        lines.append("  - {" + ", ".join(parts) + "}")
    return lines


@dataclass(frozen=True)
class NewOpportunity:
    """What a new file holds: company and role, and the keys given for it (the others stay hints).

    ``note`` becomes `notes:`; ``contacts`` are mappings of name, role, email, phone, linkedin;
    ``log`` entries are mappings of date, type, with, channel, note. ``added`` defaults to today,
    so a lead without a log is dated; ``stage`` to `lead`. ``next_date`` writes `next:`
    (`catch-up`). ``name`` (without suffix) replaces the usual <company>-<role> file name
    (`import` numbers clashing names).
    """

    company: str
    role: str
    url: str | None = None
    location: str | None = None
    source: str | None = None
    contacts: list[Mapping[str, str]] | None = None
    note: str | None = None
    stage: str | None = None
    outcome: str | None = None
    added: dt.date | None = None
    log: list[Mapping] | None = None
    name: str | None = None
    next_date: dt.date | None = None


def template(schema: str, new: NewOpportunity, *, writer: _Writer | None = None) -> str:
    """The text of a new file: the given keys written, the others as commented hints.

    ``new.added`` is the date written (``_template_of`` makes it today when not given).
    ``writer`` writes the values (a ``_ShapeWriter`` gives the file's shape instead).
    """
    w = writer or _Writer()
    company, role, stage, outcome, added = new.company, new.role, new.stage or "lead", new.outcome, new.added
    url, location, source, contacts, note, log = new.url, new.location, new.source, new.contacts, new.note, new.log
    next_date = new.next_date
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"company: {w.scalar(company)}",
        f"role: {w.scalar(role)}",
        f"stage: {stage}".ljust(34) + _STAGE_HINT,
        *([f"outcome: {outcome}"] if outcome else []),
        f"added: {w.date(added)}",
        "# priority: normal                # high | normal | low",
        f"url: {w.scalar(url)}" if url else "# url: https://example.com/jobs/123",
        f"location: {w.scalar(location)}" if location else "# location: Remote",
        f"source: {w.scalar(source)}" if source else "# source: referral                # where it came from",
        "# tags: [python]",
        *(_contacts_lines(contacts, w) if contacts else [
            "# contacts:", "#   - name: Jane Doe", "#     role: Recruiter", "#     email: jane@example.com"]),
        "# ideas:                          # value-add material: a problem they mentioned, your idea for it",
        "#   - \"Their problem: my idea\"    # quote text that holds ': '",
        "# wait_until: 2026-12-05          # they said they'd decide by then: nothing is due before",
        f"next: {w.date(next_date)}  # catch-up" if next_date else
        "# next: 2026-12-01                # your own next follow-up date (or: follow-through snooze ID DAYS)",
        *([f"notes: {w.block(note)}"] if note else ["# notes: |", "#   Free Markdown."]),
        "# log: add entries with `follow-through log ID TYPE`, or by hand:",
        "#   - {date: 2026-11-25, type: applied, channel: email}",
        *(_log_lines(log, w) if log else []),
    ]
    return "\n".join(lines) + "\n"


def new_opportunity(pipeline_dir: Path, root: Path, new: NewOpportunity, today: dt.date) -> EditResult:
    """Create pipeline/<company>-<role>.yml (or ``new.name``) from the template; never overwrite."""
    path, shown, text, result = prepare_new(pipeline_dir, root, new, today)
    check_round_trip(shown, text)  # later edits must be able to round-trip it
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text, exclusive=True)
    return result


def new_opportunities(pipeline_dir: Path, root: Path, today: dt.date, requests: list[NewOpportunity]) -> list:
    """Many new files at once (`import`): each made and checked as `new_opportunity` makes it.

    Returns, per request, its EditResult or the EditError that stopped it. The files are
    written together (``write_new_files``): one sync for all instead of one per file. The
    round-trip check runs per shape of file and per value, not per file (``_round_trip_by_shape``).
    """
    outcomes: list = []
    prepared = []  # (index in outcomes, (path, shown, text, result))
    shapes = []  # per prepared file: (shape text, its values)
    listings: dict = {}  # one listing per folder, not a lookup per file
    for request in requests:
        try:
            new = prepare_new(pipeline_dir, root, request, today, listings=listings)
            shape = _ShapeWriter()
            template = _template_of(pipeline_dir, root, request, today, writer=shape)
            shapes.append((template, shape.values))
            prepared.append((len(outcomes), new))
            outcomes.append(None)
        except EditError as exc:
            outcomes.append(exc)
    unvouched = _round_trip_by_shape(shapes)
    kept = []
    for i, (index, new) in enumerate(prepared):
        try:
            if i in unvouched:
                check_round_trip(new[1], new[2])  # the file itself: its refusal names it
            kept.append((index, new))
        except EditError as exc:
            outcomes[index] = exc
    prepared = kept
    if prepared:
        Path(pipeline_dir).mkdir(parents=True, exist_ok=True)
    refusals = write_new_files([(new[0], new[2]) for _, new in prepared])
    for (index, new), refusal in zip(prepared, refusals, strict=True):
        outcomes[index] = refusal or new[3]
    return outcomes


@functools.lru_cache(maxsize=16)
def _shown_folder(folder: Path, cwd: str) -> str:
    return display_path(folder, Path(cwd))  # once per folder: resolving paths costs more than the rest of a file


@functools.lru_cache(maxsize=16)
def _schema_ref(root: str, pipeline_dir: str) -> str:
    """The schema's path as the new file's first line names it: relative to the file's folder."""
    return os.path.relpath(os.path.join(root, SCHEMA_FILE), pipeline_dir).replace(os.sep, "/")


def _names_in(folder: Path, listings: dict | None = None) -> set[str]:
    """The names in a folder, casefolded (`Acme.YML` is there for `acme.yml` on any file system).

    ``listings`` (folder → names) keeps them for a caller that makes many files."""
    if listings is not None and folder in listings:
        return listings[folder]
    try:
        names = {entry.casefold() for entry in os.listdir(folder)}
    except OSError:
        names = set()
    if listings is not None:
        listings[folder] = names
    return names


def _clean_note(note: str | None) -> str | None:
    return note.replace("\r\n", "\n").replace("\r", "\n").strip() if note else None


def _template_of(
    pipeline_dir: Path, root: Path, new: NewOpportunity, today: dt.date, *, writer: _Writer | None = None
) -> str:
    """The template as ``prepare_new`` fills it."""
    schema = _schema_ref(os.fspath(root), os.fspath(pipeline_dir))
    filled = replace(
        new,
        company=" ".join(new.company.split()),
        role=" ".join(new.role.split()),
        added=new.added or today,
        note=_clean_note(new.note),
    )
    return template(schema, filled, writer=writer)


def _round_trip_by_shape(shapes: list[tuple[str, set]]) -> set[int]:
    """Which files (indices) the round-trip check could not vouch for by their shape and values.

    The template is ours; only the values vary. ruamel.yaml reads and writes a one-line scalar
    the same wherever it stands in the same context (a block or a flow mapping's value) as long
    as the line stays far below its width (4096): long values and blocks stay in the shape. So
    a file round-trips when its shape (each short value a stand-in of the same style) does, and
    each of its values does in its context. Each distinct shape is checked once; all distinct
    values in one document, or one by one when that document does not come back unchanged.
    """
    good_shapes: dict[str, bool] = {}
    for shape, _ in shapes:
        if shape not in good_shapes:
            try:
                check_round_trip("shape", shape)
                good_shapes[shape] = True
            except EditError:
                good_shapes[shape] = False
    values = sorted(set().union(*(v for _, v in shapes)))
    bad_values = (
        set() if not values or _values_round_trip(values) else {v for v in values if not _values_round_trip([v])}
    )
    return {i for i, (shape, vals) in enumerate(shapes) if not good_shapes[shape] or vals & bad_values}


def _values_round_trip(values: list[tuple[bool, str]]) -> bool:
    """Do these values come back unchanged, each as a mapping's value in its context (block or flow)?"""
    lines = [f"f{i}: {{k: {written}}}" if flow else f"b{i}: {written}" for i, (flow, written) in enumerate(values)]
    try:
        check_round_trip("values", "\n".join(lines) + "\n")
        return True
    except EditError:
        return False


def prepare_new(pipeline_dir: Path, root: Path, new: NewOpportunity, today: dt.date, *, listings: dict | None = None):
    """(path, shown, text, EditResult) of a new file, validated; nothing is written.

    The caller checks that ruamel.yaml round-trips the text (``check_round_trip``, or by shape).
    ``listings``: the folder listings (``_names_in``) a caller that makes many files shares.
    """
    company, role = " ".join(new.company.split()), " ".join(new.role.split())
    if not company or not role:
        raise EditError('company and role must not be empty, like: new "Acme Corp" "Backend Engineer"')
    name = new.name or file_name(company, role)
    if not name:
        raise EditError(f"cannot make a file name from '{company}' and '{role}'")
    pipeline_dir = Path(pipeline_dir)
    path = pipeline_dir / f"{name}.yml"
    shown = f"{_shown_folder(pipeline_dir, os.getcwd())}/{name}.yml"
    siblings = _names_in(path.parent, listings)
    base = name.rsplit("/", 1)[-1].casefold()
    for suffix in SUFFIXES:
        if base + suffix in siblings:
            other = pipeline_dir / f"{name}{suffix}"
            raise EditError(
                f"{display_path(other)} already exists; nothing was written (edit it, or pick another role name)"
            )
    note = _clean_note(new.note)
    text = _template_of(pipeline_dir, root, new, today)
    opp, problems = validate_text(name, shown, text)
    errors = [p for p in problems if p.is_error]
    if opp is None or errors:
        raise EditError(f"the new file would not be valid, so nothing was written: {errors[0] if errors else ''}")
    if (opp.company, opp.role, opp.notes) != (company, role, note or None):
        raise EditError(f"{shown}: the text would not read back as given, so nothing was written")
    return (
        path,
        shown,
        text,
        EditResult(path, shown, opp, text.splitlines(), [], [p for p in problems if not p.is_error]),
    )
