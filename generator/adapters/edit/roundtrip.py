"""The safe write every edit goes through: read, round-trip check, edit, check, atomic write.

Every edit uses ruamel.yaml's round-trip mode, so comments, key order, quoting
and flow style stay as the user wrote them. Before editing, the file must come
back byte for byte from a load and dump (else we refuse: we could not promise to
change only what we meant to). After editing, the new text must change only the
lines the edit is about, and must pass the same validation as ``check``. Only
then is it written, atomically (a temporary file in the same folder, then
``os.replace``). Refusals are ``EditError``s with a message a user can act on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import io
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.adapters.opportunity_files import SUFFIXES, display_path, find_files, opportunity_id
from generator.core.problems import Problem, UserError, did_you_mean
from generator.core.records import LogEntry, Opportunity
from generator.core.validate import validate_text

# Indentation styles tried in order; the first that reproduces the file is used.
# (mapping indent, sequence indent, sequence dash offset)
_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (3, 3, 1), (3, 5, 3))


class EditError(UserError):
    """The edit was refused; the file was not touched."""


class InvalidFile(EditError):
    """The file has errors, so no edit touches it; ``first`` is the first of them."""

    def __init__(self, message: str, first=None):
        super().__init__(message)
        self.first = first


@dataclass
class EditResult:
    path: Path  # the file (written, or left alone when nothing changed)
    shown: str  # the path as the user sees it
    opp: Opportunity  # the opportunity after the edit, validated
    added: list[str] = field(default_factory=list)  # lines added, as in a diff
    removed: list[str] = field(default_factory=list)  # lines removed
    warnings: list[Problem] = field(default_factory=list)  # new warnings the edit brought
    cleared_next: dt.date | None = None  # the `next:` that a log entry removed
    moved_stage: str | None = None  # the stage a log entry moved a lagging `stage:` to
    changed: bool = True  # False: the file already said so; nothing was written
    entry: LogEntry | None = None  # the log entry the edit added, if any
    cancelled: list[LogEntry] = field(default_factory=list)  # planned conversations a closing entry made notes


# --- finding files -------------------------------------------------------------------


def find_file(pipeline_dir: Path, opp_id: str) -> Path:
    """The file of an id: pipeline/<id>.yml or .yaml (any case); a clear error when there is none."""
    pipeline_dir = Path(pipeline_dir)
    opp_id = opp_id.strip().strip("/")
    if opp_id.lower().endswith(SUFFIXES):
        opp_id = opp_id.rsplit(".", 1)[0]
    if opp_id.startswith(pipeline_dir.name + "/"):
        opp_id = opp_id.split("/", 1)[1]  # tolerate "pipeline/acme" typed from the shell
    if not opp_id or ".." in opp_id.split("/") or any(ord(c) < 32 or c == "\\" for c in opp_id):
        raise EditError(f"'{opp_id}' is not an opportunity id (like acme/backend)")
    files = find_files(pipeline_dir) if pipeline_dir.is_dir() else []
    by_id = {opportunity_id(p, pipeline_dir): p for p in reversed(files)}  # the first file of an id wins
    if opp_id in by_id:
        return by_id[opp_id]
    hint = did_you_mean(opp_id, sorted(by_id)) or " (run `follow-through due` to see the ids)"
    raise EditError(f"no opportunity '{opp_id}': there is no {display_path(pipeline_dir)}/{opp_id}.yml{hint}")


def find_opportunity(pipeline_dir: Path, typed_id: str) -> tuple[Path, str]:
    """The file of an id as typed (`acme`, `pipeline/acme.yml`) and its id."""
    path = find_file(pipeline_dir, typed_id)
    return path, opportunity_id(path, Path(pipeline_dir))


# --- round trip -------------------------------------------------------------------------


def _yaml(indent, text: str = ""):
    # Imported here: ruamel.yaml costs 13 ms of start-up, and catch-up writes through this module without a
    # round trip.
    from ruamel.yaml import YAML

    y = YAML()  # round-trip mode
    y.preserve_quotes = True
    y.width = 4096  # never fold a long line the user wrote on one line
    y.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    # Keep a `---` document start (after any leading comments) and a `...` end.
    y.explicit_start = re.match(r"(?:[ \t]*(?:#[^\n]*)?\n)*---(?:[ \t]|$)", text, re.M) is not None
    y.explicit_end = re.search(r"^\.\.\.[ \t]*\n?\Z", text, re.M) is not None
    return y


@dataclass
class Document:
    """A file as read for editing: its text, its ruamel.yaml tree, and what it said before."""

    path: Path
    shown: str
    opp_id: str
    text: str  # as read, newlines normalised to \n
    newline: str  # "\n" or "\r\n", restored on write
    yaml: object
    data: object  # ruamel's CommentedMap; edits change it in place
    bom: bool = False  # a UTF-8 byte order mark, restored on write
    opp: Opportunity | None = None  # the file as read, validated once
    problems: tuple[Problem, ...] = ()  # its warnings, to tell which ones an edit brings

    def dump(self) -> str:
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        return out.getvalue()


def read_document(path: Path, shown: str, opp_id: str) -> Document:
    """Read and validate a file; refuse one with errors or one ruamel.yaml cannot reproduce exactly."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EditError(f"{shown}: cannot read the file: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EditError(
            f"{shown}: the file is not UTF-8 text; fix it first (run `follow-through check`)"
        ) from None
    return load_document(path, shown, opp_id, text)


