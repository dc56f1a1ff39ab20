"""`import FILE... [--dry-run] [--no-update]`: opportunities from LinkedIn's job exports or any spreadsheet's CSV.

The plan (``generator.core.intake.import_plan``) matches the rows to each other and to the
pipeline and merges them; this shell reads the files and the pipeline, catches up what it
creates (``generator.core.catch_up_plan``: nothing overdue on the import day, no day over `pace`),
writes each new file through ``generator.adapters.edit.new_opportunities`` (validated, exclusive
create: nothing is ever overwritten), appends new entries to files already there with the
safe-edit rules, and prints the plan and a summary. A folder (or several files of a LinkedIn
export) imports the job lists and lists the other files as skipped. Exit 1 when a file
cannot be read at all.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from pathlib import Path

from generator.adapters.edit import EditError, append_log
from generator.adapters.edit.create import NewOpportunity, file_name, new_opportunities
from generator.adapters.mkdocs_config import read_today
from generator.adapters.opportunity_files import display_path, find_files, load_pipeline, opportunity_id
from generator.commands import EXIT_OK, EXIT_PROBLEMS, add_today, settings_for
from generator.commands.catch_up import file_of
from generator.core.agenda import schedule_all
from generator.core.catch_up_plan import plan_catch_up
from generator.core.intake.csvtable import ImportFileError, decode
from generator.core.intake.headers import NotAJobList, unused_columns
from generator.core.intake.import_plan import Existing, make_plan, new_file_fields, stage_of
from generator.core.intake.rows import UndatedFile, rows_of
from generator.core.records import LogEntry, Opportunity
from generator.core.schedule import Followup, GoneQuiet, next_followup


def configure(parser) -> None:
    parser.add_argument(
        "files", metavar="FILE", nargs="+",
        help="CSV exports: LinkedIn's Job Applications.csv / Saved Jobs.csv (all parts, or the export's folder), "
             "or a spreadsheet with Company and Role columns",
    )
    parser.add_argument("--dry-run", action="store_true", help="print what would be created; write nothing")
    parser.add_argument("--no-update", action="store_true",
                        help="report new entries for files already in the pipeline instead of appending them")
    parser.add_argument(
        "--date", metavar="YYYY-MM-DD", type=_day,
        help="for a file with no dated row: roughly when its rows happened (before the import day); "
             "they take it, estimated",
    )
    add_today(parser)


def _day(text: str):
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write it as YYYY-MM-DD") from None


def _inputs(names: list[str]) -> list[tuple[str, bool]]:
    """(file, came from a folder) for each CSV named or found in a named folder."""
    found = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            found += [(str(p), True) for p in sorted(path.rglob("*")) if p.suffix.casefold() == ".csv" and p.is_file()]
        else:
            found.append((name, False))
    return found


def run(args) -> int:
    settings = settings_for(args)
    today = read_today(settings, args.today)
    if args.date is not None and args.date >= today:
        print(f"error: --date {args.date} is not before the import day ({today}): give roughly when "
              "the rows happened", file=sys.stderr)
        return EXIT_PROBLEMS
    out: list[str] = []  # printed in one write at the end: thousands of rows make thousands of lines
    read, not_jobs, unused, errors = _read_inputs(_inputs(args.files), (today, args.date), out)
    _sort_not_jobs(not_jobs, read, out, errors)
    for _, message in sorted(errors):
        print(message, file=sys.stderr)
    failed = bool(errors)
    existing, scheduled = _existing(settings, today)
    plan = make_plan(read, existing, file_name, today)
    moves = _catch_up(plan, settings, today, scheduled)
    created = _create(plan, settings, today, args.dry_run, out, moves)
    updated = _update(
        plan,
        existing,
        settings,
        args.dry_run or args.no_update,
        out,
        "would add" if args.dry_run else ("not added (--no-update)" if args.no_update else "added"),
    )
    _report_plan(plan, unused, out)
    out.append(_summary(plan, created, updated, args.dry_run))
    out.extend(_followups_summary(moves, today, args.dry_run))
    sys.stdout.write("\n".join(out) + "\n")
    return EXIT_PROBLEMS if failed else EXIT_OK


def _read_inputs(inputs, days, out):
    """Each input's rows; the inputs that are not job lists; the columns not used; the files that cannot be read.

    ``days``: (the import day, the `--date` undated files take or None)."""
    read, not_jobs, unused = [], [], []
    errors: list[tuple[int, str]] = []  # (input number, message): printed in the order of the inputs
    for number, (name, in_folder) in enumerate(inputs):
        try:
            raw = Path(name).read_bytes()
        except OSError as exc:
            errors.append((number, f"error: {name}: cannot read the file: {exc.strerror}"))
            continue
        try:
            layout, rows, unreadable, warnings = rows_of(name, decode(raw, name), *days)
        except UndatedFile as exc:
            errors.append((number, f"error: {exc}"))
            continue
        except NotAJobList as exc:
            not_jobs.append((number, name, in_folder, exc))
            continue
        except ImportFileError as exc:
            # A whole export (a folder, or its CSV files with LinkedIn's other files among them):
            # the files that are not job lists are listed as skipped, not errors.
            not_jobs.append((number, name, in_folder, exc))
            continue
        out.append(f"{name}: {layout.label}, {len(rows) + len(unreadable)} rows")
        read.append((name, rows, unreadable, warnings))
        columns = unused_columns(layout)
        if columns:
            unused.append(f"{name}: {', '.join(columns)}")
    return read, not_jobs, unused, errors


def _sort_not_jobs(not_jobs, read, out, errors) -> None:
    """The inputs that are not job lists: skipped when part of a whole export, else errors."""
    an_export = any(isinstance(exc, NotAJobList) for _, _, _, exc in not_jobs) and bool(read)
    for number, name, in_folder, exc in not_jobs:
        if (
            in_folder
            or (an_export and (isinstance(exc, NotAJobList) or name.casefold().endswith(".csv")))
            or (isinstance(exc, NotAJobList) and read)
        ):
            out.append(f"skipped {exc}")
        else:
            errors.append((number, f"error: {exc}"))


def _report_plan(plan, unused, out) -> None:
    """The rows skipped, unreadable or warned about; the status words met; the columns not used."""
    for label, reports in (("skipped", plan.skipped), ("unreadable", plan.unreadable), ("warning", plan.warnings)):
        out.extend(f"{label} {report}" for report in reports)
    for word, (count, meaning) in sorted(plan.statuses.items(), key=lambda kv: kv[0].casefold()):
        out.append(f"status '{word}' ({count} row{'s' if count != 1 else ''}): {meaning}")
    if unused:
        out.append("columns not used: " + "; ".join(unused))


def _summary(plan, created: int, updated: int, dry_run: bool) -> str:
    verb = "would create" if dry_run else "created"
    summary = (
        f"{plan.rows} rows: {verb} {created}, "
        f"{'would update' if dry_run else 'updated'} {updated}, "
        f"merged {plan.merged_rows} into others, already there {len(plan.unchanged)}, "
        f"unreadable {len(plan.unreadable)}"
    )
    return summary + ("; nothing was written (--dry-run)" if dry_run else "")


def _existing(settings, today):
    """What the pipeline holds already (URLs, company and role, file names in use), and its scheduled follow-ups."""
    existing = Existing()
    folder = settings.pipeline_path
    if not folder.is_dir():
        return existing, []
    for path in find_files(folder):
        existing.taken.add(opportunity_id(path, folder).casefold())
    opps = load_pipeline(folder).opportunities
    for opp in opps:
        existing.add(opp.company, opp.role, opp.url, opp.path, opp)
    items, _ = schedule_all(opps, settings, today)
    return existing, [(i.opp, i.followup) for i in items if i.due >= today]


class _Moves:
    """What the import's catch-up decided for the files it creates."""

    def __init__(self):
        self.next: dict = {}  # new file name → its catch-up date
        self.due_today = 0  # created ones due today (moved there or due anyway)
        self.spread: dict = {}  # day after today → how many created ones are due then
        self.quiet = 0


