"""`new COMPANY ROLE`: create pipeline/<company>-<role>.yml from a commented template.

Prints the new file's path on stdout (so `$EDITOR $(python -m generator new ...)`
works); never overwrites a file.
"""

from __future__ import annotations

import sys

from ..cli import add_today
from . import settings_for


def configure(parser) -> None:
    parser.add_argument("company", metavar="COMPANY", help='the company, like "Acme Corp"')
    parser.add_argument("role", metavar="ROLE", help='the role, like "Backend Engineer"')
    add_today(parser)


def run(args) -> int:
    from ..edit import new_opportunity

    settings = settings_for(args)
    today = settings.today(args.today)
    result = new_opportunity(settings.pipeline_path, settings.root, args.company, args.role, today)
    print(result.shown)
    opp_id = result.path.relative_to(settings.pipeline_path).with_suffix("").as_posix()
    print(
        f"created {result.shown}: add contacts and ideas, then log what you do "
        f"(python -m generator log {opp_id} applied)",
        file=sys.stderr,
    )
    return 0
