"""Reminder issues, the I/O part: list our issues, plan, then create/update/close.

Issues are found by listing the repository's open issues with the label (the
search API lags behind new issues and would open duplicates). ``--dry-run``
lists and plans, prints the plan, and sends no write.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import urllib.parse

from .client import GitHub, GitHubError, ServerError
from .reminders import LABEL, LABEL_COLOR, LABEL_DESCRIPTION, Action, marked_id, plan

REPO_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")


def check_repo(repo: str | None) -> str:
    if not repo:
        raise GitHubError("say which repository: --repo OWNER/NAME (in a workflow: --repo \"$GITHUB_REPOSITORY\")")
    if not REPO_RE.match(repo) or repo.endswith((".git", "/.", "/..")):
        raise GitHubError(f"--repo: '{repo}' is not OWNER/NAME (like octocat/job-search)")
    return repo


def list_marked_issues(client: GitHub, repo: str) -> list[dict]:
    """Every open issue with the label (all pages); the plan keeps only those with our marker."""
    return list(client.paginate(f"/repos/{repo}/issues", {"labels": LABEL, "state": "open"}))


def ensure_label(client: GitHub, repo: str, out=sys.stdout) -> bool:
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
    """POST the issue; after a 5xx, look before retrying, so a half-failed create never doubles."""

    def created():
        return next((i for i in list_marked_issues(client, repo)
                     if marked_id(i.get("body")) == action.opp_id and i.get("pull_request") is None), None)

    return client.post(f"/repos/{repo}/issues", {"title": action.title, "body": action.body, "labels": [LABEL]},
                       lookup=created)


def _close(client: GitHub, repo: str, action: Action) -> None:
    client.post(f"/repos/{repo}/issues/{action.number}/comments", {"body": action.comment})
    client.patch(f"/repos/{repo}/issues/{action.number}", {"state": "closed", "state_reason": action.state_reason})


def sync(client: GitHub, repo: str, pipeline, settings, today: dt.date, dry_run: bool = False, out=sys.stdout) -> dict:
    """List, plan, act; prints one line per action; returns the counts."""
    issues = list_marked_issues(client, repo)
    actions = plan(pipeline, issues, settings, today)
    counts = {"create": 0, "update": 0, "keep": 0, "close": 0, "leave": 0}
    verb = {
        "create": "would create" if dry_run else "created",
        "update": "would update" if dry_run else "updated",
        "keep": "unchanged",
        "close": "would close" if dry_run else "closed",
        "leave": "left open",
    }
    if any(a.kind == "create" for a in actions):
        if dry_run:
            pass
        elif ensure_label(client, repo):
            print(f"created the label '{LABEL}'", file=out)
    failed = 0
    for action in actions:
        number = action.number
        if not dry_run:
            try:
                if action.kind == "create":
                    number = _create(client, repo, action).get("number")
                elif action.kind == "update":
                    client.patch(f"/repos/{repo}/issues/{action.number}", {"title": action.title, "body": action.body})
                elif action.kind == "close":
                    _close(client, repo, action)
            except GitHubError as exc:
                if exc.status in (401, 403) or isinstance(exc, ServerError):
                    raise  # the token or GitHub itself: the next action would fail the same way
                failed += 1
                ref = f"#{number}" if number is not None else "a new issue"
                print(f"error: could not {action.kind} {ref} ({action.opp_id}): {exc}", file=sys.stderr)
                continue
        counts[action.kind] += 1
        ref = f"#{number}" if number is not None else "new issue"
        if action.kind in ("create", "update", "keep"):
            line = f"{verb[action.kind]} {ref}: {action.title}"
            if action.kind == "update":
                line += f" ({action.why})"
        else:
            line = f"{verb[action.kind]} {ref} ({action.opp_id}): {action.why}"
        print(line, file=out)
    summary = (
        f"{repo}: {counts['create']} {'to create' if dry_run else 'created'}, "
        f"{counts['update']} {'to update' if dry_run else 'updated'}, "
        f"{counts['close']} {'to close' if dry_run else 'closed'}, {counts['keep']} unchanged"
        + (f", {counts['leave']} left open (file errors)" if counts["leave"] else "")
        + (f", {failed} failed" if failed else "")
    )
    print(summary, file=out)
    if dry_run:
        print("dry run: nothing was written to GitHub", file=out)
    counts["failed"] = failed
    return counts
