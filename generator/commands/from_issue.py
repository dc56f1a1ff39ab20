"""`from-issue`: make an opportunity from a `New:` issue (the new-opportunity workflow runs it).

Reads the `issues` event at GITHUB_EVENT_PATH (or --event). Acts only for the
repository's owner and collaborators: the event's author association, then GitHub's
own answer on the author's permission (write or admin). Makes the file as `new` does
(a job link is read as `new --url` reads it), commits and pushes it first, and only
then answers with the file and the dashboard link and closes the issue. When anything
fails, the answer says why and that nothing was saved, and the issue stays open.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.adapters.mkdocs_config import read_today
from generator.commands import EXIT_OK, EXIT_PROBLEMS, add_today, settings_for
from generator.core.intake.issue_request import MARKER


def configure(parser) -> None:
    parser.add_argument("--event", metavar="PATH", help="the event JSON (default: $GITHUB_EVENT_PATH)")
    parser.add_argument("--repo", metavar="OWNER/NAME", help="the repository (default: from the event)")
    parser.add_argument("--push", metavar="REMOTE", default="origin",
                        help="the remote whose default branch gets the commit (default: origin)")
    parser.add_argument("--rebuild", metavar="WORKFLOW", help="after the push, start this workflow (e.g. publish.yml)")
    add_today(parser)


@dataclass
class Created:
    """What one attempt at making the file did (push_edit reads changed and commit_message)."""

    changed: Path | None = None
    commit_message: str | None = None
    result: object = None  # the EditResult
    refused: str | None = None  # why the file was not made


def run(args) -> int:
    """A malformed event, GitHub or git failing: errors whose exit code ``cli.main`` gives (1; 2 without an event)."""
    from generator.adapters.github.client import GitHub
    from generator.adapters.github.workflow_event import read_event, repository_of
    from generator.adapters.intake.fetch import public_only
    from generator.core.intake.issue_request import decide_issue

    public_only()  # a link typed into an issue never makes the runner read its own network
    event = read_event(args.event)
    decision = decide_issue(event)
    if not decision.act:
        print(f"ignored: {decision.why}")
        return EXIT_OK
    repo = repository_of(args.repo, event)
    return _handle(args, GitHub.from_env(), repo, event, decision)


def _finished_earlier(client, repo: str, number: int, settings, push: str, event) -> bool:
    """Whether a run whose close or answer failed had pushed this issue's file: then finish that, add nothing."""
    from generator.adapters.github.gitpush import Git, GitError
    from generator.adapters.github.save_then_answer import Answer, earlier_commit, finish
    from generator.adapters.github.workflow_event import event_repository

    branch = event_repository(event).get("default_branch") or "main"

    git = Git(settings.root, token=os.environ.get("GITHUB_TOKEN"))
    try:
        earlier = earlier_commit(git, push, branch, _trailer(number), _created_at(event))
    except GitError:
        earlier = None
    if not earlier:
        return False
    print(f"#{number}: {earlier.said()}")
    files = ", ".join(f"`{f}`" for f in earlier.files) or "the file"
    finish(client, repo, number, Answer(f"Added {files} on `{branch}`: {earlier.said()}.", "completed", MARKER))
    return True


def _handle(args, client, repo: str, event, decision) -> int:
    from generator.adapters.edit import NewOpportunity
    from generator.adapters.github.client import GitHubError, automation_logins
    from generator.adapters.github.save_then_answer import Answer, answers, finish
    from generator.adapters.github.workflow_event import event_repository, may_write, start_workflow
    from generator.adapters.intake.job_link import PostingError
    from generator.core.intake.issue_request import answered

    number, request = decision.number, decision.request
    if not may_write(client, repo, decision.author):
        print(f"ignored: {decision.author} has no write access to {repo}")
        return EXIT_OK
    if answered(answers(client, repo, number, automation_logins()), created_only=True):
        print(f"ignored: #{number} was handled already")
        return EXIT_OK
    settings = settings_for(args)
    today = read_today(settings, args.today)
    branch = event_repository(event).get("default_branch") or "main"
    if _finished_earlier(client, repo, number, settings, args.push, event):
        return EXIT_OK
    if request.problem:
        why = f"{request.problem}. Edit this issue and I will read it again."
        return _fail(client, repo, number, why, code=EXIT_OK)
    try:
        company, role, extras = _fields(request)
    except PostingError as exc:
        return _fail(client, repo, number, f"{exc}.", code=EXIT_OK)
    already = _in_pipeline(settings, company, role, extras.get("url"))
    if already:
        finish(client, repo, number, Answer(f"Nothing was added: {already}.", "not_planned", MARKER))
        return EXIT_OK
    saved = _save(settings, today, NewOpportunity(company, role, **extras), args.push, branch, number)
    if saved.failed:
        return _fail(client, repo, number, f"{saved.failed}. Re-run the workflow once that is fixed.")
    created = saved.outcome
    if created.changed is None:
        return _fail(client, repo, number, f"{created.refused}.")
    print(f"added {created.result.shown} from #{number}; pushed {saved.pushed[:12]} to {branch}")
    try:
        finish(client, repo, number, Answer(_added_text(settings, created.result, today, branch), "completed", MARKER))
    except GitHubError as exc:  # the file is saved: the error says so, and how to get the answer
        raise GitHubError(f"{created.result.shown} was saved (pushed {saved.pushed[:12]} to {branch}), but answering "
                          f"on #{number} failed: {exc}; re-run the workflow to answer (it adds nothing twice)",
                          exc.status) from None
    if args.rebuild:
        start_workflow(client, repo, args.rebuild, branch)
    return EXIT_OK


