"""Run a CLI command in this process, as `python -m generator` would, with the GitHub client's
sleep and clock injected: the fault tests wait for nothing (the subprocess runs of
test_remind.py/test_e2e cases keep the real thing covered end to end)."""

from __future__ import annotations

import contextlib
import io
import subprocess
import time

import pytest

from generator.adapters.github import client as github_client
from generator.adapters.github.client import GitHub
from generator.cli import main


class Clock:
    """Time that moves only when the client sleeps."""

    def __init__(self, start: float | None = None):
        self.now = time.time() if start is None else start  # rate-limit resets are given from now
        self.slept: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def run(project, *args: str, env: dict | None = None, clock: Clock | None = None) -> subprocess.CompletedProcess:
    """`python -m generator ARGS` in ``project``, in-process; the result looks like a subprocess's."""
    clock = clock or Clock()
    out, err = io.StringIO(), io.StringIO()
    original = GitHub.from_env.__func__

    def from_env(cls, **kwargs):
        return original(cls, **{"clock": github_client.Clock(sleep=clock.sleep, now=clock.time), **kwargs})

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project.root)
        patch.setenv("NO_COLOR", "1")
        for name, value in (env or {}).items():
            patch.setenv(name, value)
        patch.setattr(GitHub, "from_env", classmethod(from_env))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse
                code = exc.code if isinstance(exc.code, int) else 2
    result = subprocess.CompletedProcess(["generator", *args], code, out.getvalue(), err.getvalue())
    result.slept = clock.slept
    return result
