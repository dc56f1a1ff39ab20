"""Table tests (bedevere-style) of the two pure decisions: what a comment asks for
(``comments.decide``) and what `remind` does to each issue (``reminder_plan.plan``)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from generator.adapters.github.comment_actions import Kind, decide
from generator.adapters.message_templates import drafter_for
from generator.adapters.mkdocs_config import load_settings
from generator.adapters.opportunity_files import load_pipeline
from generator.core.github.reminder_plan import Do, Writer, marker, plan

from .samples import ACME_TITLE, GLOBEX_TITLE, TODAY, write_samples

EVENT = json.loads((Path(__file__).parent / "events" / "issue_comment.json").read_text(encoding="utf-8"))
BOT = ("github-actions[bot]",)


def event(text="/done", association="OWNER", action="created", **issue) -> dict:
    e = copy.deepcopy(EVENT)
    e["action"] = action
    e["comment"].update(body=text, author_association=association)
    e["issue"].update(issue)
    return e


@pytest.mark.parametrize(
    "given, kind, expected",
    [
        (event("/done Sent it"), Kind.DONE, {"note": "Sent it", "opp_id": "acme/backend", "comment_id": 900}),
        (event("  \n/DONE"), Kind.DONE, {"note": None}),
        (event("/replied They called"), Kind.REPLIED, {"note": "They called"}),
        (event("/snooze 5"), Kind.SNOOZE, {"days": 5}),
        # one snooze rule for both forms (finding: `+5` worked in the CLI, not here)
        (event("/snooze +5"), Kind.SNOOZE, {"days": 5, "when": "+5"}),
        (event("/snooze 2026-12-01"), Kind.SNOOZE, {"when": "2026-12-01"}),
        (event("/snooze 4000"), Kind.SNOOZE, {"days": 4000}),  # the range is the edit's rule
        (
            event("/snooze soon"),
            Kind.HELP,
            {"why": "`/snooze` takes a number of days from 1 to 3650, like `/snooze 3`, or a date, like "
                    "`/snooze 2026-12-01`"},
        ),
        (event("/log Call Talked"), Kind.LOG, {"log_type": "call", "note": "Talked"}),
        (event("/log"), Kind.HELP, {}),
        (event("/close Rejected no"), Kind.CLOSE, {"outcome": "rejected", "note": "no"}),
        (event("/note"), Kind.HELP, {}),
        (event("/note March"), Kind.NOTE, {"note": "March"}),
        (event("/frob"), Kind.HELP, {"why": "I don't know the command /frob."}),
        (event("thanks\n/done"), Kind.IGNORE, {"why": "the comment is not a command"}),
        (event("/done", action="edited"), Kind.IGNORE, {"why": "the comment was edited, not created"}),
        (event("/done", "CONTRIBUTOR"), Kind.IGNORE, {"why": "octo (CONTRIBUTOR) may not run commands here"}),
        (event("/done", "NONE"), Kind.IGNORE, {}),
        (event("/done", pull_request={"url": "x"}), Kind.IGNORE, {"why": "a comment on a pull request"}),
        (event("/done", body="no marker"), Kind.IGNORE, {"why": "#1 is not a reminder issue"}),
        (
            event("/done", body="text\n<!-- follow-through:id=acme -->"),
            Kind.IGNORE,
            {"why": "#1 is not a reminder issue"},
        ),
        (
            event("/done", user={"login": "mallory"}),
            Kind.IGNORE,
            {"why": "#1 was not opened by the automation (github-actions[bot])"},
        ),
        (event("/done", labels=[]), Kind.DONE, {}),  # the label is not what makes it ours
        (event("/done", labels=[{"name": "to-do"}]), Kind.DONE, {}),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_decide(given, kind, expected):
    decision = decide(given, BOT)
    assert decision.kind is kind, decision.why
    for name, value in expected.items():
        assert getattr(decision, name) == value, name


@pytest.fixture
def world(repo):
    """(the samples' pipeline, settings, today): acme due today, globex overdue, initech not due."""
    write_samples(repo)
    settings = load_settings(repo.root / "mkdocs.yml")
    today = dt.date.fromisoformat(TODAY)
    return load_pipeline(settings.pipeline_path, today), settings, today


def issue(number, opp_id, title="t", state="open", login="github-actions[bot]", labels=("follow-up",), body=None):
    return {
        "number": number,
        "title": title,
        "state": state,
        "user": {"login": login},
        "labels": [{"name": n} for n in labels],
        "body": body if body is not None else marker(opp_id) + "\nx",
    }


@pytest.mark.parametrize(
    "issues, expected",
    [
        ([], {(Do.CREATE, "acme/backend", None), (Do.CREATE, "globex", None)}),
        # an open issue of ours with an old body: updated; a duplicate: closed into the oldest
        (
            [issue(1, "globex"), issue(2, "globex")],
            {(Do.CREATE, "acme/backend", None), (Do.UPDATE, "globex", 1), (Do.CLOSE, "globex", 2)},
        ),
        # not due any more: closed with a why
        (
            [issue(5, "initech")],
            {(Do.CREATE, "acme/backend", None), (Do.CREATE, "globex", None), (Do.CLOSE, "initech", 5)},
        ),
        # the file is gone: closed
        ([issue(6, "gone")], {(Do.CREATE, "acme/backend", None), (Do.CREATE, "globex", None), (Do.CLOSE, "gone", 6)}),
        # someone else's issue with our marker, a pull request, a marker not at the top: never in the plan
        (
            [
                issue(7, "globex", login="mallory"),
                dict(issue(8, "globex"), pull_request={}),
                issue(9, "globex", body="hi\n" + marker("globex")),
            ],
            {(Do.CREATE, "acme/backend", None), (Do.CREATE, "globex", None)},
        ),
        # closed by hand for this due date: stays closed
        (
            [issue(10, "globex", title=GLOBEX_TITLE, state="closed")],
            {(Do.CREATE, "acme/backend", None), (Do.STAY_CLOSED, "globex", 10)},
        ),
    ],
    ids=["nothing-yet", "update-and-duplicate", "no-longer-due", "file-gone", "not-ours", "closed-by-hand"],
)
def test_plan(world, issues, expected):
    pipeline, settings, today = world
    assert {
        (a.kind, a.opp_id, a.number)
        for a in plan(pipeline, issues, settings, today, BOT, Writer(drafter_for(settings, today)))
    } == expected


def test_plan_relabels_a_reminder_that_lost_its_label(world):
    pipeline, settings, today = world
    first = {a.opp_id: a for a in plan(pipeline, [], settings, today, BOT, Writer(drafter_for(settings, today)))}
    current = [dict(issue(1, "acme/backend", title=ACME_TITLE, labels=()), body=first["acme/backend"].body)]
    [acme] = [
        a
        for a in plan(pipeline, current, settings, today, BOT, Writer(drafter_for(settings, today)))
        if a.opp_id == "acme/backend"
    ]
    assert (acme.kind, acme.relabel, acme.edit, acme.why) == (Do.UPDATE, True, False, "label")
    current[0]["labels"] = [{"name": "follow-up"}]
    writer = Writer(drafter_for(settings, today))
    [acme] = [a for a in plan(pipeline, current, settings, today, BOT, writer) if a.opp_id == "acme/backend"]
    assert acme.kind is Do.KEEP
