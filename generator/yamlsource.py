"""Read one YAML file into a small tree of located nodes.

We build the tree from PyYAML's C parser events rather than constructing
Python objects, because the events still say what the constructor would hide:
explicit tags, anchors, aliases and duplicate keys, each rejected here with its
line and column. Scalars keep their source text; the validator decides types.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from .model import Location
from .problems import Problem, error

try:  # the C parser is ~10x faster; the pure one is a fallback for odd installs
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1_000_000

NULL_TAG = "tag:yaml.org,2002:null"


class YamlFileError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass(slots=True)
class Scalar:
    value: str
    tag: str  # the implicitly resolved tag: str, int, bool, null, timestamp...
    plain: bool  # unquoted, so YAML gave it a type
    loc: Location

    @property
    def is_null(self) -> bool:
        return self.plain and self.tag == NULL_TAG


@dataclass(slots=True)
class Seq:
    items: list
    loc: Location


@dataclass(slots=True)
class Map:
    pairs: list  # [(Scalar key, node)] in file order
    loc: Location

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


def _syntax_problem(path: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    loc = _loc(path, mark) if mark is not None else Location(path)
    if mark is None and hasattr(exc, "position"):  # ReaderError: bad character
        loc = Location(path)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    message = f"YAML syntax error: {problem}"
    if "mapping values are not allowed" in problem:
        message += " (a text that holds ': ' must be put in quotes)"
    elif "found character '\\t'" in problem or "found character '\t'" in problem:
        message += " (indent with spaces, not tabs)"
    return error(loc, message)


def parse(path: str, text: str) -> Node:
    """Parse ``text`` (the contents of ``path``) into one located node tree."""
    loader = _Loader(text)
    try:
        return _compose_document(path, loader)
    except yaml.YAMLError as exc:
        raise YamlFileError(_syntax_problem(path, exc)) from None
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
    root = _compose(path, loader, get())
    get()  # DocumentEnd
    event = get()
    if not isinstance(event, yaml.StreamEndEvent):
        raise YamlFileError(
            error(_loc(path, event.start_mark), "a second YAML document ('---'): one opportunity per file")
        )
    return root


def _reject_extras(path: str, event) -> None:
    if isinstance(event, yaml.AliasEvent):
        raise YamlFileError(
            error(_loc(path, event.start_mark), f"alias '*{event.anchor}' is not allowed: write the value out")
        )
    if getattr(event, "anchor", None):
        raise YamlFileError(
            error(_loc(path, event.start_mark), f"anchor '&{event.anchor}' is not allowed: write the value out")
        )
    if getattr(event, "tag", None):
        raise YamlFileError(
            error(_loc(path, event.start_mark), f"YAML tag '{event.tag}' is not allowed: remove it")
        )


def _compose(path: str, loader, event) -> Node:
    _reject_extras(path, event)
    loc = _loc(path, event.start_mark)
    if isinstance(event, yaml.ScalarEvent):
        plain = event.style is None or event.style == ""
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit) if plain else "tag:yaml.org,2002:str"
        return Scalar(event.value, tag, plain, loc)
    get = loader.get_event
    if isinstance(event, yaml.SequenceStartEvent):
        items = []
        while not isinstance(event := get(), yaml.SequenceEndEvent):
            items.append(_compose(path, loader, event))
        return Seq(items, loc)
    # MappingStartEvent
    pairs = []
    seen: dict[str, Location] = {}
    while not isinstance(event := get(), yaml.MappingEndEvent):
        key = _compose(path, loader, event)
        if not isinstance(key, Scalar):
            raise YamlFileError(error(key.loc, "a key must be plain text, not a list or mapping"))
        if key.value in seen:
            first = seen[key.value]
            raise YamlFileError(
                error(key.loc, f"duplicate key '{key.value}' (first at line {first.line}): keep one")
            )
        seen[key.value] = key.loc
        pairs.append((key, _compose(path, loader, get())))
    return Map(pairs, loc)


def load_file(path: str, data: bytes) -> Node:
    """Bytes of one file → its root node; raises YamlFileError with a located problem."""
    if len(data) > MAX_FILE_BYTES:
        raise YamlFileError(
            error(Location(path), f"the file is {len(data):,} bytes; an opportunity file must be under 1 MB")
        )
    text = decode(path, data)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise YamlFileError(
            error(Location(path), "the file is empty: expected a mapping with at least company and role")
        )
    return parse(path, text)
