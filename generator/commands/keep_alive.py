"""`keep-alive WORKFLOW... [--repo OWNER/NAME]`: keep scheduled workflows from GitHub's 60-day stop.

Each workflow that is active, or disabled for inactivity, is enabled again (which resets GitHub's
clock); one the owner switched off stays off. Reads GITHUB_TOKEN, and GITHUB_API_URL. Exit 1 when
one of them could not be kept alive.
"""

from __future__ import annotations

import os

from generator.adapters.github.client import GitHub
from generator.adapters.github.enable_workflows import keep_alive
from generator.adapters.github.reminder_sync import check_repo
from generator.commands import EXIT_OK, EXIT_PROBLEMS


def configure(parser) -> None:
    parser.add_argument("workflows", nargs="+", metavar="WORKFLOW", help="workflow file names, like publish.yml")
    parser.add_argument(
        "--repo",
        metavar="OWNER/NAME",
        default=os.environ.get("GITHUB_REPOSITORY") or None,
        help="the GitHub repository (default: $GITHUB_REPOSITORY)",
    )


def run(args) -> int:
    failed = keep_alive(GitHub.from_env(), check_repo(args.repo), args.workflows)
    return EXIT_PROBLEMS if failed else EXIT_OK
