"""What a run on a GitHub event says back, decided without I/O: an earlier run's commit, the answer.

``adapters.github.save_and_confirm`` does the saving, closing, answering and rebuilding; this
holds the records it passes around and the words of its answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...github.reminder_plan import defang, md


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


def answer_body(answer: Answer, closed: bool) -> str:
    """The comment's text: what happened ("Closed this issue." once it is); user text carries no marker."""
    text = answer.text + (" Closed this issue." if closed else "")
    return defang(text) + (f"\n{answer.marker}" if answer.marker else "")


def not_saved(why: str) -> str:
    """The answer when the push failed: nothing was saved, and a re-run applies the command."""
    return (
        f"Nothing was saved: {md(why)}. This issue stays open; re-run the workflow "
        "(Actions → Comment commands → Re-run jobs) to apply the command again."
    )


def saved_but_unanswered(error: str, pushed: str, branch: str) -> str:
    """A close or answer that failed after the push: what was saved, and what a re-run does."""
    return (
        f"{error}. The command was saved ({pushed[:12]} on {branch}); re-run the workflow "
        "to close the issue and answer (it will not apply the command again)"
    )