def split_text(raw: str) -> tuple[str, str, bool]:
    """(the text with \\n newlines and no byte order mark, the newline it had, whether it had the mark):
    what an edit works on, and what it restores on write."""
    bom = raw.startswith("\ufeff")
    text = raw.removeprefix("\ufeff")
    newline = "\r\n" if "\r\n" in text else "\n"
    return text.replace("\r\n", "\n"), newline, bom


def load_document(path: Path, shown: str, opp_id: str, text: str) -> Document:
    """The document of a file's text (see ``read_document``)."""
    text, newline, bom = split_text(text)
    opp, problems = validate_text(opp_id, shown, text)
    if opp is None:
        first = next((p for p in problems if p.is_error), None)
        raise InvalidFile(
            f"{shown} has errors; fix them first (run `follow-through check`)" + (f": {first}" if first else ""),
            first,
        )
    yaml, data = _reproduce(shown, text)
    return Document(path, shown, opp_id, text, newline, yaml, data, bom, opp, tuple(problems))


def check_round_trip(shown: str, text: str) -> None:
    """Refuse (EditError) a text that ruamel.yaml cannot load and dump back byte for byte.

    Only the layout is checked, not the content: new files are validated by their maker.
    """
    _reproduce(shown, text)


def _reproduce(shown: str, text: str):
    """(yaml, data): the first indentation style whose load and dump gives ``text`` back unchanged."""
    expected = text if text.endswith("\n") else text + "\n"
    for indent in _INDENTS:
        yaml = _yaml(indent, text)
        try:
            data = yaml.load(text)
            out = io.StringIO()
            yaml.dump(data, out)
            if out.getvalue() == expected:
                return yaml, data
        except Exception:
            break
    raise EditError(
        f"{shown}: cannot edit this file without changing its layout (ruamel.yaml does not reproduce it "
        "exactly); nothing was written. Edit it by hand, or re-indent it like the samples "
        "(2 spaces, list items indented under their key)"
    )


def changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    """(added, removed) lines between two texts, as a line diff shows them."""
    a, b = old.splitlines(), new.splitlines()
    added, removed = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            removed.extend(a[i1:i2])
        if tag in ("replace", "insert"):
            added.extend(b[j1:j2])
    return added, removed


def key_line(*keys: str) -> Callable[[str], bool]:
    """A test for `may_remove`: the line is one of these top-level keys (which the edit rewrites)."""
    pattern = re.compile(rf"(?:{'|'.join(re.escape(k) for k in keys)})\s*:")
    return lambda line: pattern.match(line) is not None


