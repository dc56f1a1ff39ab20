"""`doctor [--for publish|remind|mail]`: which way this repository publishes, and what is missing.

Reads mkdocs.yml, .github/workflows/ and the environment. In GitHub Actions (GITHUB_ACTIONS=true)
the workflow's step passes each secret's presence (HAS_NAME=true, or the secret itself as NAME),
the variable PAGES_REPOSITORY, and the event file gives the repository's visibility; with
GITHUB_TOKEN (and `pages: read`) it asks GitHub how Pages is set up. The report then goes to
the job summary too, and a missing need fails the step with one `::error::` line.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from generator.adapters.github.client import GitHub, GitHubError
from generator.adapters.github.setup_calls import doctor_facts, find_token
from generator.adapters.pages_push import repository_private
from generator.commands import EXIT_OK, EXIT_PROBLEMS, UserError, config_path_for, settings_for
from generator.core.setup_report import DEPLOY_KEY, MAIL_PASSWORD, PAGES_REPOSITORY, PASSPHRASE, Facts, report


def configure(parser) -> None:
    parser.add_argument("--for", dest="workflow", choices=("publish", "remind", "mail"),
                        help="only what this workflow needs (default: publish and remind, and mail once "
                             "mail: imap: is set)")
    parser.add_argument("--repo", metavar="OWNER/NAME",
                        help="outside Actions: ask GitHub what is set up there (secrets, variable, Pages, deploy key) "
                        "with GITHUB_TOKEN or the GitHub CLI's token")


def _set(environ, name: str) -> bool:
    return bool(environ.get(name, "").strip()) or environ.get(f"HAS_{name}", "").lower() == "true"


def facts_from(args, environ):
    settings = settings_for(args)
    workflows = Path(config_path_for(args)).parent / ".github" / "workflows"
    in_actions = environ.get("GITHUB_ACTIONS") == "true"
    facts = Facts(
        encrypt=settings.privacy.encrypt,
        allow_plain=settings.privacy.allow_plain,
        site_url=settings.site_url,
        workflows=frozenset(p.name for p in workflows.glob("*.y*ml")) if workflows.is_dir() else frozenset(),
        in_actions=in_actions,
        repository=environ.get("GITHUB_REPOSITORY") or None,
        private=repository_private(environ.get("GITHUB_EVENT_PATH")) if in_actions else None,
        pages_repository=environ.get(PAGES_REPOSITORY, "").strip(),
        secrets=frozenset(name for name in (PASSPHRASE, DEPLOY_KEY, MAIL_PASSWORD) if _set(environ, name)),
        pages_source=pages_source(environ) if in_actions and args.workflow not in ("remind", "mail") else None,
        mail_imap=settings.mail.imap is not None,
        mail_me=bool(settings.mail.me),
    )
    return seen_on_github(facts, args, environ) if getattr(args, "repo", None) and not in_actions else facts


def seen_on_github(facts, args, environ):
    """The facts GitHub knows (locally, with a token): what setup-github made, checked."""
    token, _ = find_token(environ)
    if not token:
        raise UserError("doctor --repo asks GitHub: export GITHUB_TOKEN or log in with the GitHub CLI (gh auth login)")
    client = GitHub(token, environ.get("GITHUB_API_URL") or None, max_wait=5, retries=1)
    return dataclasses.replace(facts, **doctor_facts(client, args.repo))


def pages_source(environ) -> str | None:
    """How this repository's Pages are built, asked of GitHub (the job needs `pages: read`); None if unknown."""
    repository, token = environ.get("GITHUB_REPOSITORY", ""), environ.get("GITHUB_TOKEN", "").strip()
    if environ.get("PAGES_REPOSITORY", "").strip() or "/" not in repository or not token:
        return None
    github = GitHub(token, environ.get("GITHUB_API_URL") or None, max_wait=5, retries=1)
    try:
        site = github.get(f"/repos/{repository}/pages")
    except GitHubError as exc:
        return "off" if exc.status == 404 else None
    build_type = site.get("build_type") if isinstance(site, dict) else None
    return build_type if build_type in ("workflow", "legacy") else None


def run(args) -> int:
    environ = os.environ
    found = report(facts_from(args, environ), args.workflow)
    error = found.error_line() if environ.get("GITHUB_ACTIONS") == "true" else None
    if error:
        print(error)  # first, so it is the line the run's page shows
    print(found.text())
    summary = environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as out:
            out.write(found.markdown())
    return EXIT_PROBLEMS if found.missing else EXIT_OK
