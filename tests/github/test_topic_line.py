"""A second line `topic: ...` after `/done` or `/log` sets the entry's topic; the first line stays the private note."""

from __future__ import annotations

from .comment_events import comment, diff, event_for
from .samples import GLOBEX_TITLE


def test_log_with_a_topic_line_writes_topic_and_keeps_the_note(repo, github, issues, tmp_path):
    number = issues[GLOBEX_TITLE]
    before = (repo.pipeline / "globex.yml").read_text()
    body = "/log call pay is low, second choice\ntopic: your  data platform\n"
    result = comment(repo, github, event_for(github, number, body), tmp_path)
    assert result.returncode == 0, result.stderr
    assert diff(before, (repo.pipeline / "globex.yml").read_text()) == (
        ["  - {date: 2026-11-25, type: call, topic: your data platform, note: 'pay is low, second choice'}"], [])


def test_a_topic_line_further_down_is_not_a_topic(repo, github, issues, tmp_path):
    number = issues[GLOBEX_TITLE]
    before = (repo.pipeline / "globex.yml").read_text()
    body = "/log call Talked about the team\nsome words\ntopic: not this\n"
    result = comment(repo, github, event_for(github, number, body), tmp_path)
    assert result.returncode == 0, result.stderr
    added, _ = diff(before, (repo.pipeline / "globex.yml").read_text())
    assert added == ["  - {date: 2026-11-25, type: call, note: Talked about the team}"]
