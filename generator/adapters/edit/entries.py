"""Changes to log entries already in a file, on ruamel.yaml's tree: find one (by its line or its
`ref`), give it a ref, move its date, turn it into a note.

Each change keeps the entry's style (flow or block) and its other keys as written; the caller
lets the safe write accept the entry's old lines (``entry_lines``) and nothing else.
"""

from __future__ import annotations

import datetime as dt

from generator.core.edit.yaml_placement import flow_plain_ok, literal_ok
from generator.core.records import TWO_WAY


def node_date(node) -> dt.date | None:
    """The `date:` of an entry as ruamel.yaml read it (a date, or the text of a quoted one)."""
    value = node.get("date") if hasattr(node, "get") else None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def node_refs(node) -> tuple[str, ...]:
    """The refs of an entry as ruamel.yaml read it: one ref or a list."""
    value = node.get("ref") if hasattr(node, "get") else None
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(v).strip() for v in value)
    return (str(value).strip(),)


def is_planned(node) -> bool:
    """A two-way entry: a planned conversation when it is dated after today."""
    return hasattr(node, "get") and node.get("type") in TWO_WAY and node_date(node) is not None


def entries(data) -> list:
    """The entries of `log:` (an empty list when there is none)."""
    # ruamel.yaml here, as in the whole edit package: 9 to 13 ms that draft and catch-up would pay for nothing
    from ruamel.yaml.comments import CommentedSeq

    log = data.get("log")
    return list(log) if isinstance(log, CommentedSeq) else []


def by_line(data, line: int):
    """The index of the entry that starts on ``line`` (counted from 1, as LogEntry.loc), or None."""
    log = data.get("log")
    for index in range(len(entries(data))):
        if log.lc.item(index)[0] + 1 == line:  # where the entry's mapping starts, as LogEntry.loc says
            return index
    return None


def by_ref(data, ref: str):
    """The index of the entry that carries ``ref``, or None."""
    return next((i for i, node in enumerate(entries(data)) if ref in node_refs(node)), None)


def entry_lines(doc, log, index: int) -> list[str]:
    """The lines the entry at ``index`` takes in the file as read (from its dash to the next entry)."""
    lines = doc.text.split("\n")
    start = log.lc.item(index)[0]
    if index + 1 in log.lc.data:  # the next entry as read (one appended by this edit has no place yet)
        end = log.lc.item(index + 1)[0]
    else:
        indent = len(lines[start]) - len(lines[start].lstrip())
        end = start + 1
        while end < len(lines) and lines[end].strip() and len(lines[end]) - len(lines[end].lstrip()) > indent:
            end += 1
    return lines[start:end]


def ref_node(refs: tuple[str, ...]):
    """One ref as a plain value, several as a flow list (`ref: [mid:…, mid:…]`)."""
    # ruamel.yaml here, as in the whole edit package: 9 to 13 ms that draft and catch-up would pay for nothing
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    quoted = [ref if literal_ok(ref) and flow_plain_ok(ref) else DoubleQuotedScalarString(ref) for ref in refs]
    if len(quoted) == 1:
        return quoted[0]
    seq = CommentedSeq(quoted)
    seq.fa.set_flow_style()
    return seq


def _plain_or_quoted(text: str, flow: bool):
    if literal_ok(text) and "\n" not in text and (not flow or flow_plain_ok(text)):
        return text
    # ruamel.yaml here, as in the whole edit package: 9 to 13 ms that draft and catch-up would pay for nothing
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(text)


def add_ref(node, ref: str) -> None:
    """Give an entry a ref (a second one makes the ref a list)."""
    refs = node_refs(node)
    if ref in refs:
        return
    node["ref"] = ref_node((*refs, ref))


def _own(date: dt.date) -> dt.date:
    """A date object of its own: ruamel.yaml writes one object met twice as an anchor and an alias."""
    return dt.date(date.year, date.month, date.day)


def redate(node, date: dt.date) -> None:
    node["date"] = _own(date)


def to_note(node, date: dt.date, why: str) -> None:
    """A planned conversation becomes a note dated ``date`` saying ``why`` ("cancelled: closed");
    what it said before (its own note) follows, and its `ref` stays (the event is known)."""
    old = node.get("note")
    node["type"] = "note"
    node["date"] = _own(date)
    text = f"{why}: {' '.join(str(old).split())}" if old else why
    node["note"] = _plain_or_quoted(text, node.fa.flow_style())