def _catch_up(plan, settings, today, scheduled) -> _Moves:
    """Catch up what the import creates: nothing overdue on the import day, no day over `pace`."""
    moves = _Moves()
    pairs = []
    for m in plan.create:
        stage_, _ = _stage(m)
        opp = Opportunity(
            id=m.name,
            path=m.name,
            company=m.company,
            role=m.role,
            stage=stage_,
            stage_explicit=True,
            added=m.added or today,
            log=tuple(LogEntry(e.date, e.type, estimated=e.estimated) for e in m.entries),
        )
        plan_ = next_followup(opp, settings, today)
        if isinstance(plan_, GoneQuiet):
            moves.quiet += 1
        elif isinstance(plan_, Followup):
            pairs.append(_off_the_import_day(m, opp, plan_, today))
    caught = plan_catch_up(pairs + list(scheduled), settings, today)
    moved = {move.opp.id: move.to for move in caught.moves}
    moves.next = moved
    for opp, followup in pairs:
        day = moved.get(opp.id, followup.due)
        if day == today:
            moves.due_today += 1
        elif opp.id in moved:
            moves.spread[day] = moves.spread.get(day, 0) + 1
    return moves


def _off_the_import_day(m, opp, followup, today):
    """A job no row dates (every date a guess) is never due on the import day: catch-up gives it a day after."""
    if not m.guessed or followup.due > today:
        return opp, followup
    day = dt.timedelta(days=1)
    return (dataclasses.replace(opp, wait_until=max(opp.wait_until or today, today + day)),
            dataclasses.replace(followup, due=min(followup.due, today - day)))


