"""Save → close → answer: the one flow of every command run on a GitHub event (comments, `New:` issues).

1. ``save``: an earlier run may have pushed this very change already (its answer failed, or the
   close did): the commit's trailer (``Comment: URL``, ``Issue: #N``) finds it in the branch's
   history, and nothing is applied twice. Otherwise the edit is applied, committed and pushed
   (``gitpush.push_edit``).
2. ``finish``: close the issue first when asked, then answer, saying only what has happened
   ("Closed this issue." once it is). The answer comes last, so an answer found by a re-run
   (written by the automation, with the hidden marker) means everything was done; a run that
   failed before it leaves the rest to the re-run: the close, the answer, the rebuild.

Every POST here is looked up before it is retried after a 5xx (``client.post``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.core.github.reminder_plan import defang


@dataclass(frozen=True)
class Earlier:
    """A commit an earlier run pushed for the same comment or issue."""

    commit: str  # short hash
    when: str  # "2026-11-25 14:02 UTC"
    files: tuple[str, ...] = ()

    def said(self) -> str:
        return f"already saved in commit {self.commit} on {self.when} by an earlier run"


def earlier_commit(git, remote: str, branch: str, trailer: str, since: str | None = None) -> Earlier | None:
    """The newest commit on the checkout whose message carries ``trailer``; None when there is none.

    A shallow checkout (the workflow's) is first deepened to ``since`` (the comment's or the
    issue's creation time), enough to hold any commit made for it."""
    if not trailer:
        return None
    if git.run("rev-parse", "--is-shallow-repository", check=False).stdout.strip() == "true":
        deepen = [f"--shallow-since={since}"] if since else ["--deepen=200"]
        git.run("fetch", "--quiet", *deepen, remote, branch, check=False)
    log = git.run("log", "-z", "-n50", "--fixed-strings", f"--grep={trailer}", "--format=%h%x09%ct%x09%B", "HEAD",
                  check=False).stdout
    # The whole line: `Issue: #1` must not find the commit of `Issue: #12`.
    found = next((entry.split("\t", 2) for entry in log.split("\0")
                  if entry.count("\t") >= 2 and trailer in entry.split("\t", 2)[2].splitlines()), None)
    if found is None:
        return None
    commit, stamp, _ = found
    when = dt.datetime.fromtimestamp(int(stamp), dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    files = git.run("show", "--name-only", "--format=", commit, check=False).stdout.split()
    return Earlier(commit, when, tuple(files))


@dataclass(frozen=True)
class Answer:
    text: str  # what happened; never that the issue is closing
    close: str | None = None  # close the issue first, with this state_reason
    marker: str = ""  # hidden: a re-run takes the answer as "handled" (none on "nothing was saved")


def finish(client, repo: str, number: int, answer: Answer) -> None:
    """Close (when asked), then answer saying so; user text in the answer cannot carry a marker."""
    text = answer.text
    if answer.close:
        client.patch(f"/repos/{repo}/issues/{number}", {"state": "closed", "state_reason": answer.close})
        print(f"closed #{number}")
        text += " Closed this issue."
    body = defang(text) + (f"\n{answer.marker}" if answer.marker else "")
    client.post(f"/repos/{repo}/issues/{number}/comments", {"body": body})
    print(f"answered on #{number}: {text.splitlines()[0]}")


def answers(client, repo: str, number: int, automation) -> list[dict]:
    """The comments on an issue that the automation wrote (nobody else's count when read back)."""
    from generator.core.github.reminder_plan import by_automation

    return [c for c in client.paginate(f"/repos/{repo}/issues/{number}/comments") if by_automation(c, automation)]
