"""`schema`: the JSON Schemas editors use, made from the validators' own definitions: the opportunity
files' (``fields.py``) and the `follow-through:` options' in mkdocs.yml (``plugin/config.py``)."""

from __future__ import annotations

import json

from generator.commands import EXIT_OK, settings_for
from generator.core.file_format import json_schema

SCHEMA_PATH = "schema/opportunity.schema.json"
PLUGIN_SCHEMA_PATH = "schema/mkdocs.schema.json"


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def plugin_schema_text() -> str:
    from generator.plugin.config import mkdocs_schema  # here: MkDocs' config options take 0.3 s to import

    return json.dumps(mkdocs_schema(), indent=2, ensure_ascii=False) + "\n"


def configure(parser) -> None:
    parser.add_argument("--write", action="store_true", help=f"write both: {SCHEMA_PATH} and {PLUGIN_SCHEMA_PATH}")
    parser.add_argument("--plugin", action="store_true",
                        help="print the schema of mkdocs.yml's `follow-through:` options instead")


def run(args) -> int:
    if args.write:
        root = settings_for(args).root
        for name, text in ((SCHEMA_PATH, schema_text()), (PLUGIN_SCHEMA_PATH, plugin_schema_text())):
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    else:
        print(plugin_schema_text() if args.plugin else schema_text(), end="")
    return EXIT_OK
