"""Comment commands are saved before they are confirmed: a local bare repository as `origin`,
a pre-receive hook that refuses, a concurrent commit to the same file, and the stand-in GitHub."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.gitkit import git

from . import inprocess
from .comment_events import comment, event_for
from .fake_github import workflow_as_shipped
from .samples import ACME_TITLE, GLOBEX_TITLE, TODAY, write_samples

ENTRY = "  - {date: 2026-11-25, type: thank-you, with: Raj Patel, note: Sent a short thank-you}"
ACME_FILE = "pipeline/acme/backend.yml"
PUBLISH_YML = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "publish.yml"


def publish_workflow(github) -> None:
    """publish.yml as the repository ships it: its dispatch input and its run-name."""
    github.workflows["publish.yml"] = workflow_as_shipped(PUBLISH_YML)


def dispatched(github) -> list[tuple[str, str]]:
    return [(name, body["ref"]) for name, body in github.dispatches]


@pytest.fixture
def origin(repo, github, tmp_path):
    """The project as a clone of a bare `origin` (as the workflow's checkout is), with the reminder issues open."""
    write_samples(repo)
    assert inprocess.run(repo, "remind", "--repo", github.repo, "--today", TODAY, env=github.env()).returncode == 0
    github.requests.clear()
    git(repo.root, "init", "--quiet", "--initial-branch", "main")
    git(repo.root, "add", ".")
    git(repo.root, "commit", "--quiet", "-m", "start")
    bare = tmp_path / "origin.git"
    git(tmp_path, "clone", "--quiet", "--bare", str(repo.root), str(bare))
    git(repo.root, "remote", "add", "origin", str(bare))
    git(repo.root, "fetch", "--quiet", "origin")
    return bare


def on_origin(bare: Path, path: str = ACME_FILE) -> str:
    return git(bare, "show", f"main:{path}")


def refuse_pushes(bare: Path, message: str = "protected branch hook declined: changes must go through a pull request"):
    hook = bare / "hooks" / "pre-receive"
    hook.write_text(f"#!/bin/sh\necho '{message}' >&2\nexit 1\n")
    hook.chmod(0o755)
    return hook


def commit_elsewhere(bare: Path, tmp_path: Path, path: str, change) -> None:
    """Someone edits the same file on GitHub's web editor meanwhile."""
    other = tmp_path / "web-edit"
    git(tmp_path, "clone", "--quiet", str(bare), str(other))
    target = other / path
    target.write_text(change(target.read_text(encoding="utf-8")), encoding="utf-8")
    git(other, "commit", "--quiet", "-am", "Edit on the web")
    git(other, "push", "--quiet", "origin", "HEAD:main")


def push_comment(repo, github, event, tmp_path):
    return comment(repo, github, event, tmp_path, args=("--push", "origin", "--rebuild", "publish.yml"))


def test_done_is_pushed_then_confirmed(repo, github, origin, tmp_path):
    publish_workflow(github)
    number = next(n for n, i in github.issues.items() if i["title"] == ACME_TITLE)
    result = push_comment(repo, github, event_for(github, number, "/done Sent a short thank-you"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert ENTRY in on_origin(origin).splitlines()
    message = git(origin, "log", "-1", "--format=%B", "main")
    assert message.startswith(f"acme/backend: log thank-you (/done on #{number})")
    assert "Comment: https://github.com/octo/jobs/issues/1#issuecomment-900" in message
    assert git(origin, "log", "-1", "--format=%an", "main").strip() == "github-actions[bot]"
    assert github.comments[number][-1]["body"].startswith("Logged `thank-you` with Raj Patel")
    assert github.issues[number]["state"] == "closed"
    assert dispatched(github) == [("publish.yml", "main")]


def test_a_refused_push_confirms_nothing_and_a_rerun_applies_it(repo, github, origin, tmp_path):
    number = next(n for n, i in github.issues.items() if i["title"] == ACME_TITLE)
    hook = refuse_pushes(origin)
    event = event_for(github, number, "/done Sent a short thank-you")
    result = push_comment(repo, github, event, tmp_path)
    assert result.returncode == 1
    [answer] = github.comments[number]
    assert answer["body"].startswith("Nothing was saved: the push to main was refused: "
                                     "protected branch hook declined: changes must go through a pull request.")
    assert "reply-to" not in answer["body"]  # not marked as handled: a re-run applies it
    assert github.issues[number]["state"] == "open"
    assert ENTRY not in on_origin(origin)
    # The owner fixes the branch protection and re-runs the workflow (a fresh checkout).
    hook.unlink()
    git(repo.root, "fetch", "--quiet", "origin")
    git(repo.root, "reset", "--quiet", "--hard", "origin/main")
    result = push_comment(repo, github, event, tmp_path)
    assert result.returncode == 0, result.stderr
    assert on_origin(origin).splitlines().count(ENTRY) == 1
    assert github.comments[number][-1]["body"].startswith("Logged `thank-you`")
    assert github.issues[number]["state"] == "closed"


def test_a_concurrent_edit_to_the_same_file_is_kept_and_the_command_applied_on_top(repo, github, origin, tmp_path):
    number = next(n for n, i in github.issues.items() if i["title"] == ACME_TITLE)
    commit_elsewhere(origin, tmp_path, ACME_FILE, lambda text: text.replace(
        "  - {date: 2026-11-24, type: interview, with: Raj Patel, channel: video}",
        "  - {date: 2026-11-24, type: interview, with: Raj Patel, channel: video, note: Met the whole team}"))
    result = push_comment(repo, github, event_for(github, number, "/done Sent a short thank-you"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "(attempt 2)" in result.stdout
    lines = on_origin(origin).splitlines()
    assert "note: Met the whole team}" in lines[-2] and lines[-1] == ENTRY
    assert github.issues[number]["state"] == "closed"


def test_the_same_snooze_twice_says_nothing_changed_and_stays_green(repo, github, origin, tmp_path):
    number = next(n for n, i in github.issues.items() if i["title"] == GLOBEX_TITLE)
    first = push_comment(repo, github, event_for(github, number, "/snooze 5"), tmp_path)
    assert first.returncode == 0, first.stderr
    commits = git(origin, "rev-list", "--count", "main")
    event = event_for(github, number, "/snooze 5")
    event["comment"].update(id=901, html_url="https://github.com/octo/jobs/issues/1#issuecomment-901")
    second = push_comment(repo, github, event, tmp_path)
    assert second.returncode == 0, second.stderr
    assert github.comments[number][-1]["body"].startswith("Nothing changed: `next:` is 2026-11-30 already")
    assert git(origin, "rev-list", "--count", "main") == commits


def test_an_answer_stored_despite_a_502_is_not_posted_twice(repo, github, origin, tmp_path):
    number = next(n for n, i in github.issues.items() if i["title"] == ACME_TITLE)
    github.inject(502, method="POST", path=r"/comments$", applied=True)
    result = push_comment(repo, github, event_for(github, number, "/done"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(github.comments[number]) == 1
    assert github.issues[number]["state"] == "closed"


def test_a_close_applied_then_failed_is_retried_and_the_answer_is_true(repo, github, origin, tmp_path):
    number = next(n for n, i in github.issues.items() if i["title"] == ACME_TITLE)
    github.inject(502, method="PATCH", path=rf"/issues/{number}$", applied=True)
    result = push_comment(repo, github, event_for(github, number, "/done Sent a short thank-you"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert ENTRY in on_origin(origin)  # what the answer says is saved
    assert github.issues[number]["state"] == "closed"
    assert len(github.comments[number]) == 1


def test_a_close_that_keeps_failing_is_finished_by_the_rerun(repo, github, origin, tmp_path):
    """Finding: the close PATCH answered 502 five times after the push; the answer already said
    "Closing this issue." while it stayed open, and the re-run said "already handled"."""
    number = next(n for n, i in github.issues.items() if i["title"] == ACME_TITLE)
    github.inject(502, method="PATCH", path=rf"/issues/{number}$", times=100)
    event = event_for(github, number, "/done Sent a short thank-you")
    failed = push_comment(repo, github, event, tmp_path)
    assert failed.returncode == 1
    assert "The command was saved (" in failed.stderr and "re-run the workflow" in failed.stderr
    assert ENTRY in on_origin(origin)  # saved
    assert github.issues[number]["state"] == "open"
    assert not any("Closing" in c["body"] or "Closed" in c["body"] for c in github.comments[number])
    github.faults.clear()
    again = push_comment(repo, github, event, tmp_path)  # re-run of the workflow, same checkout
    assert again.returncode == 0, again.stderr
    assert github.issues[number]["state"] == "closed"
    [answer] = github.comments[number]
    assert answer["body"].startswith("`/done` was already saved in commit ")
    assert "Closed this issue." in answer["body"]
    assert on_origin(origin).splitlines().count(ENTRY) == 1  # applied once


def test_a_rerun_after_a_failed_answer_says_the_command_was_saved_and_when(repo, github, origin, tmp_path):
    """Finding: the re-run said "Nothing changed: the next follow-up is not due until …", hiding
    that the first run had saved the `/done`."""
    number = next(n for n, i in github.issues.items() if i["title"] == ACME_TITLE)
    github.inject(502, method="POST", path=r"/comments$", times=100)
    event = event_for(github, number, "/done Sent a short thank-you")
    assert push_comment(repo, github, event, tmp_path).returncode == 1
    github.faults.clear()
    again = push_comment(repo, github, event, tmp_path)
    assert again.returncode == 0, again.stderr
    [answer] = github.comments[number]
    commit, seconds = git(origin, "log", "-1", "--format=%h %ct", "main").split()
    when = dt.datetime.fromtimestamp(int(seconds), dt.UTC).strftime("%Y-%m-%d %H:%M")
    assert answer["body"].startswith(f"`/done` was already saved in commit {commit} on {when} UTC "
                                     "by an earlier run. Next follow-up: 2026-12-02")
    assert "Nothing changed" not in answer["body"]
    assert on_origin(origin).splitlines().count(ENTRY) == 1


def test_a_dispatch_applied_then_answered_502_is_not_sent_twice(repo, github, origin, tmp_path):
    """Finding: the workflow dispatch doubled after a 5xx (only the answers looked before retrying)."""
    publish_workflow(github)
    number = next(n for n, i in github.issues.items() if i["title"] == ACME_TITLE)
    github.inject(502, method="POST", path=r"/dispatches$", applied=True)
    result = push_comment(repo, github, event_for(github, number, "/done"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert dispatched(github) == [("publish.yml", "main")]


def test_another_runs_dispatch_is_not_taken_for_its_own(repo, github, origin, tmp_path):
    """Finding: the look-up after a 5xx took any run dispatched in the last 120 s for its own, so a
    dispatch that never arrived was not sent again when another run (a second comment) had just
    started the build: the dashboard missed this change."""
    publish_workflow(github)
    number = next(n for n, i in github.issues.items() if i["title"] == ACME_TITLE)
    other = next(n for n, i in github.issues.items() if i["title"] == GLOBEX_TITLE)
    first = push_comment(repo, github, event_for(github, other, "/snooze 5"), tmp_path)
    assert first.returncode == 0, first.stderr
    assert len(github.dispatches) == 1  # another run's dispatch, seconds ago
    github.inject(502, method="POST", path=r"/dispatches$")  # this one never arrives
    event = event_for(github, number, "/done")
    event["comment"].update(id=901, html_url="https://github.com/octo/jobs/issues/1#issuecomment-901")
    result = push_comment(repo, github, event, tmp_path)
    assert result.returncode == 0, result.stderr
    assert dispatched(github) == [("publish.yml", "main")] * 2  # its own was sent again
    [own] = [run for run in github.runs["publish.yml"] if run["id"] == 2]
    assert github.dispatches[1][1]["inputs"]["dispatch-id"] in own["display_title"]


def test_a_rerun_after_a_failed_answer_starts_the_rebuild_it_owes(repo, github, origin, tmp_path):
    """Finding: the first run pushed the `/done`, then its answer failed (before the dispatch); the
    re-run found the commit, answered and closed, but never started the build: the dashboard kept
    showing the follow-up as due until the next daily build."""
    publish_workflow(github)
    number = next(n for n, i in github.issues.items() if i["title"] == ACME_TITLE)
    github.inject(502, method="POST", path=r"/comments$", times=100)
    event = event_for(github, number, "/done Sent a short thank-you")
    assert push_comment(repo, github, event, tmp_path).returncode == 1
    assert ENTRY in on_origin(origin) and github.dispatches == []
    github.faults.clear()
    again = push_comment(repo, github, event, tmp_path)
    assert again.returncode == 0, again.stderr
    assert github.comments[number][-1]["body"].startswith("`/done` was already saved in commit ")
    assert dispatched(github) == [("publish.yml", "main")]
    assert on_origin(origin).splitlines().count(ENTRY) == 1


def test_an_earlier_commit_is_found_by_its_whole_trailer_line(tmp_path):
    """`Issue: #1` must not take the commit of `Issue: #12` for its own."""
    from generator.adapters.github.gitpush import Git
    from generator.adapters.github.save_and_confirm import earlier_commit

    git(tmp_path, "init", "--quiet", "--initial-branch", "main")
    (tmp_path / "a").write_text("a")
    git(tmp_path, "add", "a")
    git(tmp_path, "commit", "--quiet", "-m", "x: new opportunity\n\nIssue: #12")
    assert earlier_commit(Git(tmp_path), "origin", "main", "Issue: #1") is None
    found = earlier_commit(Git(tmp_path), "origin", "main", "Issue: #12")
    assert found is not None and found.files == ("a",) and found.when.endswith(" UTC")


def test_a_done_reads_and_validates_its_file_once(repo, github, origin, tmp_path):
    """Finding: a `/done` parsed and validated its file three times on its way (the command, the edit,
    the edit's check of its own result). Counted through a real run: every call of the validator is
    seen (a profile hook, nothing replaced), by the text it was given."""
    import sys

    from generator.core.validate import validate_text

    number = next(n for n, i in github.issues.items() if i["title"] == ACME_TITLE)
    before = (repo.root / ACME_FILE).read_text(encoding="utf-8")
    validated: list[str] = []

    def seen(frame, event, arg):
        if event == "call" and frame.f_code is validate_text.__code__:
            validated.append(frame.f_locals["text"])

    sys.setprofile(seen)
    try:
        result = push_comment(repo, github, event_for(github, number, "/done Sent a short thank-you"), tmp_path)
    finally:
        sys.setprofile(None)
    assert result.returncode == 0, result.stderr
    after = (repo.root / ACME_FILE).read_text(encoding="utf-8")
    assert validated.count(before) == 1  # the file as read: once
    assert validated.count(after) == 1  # the edit's result, checked before it is written
    assert len(validated) == 2


def test_a_publish_yml_without_the_dispatch_input_is_still_started(repo, github, origin, tmp_path):
    """An older publish.yml declares no `dispatch-id`: GitHub refuses the input (422), so the build is
    started without it (and, without its id, never looked up as someone else's)."""
    github.workflows["publish.yml"] = {"state": "active"}  # no inputs
    number = next(n for n, i in github.issues.items() if i["title"] == ACME_TITLE)
    result = push_comment(repo, github, event_for(github, number, "/done"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert github.dispatches == [("publish.yml", {"ref": "main"})]
    assert "could not start" not in result.stderr
