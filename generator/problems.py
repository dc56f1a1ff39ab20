"""Errors are data: every problem found in the pipeline is a value with a place.

Loading never raises for bad user input; it returns problems next to the
records it could build, and the CLI or the site decides how to show them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .model import Location

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


class UserError(Exception):
    """A mistake the user can fix (bad option, missing file); the CLI prints it, no traceback.

    ``exit_code`` is what the CLI exits with (2: nothing was done; see cli.EXIT_*).
    """

    exit_code = 2


class ActionFailed(UserError):
    """The command was right but could not be carried out (a remote refused): exit 1."""

    exit_code = 1


def did_you_mean(word: str, choices) -> str:
    """'; did you mean 'x'?' for the closest of ``choices``, or '' when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
