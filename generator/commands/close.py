"""`close ID OUTCOME [--date D] [--note TEXT]`: end an opportunity, keeping the file's layout.

`rejected`, `accepted`, `declined` and `withdrawn` log the matching entry
(`rejection`, `accepted`, `declined`, `withdrew`); `ghosted` logs a note. Then
`stage: closed` and `outcome:` are written. Closing it again the same way changes nothing.
"""

from __future__ import annotations

from ..cli import add_today, parse_date
from ..model import OUTCOMES
from . import settings_for


def configure(parser) -> None:
    parser.add_argument("id", metavar="ID", help="the opportunity id: its path below pipeline/ without .yml (acme/backend)")
    parser.add_argument("outcome", metavar="OUTCOME", help=f"how it ended: {', '.join(OUTCOMES)}")
    parser.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help="when (default: today)")
    parser.add_argument("--note", metavar="TEXT", help="a short note (Markdown)")
    add_today(parser)


def run(args) -> int:
    from ..edit import check_outcome, close, find_opportunity
    from .log import print_warnings

    check_outcome(args.outcome)
    settings = settings_for(args)
    today = settings.today(args.today)
    path, opp_id = find_opportunity(settings.pipeline_path, args.id)
    date = args.date or today
    result = close(path, opp_id, args.outcome, date, args.note)
    if not result.changed:
        print(f"{opp_id} is already closed ({args.outcome}) in {result.shown}; nothing changed")
        return 0
    logged = f"logged {result.entry.type} on {result.entry.date}; " if result.entry else ""
    print(f"closed {opp_id}: {logged}stage: closed, outcome: {args.outcome} in {result.shown}")
    print_warnings(result, date, today)
    return 0
