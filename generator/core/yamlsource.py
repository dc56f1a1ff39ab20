"""Read one YAML file into a small tree of located nodes.

We build the tree from PyYAML's C parser events rather than constructing
Python objects, because the events still say what the constructor would hide:
explicit tags, anchors, aliases and duplicate keys, each rejected here with its
line and column. Scalars keep their source text; the validator decides types.
"""

from __future__ import annotations

import re

import yaml

from generator.core.problems import Problem, error
from generator.core.records import Location

try:  # the C parser is ~10x faster; the pure one is a fallback for odd installs
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1_000_000



class YamlFileError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class _Node:
    """Keeps the raw 0-based mark; a Location is made only when someone asks for it."""

    __slots__ = ("col0", "line0", "path")

    @property
    def loc(self) -> Location:
        return Location(self.path, self.line0 + 1, self.col0 + 1)


class Scalar(_Node):
    __slots__ = ("plain", "value")

    def __init__(self, value: str, plain: bool, path: str, line0: int, col0: int):
        self.value, self.plain, self.path, self.line0, self.col0 = value, plain, path, line0, col0

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in _NULLS


class Seq(_Node):
    __slots__ = ("items",)

    def __init__(self, items: list, path: str, line0: int, col0: int):
        self.items, self.path, self.line0, self.col0 = items, path, line0, col0


class Map(_Node):
    __slots__ = ("flow", "pairs")  # [(Scalar key, node)] in file order; flow: written as { ... }

    def __init__(self, pairs: list, path: str, line0: int, col0: int, flow: bool = False):
        self.pairs, self.path, self.line0, self.col0, self.flow = pairs, path, line0, col0, flow

    def get(self, key: str):
        for k, v in self.pairs:
            if k.value == key:
                return v
        return None


Node = Scalar | Seq | Map


def _loc(path: str, mark) -> Location:
    return Location(path, mark.line + 1, mark.column + 1)


def decode(path: str, data: bytes) -> str:
    """UTF-8 (with or without BOM) or a located error at the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlFileError(
            error(
                Location(path, line, col),
                f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
            )
        ) from None


def _syntax_problem(path: str, exc: yaml.YAMLError, text: str = "") -> Problem:
    mark = getattr(exc, "problem_mark", None)
    loc = _loc(path, mark) if mark is not None else Location(path)
    if mark is None and hasattr(exc, "position"):  # ReaderError: bad character
        loc = Location(path)
    lines = text.splitlines()
    if mark is not None:
        tab = _tab_indent(lines, mark.line)
        if tab is not None:
            return error(
                Location(path, *tab), "YAML syntax error: a tab is used for indentation here; indent with spaces"
            )
        hint = _indent_hint(lines, mark.line)
        if hint is not None:
            return error(Location(path, mark.line + 1, 1), f"YAML syntax error: {hint}")
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context_mark", None)
    if "could not find expected ':'" in problem and context is not None:
        # The scanner notices at the next line; the culprit is the line it started on.
        loc = _loc(path, context)
        problem = "expected 'key: value' on this line"
    message = f"YAML syntax error: {problem}"
    if "mapping values are not allowed" in problem:
        message += " (a text that holds ': ' must be put in quotes)"
    elif "expected ',' or '}'" in problem or "expected ',' or ']'" in problem:
        message += " (inside { } or [ ], a text that holds ': ' or ',' must be put in quotes)"
    return error(loc, message)


def _tab_indent(lines: list[str], line0: int) -> tuple[int, int] | None:
    """(line, column) of a tab in the indentation of a line up to the error's (YAML forbids them)."""
    for number in range(max(line0 - 1, 0), min(line0 + 2, len(lines))):
        line = lines[number]
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            return number + 1, indent.index("\t") + 1
    return None


_KEY_LINE = re.compile(r"( *)(- +)?([^\s#'\"{\[-][^:#]*?):(?:\s|$)")


