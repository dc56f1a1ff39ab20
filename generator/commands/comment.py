"""`comment`: apply a comment command on a reminder issue (`/done`, `/snooze N`, `/log`, …).

Run by the comments workflow: reads the issue_comment event at GITHUB_EVENT_PATH
(or --event), confirms the author may write to the repository, edits the
opportunity's file and, with --push, commits and pushes it (applying it again to
the new tip when the branch moved). Only then does it close the issue and answer
(``github.settle``); when nothing could be saved it says so, leaves the issue open
and exits 1, so a re-run of the workflow applies the command. A re-run that finds
the command pushed already (the commit's `Comment:` trailer) applies nothing and
finishes what is left: the close, the answer.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.adapters.mkdocs_config import read_today
from generator.commands import EXIT_OK, EXIT_PROBLEMS, add_today, settings_for


def configure(parser) -> None:
    parser.add_argument("--event", metavar="PATH", help="the event JSON (default: $GITHUB_EVENT_PATH)")
    parser.add_argument(
        "--repo", metavar="OWNER/NAME", help="the repository (default: from the event, or $GITHUB_REPOSITORY)"
    )
    parser.add_argument(
        "--push", metavar="REMOTE", help="commit the change and push it to REMOTE's default branch before answering"
    )
    parser.add_argument("--rebuild", metavar="WORKFLOW", help="after a push, start this workflow (e.g. publish.yml)")
    add_today(parser)


def _write_output(name: str, value: str) -> None:
    """A step output for the workflow (multi-line safe, with a random delimiter)."""
    target = os.environ.get("GITHUB_OUTPUT")
    if not target:
        return
    import uuid  # here: it imports `platform`, and every command's start-up would pay for it

    delimiter = f"ghadelimiter_{uuid.uuid4().hex}"
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def _already_handled(client, repo, decision) -> bool:
    """Did an earlier run (a re-run of the workflow) answer this comment? Unknown counts as no.
    Only an answer the automation wrote counts: anyone can paste the marker into a comment."""
    from generator.adapters.github.client import GitHubError, automation_logins
    from generator.adapters.github.comment_actions import already_answered
    from generator.adapters.github.save_then_answer import answers

    try:
        found = answers(client, repo, decision.number, automation_logins())
    except GitHubError as exc:
        if exc.status in (401, 403):
            raise
        print(f"warning: could not read the issue's comments ({exc}); going ahead", file=sys.stderr)
        return False
    return already_answered(found, decision.comment_id)


def run(args) -> int:
    """A malformed event, GitHub or git failing: errors whose exit code ``cli.main`` gives (1; 2 without an event)."""
    from generator.adapters.github.client import GitHub
    from generator.adapters.github.comment_actions import Kind, decide
    from generator.adapters.github.workflow_event import may_write, read_event, repository_of

    event = read_event(args.event)
    decision = decide(event)
    if decision.kind is Kind.IGNORE:
        print(f"ignored: {decision.why}")
        _write_output("changed", "false")
        return EXIT_OK
    settings = settings_for(args)
    today = read_today(settings, args.today)
    repo = repository_of(args.repo, event)
    client = GitHub.from_env()
    if not may_write(client, repo, decision.author):
        print(f"ignored: {decision.author or 'the author'} has no write access to {repo}")
        _write_output("changed", "false")
        return EXIT_OK
    if decision.comment_id is not None and _already_handled(client, repo, decision):
        print(f"ignored: comment {decision.comment_id} on #{decision.number} was already handled")
        _write_output("changed", "false")
        return EXIT_OK
    return _apply_and_confirm(args, client, repo, _Comment(event, decision), settings, today)


@dataclass(frozen=True)
class _Where:
    """Where the answer goes and the change is pushed: the API client, the repository, its default branch."""

    client: object
    repo: str
    branch: str


@dataclass(frozen=True)
class _Comment:
    """The comment's event and what it asks for (``github.comments.decide``)."""

    event: dict
    decision: object


