"""`catch-up [--pace N] [--dry-run] [--today D]`: spread overdue follow-ups from today on.

The plan is ``generator.core.catch_up_plan``'s (pure); this shell loads the pipeline, prints what is due
which day, and writes each moved date as `next: D  # catch-up` (``adapters.edit.catch_up_dates``). git is
the undo: `git checkout -- pipeline/` before committing, `git revert` after.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import PurePosixPath

from generator.adapters.edit.catch_up_dates import write_next_dates
from generator.adapters.mkdocs_config import read_today
from generator.adapters.opportunity_files import display_path, load_pipeline
from generator.commands import EXIT_OK, EXIT_PROBLEMS, add_today, settings_for
from generator.core.agenda import schedule_all
from generator.core.catch_up_plan import plan_catch_up
from generator.core.problems import UserError


def configure(parser) -> None:
    parser.add_argument(
        "--pace", type=int, metavar="N", help="at most N follow-ups a day (default: the pace setting, 5)"
    )
    parser.add_argument("--dry-run", action="store_true", help="print the plan; write nothing")
    add_today(parser)


def plan_lines(plan, shown_id=lambda opp: opp.id) -> list[str]:
    """The plan as the user reads it: per day, how many are due and which were moved there."""
    lines = []
    load = plan.load()
    by_day: dict[dt.date, list] = {}
    for move in plan.moves:
        by_day.setdefault(move.to, []).append(move)
    for day in sorted(by_day):
        moved = by_day[day]
        already = plan.already.get(day, 0)
        extra = f", {already} already due" if already else ""
        lines.append(f"{day} ({day:%a}): {load[day]} due ({len(moved)} moved here{extra})")
        for move in moved:
            f, o = move.followup, move.opp
            who = f" → {f.contact}" if f.contact else ""
            lines.append(f"  {shown_id(o)}  {o.company} — {o.role}  [{f.touch}{who}]  was due {move.was}")
    return lines


def run(args) -> int:
    if args.pace is not None and args.pace < 1:
        raise UserError("--pace takes 1 or more follow-ups a day")
    settings = settings_for(args)
    today = read_today(settings, args.today)
    pipeline = load_pipeline(settings.pipeline_path)
    if pipeline.errors:
        paths = sorted({p.path for p in pipeline.errors})
        print(
            f"warning: {len(paths)} file(s) with errors are left out: {', '.join(paths[:5])}"
            f"{' …' if len(paths) > 5 else ''} (run `follow-through check`)",
            file=sys.stderr,
        )
    items, _ = schedule_all(pipeline.opportunities, settings, today)
    plan = plan_catch_up([(i.opp, i.followup) for i in items], settings, today, args.pace)
    if not plan.moves:
        print(f"Nothing overdue on {today}: nothing to catch up.")
        return EXIT_OK
    days = plan.days()
    out = [
        f"{len(plan.moves)} overdue follow-up{'s' if len(plan.moves) != 1 else ''} spread over "
        f"{len(days)} day{'s' if len(days) != 1 else ''} ({days[0]} to {days[-1]}), at most {plan.pace} a day:"
    ]
    out += plan_lines(plan)
    failed = 0
    if args.dry_run:
        out.append("nothing was written (--dry-run)")
    else:
        root = settings.pipeline_path
        shown_dir = pipeline_shown(settings)
        edits = [(file_of(root, m.opp), m.opp.path, m.opp.id, m.to) for m in plan.moves]
        outcomes = write_next_dates(edits)
        for outcome in outcomes:
            if outcome is not None:
                out.append(f"not moved: {outcome}")
                failed += 1
        written = len(plan.moves) - failed
        out.append(
            f"wrote next: (marked # catch-up) in {written} file{'s' if written != 1 else ''}; "
            "undo with `git checkout -- " + shown_dir + "` before you commit"
        )
    sys.stdout.write("\n".join(out) + "\n")
    return EXIT_PROBLEMS if failed else EXIT_OK


def pipeline_shown(settings) -> str:
    return display_path(settings.pipeline_path)


def file_of(root, opp):
    """The file of a loaded opportunity: its id below the pipeline folder, with its own suffix."""
    return root / (opp.id + PurePosixPath(opp.path).suffix)
