"""`import FILE... [--dry-run]`: opportunities from LinkedIn's job exports or any spreadsheet's CSV.

The plan (``generator.intake.importplan``) says what to create and what to leave
out; this shell reads the files and the pipeline, prints the plan, and writes each
new file through ``generator.edit.new_opportunity`` (validated, exclusive create:
nothing is ever overwritten). Exit 1 when a file cannot be read at all.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..cli import add_today
from . import settings_for


def configure(parser) -> None:
    parser.add_argument(
        "files", metavar="FILE", nargs="+",
        help="CSV exports: LinkedIn's Job Applications.csv / Saved Jobs.csv (all parts), or a spreadsheet "
             "with Company and Role columns",
    )
    parser.add_argument("--dry-run", action="store_true", help="print what would be created; write nothing")
    add_today(parser)


def run(args) -> int:
    from ..edit.create import file_name
    from ..intake.importplan import ImportFileError, decode, make_plan, rows_of

    settings = settings_for(args)
    today = settings.today(args.today)
    out: list[str] = []  # printed in one write at the end: thousands of rows make thousands of lines
    read, failed = [], False
    for name in args.files:
        try:
            raw = Path(name).read_bytes()
        except OSError as exc:
            print(f"error: {name}: cannot read the file: {exc.strerror}", file=sys.stderr)
            failed = True
            continue
        try:
            layout, rows, unreadable, warnings = rows_of(name, decode(raw, name))
        except ImportFileError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed = True
            continue
        out.append(f"{name}: {layout.label}, {len(rows) + len(unreadable)} rows")
        read.append((name, rows, unreadable, warnings))
    plan = make_plan(read, _existing(settings), file_name)
    created = _carry_out(plan, settings, today, args.dry_run, out)
    for label, reports in (("skipped", plan.skipped), ("unreadable", plan.unreadable), ("warning", plan.warnings)):
        out.extend(f"{label} {report}" for report in reports)
    verb = "would create" if args.dry_run else "created"
    summary = f"{plan.rows} rows: {verb} {created}, skipped {len(plan.skipped)}, unreadable {len(plan.unreadable)}"
    out.append(summary + ("; nothing was written (--dry-run)" if args.dry_run else ""))
    sys.stdout.write("\n".join(out) + "\n")
    return 1 if failed else 0


def _existing(settings):
    """What the pipeline holds already: URLs, company and role, and the file names in use."""
    from ..intake.importplan import Existing
    from ..pipeline import find_files, load_pipeline, opportunity_id

    existing = Existing()
    folder = settings.pipeline_path
    if not folder.is_dir():
        return existing
    for path in find_files(folder):
        existing.taken.add(opportunity_id(path, folder).casefold())
    for opp in load_pipeline(folder).opportunities:
        existing.add(opp.company, opp.role, opp.url, opp.path)
    return existing


def _carry_out(plan, settings, today, dry_run: bool, out: list[str]) -> int:
    """Write the planned files (or list them on a dry run); a refused one is reported, not fatal."""
    from ..edit import EditError
    from ..edit.create import new_opportunities
    from ..intake.importplan import new_file_fields
    from ..pipeline import display_path

    if dry_run:
        shown_dir = display_path(settings.pipeline_path)
        out.extend(f"would create {shown_dir}/{p.name}.yml ({p.row.where})" for p in plan.create)
        return len(plan.create)
    requests = [
        {"company": p.row.company, "role": p.row.role, **new_file_fields(p, today)} for p in plan.create
    ]
    count = 0
    for planned, outcome in zip(plan.create, new_opportunities(settings.pipeline_path, settings.root, today, requests)):
        if isinstance(outcome, EditError):
            out.append(f"not created ({planned.row.where}): {outcome}")
        else:
            out.append(f"created {outcome.shown} ({planned.row.where})")
            count += 1
    return count
