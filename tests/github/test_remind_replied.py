"""`remind` closes a reminder that a reply answered (as `mail` logs it) or that a planned conversation holds."""

from __future__ import annotations

import pytest

from .samples import GLOBEX, GLOBEX_TITLE, write_samples
from .test_remind import remind


@pytest.mark.parametrize(
    ("entry", "why"),
    [
        ("  - {date: 2026-11-24, type: reply, with: Tom Becker, channel: email, ref: mid:0123456789abcdef}\n",
         "they replied on 2026-11-24"),
        ("  - {date: 2026-11-27, type: screen, with: Tom Becker, ref: ics:0123456789abcdef}\n",
         "a screen is planned on 2026-11-27"),
        ("  - {date: 2026-12-01, type: interview}\n", "an interview is planned on 2026-12-01"),
    ],
)
def test_a_reply_or_a_planned_conversation_closes_the_reminder_saying_so(repo, github, entry, why):
    write_samples(repo)
    assert remind(repo, github).returncode == 0
    number = next(i["number"] for i in github.open_issues() if i["title"] == GLOBEX_TITLE)
    repo.opportunity("globex", GLOBEX + entry)
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    assert github.issues[number]["state"] == "closed"
    [comment] = github.comments[number]
    assert comment["body"].startswith(f"Closing: this follow-up is no longer due ({why}; next follow-up: ")
