"""Save an edit on the branch: apply, commit, push; on a stale push, apply it again to the new tip.

An edit is a function of the file and the command, so when someone else pushed
first (a web edit to the same file, another comment), there is nothing to
rebase: fetch the new tip, make the edit again on it, commit, push again; a
bounded number of times. A refusal that another try cannot fix (branch
protection, a hook, a missing permission) stops at once with git's reason.

``classify_push`` is pure; ``Git`` and ``push_edit`` run git as subprocesses
in the working copy. The token, when given, reaches git through its environment
(``GIT_CONFIG_*``), never through ``.git/config`` or the command line.
"""

from __future__ import annotations

import base64
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.core.problems import ActionFailed

BOT_NAME = "github-actions[bot]"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
ATTEMPTS = 4

# What git prints when the branch moved on: another try on the new tip can succeed.
_STALE = ("(fetch first)", "(non-fast-forward)", "stale info", "cannot lock ref", "failed to update ref")


class GitError(ActionFailed):
    """A git command failed in a way that is not a refused push (exit 1)."""


@dataclass(frozen=True)
class Refusal:
    stale: bool  # the branch moved: fetch and apply again
    reason: str  # git's own words, for the answer on the issue


def classify_push(stderr: str) -> Refusal:
    """Why a push was refused, from git's output: stale (try again on the new tip) or final."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    stale = any(marker in line for line in lines for marker in _STALE)
    remote = [line[len("remote:"):].strip() for line in lines if line.startswith("remote:")]
    rejected = [line for line in lines if line.startswith(("! [", "!", "error:", "fatal:"))]
    reason = "; ".join(r for r in remote if r) or "; ".join(rejected) or "the push was refused"
    return Refusal(stale, reason[:400])


@dataclass(frozen=True)
class Saved:
    """What push_edit did: pushed the edit's commit, found nothing to change, or failed (why)."""

    outcome: object  # what the last apply returned
    pushed: str | None = None  # the commit pushed
    attempts: int = 1
    failed: str | None = None  # why nothing was saved


class Git:
    def __init__(self, cwd: Path, token: str | None = None):
        self.cwd = Path(cwd)
        self.env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
        if token:
            basic = base64.b64encode(f"x-access-token:{token}".encode()).decode()
            self.env.update(GIT_CONFIG_COUNT="1", GIT_CONFIG_KEY_0="http.extraheader",
                            GIT_CONFIG_VALUE_0=f"AUTHORIZATION: basic {basic}")

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        try:
            done = subprocess.run(
                ["git", *args], check=False, cwd=self.cwd, env=self.env, capture_output=True, text=True, timeout=120
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise GitError(f"git {args[0]} did not run: {exc}") from None
        if check and done.returncode != 0:
            raise GitError(f"git {args[0]} failed: {(done.stderr or done.stdout).strip()[:300]}")
        return done

    @staticmethod
    def identity() -> list[str]:
        """The automation commits as the bot, whoever set up the machine."""
        return ["-c", f"user.name={BOT_NAME}", "-c", f"user.email={BOT_EMAIL}"]


def push_edit(
    git: Git, remote: str, branch: str, apply: Callable[[], object], trailer: str = "", attempts: int = ATTEMPTS
) -> Saved:
    """Apply, commit, push; on a stale push fetch the tip and do it again, at most `attempts` times.

    ``apply()`` edits the working copy and returns an outcome whose ``changed`` is the
    path written (None when the edit changed nothing: then nothing is pushed) and whose
    ``commit_message`` is the commit's subject; ``trailer`` ends the message.
    """
    if git.run("status", "--porcelain", "--untracked-files=no").stdout.strip():
        raise GitError(f"the working copy in {git.cwd} has uncommitted changes; not pushing over them")
    refusal = None
    for attempt in range(1, attempts + 1):
        if attempt > 1:
            git.run("fetch", "--quiet", remote, branch)
            git.run("reset", "--quiet", "--hard", "FETCH_HEAD")
        outcome = apply()
        changed = getattr(outcome, "changed", None)
        if changed is None:
            return Saved(outcome, attempts=attempt)
        message = getattr(outcome, "commit_message", None) or f"Edit {Path(changed).name}"
        git.run("add", "--", str(changed))
        git.run(*git.identity(), "commit", "--quiet", "--message", message + (f"\n\n{trailer}" if trailer else ""))
        pushed = git.run("push", "--porcelain", remote, f"HEAD:refs/heads/{branch}", check=False)
        if pushed.returncode == 0:
            return Saved(outcome, git.run("rev-parse", "HEAD").stdout.strip(), attempt)
        refusal = classify_push(pushed.stderr + "\n" + pushed.stdout)
        if not refusal.stale:
            return Saved(outcome, attempts=attempt, failed=f"the push to {branch} was refused: {refusal.reason}")
    return Saved(
        outcome,
        attempts=attempts,
        failed=f"{branch} kept moving: the push was refused {attempts} times ({refusal.reason})",
    )
