"""A comment command as GitHub Actions hands it over: the event file, then `comment` run on it."""

from __future__ import annotations

import copy
import difflib
import functools
import json
from pathlib import Path

from . import inprocess
from .samples import TODAY

EVENT = json.loads((Path(__file__).parent / "events" / "issue_comment.json").read_text(encoding="utf-8"))


def event_for(github, number: int, body: str, association: str = "OWNER", **changes) -> dict:
    event = copy.deepcopy(EVENT)
    issue = github.issues[number]
    event["issue"].update(number=number, title=issue["title"], body=issue["body"])
    event["comment"].update(body=body, author_association=association)
    for key, value in changes.items():
        event[key] = value
    return event


def comment(project, github, event, tmp_path, raw: str | None = None, args=(), subprocess: bool = False, env=None):
    path = tmp_path / "event.json"
    path.write_text(raw if raw is not None else json.dumps(event), encoding="utf-8")
    output = tmp_path / "github_output"
    output.write_text("")
    env = github.env(
        GITHUB_EVENT_PATH=str(path), GITHUB_OUTPUT=str(output), GITHUB_REPOSITORY=github.repo, **(env or {})
    )
    runner = project.run if subprocess else functools.partial(inprocess.run, project)
    result = runner("comment", "--today", TODAY, *args, env=env)
    result.outputs = output.read_text()
    return result


def diff(before: str, after: str) -> tuple[list[str], list[str]]:
    added, removed = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("+ "):
            added.append(line[2:])
        elif line.startswith("- "):
            removed.append(line[2:])
    return added, removed
