"""`from-issue`: make an opportunity from a `New:` issue (the new-opportunity workflow runs it).

Reads the `issues` event at GITHUB_EVENT_PATH (or --event). Acts only for the
repository's owner and collaborators: the event's author association, then GitHub's
own answer on the author's permission (write or admin). Makes the file as `new` does
(a job link is read as `new --url` reads it), commits and pushes it first, and only
then answers with the file and the dashboard link and closes the issue. When anything
fails, the answer says why and that nothing was saved, and the issue stays open.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from generator.adapters.edit import EditError, NewOpportunity, followup_text, new_opportunity
from generator.adapters.github.client import GitHub
from generator.adapters.github.save_and_confirm import Issue, Saving, save_and_confirm
from generator.adapters.github.workflow_event import event_repository, read_event, repository_of
from generator.adapters.intake.fetch import public_only
from generator.adapters.intake.job_link import PostingError, posting_fields
from generator.adapters.mkdocs_config import read_today
from generator.adapters.opportunity_files import load_pipeline
from generator.adapters.sealed_site import link_namer
from generator.commands import EXIT_OK, EXIT_PROBLEMS, add_today, settings_for
from generator.core.github.confirmation import Answer
from generator.core.github.reminder_plan import md
from generator.core.intake.import_plan import contact_of
from generator.core.intake.issue_request import MARKER, answered, decide_issue
from generator.core.intake.matching import same_job
from generator.core.site.urls import dashboard_url


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
    public_only()  # a link typed into an issue never makes the runner read its own network
    event = read_event(args.event)
    decision = decide_issue(event)
    if not decision.act:
        print(f"ignored: {decision.why}")
        return EXIT_OK
    repo = repository_of(args.repo, event)
    return _handle(args, GitHub.from_env(), repo, event, decision)


def _handle(args, client, repo: str, event, decision) -> int:
    """Hand the request to the one flow of a GitHub event (``adapters.github.save_and_confirm``)."""
    number = decision.number
    settings = settings_for(args)
    branch = event_repository(event).get("default_branch") or "main"
    saving = Saving(args.push, branch, _trailer(number), _created_at(event), settings.root, args.rebuild)
    change = _NewFromIssue(decision, settings, read_today(settings, args.today), branch)
    settled = save_and_confirm(Issue(client, repo, number, decision.author), saving, change)
    if settled.failed:
        return EXIT_PROBLEMS
    if settled.ignored or settled.refused:  # the issue's own text is what failed (or it is there already)
        return EXIT_OK
    created = settled.outcome
    if created is not None and created.changed is None:
        print(f"error: nothing was saved: {created.refused}", file=sys.stderr)
        return EXIT_PROBLEMS
    if created is not None:
        print(f"added {created.result.shown} from #{number}; pushed {(settled.pushed or '')[:12]} to {branch}")
    return EXIT_OK


class _NewFromIssue:
    """A `New:` issue as the flow's ``Change``: read the request, make the file, say what happened."""

    def __init__(self, decision, settings, today, branch: str):
        self.decision, self.settings, self.today, self.branch = decision, settings, today, branch
        self.new = None  # the NewOpportunity, once the request is read

    def handled(self, answers):
        return f"#{self.decision.number} was handled already" if answered(answers, created_only=True) else None

    def answer_earlier(self, earlier):
        files = ", ".join(f"`{f}`" for f in earlier.files) or "the file"
        return Answer(f"Added {files} on `{self.branch}`: {earlier.said()}.", "completed", MARKER)

    def refusal(self):
        request = self.decision.request
        if request.problem:
            return _failed(f"{request.problem}. Edit this issue and I will read it again.")
        try:
            company, role, extras = _fields(request)
        except PostingError as exc:
            return _failed(f"{exc}.")
        already = _in_pipeline(self.settings, company, role, extras.get("url"))
        if already:
            return Answer(f"Nothing was added: {already}.", "not_planned", MARKER)
        self.new = NewOpportunity(company, role, **extras)
        return None

    def edit(self) -> Created:
        settings = self.settings
        try:
            result = new_opportunity(settings.pipeline_path, settings.root, self.new, self.today)
        except EditError as exc:
            return Created(refused=str(exc))
        opp_id = result.path.relative_to(settings.pipeline_path).with_suffix("").as_posix()
        return Created(result.path, f"{opp_id}: new opportunity (from issue #{self.decision.number})", result)

    def not_saved(self, why: str):
        return _failed(f"{why}. Re-run the workflow once that is fixed.")

    def saved_what(self, created: Created) -> str:
        return created.result.shown if created.changed is not None else "The new opportunity"

    def answer(self, created: Created):
        if created.changed is None:
            return _failed(f"{created.refused}.")
        return Answer(_added_text(self.settings, created.result, self.today, self.branch), "completed", MARKER)


def _trailer(number: int) -> str:
    return f"Issue: #{number}"


def _created_at(event) -> str | None:
    issue = event.get("issue") if isinstance(event.get("issue"), dict) else {}
    created = issue.get("created_at")
    return created if isinstance(created, str) and created[:4].isdigit() else None


def _fields(request) -> tuple[str, str, dict]:
    """(company, role, keyword extras for new_opportunity): the link read as `new --url` reads it."""
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
    if not settings.pipeline_path.is_dir():
        return None
    found = same_job(load_pipeline(settings.pipeline_path, base=settings.root).opportunities, company, role, url)
    return f"`{found[0].path}` {found[1]}" if found else None


def _added_text(settings, result, today, branch: str) -> str:
    opp = result.opp
    where = dashboard_url(settings, opp.id, link_namer(settings))
    link = f" — [on the dashboard]({where})" if where else " (set `site_url` in mkdocs.yml to link the dashboard here)"
    shown = result.path.relative_to(settings.root).as_posix()
    return (f"Added `{shown}` on `{branch}`: {md(opp.company)} — {md(opp.role)}{link}.\n\n"
            f"{md(followup_text(opp, settings, today))}.")


def _failed(why: str):
    """Nothing was saved, and why; marked: the issue's own text is what failed, and an edit of the
    issue starts a new run anyway."""
    return Answer(f"Nothing was saved: {md(why)} This issue stays open.", marker=MARKER)