def _apply_and_confirm(args, client, repo, comment: _Comment, settings, today) -> int:
    """Save (or find it saved by an earlier run), then close and answer (``github.settle``)."""
    from generator.adapters.github.comment_actions import apply, reply_marker
    from generator.adapters.github.workflow_event import event_repository, start_workflow
    from generator.adapters.opportunity_files import display_path

    event, decision = comment.event, comment.decision

    def edit():
        return apply(decision, settings, today)

    marker = reply_marker(decision.comment_id)
    branch = event_repository(event).get("default_branch") or "main"
    pushed = None
    if args.push and decision.edits:
        saved = _save_by_push(args, _Where(client, repo, branch), comment, edit, settings, today)
        if saved is None:
            return EXIT_PROBLEMS
        outcome, pushed = saved
    else:
        outcome = edit()
    if outcome.changed is not None:
        print(f"changed {display_path(outcome.changed)}")
    if outcome.reply:
        _close_and_reply(_Where(client, repo, branch), decision, outcome, marker, pushed)
    if pushed and args.rebuild:
        start_workflow(client, repo, args.rebuild, branch)
    _write_output("changed", "true" if outcome.changed is not None else "false")
    return EXIT_OK


def _save_by_push(args, where: _Where, comment: _Comment, edit, settings, today):
    """(the outcome, the commit pushed or None) once saved, now or by an earlier run.

    None when nothing could be saved: the issue is answered and the error printed."""
    from generator.adapters.github.gitpush import Git, GitError, push_edit
    from generator.adapters.github.save_then_answer import Answer, earlier_commit, finish

    event, decision = comment.event, comment.decision
    git = Git(Path.cwd(), token=os.environ.get("GITHUB_TOKEN"))
    trailer = _trailer(event)
    try:
        earlier = earlier_commit(git, args.push, where.branch, trailer, _created_at(event))
        saved = None if earlier else push_edit(git, args.push, where.branch, edit, trailer=trailer)
    except GitError as exc:
        earlier, saved, failure = None, None, str(exc)
    else:
        failure = saved.failed if saved else None
    if failure:
        finish(where.client, where.repo, decision.number, Answer(_not_saved(failure)))  # unmarked: a re-run applies it
        print(f"error: nothing was saved: {failure}", file=sys.stderr)
        _write_output("changed", "false")
        return None
    if earlier:
        print(f"/{decision.kind.value}: {earlier.said()}")
        return _saved_before(decision, earlier, settings, today), None
    if saved.pushed:
        attempt = f" (attempt {saved.attempts})" if saved.attempts > 1 else ""
        print(f"pushed {saved.pushed[:12]} to {where.branch}{attempt}")
    return saved.outcome, saved.pushed


def _close_and_reply(where: _Where, decision, outcome, marker: str, pushed: str | None) -> None:
    """Close the issue (when the command says so) and reply; after a push, a failure says what was saved."""
    from generator.adapters.github.client import GitHubError
    from generator.adapters.github.save_then_answer import Answer, finish

    try:
        finish(
            where.client,
            where.repo,
            decision.number,
            Answer(outcome.reply, "completed" if outcome.close else None, marker),
        )
    except GitHubError as exc:
        if pushed:  # saved: say so, and what a re-run will do
            raise GitHubError(
                f"{exc}. The command was saved ({pushed[:12]} on {where.branch}); re-run the workflow "
                "to close the issue and answer (it will not apply the command again)"
            ) from None
        raise


def _saved_before(decision, earlier, settings, today):
    """The answer of a re-run that finds the command pushed already: when, and what is next."""
    from generator.adapters.edit import EditError, find_file
    from generator.adapters.github.comment_actions import Outcome, ahead
    from generator.core.validate import validate_text

    said = f"`/{decision.kind.value}` was {earlier.said()}"
    try:
        path = find_file(settings.pipeline_path, decision.opp_id)
        opp, _ = validate_text(decision.opp_id, str(path), path.read_text(encoding="utf-8", errors="replace"))
    except (EditError, OSError):
        opp = None
    if opp is None:
        return Outcome(f"{said}.", close=decision.kind.value in ("done", "close"))
    sentence, close = ahead(opp, settings, today, decision.kind)
    return Outcome(f"{said}. {sentence}." + ("" if close else " This issue stays open: it is still due."), close=close)


def _created_at(event) -> str | None:
    comment = event.get("comment") if isinstance(event.get("comment"), dict) else {}
    created = comment.get("created_at")
    return created if isinstance(created, str) and created[:4].isdigit() else None


def _trailer(event) -> str:
    """Where the change came from, at the end of the commit message."""
    comment = event.get("comment") if isinstance(event.get("comment"), dict) else {}
    url = comment.get("html_url")
    return f"Comment: {url}" if isinstance(url, str) and url.startswith("https://") else ""


def _not_saved(why: str) -> str:
    from generator.core.github.reminder_plan import md

    return (
        f"Nothing was saved: {md(why)}. This issue stays open; re-run the workflow "
        "(Actions → Comment commands → Re-run jobs) to apply the command again."
    )
