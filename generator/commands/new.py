"""`new COMPANY ROLE [--url URL]`, `new --url URL`: create pipeline/<company>-<role>.yml from a template.

With `--url`, the job page's schema.org JobPosting gives the company, role and
location (names given on the command line win). Prints the new file's path on
stdout (so `$EDITOR $(follow-through new ...)` works); never overwrites a file.
"""

from __future__ import annotations

import sys

from generator.adapters.edit import EditError, NewOpportunity, new_opportunity
from generator.adapters.intake.job_link import posting_fields
from generator.adapters.mkdocs_config import read_today
from generator.adapters.opportunity_files import load_pipeline, opportunity_id
from generator.commands import EXIT_OK, add_today, settings_for
from generator.core.intake.matching import same_job
from generator.core.problems import UserError


def configure(parser) -> None:
    parser.add_argument("company", metavar="COMPANY", nargs="?", help='the company, like "Acme Corp"')
    parser.add_argument("role", metavar="ROLE", nargs="?", help='the role, like "Backend Engineer"')
    parser.add_argument(
        "--url", metavar="URL",
        help="the job posting: its page's JobPosting fills in company, role and location (http or https)",
    )
    add_today(parser)


def run(args) -> int:
    if args.role is None and (args.company is not None or not args.url):
        raise UserError('give COMPANY and ROLE, like: new "Acme Corp" "Backend Engineer" (or new --url URL)')
    settings = settings_for(args)
    today = read_today(settings, args.today)
    extras = {}
    company, role = args.company, args.role
    if args.url:
        company, role, extras = posting_fields(args.url, company, role, today)  # a PostingError exits 1
        for warning in extras.pop("warnings", ()):
            print(f"warning: {warning}", file=sys.stderr)
    _refuse_same_job(settings, company, role, extras.get("url"))
    result = new_opportunity(settings.pipeline_path, settings.root, NewOpportunity(company, role, **extras), today)
    print(result.shown)
    opp_id = opportunity_id(result.path, settings.pipeline_path)
    print(
        f"created {result.shown}: add contacts and ideas, then log what you do "
        f"(follow-through log {opp_id} applied)",
        file=sys.stderr,
    )
    return EXIT_OK


def _refuse_same_job(settings, company, role, url) -> None:
    """The pipeline already has this job (the one matching rule `import` and `New:` issues use): refused."""
    if not settings.pipeline_path.is_dir() or not company or not role:
        return
    found = same_job(load_pipeline(settings.pipeline_path).opportunities, company, role, url)
    if found:
        opp, why = found
        raise EditError(f"{opp.path} {why} ({opp.company} — {opp.role}); nothing was written "
                        f"(log to it: follow-through log {opp.id} TYPE)")
