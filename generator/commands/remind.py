"""`remind --repo OWNER/NAME [--today D] [--dry-run]`: sync reminder issues on GitHub.

One open issue labelled `follow-up` per follow-up due today or overdue; reruns
update it; issues whose follow-up is no longer due are closed with a comment
saying why. Reads GITHUB_TOKEN, and GITHUB_API_URL (default https://api.github.com).
"""

from __future__ import annotations

import dataclasses
import os
import sys

from generator.adapters.github.client import GitHub
from generator.adapters.github.reminder_sync import check_repo, sync
from generator.adapters.mkdocs_config import read_today
from generator.adapters.opportunity_files import load_pipeline
from generator.commands import EXIT_OK, EXIT_PROBLEMS, add_today, settings_for
from generator.core.github.reminder_plan import default_site_url


def configure(parser) -> None:
    parser.add_argument(
        "--repo",
        metavar="OWNER/NAME",
        default=os.environ.get("GITHUB_REPOSITORY") or None,
        help="the GitHub repository (default: $GITHUB_REPOSITORY)",
    )
    add_today(parser)
    parser.add_argument("--dry-run", action="store_true", help="print what would change; write nothing")


def run(args) -> int:
    """GitHub failing is an error whose exit code (1) ``cli.main`` gives; a failed action also exits 1."""
    repo = check_repo(args.repo)
    settings = settings_for(args)
    today = read_today(settings, args.today)
    pipeline = load_pipeline(settings.pipeline_path, today)
    if pipeline.errors:
        paths = sorted({p.path for p in pipeline.errors})
        print(
            f"warning: {len(paths)} file{'s' if len(paths) != 1 else ''} with errors: {', '.join(paths)}; "
            "their open issues are left as they are (run `follow-through check`)",
            file=sys.stderr,
        )
    client = GitHub.from_env()
    if not settings.site_url:
        # No site_url: link to where GitHub Pages publishes this repository.
        site_url = default_site_url(repo, os.environ.get("GITHUB_API_URL"))
        if site_url:
            settings = dataclasses.replace(settings, site_url=site_url)
    counts = sync(client, repo, pipeline, settings, today, dry_run=args.dry_run)
    return EXIT_PROBLEMS if counts["failed"] else EXIT_OK

