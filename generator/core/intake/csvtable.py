"""Reading an import's CSV (pure): bytes in, text out; text in, the table's rows with their numbers.

UTF-8 with or without a byte order mark (or UTF-16 with one), else Windows-1252; comma, or
the semicolon or tab a spreadsheet in another locale writes. Row numbers are the
spreadsheet's: the first line is row 1.
"""

from __future__ import annotations

import csv
import io
import re

MAX_FIELD = 100_000  # a cell's size limit, so a broken quote cannot swallow the file silently
HEADER_SEARCH_ROWS = 10  # a header may sit below a title row or two


class ImportFileError(ValueError):
    """The whole file cannot be read (encoding, no header that names company and role)."""


def decode(raw: bytes, name: str) -> str:
    """UTF-8 (with or without a byte order mark), else Windows-1252; newlines kept for csv."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"{name}: byte {exc.start + 1} is neither UTF-8 nor Windows-1252 text; save the file as UTF-8 CSV"
        ) from None


def _delimiter(text: str) -> str:
    """Comma, or the semicolon or tab a spreadsheet in another locale may use (judged on the first lines)."""
    head = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    head = re.sub(r'"[^"]*"', "", head)
    counts = {d: head.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def read_table(text: str, name: str) -> list[tuple[int, list[str]]]:
    """(row number, cells) for each record; quoted commas and newlines stay inside their cell."""
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows = []
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append((number, cells))
    except csv.Error as exc:
        raise ImportFileError(f"{name}: line {reader.line_num}: cannot read the CSV ({exc})") from None
    return rows
