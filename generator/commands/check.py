"""`check`: validate every file; one `path:line:col: message` line per problem."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.adapters.message_templates import drafter_for
from generator.adapters.mkdocs_config import read_today, settings_problems
from generator.adapters.opportunity_files import display_path, load_pipeline
from generator.commands import EXIT_OK, EXIT_PROBLEMS, add_today, config_path_for, settings_for
from generator.core.settings import MESSAGES_DIR


def configure(parser) -> None:
    add_today(parser)
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings too")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def run(args) -> int:
    settings = settings_for(args)
    today = read_today(settings, args.today)
    config = config_path_for(args)
    problems = settings_problems(settings, config, display_path(Path(config)))
    if (Path(settings.root) / MESSAGES_DIR).is_dir():  # the user's own draft templates: do they compile?

        problems += drafter_for(settings).template_problems()
    pipeline = load_pipeline(settings.pipeline_path, today)
    problems += list(pipeline.problems)
    for problem in problems:
        print(problem)
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    files = _plural(pipeline.files, "file")
    if problems:
        print(f"checked {files}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}", file=sys.stderr)
    else:
        print(f"checked {files}: no problems", file=sys.stderr)
    return EXIT_PROBLEMS if errors or (args.strict and warnings) else EXIT_OK
