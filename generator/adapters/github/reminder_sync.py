"""Reminder issues, the I/O part: list our issues, plan, then create/update/close.

Issues are found by listing the repository's issues, open and closed, and keeping
those the automation opened with our marker, whatever their label now is (the
search API lags behind new issues and would open duplicates). ``--dry-run`` lists
and plans, prints the plan, and sends no write.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import urllib.parse

from generator.adapters.github.client import GitHub, GitHubError, ServerError, automation_logins
from generator.adapters.message_templates import drafter_for
from generator.core.github.reminder_plan import (
    LABEL,
    LABEL_COLOR,
    LABEL_DESCRIPTION,
    Action,
    Do,
    Writer,
    plan,
)

REPO_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")


def check_repo(repo: str | None) -> str:
    if not repo:
        raise GitHubError("say which repository: --repo OWNER/NAME (in a workflow: --repo \"$GITHUB_REPOSITORY\")")
    if not REPO_RE.match(repo) or repo.endswith((".git", "/.", "/..")):
        raise GitHubError(f"--repo: '{repo}' is not OWNER/NAME (like octocat/job-search)")
    return repo


def list_issues(client: GitHub, repo: str) -> list[dict]:
    """Every issue, open and closed (all pages); the plan keeps the automation's, with our marker."""
    return list(client.paginate(f"/repos/{repo}/issues", {"state": "all"}))


def ensure_label(client: GitHub, repo: str, out=None) -> bool:
    """Create the label when missing; True when it was created.

    Permission errors stop the run; anything else is only a warning, because
    GitHub also creates a missing label with the first issue that names it.
    """
    try:
        client.get(f"/repos/{repo}/labels/{urllib.parse.quote(LABEL)}")
        return False
    except GitHubError as exc:
        if exc.status in (401, 403):
            raise
    try:
        client.post(f"/repos/{repo}/labels", {"name": LABEL, "color": LABEL_COLOR, "description": LABEL_DESCRIPTION})
    except GitHubError as exc:
        if exc.status in (401, 403):
            raise
        if exc.status != 422:  # 422: it exists already
            print(f"warning: could not create the label '{LABEL}' ({exc}); the first issue creates it", file=sys.stderr)
        return False
    return True


def _create(client: GitHub, repo: str, action: Action) -> dict:
    """POST the issue (after a 5xx the client looks for it before retrying: a create never doubles)."""
    return client.post(f"/repos/{repo}/issues", {"title": action.title, "body": action.body, "labels": [LABEL]})


def _close(client: GitHub, repo: str, action: Action) -> None:
    """Close, then say why: a close that fails leaves no comment behind, so the next run's
    close does not say it a second time."""
    change = {"state": "closed", "state_reason": action.state_reason}
    if action.retitle:
        change["title"] = action.retitle
    client.patch(f"/repos/{repo}/issues/{action.number}", change)
    client.post(f"/repos/{repo}/issues/{action.number}/comments", {"body": action.comment})


VERBS = {
    Do.CREATE: ("would create", "created"),
    Do.UPDATE: ("would update", "updated"),
    Do.KEEP: ("unchanged", "unchanged"),
    Do.CLOSE: ("would close", "closed"),
    Do.LEAVE: ("left open", "left open"),
    Do.STAY_CLOSED: ("left closed", "left closed"),
}


def _act(client: GitHub, repo: str, action: Action) -> int | None:
    """Send one action; the issue's number."""
    if action.kind is Do.CREATE:
        return _create(client, repo, action).get("number")
    if action.kind is Do.UPDATE:
        if action.edit:
            client.patch(f"/repos/{repo}/issues/{action.number}", {"title": action.title, "body": action.body})
        if action.relabel:  # renamed or removed: found by its marker and author, and labelled again
            client.post(f"/repos/{repo}/issues/{action.number}/labels", {"labels": [LABEL]})
    elif action.kind is Do.CLOSE:
        _close(client, repo, action)
    return action.number


def _line(action: Action, number, dry_run: bool) -> str:
    verb = VERBS[action.kind][0 if dry_run else 1]
    ref = f"#{number}" if number is not None else "new issue"
    if action.kind in (Do.CREATE, Do.UPDATE, Do.KEEP):
        return f"{verb} {ref}: {action.title}" + (f" ({action.why})" if action.kind is Do.UPDATE else "")
    return f"{verb} {ref} ({action.opp_id}): {action.why}"


def _summary(repo: str, counts: dict, failed: int, dry_run: bool) -> str:
    return (
        f"{repo}: {counts[Do.CREATE]} {'to create' if dry_run else 'created'}, "
        f"{counts[Do.UPDATE]} {'to update' if dry_run else 'updated'}, "
        f"{counts[Do.CLOSE]} {'to close' if dry_run else 'closed'}, {counts[Do.KEEP]} unchanged"
        + (f", {counts[Do.LEAVE]} left open (file errors)" if counts[Do.LEAVE] else "")
        + (f", {counts[Do.STAY_CLOSED]} left closed (closed on GitHub)" if counts[Do.STAY_CLOSED] else "")
        + (f", {failed} failed" if failed else "")
    )


def sync(client: GitHub, repo: str, pipeline, settings, today: dt.date, dry_run: bool = False) -> dict:
    """List, plan, act; prints one line per action; returns the counts (by action kind's value)."""
    out = sys.stdout  # looked up now, not when the module was imported (tests redirect it)

    # Imported here: the sealing crypto (cryptography, about 10 ms of start-up) is not for keep-alive, which
    # imports this module for check_repo.
    from generator.adapters.sealed_site import link_namer

    drafter = drafter_for(settings, today)  # the same text as the site's and `draft`'s
    writer = Writer(drafter, link_namer(settings))
    actions = plan(pipeline, list_issues(client, repo), settings, today, automation_logins(), writer)
    for problem in dict.fromkeys(str(p) for p in drafter.problems):  # as the site lists them; once each
        print(problem, file=sys.stderr)
    counts = dict.fromkeys(Do, 0)
    if not dry_run and any(a.kind is Do.CREATE or a.relabel for a in actions) and ensure_label(client, repo):
        print(f"created the label '{LABEL}'", file=out)
    failed = 0
    for action in actions:
        number = action.number
        if not dry_run:
            try:
                number = _act(client, repo, action)
            except GitHubError as exc:
                if exc.status in (401, 403) or isinstance(exc, ServerError):
                    raise  # the token or GitHub itself: the next action would fail the same way
                failed += 1
                ref = f"#{number}" if number is not None else "a new issue"
                print(f"error: could not {action.kind.value} {ref} ({action.opp_id}): {exc}", file=sys.stderr)
                continue
        counts[action.kind] += 1
        print(_line(action, number, dry_run), file=out)
    print(_summary(repo, counts, failed, dry_run), file=out)
    if dry_run:
        print("dry run: nothing was written to GitHub", file=out)
    return {**{kind.value: n for kind, n in counts.items()}, "failed": failed}
