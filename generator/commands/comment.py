"""`comment`: apply a comment command on a reminder issue (`/done`, `/snooze N`, `/log`, …).

Run by the comments workflow: reads the issue_comment event at GITHUB_EVENT_PATH
(or --event), decides what the comment asks for, and hands it to the one flow of a
GitHub event (``adapters.github.save_and_confirm``): confirm the author may write to the
repository and the comment was not answered already, edit the opportunity's file and, with --push,
commit and push it; only then close the issue and answer. When nothing could be saved
it says so, leaves the issue open and exits 1, so a re-run of the workflow applies the
command. A re-run that finds the command pushed already (the commit's `Comment:` trailer)
applies nothing and finishes what is left: the close, the answer, the rebuild.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.adapters.edit import EditError, find_file
from generator.adapters.github.client import GitHub
from generator.adapters.github.comment_actions import (
    Kind,
    Outcome,
    ahead,
    already_answered,
    apply,
    decide,
    reply_marker,
)
from generator.adapters.github.save_and_confirm import Issue, Saving, not_saved, save_and_confirm
from generator.adapters.github.workflow_event import event_repository, read_event, repository_of
from generator.adapters.mkdocs_config import read_today
from generator.adapters.opportunity_files import display_path
from generator.commands import EXIT_OK, EXIT_PROBLEMS, add_today, settings_for
from generator.core.github.confirmation import Answer
from generator.core.validate import validate_text


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


def run(args) -> int:
    """A malformed event, GitHub or git failing: errors whose exit code ``cli.main`` gives (1; 2 without an event)."""
    event = read_event(args.event)
    decision = decide(event)
    if decision.kind is Kind.IGNORE:
        print(f"ignored: {decision.why}")
        _write_output("changed", "false")
        return EXIT_OK
    settings = settings_for(args)
    today = read_today(settings, args.today)
    repo = repository_of(args.repo, event)
    return _apply_and_confirm(args, GitHub.from_env(), repo, _Comment(event, decision), settings, today)


def _apply_and_confirm(args, client, repo, comment: _Comment, settings, today) -> int:
    """Hand the command to the one flow of a GitHub event (``adapters.github.save_and_confirm``)."""
    event, decision = comment.event, comment.decision
    branch = event_repository(event).get("default_branch") or "main"
    remote = args.push if decision.edits else None  # help changes nothing: nothing to push
    saving = Saving(remote, branch, _trailer(event), _created_at(event), Path.cwd(), args.rebuild)
    issue = Issue(client, repo, decision.number, decision.author)
    settled = save_and_confirm(issue, saving, _CommentChange(decision, settings, today))
    if settled.failed or settled.ignored:
        _write_output("changed", "false")
        return EXIT_PROBLEMS if settled.failed else EXIT_OK
    if settled.earlier:
        print(f"/{decision.kind.value}: {settled.earlier.said()}")
    changed = getattr(settled.outcome, "changed", None)
    if changed is not None:
        print(f"changed {display_path(changed)}")
    _write_output("changed", "true" if changed is not None else "false")
    return EXIT_OK


@dataclass(frozen=True)
class _Comment:
    """The comment's event and what it asks for (``adapters.github.comment_actions.decide``)."""

    event: dict
    decision: object


@dataclass(frozen=True)
class _CommentChange:
    """A comment command as the flow's ``Change``: the edit, and what each way it ends says."""

    decision: object
    settings: object
    today: object

    def handled(self, answers):
        """Answered by an earlier run (a re-run of the workflow): only the automation's answer counts,
        anyone can paste the marker into a comment."""
        number, comment_id = self.decision.number, self.decision.comment_id
        if comment_id is not None and already_answered(answers, comment_id):
            return f"comment {comment_id} on #{number} was already handled"
        return None

    def answer_earlier(self, earlier):
        return self._answer(_saved_before(self.decision, earlier, self.settings, self.today))

    def refusal(self):
        return None  # the command's own rules answer (``apply``): "Nothing changed: …"

    def edit(self):
        return apply(self.decision, self.settings, self.today)

    def not_saved(self, why: str):
        return Answer(not_saved(why))  # unmarked: a re-run applies it

    def saved_what(self, outcome) -> str:
        return "The command"

    def answer(self, outcome):
        return self._answer(outcome) if outcome.reply else None

    def _answer(self, outcome):
        return Answer(outcome.reply, "completed" if outcome.close else None, reply_marker(self.decision.comment_id))


def _saved_before(decision, earlier, settings, today):
    """The answer of a re-run that finds the command pushed already: when, and what is next."""
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
