"""`/close` on a reminder turns the conversations planned after it into notes, and says so."""

from __future__ import annotations

from .comment_events import comment, event_for
from .samples import GLOBEX, GLOBEX_TITLE


def test_close_cancels_the_planned_screen_and_says_so(repo, github, issues, tmp_path):
    number = issues[GLOBEX_TITLE]
    repo.opportunity("globex", GLOBEX + "  - {date: 2026-11-30, type: screen, with: Tom Becker}\n")
    result = comment(repo, github, event_for(github, number, "/close rejected"), tmp_path)
    assert result.returncode == 0, result.stderr
    text = (repo.pipeline / "globex.yml").read_text()
    assert "  - {date: 2026-11-25, type: note, with: Tom Becker, note: 'cancelled: closed'}\n" in text
    assert "stage: closed" in text and "outcome: rejected" in text
    assert github.comments[number][-1]["body"].startswith(
        "Closed as rejected on 2026-11-25 in `pipeline/globex.yml`; "
        "the screen planned on 2026-11-30 is a note now (cancelled: closed)."
    )
    assert github.issues[number]["state"] == "closed"
