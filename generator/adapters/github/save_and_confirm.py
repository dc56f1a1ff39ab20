"""Save → push → close → answer → rebuild: the one flow of a change asked for on GitHub.

Comment commands (`comment`) and `New:` issues (`from-issue`) parse their event and hand this
runner the change (a ``Change``: how to make the edit and what to answer). In order:

0. **Who asked, and was it answered**: only an author GitHub says may write to the repository
   (write or admin; their ``author_association`` alone does not say so), and only once: an answer
   the automation wrote (nobody else's copy of its marker) means an earlier run did it all.
1. **Found saved**: an earlier run may have pushed this very change already (its close or answer
   failed): the commit's trailer (``Comment: URL``, ``Issue: #N``) finds it in the branch's
   history. Nothing is applied twice; the re-run finishes what was left, the rebuild included.
2. **Refused**: the change says why it will not be made (the issue's text is wrong, the job is
   in the pipeline already): answered, nothing saved.
3. **Save**: the edit is applied, committed and pushed (``gitpush.push_edit``, again on a newer
   tip when the branch moved). A push that fails is answered "Nothing was saved" and stops.
4. **Close, then answer**: the answer says only what has happened ("Closed this issue." once it
   is). The answer comes after the close, so an answer found by a re-run (the automation's, with
   the hidden marker) means the change, the close and the answer are done.
5. **Rebuild**: a push made with the workflow's token starts no workflow, so the dashboard's
   build is dispatched: after a push, and on a re-run that finds the change saved (the run that
   pushed it failed before its dispatch).

Every POST is looked up before it is retried after a 5xx (``client.post``).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from generator.adapters.github.client import GitHubError, automation_logins
from generator.adapters.github.gitpush import Git, GitError, Saved, push_edit
from generator.adapters.github.workflow_event import may_write, start_workflow
from generator.core.github.confirmation import Answer, Earlier, saved_but_unanswered
from generator.core.github.reminder_plan import by_automation, defang, md


@dataclass(frozen=True)
class Issue:
    """The issue the event is about: where the answer goes, and who asked."""

    client: object
    repo: str
    number: int
    author: str | None = None


@dataclass(frozen=True)
class Saving:
    """Where the change is saved: ``remote``'s ``branch`` (None: only the working copy, a local run),
    the commit's trailer that finds it again, and the workflow to start after a push."""

    remote: str | None
    branch: str
    trailer: str = ""
    since: str | None = None  # the comment's or issue's creation time: how deep to look for the trailer
    root: Path = Path(".")
    rebuild: str | None = None


class Change(Protocol):
    """What one event asks for; the runner calls these in order."""

    def handled(self, answers: list[dict]) -> str | None: ...  # why an earlier run's answer means done
    def answer_earlier(self, earlier: Earlier) -> Answer: ...  # a re-run found it saved
    def refusal(self) -> Answer | None: ...  # why not to make it at all (None: go on)
    def edit(self): ...  # make it in the working copy: an outcome with `changed` and `commit_message`
    def not_saved(self, why: str) -> Answer: ...  # the push failed
    def answer(self, outcome) -> Answer | None: ...  # made (or found unneeded): what to say
    def saved_what(self, outcome) -> str: ...  # what was saved, for an error after the push


@dataclass(frozen=True, kw_only=True)
class Settled:
    """What the run did: ignored (why), refused, not saved (``failed``), made (``outcome``, ``pushed``), or found."""

    ignored: str | None = None
    outcome: object = None
    pushed: str | None = None
    earlier: Earlier | None = None
    refused: Answer | None = None
    failed: str | None = None


def save_and_confirm(issue: Issue, saving: Saving, change: Change) -> Settled:
    """The whole flow (see the module's docstring); GitHubError when the close or answer fails."""
    ignored = _not_to_act(issue, change)
    if ignored:
        print(f"ignored: {ignored}")
        return Settled(ignored=ignored)
    earlier = _found_saved(saving)
    if earlier:
        print(f"#{issue.number}: {earlier.said()}")
        finish(issue, change.answer_earlier(earlier))
        _rebuild(issue, saving)
        return Settled(earlier=earlier)
    refused = change.refusal()
    if refused:
        finish(issue, refused)
        return Settled(refused=refused)
    saved = _save(saving, change)
    if saved.failed:
        finish(issue, change.not_saved(saved.failed))  # unmarked or not: the change says
        print(f"error: nothing was saved: {saved.failed}", file=sys.stderr)
        return Settled(outcome=saved.outcome, failed=saved.failed)
    answer = change.answer(saved.outcome)
    if answer:
        try:
            finish(issue, answer)
        except GitHubError as exc:
            if saved.pushed:  # saved: say so, and what a re-run will do
                raise GitHubError(saved_but_unanswered(
                    change.saved_what(saved.outcome), str(exc), (saved.pushed, saving.branch), issue.number
                )) from None
            raise
    if saved.pushed:
        _rebuild(issue, saving)
    return Settled(outcome=saved.outcome, pushed=saved.pushed)