def _trailer(number: int) -> str:
    return f"Issue: #{number}"


def _created_at(event) -> str | None:
    issue = event.get("issue") if isinstance(event.get("issue"), dict) else {}
    created = issue.get("created_at")
    return created if isinstance(created, str) and created[:4].isdigit() else None


def _fields(request) -> tuple[str, str, dict]:
    """(company, role, keyword extras for new_opportunity): the link read as `new --url` reads it."""
    from generator.adapters.intake.job_link import posting_fields
    from generator.core.intake.import_plan import contact_of

    extras: dict = {}
    company, role = request.company, request.role
    if request.url:
        company, role, extras = posting_fields(request.url, company, role)
        for warning in extras.pop("warnings", ()):
            print(f"warning: {warning}", file=sys.stderr)
    if request.contact:
        extras["contacts"] = [contact_of(request.contact)]
    if request.stage:
        extras["stage"] = request.stage
    notes = [n for n in (request.note, extras.get("note")) if n]
    if notes:
        extras["note"] = "\n\n".join(notes)
    return company, role, extras


def _in_pipeline(settings, company: str, role: str, url: str | None) -> str | None:
    """Where the pipeline already has this opportunity (the one matching rule: ``intake.matching``)."""
    from generator.adapters.opportunity_files import load_pipeline
    from generator.core.intake.matching import same_job

    if not settings.pipeline_path.is_dir():
        return None
    found = same_job(load_pipeline(settings.pipeline_path, base=settings.root).opportunities, company, role, url)
    return f"`{found[0].path}` {found[1]}" if found else None


def _save(settings, today, new, remote: str, branch: str, number: int):
    """Make the file (``new``: a ``NewOpportunity``), commit and push it.

    Made again on a newer tip when the push was stale."""
    from generator.adapters.edit import EditError, new_opportunity
    from generator.adapters.github.gitpush import Git, GitError, Saved, push_edit

    def make() -> Created:
        try:
            result = new_opportunity(settings.pipeline_path, settings.root, new, today)
        except EditError as exc:
            return Created(refused=str(exc))
        opp_id = result.path.relative_to(settings.pipeline_path).with_suffix("").as_posix()
        return Created(result.path, f"{opp_id}: new opportunity (from issue #{number})", result)

    git = Git(settings.root, token=os.environ.get("GITHUB_TOKEN"))
    try:
        return push_edit(git, remote, branch, make, trailer=_trailer(number))
    except GitError as exc:
        return Saved(None, failed=str(exc))


def _added_text(settings, result, today, branch: str) -> str:
    from generator.adapters.edit import followup_text
    from generator.adapters.sealed_site import link_namer
    from generator.core.github.reminder_plan import md
    from generator.core.site.urls import dashboard_url

    opp = result.opp
    where = dashboard_url(settings, opp.id, link_namer(settings))
    link = f" — [on the dashboard]({where})" if where else " (set `site_url` in mkdocs.yml to link the dashboard here)"
    shown = result.path.relative_to(settings.root).as_posix()
    return (f"Added `{shown}` on `{branch}`: {md(opp.company)} — {md(opp.role)}{link}.\n\n"
            f"{md(followup_text(opp, settings, today))}.")


def _fail(client, repo: str, number: int, why: str, code: int = EXIT_PROBLEMS) -> int:
    from generator.adapters.github.save_then_answer import Answer, finish
    from generator.core.github.reminder_plan import md

    # Marked: the issue's own text is what failed; an edit of the issue starts a new run anyway.
    finish(client, repo, number, Answer(f"Nothing was saved: {md(why)} This issue stays open.", marker=MARKER))
    if code:
        print(f"error: nothing was saved: {why}", file=sys.stderr)
    return code
