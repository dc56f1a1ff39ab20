"""`due`: what to follow up, overdue first, then today, then the coming days."""

from __future__ import annotations

import json
import sys

from generator.adapters.mkdocs_config import read_today
from generator.adapters.opportunity_files import load_pipeline
from generator.commands import EXIT_OK, Style, add_today, settings_for, use_colour
from generator.core.agenda import health, relative, schedule_all, within
from generator.core.problems import UserError

GROUP_TITLES = {"overdue": "Overdue", "today": "Today"}


def configure(parser) -> None:
    add_today(parser)
    parser.add_argument("--within", type=int, default=7, metavar="N", help="also list the next N days (default 7)")
    parser.add_argument("--json", action="store_true", help="print a JSON array sorted by due date")
    parser.add_argument("--gone-quiet", action="store_true",
                        help="list the opportunities that have gone quiet (without it: one line with their count)")


def _report_errors(pipeline) -> None:
    errors = pipeline.errors
    if not errors:
        return
    paths = sorted({p.path for p in errors})
    print(
        f"warning: {len(paths)} file{'s' if len(paths) != 1 else ''} with errors "
        f"{'are' if len(paths) != 1 else 'is'} not in this list: {', '.join(paths)} "
        "(run `follow-through check`)",
        file=sys.stderr,
    )


def run(args) -> int:
    if args.within < 0:
        raise UserError("--within takes 0 or more days")
    settings = settings_for(args)
    today = read_today(settings, args.today)
    pipeline = load_pipeline(settings.pipeline_path, today)
    _report_errors(pipeline)
    scheduled, quiet = schedule_all(pipeline.opportunities, settings, today)
    items = within(scheduled, today, args.within)
    if args.json:
        json.dump([i.as_json() for i in items], sys.stdout, indent=2, ensure_ascii=False)
        print()
        return EXIT_OK
    style = Style(use_colour())
    _print_items(items, args.within, style)
    _print_quiet(quiet, style, args.gone_quiet)
    _print_health(health(pipeline.opportunities, settings, today, quiet_count=len(quiet)), style)
    return EXIT_OK


def _print_items(items, days: int, style: Style) -> None:
    """Overdue, today, then the next ``days`` days; a sentence when nothing is due."""
    groups: dict[str, list] = {"overdue": [], "today": [], "upcoming": []}
    for item in items:
        groups[item.group].append(item)
    titles = {**GROUP_TITLES, "upcoming": f"Next {days} day{'s' if days != 1 else ''}"}
    colour = {"overdue": style.red, "today": style.yellow, "upcoming": style.dim}
    for group, members in groups.items():
        if not members:
            continue
        print(style.bold(f"{titles[group]} ({len(members)})"))
        for item in members:
            f, o = item.followup, item.opp
            who = f" → {f.contact}" if f.contact else ""
            print(
                f"  {f.due}  {colour[group](relative(item.days_overdue)):<16}  "
                f"{o.company} — {o.role}  ({o.id})  [{f.touch}{who}]  {f.reason}"
            )
            if f.idea:
                print(f"              idea: {f.idea}")
        print()
    if not items:
        print(f"Nothing due today or in the next {days} days.\n")


def _print_quiet(quiet, style: Style, listed: bool) -> None:
    """One line with their count (a day with nothing due is not a wall of them), or, asked, the list."""
    if not quiet:
        return
    if not listed:
        print(
            style.bold(f"Gone quiet ({len(quiet)})")
            + ": no touch for longer than their cadence; close them with `follow-through close --gone-quiet`"
            " (list them: `follow-through due --gone-quiet`)\n"
        )
        return
    print(style.bold(f"Gone quiet ({len(quiet)})"))
    for q in quiet:
        print(f"  {q.opp.company} — {q.opp.role}  ({q.opp.id}): {q.quiet.reason}")
    print("  Close them with `follow-through close --gone-quiet` (ghosted; withdrawn for leads never contacted).")
    print()


def _print_health(h, style: Style) -> None:
    active = f"{h.active} active of {h.target_active} target"
    new = f"{h.new_this_week} new this week of {h.target_new} target"
    print(
        "Pipeline: "
        + (style.green(active) if h.active_ok else style.yellow(active))
        + " · "
        + (style.green(new) if h.new_ok else style.yellow(new))
        + (f" · {h.quiet} gone quiet" if h.quiet else "")
    )
