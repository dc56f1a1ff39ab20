"""`publish guard [SITE]` and `publish push SITE --to REMOTE`: the steps publish.yml runs after the build.

``guard`` refuses a plain dashboard built from a private repository (exit 1, with the reason as a
GitHub annotation); ``push`` puts the site, as a single commit, on another repository's Pages branch
(``PAGES_DEPLOY_KEY``: the SSH key it pushes with), and refuses on its own a site that is not sealed
unless privacy.allow_plain says a plain one is meant. The work is in generator/adapters/pages_push.py.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.adapters.pages_push import guard, push
from generator.commands import EXIT_OK, EXIT_PROBLEMS, settings_for


def configure(parser) -> None:
    steps = parser.add_subparsers(dest="step", metavar="STEP", required=True)
    guard = steps.add_parser("guard", help="refuse to deploy a plain site built from a private repository",
                             description="refuse to deploy a plain site built from a private repository")
    guard.add_argument("site", nargs="?", default="site", type=Path, help="the built site (default: site)")
    # Also after the step, as `python -m generator.adapters.pages_push guard -f mkdocs.yml` took it.
    guard.add_argument("-f", "--config-file", metavar="MKDOCS_YML", default=argparse.SUPPRESS,
                       help="the mkdocs.yml holding the settings (default: found upwards)")
    push = steps.add_parser("push", help="push the site to another repository's Pages branch",
                            description="push the site to another repository's Pages branch")
    push.add_argument("site", type=Path, help="the built site")
    push.add_argument("--to", required=True, metavar="REMOTE",
                      help="the remote: git@github.com:OWNER/NAME.git (or a path)")
    push.add_argument("--branch", default="gh-pages", help="the branch the site replaces (default: gh-pages)")
    push.add_argument("--message", default="Dashboard", help="the commit message (default: Dashboard)")
    push.add_argument("-f", "--config-file", metavar="MKDOCS_YML", default=argparse.SUPPRESS,
                      help="the mkdocs.yml whose privacy.allow_plain lets a site that is not sealed go "
                           "(default: found upwards)")


def run(args) -> int:
    if args.step == "guard":
        verdict = guard(args.site, settings_for(args))
        print(verdict.message)
        return EXIT_OK if verdict.ok else EXIT_PROBLEMS
    push(args.site, args.to, args.branch, args.message, allow_plain=settings_for(args).privacy.allow_plain)
    print(f"pushed {args.site} to {args.branch}")
    return EXIT_OK
