"""Where new things go in a ruamel.yaml tree so the file reads as if the user wrote them.

The entry style of a log (flow or block), comments that must stay below a new
last entry, and a top-level key set in place or inserted next to its neighbours.
"""

from __future__ import annotations

import copy
import functools
import io
import re

import yaml

# ruamel.yaml is imported inside the functions that use it: 13 ms of start-up that `draft` and `catch-up`,
# which import the edit package only to find a file or write a date, would pay for nothing.

# What a literal block (`|`) cannot hold as written: characters YAML allows only escaped,
# and those a YAML 1.1 reader takes for line breaks or a byte order mark.
_NOT_LITERAL = re.compile("[^\x09\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


def literal_ok(text: str) -> bool:
    """Can this text of several lines be written as a literal block and read back the same?"""
    return _NOT_LITERAL.search(text) is None


def log_style(seq) -> str:
    """'flow' or 'block': how the last entry of the log is written (flow when the log is empty)."""
    # ruamel.yaml here, as in the whole edit package: 9 to 13 ms that draft and catch-up would pay for nothing
    from ruamel.yaml.comments import CommentedMap

    for item in reversed(list(seq or [])):
        if isinstance(item, CommentedMap):
            return "flow" if item.fa.flow_style() else "block"
    return "flow"


def keep_trailing_comments_last(log) -> None:
    """Blank lines and comments after the old last entry stay after the new one.

    ruamel.yaml keeps them with the old last entry (on the list's slot for it, or
    on its last key), so a plain append would put the new entry below them, often
    above a comment that belongs to the next key. Split the comment token: the
    old entry keeps its own end-of-line comment; the rest moves to the new entry.
    """
    # ruamel.yaml here, as in the whole edit package: 9 to 13 ms that draft and catch-up would pay for nothing
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



def set_key(data, key: str, value, after: tuple[str, ...] = (), before: tuple[str, ...] = ()) -> None:
    """Set a top-level key: in place when it is there (its comment stays), else inserted.

    A new key goes right after the first of ``after`` that the file has, else right
    before the first of ``before``, else at the end.
    """
    if key in data:
        data[key] = value
        return
    keys = list(data.keys())
    position = next((keys.index(k) + 1 for k in after if k in data), None)
    if position is None:
        position = next((keys.index(k) for k in before if k in data), len(keys))
    data.insert(position, key, value)


def delete_key(data, key: str) -> None:
    """Remove a top-level key and its line; comment lines below it stay where they were.

    ruamel.yaml keeps those lines on the removed key's end-of-line comment, so they
    would go with it: hand them to the key above.
    """
    # ruamel.yaml here, as in the whole edit package: 9 to 13 ms that draft and catch-up would pay for nothing
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    keys = list(data.keys())
    index = keys.index(key)
    slot = data.ca.items.pop(key, None)
    del data[key]
    token = slot[2] if slot and len(slot) > 2 else None
    value = getattr(token, "value", None)
    if not isinstance(value, str) or "\n" not in value.rstrip("\n") or index == 0:
        return  # nothing below it but the end of its own line
    rest = value.split("\n", 1)[1]
    above = keys[index - 1]
    if isinstance(data[above], (CommentedMap, CommentedSeq)):
        return  # no place to hand them over: the check of changed lines refuses the edit
    holder = data.ca.items.setdefault(above, [None, None, None, None])
    if holder[2] is None:
        holder[2] = copy.copy(token)
        holder[2].value = "\n" + rest
    else:
        holder[2].value += rest


@functools.lru_cache(maxsize=1024)
def flow_plain_ok(text: str) -> bool:
    """Does PyYAML read `text` back from the flow mapping ruamel.yaml writes for it?"""
    # ruamel.yaml here, as in the whole edit package: 9 to 13 ms that draft and catch-up would pay for nothing
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap(k=text)
    mapping.fa.set_flow_style()
    writer = YAML()
    writer.width = 1_000_000
    out = io.StringIO()
    writer.dump(mapping, out)
    try:
        return yaml.load(out.getvalue(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) == {"k": text}
    except yaml.YAMLError:
        return False
