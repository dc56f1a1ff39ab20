"""What every command run by a workflow on a GitHub event does around its own work.

Read the event file, name the repository, confirm with GitHub that the author may
write to it (their ``author_association`` alone does not say so), and after a push
start the dashboard's build. Used by `comment` and `from-issue`.
"""

from __future__ import annotations

import os
import sys
import urllib.parse

from generator.adapters.github.client import GitHubError
from generator.adapters.github.comment_actions import MalformedEvent, load_event
from generator.adapters.github.reminder_sync import check_repo

WRITE_PERMISSIONS = ("admin", "write")


class NoEvent(MalformedEvent):
    """Neither --event nor GITHUB_EVENT_PATH names an event file (exit 2: a usage mistake)."""

    exit_code = 2


def read_event(path: str | None) -> dict:
    """The event at ``path`` or $GITHUB_EVENT_PATH: NoEvent when there is none, MalformedEvent when unreadable."""
    path = path or os.environ.get("GITHUB_EVENT_PATH")
    if not path:
        raise NoEvent("no event: set GITHUB_EVENT_PATH (GitHub Actions does) or pass --event PATH")
    return load_event(path)


def event_repository(event) -> dict:
    """The event's `repository` object ({} when it has none)."""
    return event.get("repository") if isinstance(event.get("repository"), dict) else {}


def repository_of(given: str | None, event) -> str:
    """OWNER/NAME: the one given (--repo), else the event's, else $GITHUB_REPOSITORY; checked."""
    return check_repo(given or event_repository(event).get("full_name") or os.environ.get("GITHUB_REPOSITORY"))


def may_write(client, repo: str, login: str | None) -> bool:
    """Does GitHub say ``login`` has write (or admin) permission on ``repo``? MEMBER of an organisation does not."""
    if not login:
        return False
    try:
        answer = client.get(f"/repos/{repo}/collaborators/{urllib.parse.quote(login, safe='')}/permission")
    except GitHubError as exc:
        if exc.status == 404:  # not a collaborator
            return False
        raise
    return isinstance(answer, dict) and answer.get("permission") in WRITE_PERMISSIONS


DISPATCH_INPUT = "dispatch-id"  # publish.yml's input, shown in its run's name (`run-name:`)


def start_workflow(client, repo: str, workflow: str, branch: str) -> None:
    """A push made with the workflow's token starts no workflow: start the dashboard's build.

    The dispatch carries an id of its own, which the workflow shows in its run's name: after a 5xx
    the client finds this run by it, never another run's (``GitHub.post``). A workflow that does
    not declare the input (an older publish.yml) is started without it."""
    path = f"/repos/{repo}/actions/workflows/{urllib.parse.quote(workflow, safe='')}/dispatches"
    try:
        try:
            client.post(path, {"ref": branch, "inputs": {DISPATCH_INPUT: os.urandom(8).hex()}})
        except GitHubError as exc:
            if exc.status != 422 or "nexpected input" not in str(exc):
                raise
            client.post(path, {"ref": branch})
        print(f"started {workflow} on {branch}")
    except GitHubError as exc:
        print(f"warning: could not start {workflow} ({exc}); the next daily build shows the change", file=sys.stderr)
