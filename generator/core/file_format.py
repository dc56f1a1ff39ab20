"""The file format, declared once: it validates located nodes and writes the JSON Schema.

Each field type knows two things: how to check a node (returning a value or
INVALID, reporting problems with the node's place) and how to describe itself
as JSON Schema for editors. ``OPPORTUNITY`` at the bottom is the whole format.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from generator.core.problems import Problem, closest, did_you_mean, error, warning
from generator.core.records import CHANNELS, LOG_TYPES, OUTCOME_FROM_LOG, OUTCOMES, PRIORITIES, STAGES, Location
from generator.core.yamlsource import Map, Scalar, Seq

INVALID = object()

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# http(s):// and at least one character of a host; the same pattern in the JSON Schema.
WEB_ADDRESS = r"[Hh][Tt][Tt][Pp][Ss]?://[^\s/]"
# What no address a browser opens holds: `check` warns (everything that shows it escapes it anyway).
_NOT_IN_AN_ADDRESS = re.compile(r"[\s<>\"]")


@dataclass
class Ctx:
    problems: list[Problem] = field(default_factory=list)

    def error(self, loc: Location, where: str, message: str) -> object:
        self.problems.append(error(loc, f"{where}: {message}" if where else message))
        return INVALID


def _kind(node) -> str:
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    return "nothing" if node.is_null else f"'{node.value}'"


class Type:
    description = ""

    def check(self, node, where: str, ctx: Ctx):
        raise NotImplementedError

    def schema(self) -> dict:
        raise NotImplementedError

    def _described(self, schema: dict) -> dict:
        if self.description:
            schema["description"] = self.description
        return schema


@dataclass
class Text(Type):
    description: str = ""
    what: str = "text"

    def check(self, node, where, ctx):
        if isinstance(node, Scalar) and not node.is_null:
            return node.value
        if isinstance(node, Map):
            return ctx.error(node.loc, where, self._mapping_message(node))
        return ctx.error(node.loc, where, f"expected {self.what}, found {_kind(node)}")

    def _mapping_message(self, node: Map) -> str:
        return f"expected {self.what}, found a mapping"

    def schema(self):
        # Any plain scalar is text to `check` (tags: [python, 3.10]); a YAML 1.2 reader makes numbers
        # and booleans of some, so the schema takes them too.
        return self._described({"type": ["string", "number", "boolean"]})


@dataclass
class Markdown(Text):
    """Free text; YAML turns an unquoted 'Problem: idea' into a mapping, so say how to fix it."""

    def _mapping_message(self, node: Map) -> str:
        message = (
            f"YAML read this {self.what} as a mapping because of an unquoted ': '; "
            "put the whole text in quotes"
        )
        if len(node.pairs) == 1 and isinstance(node.pairs[0][1], Scalar):
            key, value = node.pairs[0]
            text = f"{key.value}: {value.value}".replace('"', '\\"')
            message += f': "{text}"'
        return message


@dataclass
class Date(Type):
    description: str = ""

    def check(self, node, where, ctx):
        if isinstance(node, Scalar) and not node.is_null:
            raw = node.value
            if _DATE.fullmatch(raw):
                try:
                    return dt.date.fromisoformat(raw)
                except ValueError:
                    pass
            return ctx.error(node.loc, where, f"'{raw}' is not a valid date (YYYY-MM-DD)")
        return ctx.error(node.loc, where, f"expected a date (YYYY-MM-DD), found {_kind(node)}")

    def schema(self):
        return self._described(
            {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
        )


@dataclass
class Flag(Type):
    """true or false (YAML 1.1's yes/no/on/off are refused: they surprise people)."""

    description: str = ""

    def check(self, node, where, ctx):
        booleans = ("true", "false", "True", "False", "TRUE", "FALSE")
        if isinstance(node, Scalar) and node.plain and node.value in booleans:
            return node.value.casefold() == "true"
        shown = f"'{node.value}'" if isinstance(node, Scalar) else _kind(node)
        return ctx.error(node.loc, where, f"expected true or false, found {shown}")

    def schema(self):
        return self._described({"type": "boolean"})


@dataclass
class Choice(Type):
    choices: tuple[str, ...] = ()
    what: str = "value"
    description: str = ""

    def check(self, node, where, ctx):
        if isinstance(node, Scalar) and node.value in self.choices:
            return node.value
        found = f"'{node.value}'" if isinstance(node, Scalar) else _kind(node)
        hint = did_you_mean(node.value, self.choices) if isinstance(node, Scalar) else ""
        return ctx.error(
            node.loc,
            where,
            f"{found} is not a valid {self.what}; expected one of: {', '.join(self.choices)}{hint}",
        )

    def schema(self):
        return self._described({"enum": list(self.choices)})


@dataclass
class Days(Type):
    description: str = ""

    def check(self, node, where, ctx):
        if isinstance(node, Scalar) and node.plain and re.fullmatch(r"\d+", node.value):
            value = int(node.value)
            if 1 <= value <= 3650:
                return value
        found = f"'{node.value}'" if isinstance(node, Scalar) else _kind(node)
        return ctx.error(node.loc, where, f"{found} is not a number of days (a whole number from 1 to 3650)")

    def schema(self):
        return self._described({"type": "integer", "minimum": 1, "maximum": 3650})


@dataclass
class WebAddress(Type):
    description: str = ""

    def check(self, node, where, ctx):
        if isinstance(node, Scalar) and not node.is_null:
            if re.match(WEB_ADDRESS, node.value):
                if _NOT_IN_AN_ADDRESS.search(node.value):
                    ctx.problems.append(
                        warning(
                            node.loc,
                            f"{where}: '{node.value}' holds a space, a quote or an "
                            "angle bracket (< >): no web address does",
                        )
                    )
                return node.value
            return ctx.error(
                node.loc, where, f"'{node.value}' is not a web address; expected one starting with https:// or http://"
            )
        return ctx.error(node.loc, where, f"expected a web address, found {_kind(node)}")

    def schema(self):
        return self._described({"type": "string", "pattern": "^" + WEB_ADDRESS})


@dataclass
class ListOf(Type):
    item: Type = None  # type: ignore[assignment]
    what: str = "list"
    min_items: int = 0
    description: str = ""

    def check(self, node, where, ctx):
        if not isinstance(node, Seq):
            return ctx.error(node.loc, where, f"expected a {self.what}, found {_kind(node)}")
        if len(node.items) < self.min_items:
            return ctx.error(node.loc, where, f"expected a {self.what} with at least {self.min_items} item")
        values = [self.item.check(n, f"{where}[{i}]", ctx) for i, n in enumerate(node.items)]
        return INVALID if any(v is INVALID for v in values) else values

    def schema(self):
        schema = {"type": "array", "items": self.item.schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        return self._described(schema)


@dataclass
class Refs(Type):
    """One ref or a list of them (`ref: mid:…` or `ref: [mid:…, mid:…]`): each one line of text."""

    description: str = ""

    def check(self, node, where, ctx):
        nodes = node.items if isinstance(node, Seq) else [node]
        if isinstance(node, Seq) and not nodes:
            return ctx.error(node.loc, where, "expected a ref (like mid:0123456789abcdef) or a list of refs, found []")
        refs = []
        for index, item in enumerate(nodes):
            at = f"{where}[{index}]" if isinstance(node, Seq) else where
            if not isinstance(item, Scalar) or item.is_null or not item.value.strip():
                return ctx.error(item.loc, at, f"expected a ref (like mid:0123456789abcdef), found {_kind(item)}")
            if "\n" in item.value.strip():
                return ctx.error(item.loc, at, "a ref is one line (like mid:0123456789abcdef)")
            refs.append(item.value.strip())
        return tuple(refs)

    def schema(self):
        # A string, or a list of at least one (`items` and `minItems` apply to the list only).
        text = ["string", "number", "boolean"]
        return self._described({"type": [*text, "array"], "items": {"type": text}, "minItems": 1})


@dataclass
class Key:
    type: Type
    required: bool = False
    attr: str | None = None  # the record attribute, when it differs (``with`` → ``with_``)


@dataclass
class Record(Type):
    keys: dict[str, Key] = field(default_factory=dict)
    what: str = "mapping"
    description: str = ""

    def check(self, node, where, ctx):
        """→ (values by attribute, value nodes by key, the mapping node) or INVALID.

        Nodes, not Locations: most records never need a place, so it is made on demand.
        """
        if not isinstance(node, Map):
            return ctx.error(node.loc, where, f"expected a {self.what} (key: value lines), found {_kind(node)}")
        prefix = f"{where}." if where else ""
        values: dict[str, object] = {}
        present: dict[str, object] = {}
        meant: set = set()  # the keys a misspelt one stands for
        ok = True
        split = self._split_by_commas(node)
        for index, (key, value) in enumerate(node.pairs):
            if index in split:
                if split[index]:
                    ctx.error(key.loc, where, split[index])
                ok = False
                continue
            spec = self.keys.get(key.value)
            if spec is None:
                hint = did_you_mean(key.value, self.keys) or f"; expected one of: {', '.join(self.keys)}"
                ctx.error(key.loc, where, f"unknown key '{key.value}'{hint}")
                meant.add(closest(key.value, self.keys))
                ok = False
                continue
            present[key.value] = value
            if isinstance(value, Scalar) and value.is_null:
                if spec.required:
                    ctx.error(value.loc, prefix + key.value, "is required and cannot be empty")
                    ok = False
                continue  # an optional key left blank (`next:`) means not set
            checked = spec.type.check(value, prefix + key.value, ctx)
            if checked is INVALID:
                ok = False
            else:
                values[spec.attr or key.value] = checked
        for name, spec in self.keys.items():
            if spec.required and name not in present and name not in meant:  # `compnay:` is one error, not two
                ok = False
                ctx.error(node.loc, where, f"'{name}' is required")
        return (values, present, node) if ok else INVALID

    def _split_by_commas(self, node: Map) -> dict[int, str]:
        """In `{..., note: generic email, no feedback}` the comma ends the note and 'no feedback'
        becomes a key without a value. → {index of each stray key: the message, once per run}."""
        found: dict[int, str] = {}
        pairs = node.pairs
        index = 0
        while node.flow and index < len(pairs):
            key, value = pairs[index]
            spec = self.keys.get(key.value)
            stray = index + 1
            while (
                spec is not None
                and isinstance(spec.type, Text)
                and isinstance(value, Scalar)
                and value.plain
                and stray < len(pairs)
                and pairs[stray][0].value not in self.keys
                and isinstance(pairs[stray][1], Scalar)
                and pairs[stray][1].is_null
            ):
                stray += 1
            if stray > index + 1:
                words = [k.value for k, _ in pairs[index + 1 : stray]]
                text = ", ".join([value.value, *words]).replace('"', '\\"')
                read = ", ".join(f"'{w}'" for w in words)
                found[index + 1] = (
                    f"a comma ended the unquoted {key.value} early "
                    f"({read} read as {'a key' if len(words) == 1 else 'keys'}); "
                    f'put the whole {key.value} in quotes: {key.value}: "{text}"'
                )
                found.update(dict.fromkeys(range(index + 2, stray), ""))
            index = stray
        return found

    def schema(self):
        schema = {
            "type": "object",
            "properties": {
                name: key.type.schema() if key.required else _or_null(key.type.schema())
                for name, key in self.keys.items()
            },
            "additionalProperties": False,
        }
        required = [name for name, key in self.keys.items() if key.required]
        if required:
            schema["required"] = required
        return self._described(schema)


def _or_null(schema: dict) -> dict:
    """An optional key left blank (`next:`) means not set, to `check` and to the schema alike."""
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    return {**schema, "type": [*types, "null"]}


CONTACT = Record(
    what="contact",
    keys={
        "name": Key(Text(description="Full name; log entries refer to it with `with:`"), required=True),
        "role": Key(Text(description="Their role, e.g. Recruiter or Hiring Manager")),
        "email": Key(Text(description="E-mail address (hidden on the site unless privacy.show_email)")),
        "phone": Key(Text(description="Phone number (hidden on the site unless privacy.show_phone)")),
        "linkedin": Key(WebAddress(description="LinkedIn profile address")),
    },
)

LOG_ENTRY = Record(
    what="log entry",
    keys={
        "date": Key(Date(description="When it happened (YYYY-MM-DD)"), required=True),
        "type": Key(Choice(LOG_TYPES, what="log type", description="What happened"), required=True),
        "with": Key(Text(description="The contact's name, as under contacts"), attr="with_"),
        "channel": Key(Choice(CHANNELS, what="channel", description="How")),
        "note": Key(Markdown(what="note", description="What was said (Markdown), private: never quoted in a draft")),
        "topic": Key(
            Markdown(
                what="topic",
                description="What you talked about, one line that reads after 'about' "
                "(e.g. your ingestion lag), at most 12 words: drafts may quote it",
            )
        ),
        "estimated": Key(Flag(description="true when the date is a guess (an import without a date of its own)")),
        "ref": Key(
            Refs(
                description="Where the entry came from (mid:… a message, ics:… a calendar event), "
                "so it is never logged twice: one ref or a list"
            )
        ),
    },
)

OPPORTUNITY = Record(
    what="opportunity",
    keys={
        "company": Key(Text(description="Company name"), required=True),
        "role": Key(Text(description="The role you are after"), required=True),
        "stage": Key(Choice(STAGES, what="stage", description="Where it stands; derived from the log when absent")),
        "outcome": Key(Choice(OUTCOMES, what="outcome", description="How it ended (closed only)")),
        "priority": Key(Choice(PRIORITIES, what="priority", description="high, normal (default) or low")),
        "url": Key(WebAddress(description="The job posting")),
        "location": Key(Text(description="Where the job is, e.g. Remote (EU)")),
        "source": Key(Text(description="Where it came from, e.g. referral")),
        "added": Key(Date(description="When it entered the pipeline (default: the first log date)")),
        "tags": Key(ListOf(Text(what="tag"), what="list of tags", description="Free labels")),
        "contacts": Key(ListOf(CONTACT, what="list of contacts", description="People at the company")),
        "ideas": Key(
            ListOf(
                Markdown(what="idea"),
                what="list of ideas",
                description="Value-add material for follow-ups; quote an idea that holds ': '",
            )
        ),
        "cadence": Key(
            ListOf(
                Days(),
                what="list of gaps in days",
                min_items=1,
                description="This opportunity's own follow-up gaps in days, e.g. [7, 7, 10, 14]",
            )
        ),
        "wait_until": Key(Date(description="Nothing is due before this date (they said they'd decide by then)")),
        "next": Key(Date(description="Your own next follow-up date; overrides the schedule")),
        "notes": Key(Markdown(what="text", description="Free Markdown")),
        "log": Key(ListOf(LOG_ENTRY, what="list of log entries", description="What happened, any order")),
    },
)


def json_schema() -> dict:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://follow-through.example/schema/opportunity.schema.json",
        "title": "Follow-Through opportunity",
        "description": "One job opportunity: a file under pipeline/ (see the spec).",
    }
    schema.update(OPPORTUNITY.schema())
    schema.update(_outcome_only_when_closed())
    return schema


def _outcome_only_when_closed() -> dict:
    """validate.outcome_only_when_closed, as far as JSON Schema can say it: a stage other than
    closed and no closing entry in the log → no outcome. (It cannot tell which entry is the latest.)"""
    closing = {"type": "object", "required": ["type"], "properties": {"type": {"enum": list(OUTCOME_FROM_LOG)}}}
    return {
        "if": {
            "required": ["outcome"],
            "properties": {
                "stage": {"not": {"const": "closed"}},
                "log": {"not": {"type": "array", "contains": closing}},
            },
        },
        "then": {
            "properties": {"outcome": {"type": "null", "description": "only a closed opportunity has an outcome"}}
        },
    }
