"""Errors are data: every problem found in the pipeline is a value with a place.

Loading never raises for bad user input; it returns problems next to the
records it could build, and the CLI or the site decides how to show them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from generator.core.records import Location

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    loc: Location
    message: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def path(self) -> str:
        return self.loc.path

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == WARNING else ""
        return f"{self.loc}: {prefix}{self.message}"


def error(loc: Location, message: str) -> Problem:
    return Problem(loc, message, ERROR)


def warning(loc: Location, message: str) -> Problem:
    return Problem(loc, message, WARNING)


# The one route from an outcome to an exit code: every command returns one of these (cli.py runs them), and a
# UserError raised anywhere below a command becomes one line on stderr and its exit_code.
EXIT_OK = 0
EXIT_PROBLEMS = 1  # the command ran and found problems (check), or an action failed (remind)
EXIT_USAGE = 2  # wrong arguments, no project, bad settings: nothing was done
EXIT_INTERRUPTED = 130


class UserError(Exception):
    """A mistake the user can fix (bad option, missing file); the CLI prints it, no traceback.

    ``exit_code`` is what the CLI exits with (EXIT_USAGE: nothing was done).
    """

    exit_code = EXIT_USAGE


class ActionFailed(UserError):
    """The command was right but could not be carried out (a remote refused): exit 1."""

    exit_code = EXIT_PROBLEMS


def closest(word: str, choices) -> str | None:
    """The closest of ``choices`` to a misspelt word, or None when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices) -> str:
    """'; did you mean 'x'?' for the closest of ``choices``, or '' when none is close."""
    close = closest(word, choices)
    return f"; did you mean '{close}'?" if close else ""
