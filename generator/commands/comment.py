"""`comment`: apply a `/done`, `/snooze N` or `/replied` comment on a reminder issue.

Run by the comments workflow: reads the issue_comment event at GITHUB_EVENT_PATH
(or --event), edits the opportunity's file, answers on the issue and closes it
when the follow-up is done. The workflow then commits the file. Comments from
anyone but the repository's owner, members and collaborators change nothing.
"""

from __future__ import annotations

import os
import sys
import uuid

from ..cli import add_today
from . import settings_for


def configure(parser) -> None:
    parser.add_argument("--event", metavar="PATH", help="the event JSON (default: $GITHUB_EVENT_PATH)")
    parser.add_argument("--repo", metavar="OWNER/NAME", help="the repository (default: from the event, or $GITHUB_REPOSITORY)")
    add_today(parser)


def _write_output(name: str, value: str) -> None:
    """A step output for the workflow (multi-line safe, with a random delimiter)."""
    target = os.environ.get("GITHUB_OUTPUT")
    if not target:
        return
    delimiter = f"ghadelimiter_{uuid.uuid4().hex}"
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def _already_handled(client, repo, decision, already_answered) -> bool:
    """Did an earlier run (a re-run of the workflow) answer this comment? Unknown counts as no."""
    from ..github.client import GitHubError

    try:
        answers = list(client.paginate(f"/repos/{repo}/issues/{decision.number}/comments"))
    except GitHubError as exc:
        if exc.status in (401, 403):
            raise
        print(f"warning: could not read the issue's comments ({exc}); going ahead", file=sys.stderr)
        return False
    return already_answered(answers, decision.comment_id)


def run(args) -> int:
    from ..github.client import GitHub, GitHubError
    from ..github.comments import MalformedEvent, already_answered, apply, decide, load_event, reply_marker
    from ..github.remind import check_repo
    from ..pipeline import display_path

    path = args.event or os.environ.get("GITHUB_EVENT_PATH")
    if not path:
        print("error: no event: set GITHUB_EVENT_PATH (GitHub Actions does) or pass --event PATH", file=sys.stderr)
        return 2
    try:
        event = load_event(path)
        decision = decide(event)
    except MalformedEvent as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if decision.kind == "ignore":
        print(f"ignored: {decision.why}")
        _write_output("changed", "false")
        return 0
    settings = settings_for(args)
    today = settings.today(args.today)
    try:
        event_repo = ((event.get("repository") or {}).get("full_name")) if isinstance(event.get("repository"), dict) else None
        repo = check_repo(args.repo or event_repo or os.environ.get("GITHUB_REPOSITORY"))
        client = GitHub.from_env()
        if decision.comment_id is not None and _already_handled(client, repo, decision, already_answered):
            print(f"ignored: comment {decision.comment_id} on #{decision.number} was already handled")
            _write_output("changed", "false")
            return 0
        outcome = apply(decision, settings, today)
        if outcome.changed is not None:
            print(f"changed {display_path(outcome.changed)}")
        if outcome.reply:
            body = outcome.reply + ("\n" + reply_marker(decision.comment_id) if decision.comment_id is not None else "")
            client.post(f"/repos/{repo}/issues/{decision.number}/comments", {"body": body})
            print(f"answered on #{decision.number}: {outcome.reply.splitlines()[0]}")
        if outcome.close:
            client.patch(f"/repos/{repo}/issues/{decision.number}", {"state": "closed", "state_reason": "completed"})
            print(f"closed #{decision.number}")
    except GitHubError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    _write_output("changed", "true" if outcome.changed is not None else "false")
    if outcome.commit_message:
        _write_output("message", outcome.commit_message)
    if outcome.changed is not None:
        _write_output("path", display_path(outcome.changed))
    return 0
