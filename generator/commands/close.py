"""`close ID OUTCOME [--date D] [--note TEXT]`: end an opportunity, keeping the file's layout.

`rejected`, `accepted`, `declined` and `withdrawn` log the matching entry
(`rejection`, `accepted`, `declined`, `withdrew`); `ghosted` logs a note. Then
`stage: closed` and `outcome:` are written. Closing it again the same way changes nothing.
"""

from __future__ import annotations

import sys

from generator.adapters.edit import EditError, check_outcome, close, find_opportunity
from generator.adapters.mkdocs_config import read_today
from generator.adapters.opportunity_files import load_pipeline
from generator.commands import EXIT_OK, EXIT_PROBLEMS, add_today, parse_date, settings_for
from generator.commands.catch_up import file_of
from generator.commands.log import print_warnings
from generator.core.agenda import schedule_all
from generator.core.problems import UserError
from generator.core.records import OUTCOMES, significant


def configure(parser) -> None:
    parser.add_argument("id", metavar="ID", nargs="?",
                        help="the opportunity id: its path below pipeline/ without .yml (acme/backend)")
    parser.add_argument("outcome", metavar="OUTCOME", nargs="?", help=f"how it ended: {', '.join(OUTCOMES)}")
    parser.add_argument(
        "--gone-quiet",
        action="store_true",
        help="close every opportunity that has gone quiet: ghosted, or withdrawn for leads never contacted",
    )
    parser.add_argument("--dry-run", action="store_true", help="with --gone-quiet: list them; write nothing")
    parser.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help="when (default: today)")
    parser.add_argument("--note", metavar="TEXT", help="a short note (Markdown)")
    add_today(parser)


def run(args) -> int:
    if args.gone_quiet:
        if args.id or args.outcome:
            raise UserError("close --gone-quiet takes no ID or OUTCOME: it closes every opportunity gone quiet")
        return close_gone_quiet(args)
    if not args.id or not args.outcome:
        raise UserError("close needs an ID and an OUTCOME (or --gone-quiet)")
    if args.dry_run:
        raise UserError("--dry-run goes with --gone-quiet")

    check_outcome(args.outcome)
    settings = settings_for(args)
    today = read_today(settings, args.today)
    path, opp_id = find_opportunity(settings.pipeline_path, args.id)
    date = args.date or today
    result = close(path, opp_id, args.outcome, date, args.note)
    if not result.changed:
        print(f"{opp_id} is already closed ({args.outcome}) in {result.shown}; nothing changed")
        return EXIT_OK
    logged = f"logged {result.entry.type} on {result.entry.date}; " if result.entry else ""
    print(f"closed {opp_id}: {logged}stage: closed, outcome: {args.outcome} in {result.shown}")
    for planned in result.cancelled:  # what was booked after it will not happen
        print(f"cancelled the {planned.type} planned on {planned.date}: a note now (cancelled: closed)")
    print_warnings(result, date, today)
    return EXIT_OK


def close_gone_quiet(args) -> int:
    """Close each gone-quiet opportunity: `ghosted` when you reached out, `withdrawn` for a lead never contacted."""

    settings = settings_for(args)
    today = read_today(settings, args.today)
    pipeline = load_pipeline(settings.pipeline_path)
    _, quiet = schedule_all(pipeline.opportunities, settings, today)
    if not quiet:
        print(f"Nothing has gone quiet on {today}: nothing to close.")
        return EXIT_OK
    verb = "would close" if args.dry_run else "closed"
    failed = 0
    for q in quiet:
        outcome = "ghosted" if significant(q.opp.log) else "withdrawn"
        if args.dry_run:
            print(f"{verb} {q.opp.id}: {outcome} ({q.quiet.reason.split(';')[0]})")
            continue
        try:
            close(
                file_of(settings.pipeline_path, q.opp),
                q.opp.id,
                outcome,
                today,
                "closed: gone quiet" if outcome == "withdrawn" else None,
                shown=q.opp.path,
            )
        except EditError as exc:
            print(f"not closed: {exc}", file=sys.stderr)
            failed += 1
            continue
        print(f"{verb} {q.opp.id}: {outcome} ({q.quiet.reason.split(';')[0]})")
    done = len(quiet) - failed
    print(
        f"{verb} {done} gone-quiet opportunit{'y' if done == 1 else 'ies'}"
        + ("; nothing was written (--dry-run)" if args.dry_run else "")
    )
    return EXIT_PROBLEMS if failed else EXIT_OK
