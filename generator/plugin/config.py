"""The plugin's options, declared once: MkDocs' config options, with their defaults and JSON Schema.

Each option is a ``Setting``: MkDocs validates it when it loads mkdocs.yml, with the settings' own
check (``settings.option_fields``, which the CLI runs on the same options read from mkdocs.yml by
``config.load_settings``), so a wrong value gets the same message from `mkdocs build` and from
`follow-through due`. ``options_schema()`` is the JSON Schema of them all: written to
``schema/mkdocs.schema.json`` (``follow-through schema --write``), it lets an editor complete
``follow-through:`` in mkdocs.yml as ``schema/opportunity.schema.json`` does the opportunity files.

A new option is one more line in ``FollowThroughConfig`` and one entry in ``settings.OPTION_FIELDS``
(a test keeps the two lists the same).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, TypeVar

from mkdocs.config import base
from mkdocs.config.config_options import ValidationError

from generator.adapters.mkdocs_config import PLUGIN_NAMES
from generator.core.problems import UserError
from generator.core.records import OPEN_STAGES
from generator.core.settings import DEFAULT_GAPS, OPTION_KEYS, OPTIONS_AT, Privacy, Settings, Targets, option_fields

T = TypeVar("T")

SCHEMA_PATH = "schema/mkdocs.schema.json"


class Setting(base.BaseConfigOption[T]):
    """One option: its default (as written in mkdocs.yml), what it means, and the JSON Schema of its
    value; checked by the settings' own rule for it (the CLI's too)."""

    def __init__(self, default: T | None, description: str, schema: dict) -> None:
        super().__init__()
        self.default = default
        self.description = description
        self.schema = schema

    def __set_name__(self, owner, name: str) -> None:
        super().__set_name__(owner, name)
        self.name = name  # the option's key in mkdocs.yml

    def run_validation(self, value: object, /) -> T:
        if value is None:
            return self.default
        try:
            option_fields(self.name, value)
        except UserError as exc:
            raise ValidationError(str(exc)) from None
        return value  # as written: settings_from_options builds the Settings of them all

    def json_schema(self) -> dict:
        shown = {"description": self.description, **self.schema}
        return shown if self.default is None else {**shown, "default": self.default}


_DAYS = {"type": "integer", "minimum": 1, "maximum": 3650}
_GAPS = {"type": "array", "items": _DAYS, "minItems": 1, "examples": [list(DEFAULT_GAPS)]}
_COUNT = {"type": "integer", "minimum": 0}


def _mapping_of(properties: dict) -> dict:
    return {"type": "object", "properties": properties, "additionalProperties": False}


class FollowThroughConfig(base.Config):
    """The options under ``follow-through:`` in mkdocs.yml (see guide/settings.md)."""

    pipeline_dir = Setting[str](Settings.pipeline_dir, "The folder of the opportunity files, beside mkdocs.yml.",
                                {"type": "string", "minLength": 1})
    timezone = Setting[str](Settings.timezone, "The time zone of \"today\" (an IANA name like Europe/London).",
                            {"type": "string", "examples": ["UTC", "Europe/London", "America/New_York"]})
    skip_weekends = Setting[bool](Settings.skip_weekends, "Move a follow-up due on a Saturday or Sunday to Monday.",
                                  {"type": "boolean"})
    cadence = Setting[Any](
        {"default": list(DEFAULT_GAPS)},
        "Days between follow-ups: one list for every stage, or `default` and a list per open stage.",
        {"oneOf": [_GAPS, _mapping_of({"default": _GAPS, **dict.fromkeys(OPEN_STAGES, _GAPS)})]},
    )
    quiet_grace = Setting[int](Settings.quiet_grace, "Days past a cadence's end before an opportunity has gone quiet.",
                               _COUNT)
    pace = Setting[int](Settings.pace, "The most follow-ups a day (catch-up, import and remind keep to it).",
                        {"type": "integer", "minimum": 1})
    targets = Setting[dict](asdict(Targets()), "What the dashboard's health compares with.",
                            _mapping_of({"active": _COUNT, "new_per_week": _COUNT}))
    privacy = Setting[dict](
        asdict(Privacy()), "What the site shows, and whether it is sealed (the private dashboard).",
        _mapping_of({"show_email": {"type": "boolean"}, "show_phone": {"type": "boolean"},
                     "encrypt": {"type": "boolean"}, "allow_plain": {"type": "boolean"},
                     "remember_days": {"type": "integer", "minimum": 1, "maximum": 365}}),
    )
    site_url = Setting[str](None, "The published dashboard's address, for links in issues (default: site_url).",
                            {"type": "string", "format": "uri"})
    user = Setting[dict](None, "Who signs the drafts: `name`, and `signature` (its line breaks kept).",
                         _mapping_of({"name": {"type": "string"}, "signature": {"type": "string"}}))
    mail = Setting[dict](
        None, "Reading your mailbox (`follow-through mail`): `me` (your own addresses), `imap` (the server; the "
        "password only from FOLLOW_THROUGH_MAIL_PASSWORD), `ignore` (addresses or domains never matched).",
        _mapping_of({
            "me": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            "ignore": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            "imap": {"type": "object", "required": ["host", "user"], "additionalProperties": False, "properties": {
                "host": {"type": "string", "minLength": 1}, "user": {"type": "string", "minLength": 1},
                "port": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 993},
                "folders": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                            "examples": [["INBOX", "Sent"]]},
                "tls": {"type": "boolean", "default": True}, "ca_file": {"type": "string"}}},
        }),
    )

    def validate(self):
        """MkDocs only warns about a name it does not know; a misspelt setting is an error here, as in the CLI."""
        failed, warnings = super().validate()
        unknown = [key for key, _ in warnings if key not in OPTION_KEYS]
        for key in unknown:
            failed.append((key, ValidationError(
                f"{OPTIONS_AT}: unknown option '{key}'; expected one of: {', '.join(OPTION_KEYS)}")))
        return failed, [(key, w) for key, w in warnings if key not in unknown]


def options() -> dict[str, Setting]:
    """The declared options by name, in their order."""
    return {name: value for name, value in vars(FollowThroughConfig).items() if isinstance(value, Setting)}


def options_schema() -> dict:
    """The JSON Schema of the options under ``follow-through:``."""
    properties = {name: option.json_schema() for name, option in options().items()}
    return {"type": ["object", "null"], "properties": properties, "additionalProperties": False}


def mkdocs_schema() -> dict:
    """A JSON Schema for mkdocs.yml that knows only this plugin's part: anything else is let through."""
    ours = {"type": "object", "properties": {name: {"$ref": "#/$defs/options"} for name in PLUGIN_NAMES}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "mkdocs.yml: the follow-through plugin's options",
        "description": "Written by `follow-through schema --write` from generator/plugin/config.py.",
        "type": "object",
        "properties": {"plugins": {"oneOf": [
            {"type": "array", "items": {"anyOf": [{"type": "string"}, ours]}},
            ours,
        ]}},
        "$defs": {"options": options_schema()},
    }
