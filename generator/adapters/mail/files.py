"""Mail from files: an mbox (Google Takeout's, Thunderbird's), a Maildir folder, or a folder of `.eml` files.

Each message comes out as a `RawMessage` with its bytes, in the order the file holds them (the
judge sorts by date). Nothing is written, moved or marked: Maildir is read as files, not through
`mailbox.Maildir`'s methods that would move `new/` to `cur/`.
"""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.core.mail.mail_records import RawMessage
from generator.core.problems import UserError

MAILDIR_PARTS = ("cur", "new")


@dataclass(frozen=True)
class FileSource:
    name: str  # as the user typed it: shown in counts
    path: Path
    kind: str  # "mbox" | "maildir" | "eml-folder" | "eml"


def file_source(name: str) -> FileSource:
    """What kind of mailbox ``name`` is, or a UserError saying what was expected."""
    path = Path(name)
    if path.is_dir():
        if any((path / part).is_dir() for part in MAILDIR_PARTS):
            return FileSource(name, path, "maildir")
        if path.name in MAILDIR_PARTS:
            return FileSource(name, path, "maildir-part")
        return FileSource(name, path, "eml-folder")
    if not path.exists():
        raise UserError(f"{name}: no such file or folder (expected an mbox file, a Maildir folder or a folder "
                        "of .eml files)")
    if path.suffix.casefold() == ".eml":
        return FileSource(name, path, "eml")
    if not _starts_like_mbox(path):
        raise UserError(f"{name}: not an mbox file (an mbox starts with a 'From ' line); expected an mbox file, "
                        "a Maildir folder or a folder of .eml files")
    return FileSource(name, path, "mbox")


def _starts_like_mbox(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            head = stream.read(5)
    except OSError as exc:
        raise UserError(f"{path}: cannot read it: {exc.strerror}") from None
    return head in (b"From ", b"")


def read_source(source: FileSource) -> Iterator[RawMessage]:
    if source.kind == "mbox":
        yield from _mbox(source)
        return
    files = _message_files(source)
    if not files and source.kind == "eml-folder":
        raise UserError(f"{source.name}: no .eml files in this folder (an mbox is a file: name the file itself; "
                        "a Maildir folder holds cur/ and new/)")
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UserError(f"{path}: cannot read it: {exc.strerror}") from None
        yield RawMessage(source=source.name, data=data)


def _message_files(source: FileSource) -> list[Path]:
    if source.kind == "eml":
        return [source.path]
    if source.kind == "maildir":
        parts = [source.path / part for part in MAILDIR_PARTS if (source.path / part).is_dir()]
    elif source.kind == "maildir-part":
        parts = [source.path]
    else:
        return sorted(p for p in source.path.rglob("*") if p.suffix.casefold() == ".eml" and p.is_file())
    return sorted(p for part in parts for p in part.iterdir() if p.is_file() and not p.name.startswith("."))


def _mbox(source: FileSource) -> Iterator[RawMessage]:
    box = mailbox.mbox(source.path, create=False)
    try:
        for key in box.iterkeys():
            yield RawMessage(source=source.name, data=box.get_bytes(key))
    except OSError as exc:
        raise UserError(f"{source.name}: cannot read it: {exc.strerror}") from None
    finally:
        box.close()
