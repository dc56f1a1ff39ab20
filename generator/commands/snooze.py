"""`snooze ID (DAYS | DATE)`: set `next:` to a date, or to today + DAYS, keeping the file's layout."""

from __future__ import annotations

import datetime as dt
import sys

from generator.adapters.edit import find_opportunity, followup_text, set_next
from generator.adapters.edit.operations import snooze_until
from generator.adapters.mkdocs_config import read_today
from generator.commands import EXIT_OK, add_today, settings_for


def configure(parser) -> None:
    parser.add_argument("id", metavar="ID", help="the opportunity id: its path below pipeline/ without .yml")
    parser.add_argument("when", metavar="DAYS|DATE", help="a number of days from today, or a date (YYYY-MM-DD)")
    add_today(parser)


def parse_when(text: str, today: dt.date) -> dt.date:
    return snooze_until(text, today)


def run(args) -> int:
    settings = settings_for(args)
    today = read_today(settings, args.today)
    date = parse_when(args.when, today)
    path, opp_id = find_opportunity(settings.pipeline_path, args.id)
    result, old = set_next(path, opp_id, date)
    if not result.changed:
        print(f"{opp_id} is already snoozed to {date} (next: in {result.shown}); nothing changed")
    else:
        was = f" (was {old})" if old else ""
        print(f"snoozed {opp_id}: next: {date}{was} in {result.shown}")
    for problem in result.warnings:
        print(problem, file=sys.stderr)
    print(followup_text(result.opp, settings, today))
    return EXIT_OK