def _stage(m):
    return stage_of(m.entries, m.rows)


def _followups_summary(moves: _Moves, today, dry_run: bool) -> list[str]:
    lines = []
    days = sorted(moves.spread.items())
    spread = ", ".join(f"{day} ({n})" for day, n in days[:10]) + (f", … to {days[-1][0]}" if len(days) > 10 else "")
    moved = sum(moves.spread.values())
    text = f"follow-ups: {moves.due_today} due today"
    if moved:
        text += (
            f"; {moved} overdue spread over {len(moves.spread)} day{'s' if len(moves.spread) != 1 else ''}: {spread}"
        )
    text += " (none overdue)"
    lines.append(text)
    if moves.quiet:
        lines.append(
            f"gone quiet: {moves.quiet} (no touch for longer than their cadence); close them with "
            "`follow-through close --gone-quiet`"
        )
    return lines


def _create(plan, settings, today, dry_run: bool, out: list[str], moves: _Moves) -> int:
    """Write the planned files (or list them on a dry run); a refused one is reported, not fatal."""
    if dry_run:
        shown_dir = display_path(settings.pipeline_path)
        out.extend(f"would create {shown_dir}/{m.name}.yml ({m.where})" for m in plan.create)
        return len(plan.create)
    requests = []
    for m in plan.create:
        fields = new_file_fields(m, today)
        if m.name in moves.next:
            fields["next_date"] = moves.next[m.name]
        requests.append(NewOpportunity(m.company, m.role, **fields))
    count = 0
    for merged, outcome in zip(
        plan.create, new_opportunities(settings.pipeline_path, settings.root, today, requests), strict=True
    ):
        if isinstance(outcome, EditError):
            out.append(f"not created ({merged.where}): {outcome}")
        else:
            out.append(f"created {outcome.shown} ({merged.where})")
            count += 1
    return count


def _update(plan, existing, settings, report_only: bool, out: list[str], verb: str) -> int:
    """Append the new entries of opportunities already in the pipeline (never overwrite a file)."""
    count = 0
    for m in plan.update:
        what = ", ".join(f"{e.type} {e.date}" + (" (estimated)" if e.estimated else "") for e in m.new_entries)
        if report_only:
            out.append(f"{verb} to {m.existing}: {what} ({m.where})")
            continue
        target = existing.opps[m.existing]
        try:
            for entry in m.new_entries:
                # History, not an action of today: a `next:` you set stays.
                append_log(
                    file_of(settings.pipeline_path, target),
                    target.id,
                    LogEntry(entry.date, entry.type, estimated=entry.estimated),
                    shown=m.existing,
                    clear_passed_next=False,
                )
        except EditError as exc:
            out.append(f"not updated ({m.where}): {exc}")
            continue
        out.append(f"{verb} to {m.existing}: {what} ({m.where})")
        count += 1
    return count
