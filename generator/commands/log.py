"""`log ID TYPE [--date D] [--with NAME] [--channel C] [--note TEXT] [--topic TEXT]`: append a log entry.

The entry goes at the end of `log:` in the style of the entries already there
(flow `- {date: ..., type: ...}` or block), and nothing else in the file moves.
A `--with` that names no contact is still written (a typo is worth a warning,
not a lost entry): the command prints the same warning `check` gives. The same
entry twice is refused unless `--again`; a closing type also writes
`stage: closed` and `outcome:`, as `close` does.
"""

from __future__ import annotations

import sys

from generator.adapters.edit import LogEntry, append_log, check_channel, check_log_type, find_opportunity, followup_text
from generator.adapters.mkdocs_config import read_today
from generator.commands import EXIT_OK, add_today, parse_date, settings_for
from generator.core.records import CHANNELS, LOG_TYPES, OUTCOME_FROM_LOG


def configure(parser) -> None:
    parser.add_argument(
        "id", metavar="ID", help="the opportunity id: its path below pipeline/ without .yml (acme/backend)"
    )
    parser.add_argument("type", metavar="TYPE", help=f"what happened: {', '.join(LOG_TYPES)}")
    parser.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help="when (default: today)")
    parser.add_argument(
        "--with",
        dest="with_",
        metavar="NAME",
        help="the contact's name, first name or any unique start of it (any case)",
    )
    parser.add_argument("--channel", metavar="C", help=f"how: {', '.join(CHANNELS)}")
    parser.add_argument("--note", metavar="TEXT", help="a short note (Markdown), private: drafts never quote it")
    parser.add_argument(
        "--topic",
        metavar="TEXT",
        help="what you talked about, as you would say it to them ('your ingestion lag'); drafts may quote it",
    )
    parser.add_argument("--again", action="store_true", help="log it even if the same entry is already there")
    add_today(parser)


def run(args) -> int:
    check_log_type(args.type)
    check_channel(args.channel)
    settings = settings_for(args)
    today = read_today(settings, args.today)
    path, opp_id = find_opportunity(settings.pipeline_path, args.id)
    date = args.date or today
    entry = LogEntry(date, args.type, args.with_, args.channel, args.note, args.topic)
    result = append_log(path, opp_id, entry, again=args.again)
    who = f" with {result.entry.with_}" if result.entry.with_ else ""
    print(f"logged {args.type}{who} on {date} in {result.shown}")
    if args.type in OUTCOME_FROM_LOG:
        print(f"closed {opp_id}: stage: closed, outcome: {result.opp.outcome}")
    elif "stage: closed" in " ".join(result.removed):
        print(f"reopened {opp_id}: stage: {result.opp.stage}")
    elif result.moved_stage:
        print(f"stage: {result.moved_stage} in {result.shown} (the log has moved past the old stage)")
    for planned in result.cancelled:  # a closing entry: what was booked after it will not happen
        print(f"cancelled the {planned.type} planned on {planned.date}: a note now (cancelled: closed)")
    if result.cleared_next:
        print(f"removed next: {result.cleared_next} (you acted; the schedule takes over again)")
    print_warnings(result, date, today)
    print(followup_text(result.opp, settings, today))
    return EXIT_OK


def print_warnings(result, date, today) -> None:
    """A date after today, and what `check` would now warn about, on stderr."""
    if date > today and result.entry is not None and result.entry.direction == "two-way":  # booked: nothing due before
        print(f"planned: {result.entry.type} on {date}; nothing is due before it, the thank-you the day after")
    elif date > today:
        print(f"warning: {date} is after today ({today}); `check` will warn about it until then", file=sys.stderr)
    for problem in result.warnings:
        print(problem, file=sys.stderr)
