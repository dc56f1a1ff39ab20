"""What a run on a GitHub event says back, decided without I/O: an earlier run's commit, the answer.

``adapters.github.save_and_confirm`` does the saving, closing, answering and rebuilding; this
holds the records it passes around. (The words that quote user text, which need the Markdown
escaping of ``github.reminder_plan``, are in the adapter and the commands until that moves here.)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Earlier:
    """A commit an earlier run pushed for the same comment or issue."""

    commit: str  # short hash
    when: str  # "2026-11-25 14:02 UTC"
    files: tuple[str, ...] = ()

    def said(self) -> str:
        return f"already saved in commit {self.commit} on {self.when} by an earlier run"


@dataclass(frozen=True)
class Answer:
    text: str  # what happened; never that the issue is closing
    close: str | None = None  # close the issue first, with this state_reason
    marker: str = ""  # hidden: a re-run takes the answer as "handled" (none on "nothing was saved")


def saved_but_unanswered(what: str, error: str, commit: tuple[str, str], number: int) -> str:
    """A close or answer that failed after the push: what was saved (in which commit, on which branch),
    what failed, and what a re-run does. ``commit``: (the commit pushed, the branch)."""
    pushed, branch = commit
    return (
        f"{what} was saved (pushed {pushed[:12]} to {branch}), but answering on #{number} failed: {error}; "
        "re-run the workflow to answer and close the issue (it will not apply it again)"
    )
