"""`check`: validate every file; one `path:line:col: message` line per problem."""

from __future__ import annotations

import sys

from ..cli import add_today
from ..pipeline import load_pipeline
from . import settings_for


def configure(parser) -> None:
    add_today(parser)
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings too")


def run(args) -> int:
    settings = settings_for(args)
    today = settings.today(args.today)
    pipeline = load_pipeline(settings.pipeline_path, today)
    for problem in pipeline.problems:
        print(problem)
    errors, warnings = len(pipeline.errors), len(pipeline.warnings)
    files = f"{pipeline.files} file{'s' if pipeline.files != 1 else ''}"
    if errors or warnings:
        print(
            f"checked {files}: {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}",
            file=sys.stderr,
        )
    else:
        print(f"checked {files}: no problems", file=sys.stderr)
    return 1 if errors or (args.strict and warnings) else 0