def unchanged(doc: Document) -> EditResult:
    """The result of an edit that found the file already saying what was asked: nothing written."""
    return EditResult(doc.path, doc.shown, doc.opp, changed=False)


def commit(
    doc: Document,
    new_text: str,
    may_remove: Callable[[str], bool] = lambda line: False,
    check: Callable[[Opportunity], bool] = lambda opp: True,
    *,
    write: bool = True,
) -> EditResult:
    """Check the new text (only the intended lines changed, still valid, as intended), then write it atomically
    (unless not ``write``: a dry run checks all the same and writes nothing)."""
    old_text = doc.text if doc.text.endswith("\n") else doc.text + "\n"
    if new_text == old_text:
        return unchanged(doc)
    added, removed = changed_lines(old_text, new_text)
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
        raise EditError(
            f"the edit would make {doc.shown} invalid, so nothing was written: {errors[0] if errors else ''}"
        )
    if not check(opp):
        raise EditError(f"{doc.shown}: the edit did not come out as intended, so nothing was written. Edit it by hand")
    if write:
        write_atomic(doc.path, ("\ufeff" if doc.bom else "") + new_text.replace("\n", doc.newline))
    fresh = [p for p in problems if p.message not in before]
    return EditResult(doc.path, doc.shown, opp, added, removed, fresh)


def write_atomic(path: Path, text: str, exclusive: bool = False) -> None:
    """Write through a temporary file in the same folder and a rename: never a half-written file.

    ``exclusive``: never replace an existing file (a link, which fails if one appeared meanwhile).
    """
    path = Path(path)
    mode = None
    with contextlib.suppress(FileNotFoundError):
        mode = path.stat().st_mode & 0o777
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode if mode is not None else _new_file_mode())
        if exclusive:
            _link_new(tmp, path)
        else:
            os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_new_files(files: list[tuple[Path, str]]) -> list[EditError | None]:
    """Create many new files, never overwriting one: per file, None or the EditError that stopped it.

    As ``write_atomic(exclusive=True)`` does for one, each text goes to a temporary file
    first and appears under its name only once written; here one ``os.sync`` covers them
    all (a sync per file costs milliseconds each: minutes for a large import).
    """
    temporaries: list[str] = []
    try:
        for number, (path, text) in enumerate(files):
            temporaries.append(_write_temporary(os.fspath(path), number, text.encode("utf-8")))
        os.sync()
        outcomes: list[EditError | None] = []
        for (path, _), tmp in zip(files, temporaries, strict=True):
            try:
                _link_new(tmp, Path(path))
                outcomes.append(None)
            except EditError as exc:
                outcomes.append(exc)
        return outcomes
    finally:
        for tmp in temporaries:
            if os.path.exists(tmp):
                os.unlink(tmp)


def _new_file_mode() -> int:
    """The mode a new file gets (0o666 less the umask); mkstemp makes its files 0o600."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _write_temporary(path: str, number: int, data: bytes) -> str:
    """A new hidden file beside ``path`` holding ``data``; its name. Three system calls, not mkstemp's
    seven: `import` writes thousands. Its mode is 0o666 less the umask, as for any new file."""
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name[:100]}.{os.getpid()}.{number}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(tmp, flags, 0o666)
    except FileExistsError:  # left by an earlier run that was killed: a fresh random name instead
        fd, tmp = tempfile.mkstemp(prefix=f".{name[:100]}.", suffix=".tmp", dir=folder or ".")
        os.chmod(tmp, _new_file_mode())
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:
        os.close(fd)
        os.unlink(tmp)  # a full disk leaves no half-written temporary behind
        raise
    os.close(fd)
    return tmp


def _link_new(tmp: str, path: Path) -> None:
    try:
        os.link(tmp, path)  # fails if the file appeared meanwhile: never overwrite
    except FileExistsError:
        raise EditError(f"{display_path(path)} already exists; nothing was written") from None
    except OSError:  # a file system without hard links
        if path.exists():
            raise EditError(f"{display_path(path)} already exists; nothing was written") from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)
