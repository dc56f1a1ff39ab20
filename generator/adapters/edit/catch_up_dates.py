"""Write `next: D  # catch-up` into many files at once, with the safe-edit rules.

`catch-up` moves hundreds of dates in one run; ruamel.yaml's round trip costs milliseconds a
file, so this edit works on the text: one line replaced (the `next:` line) or inserted (before
`notes:` or `log:`, else at the end), nothing else touched. Each new text must then pass the
same validation as `check` and come out as intended (the same record but for `next:`), else
the file is left alone and the refusal reported. Files are written through temporaries and
renames (one sync for all): never a half-written file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import replace
from pathlib import Path

from generator.adapters.edit.roundtrip import EditError, _write_temporary, split_text
from generator.core.validate import CATCH_UP_MARK, validate_text

_NEXT_LINE = re.compile(r"^next[ \t]*:[^\n]*$", re.M)
_INSERT_BEFORE = re.compile(r"^(?:notes|log)[ \t]*:", re.M)
_DOCUMENT_END = re.compile(r"^\.\.\.[ \t]*$", re.M)


def with_next(text: str, date: dt.date) -> str | None:
    """The text with `next: D  # catch-up` in place of its `next:` line (or added); None when the
    file's layout does not allow a one-line edit (several `next:` lines, a multi-line value)."""
    line = f"next: {date.isoformat()}  {CATCH_UP_MARK}"
    found = _NEXT_LINE.findall(text)
    if len(found) > 1:
        return None
    if found:
        return _NEXT_LINE.sub(line, text, count=1)
    if not text.endswith("\n"):
        text += "\n"
    place = _INSERT_BEFORE.search(text) or _DOCUMENT_END.search(text)
    if place:
        return text[: place.start()] + line + "\n" + text[place.start():]
    return text + line + "\n"


def _edited(path: Path, shown: str, opp_id: str, date: dt.date) -> str:
    try:
        raw = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EditError(f"{shown}: cannot read the file as UTF-8 text ({exc})") from None
    text, newline, bom = split_text(raw)
    before, _ = validate_text(opp_id, shown, text)
    if before is None:
        raise EditError(f"{shown} has errors; fix them first (run `follow-through check`)")
    new_text = with_next(text, date)
    after = validate_text(opp_id, shown, new_text)[0] if new_text is not None else None
    if (
        after is None
        or after.next != date
        or not after.next_catch_up
        or replace(after, next=before.next, next_catch_up=before.next_catch_up) != before
    ):
        raise EditError(f"{shown}: cannot set next: {date} on one line of this file; nothing was written. "
                        f"Add `next: {date}  {CATCH_UP_MARK}` by hand")
    return ("\ufeff" if bom else "") + new_text.replace("\n", newline)


def write_next_dates(edits: list[tuple[Path, str, str, dt.date]]) -> list[EditError | None]:
    """(path, shown, id, date) per file → per file None (written) or the EditError that left it alone."""
    outcomes: list[EditError | None] = []
    ready: list[tuple[Path, str]] = []
    for path, shown, opp_id, date in edits:
        try:
            ready.append((Path(path), _edited(Path(path), shown, opp_id, date)))
            outcomes.append(None)
        except EditError as exc:
            outcomes.append(exc)
    temporaries: list[tuple[str, Path, int | None]] = []
    try:
        for number, (path, text) in enumerate(ready):
            try:
                mode = path.stat().st_mode & 0o777
            except OSError:
                mode = None
            temporaries.append((_write_temporary(os.fspath(path), number, text.encode("utf-8")), path, mode))
        if temporaries:
            os.sync()
        for tmp, path, mode in temporaries:
            if mode is not None:
                os.chmod(tmp, mode)
            os.replace(tmp, path)
    finally:
        for tmp, _, _ in temporaries:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return outcomes