def _indent_hint(lines: list[str], line0: int) -> str | None:
    """A key indented differently from the key it follows: say the indentation expected.

    The usual slip is a list item's second key (`- date: ...` then `type:`) one space off;
    YAML then reports a 'mapping value' or a missing '-', which does not say what to fix.
    """
    if line0 >= len(lines):
        return None
    here = _KEY_LINE.match(lines[line0])
    if here is None or here.group(2):
        return None
    for previous in reversed(lines[:line0]):
        if not previous.strip() or previous.lstrip().startswith("#"):
            continue
        above = _KEY_LINE.match(previous)
        if above is None:
            return None
        if not previous[above.end() :].strip() and not above.group(2):
            return None  # `key:` opens a block: what follows is deeper, any amount
        expected = len(above.group(1)) + len(above.group(2) or "")
        found = len(here.group(1))
        if found == expected:
            return None
        key, sibling = here.group(3).strip(), above.group(3).strip()
        where = "in the list item above" if above.group(2) else "above it"
        fix = f"indent '{key}' {expected} spaces" if expected else f"start '{key}' at the beginning of the line"
        return (
            f"'{key}' is indented {found} space{'s' if found != 1 else ''} but '{sibling}' {where} is at "
            f"{expected}: {fix} to line it up with '{sibling}'"
        )
    return None


def parse(path: str, text: str) -> Node:
    """Parse ``text`` (the contents of ``path``) into one located node tree."""
    loader = _Loader(text)
    try:
        return _compose_document(path, loader)
    except yaml.YAMLError as exc:
        raise YamlFileError(_syntax_problem(path, exc, text)) from None
    finally:
        loader.dispose()


def _compose_document(path: str, loader) -> Node:
    get = loader.get_event
    get()  # StreamStart
    event = get()
    if isinstance(event, yaml.StreamEndEvent):
        raise YamlFileError(
            error(Location(path), "the file is empty: expected a mapping with at least company and role")
        )
    root = _compose(path, get, get())
    get()  # DocumentEnd
    event = get()
    if not isinstance(event, yaml.StreamEndEvent):
        raise YamlFileError(
            error(_loc(path, event.start_mark), "a second YAML document ('---'): one opportunity per file")
        )
    return root


def _reject_extras(path: str, event) -> None:
    if type(event) is yaml.AliasEvent:
        raise YamlFileError(
            error(_loc(path, event.start_mark), f"alias '*{event.anchor}' is not allowed: write the value out")
        )
    if event.anchor:
        raise YamlFileError(
            error(_loc(path, event.start_mark), f"anchor '&{event.anchor}' is not allowed: write the value out")
        )
    if event.tag:
        raise YamlFileError(error(_loc(path, event.start_mark), f"YAML tag '{event.tag}' is not allowed: remove it"))


def _compose(path: str, get, event) -> Node:
    # Hot loop (every value of every file): plain attribute reads, no Location objects.
    kind = type(event)
    if kind is yaml.AliasEvent or event.anchor or event.tag:
        _reject_extras(path, event)
    mark = event.start_mark
    if kind is yaml.ScalarEvent:
        return Scalar(event.value, not event.style, path, mark.line, mark.column)
    if kind is yaml.SequenceStartEvent:
        items = []
        while type(event := get()) is not yaml.SequenceEndEvent:
            items.append(_compose(path, get, event))
        return Seq(items, path, mark.line, mark.column)
    flow = bool(event.flow_style)
    pairs = []
    seen: dict[str, Scalar] = {}
    while type(event := get()) is not yaml.MappingEndEvent:
        key = _compose(path, get, event)
        if type(key) is not Scalar:
            raise YamlFileError(error(key.loc, "a key must be plain text, not a list or mapping"))
        if key.value in seen:
            raise YamlFileError(
                error(key.loc, f"duplicate key '{key.value}' (first at line {seen[key.value].loc.line}): keep one")
            )
        seen[key.value] = key
        pairs.append((key, _compose(path, get, get())))
    return Map(pairs, path, mark.line, mark.column, flow)


def load_file(path: str, data: bytes) -> Node:
    """Bytes of one file → its root node; raises YamlFileError with a located problem."""
    if len(data) > MAX_FILE_BYTES:
        raise YamlFileError(
            error(Location(path), f"the file is {len(data):,} bytes; an opportunity file must be under 1 MB")
        )
    text = decode(path, data)
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        raise YamlFileError(
            error(Location(path), "the file is empty: expected a mapping with at least company and role")
        )
    return parse(path, text)