def _not_to_act(issue: Issue, change: Change) -> str | None:
    """Why not to act on this event at all (None: go on): the author may not write, or it was answered.
    Comments that cannot be read count as not answered (the trailer still finds a saved change)."""
    if not may_write(issue.client, issue.repo, issue.author):
        return f"{issue.author or 'the author'} has no write access to {issue.repo}"
    try:
        found = answers(issue.client, issue.repo, issue.number, automation_logins())
    except GitHubError as exc:
        if exc.status in (401, 403):
            raise
        print(f"warning: could not read the issue's comments ({exc}); going ahead", file=sys.stderr)
        return None
    return change.handled(found)


def _git(saving: Saving) -> Git:
    return Git(saving.root, token=os.environ.get("GITHUB_TOKEN"))


def _found_saved(saving: Saving) -> Earlier | None:
    """The commit an earlier run pushed for this change (None when there is none, or no push)."""
    if not saving.remote or not saving.trailer:
        return None
    try:
        return earlier_commit(_git(saving), saving.remote, saving.branch, saving.trailer, saving.since)
    except GitError:
        return None


def _save(saving: Saving, change: Change) -> Saved:
    """Made in the working copy (a local run), or made, committed and pushed."""
    if not saving.remote:
        return Saved(change.edit())
    try:
        saved = push_edit(_git(saving), saving.remote, saving.branch, change.edit, trailer=saving.trailer)
    except GitError as exc:
        return Saved(None, failed=str(exc))
    if saved.pushed:
        attempt = f" (attempt {saved.attempts})" if saved.attempts > 1 else ""
        print(f"pushed {saved.pushed[:12]} to {saving.branch}{attempt}")
    return saved


def _rebuild(issue: Issue, saving: Saving) -> None:
    if saving.rebuild and saving.remote:
        start_workflow(issue.client, issue.repo, saving.rebuild, saving.branch)


def finish(issue: Issue, answer: Answer) -> None:
    """Close (when asked), then answer saying so."""
    path = f"/repos/{issue.repo}/issues/{issue.number}"
    if answer.close:
        issue.client.patch(path, {"state": "closed", "state_reason": answer.close})
        print(f"closed #{issue.number}")
    issue.client.post(f"{path}/comments", {"body": answer_body(answer, closed=bool(answer.close))})
    print(f"answered on #{issue.number}: {answer.text.splitlines()[0]}")


def answer_body(answer: Answer, closed: bool) -> str:
    """The comment's text: what happened ("Closed this issue." once it is); user text carries no marker."""
    text = answer.text + (" Closed this issue." if closed else "")
    return defang(text) + (f"\n{answer.marker}" if answer.marker else "")


def not_saved(why: str) -> str:
    """The answer when the push failed: nothing was saved, and a re-run applies the command."""
    return (
        f"Nothing was saved: {md(why)}. This issue stays open; re-run the workflow "
        "(Actions → Comment commands → Re-run jobs) to apply the command again."
    )


def answers(client, repo: str, number: int, automation) -> list[dict]:
    """The comments on an issue that the automation wrote (nobody else's count when read back)."""
    return [c for c in client.paginate(f"/repos/{repo}/issues/{number}/comments") if by_automation(c, automation)]


def earlier_commit(git, remote: str, branch: str, trailer: str, since: str | None = None) -> Earlier | None:
    """The newest commit on the checkout whose message carries ``trailer``; None when there is none.

    A shallow checkout (the workflow's) is first deepened to ``since`` (the comment's or the
    issue's creation time), enough to hold any commit made for it."""
    if not trailer:
        return None
    if git.run("rev-parse", "--is-shallow-repository", check=False).stdout.strip() == "true":
        deepen = [f"--shallow-since={since}"] if since else ["--deepen=200"]
        git.run("fetch", "--quiet", *deepen, remote, branch, check=False)
    log = git.run("log", "-z", "-n50", "--fixed-strings", f"--grep={trailer}", "--format=%h%x09%ct%x09%B", "HEAD",
                  check=False).stdout
    # The whole line: `Issue: #1` must not find the commit of `Issue: #12`.
    found = next((entry.split("\t", 2) for entry in log.split("\0")
                  if entry.count("\t") >= 2 and trailer in entry.split("\t", 2)[2].splitlines()), None)
    if found is None:
        return None
    commit, stamp, _ = found
    when = dt.datetime.fromtimestamp(int(stamp), dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    files = git.run("show", "--name-only", "--format=", commit, check=False).stdout.split()
    return Earlier(commit, when, tuple(files))
