"""`schema`: the JSON Schema editors use, made from the validator's own definitions."""

from __future__ import annotations

import json

from generator.commands import EXIT_OK, settings_for
from generator.core.file_format import json_schema

SCHEMA_PATH = "schema/opportunity.schema.json"


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def configure(parser) -> None:
    parser.add_argument("--write", action="store_true", help=f"write it to {SCHEMA_PATH}")


def run(args) -> int:
    text = schema_text()
    if args.write:
        path = settings_for(args).root / SCHEMA_PATH
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    else:
        print(text, end="")
    return EXIT_OK
