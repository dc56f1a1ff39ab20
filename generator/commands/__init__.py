"""One module per CLI command: ``configure(parser)`` and ``run(args) -> int``."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from generator.adapters.mkdocs_config import NOT_IN_A_PROJECT, find_config, load_settings
from generator.core.problems import EXIT_INTERRUPTED, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UserError  # noqa: F401 (for the commands)
from generator.core.settings import Settings


def parse_date(text: str) -> dt.date:
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def add_today(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", type=parse_date, metavar="YYYY-MM-DD", help="act as if today were this date")


def config_path_for(args) -> Path:
    """The mkdocs.yml a command reads: the one named with -f, else the nearest one upwards."""
    named = getattr(args, "config_file", None)
    found = Path(named) if named else find_config()
    if found is None:
        raise UserError(NOT_IN_A_PROJECT)
    return found


def settings_for(args) -> Settings:
    return load_settings(config_path_for(args))


def use_colour(stream=sys.stdout) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


class Style:
    """ANSI colour only on a terminal; plain text everywhere else (pipes, CI logs, tests)."""

    def __init__(self, enabled: bool):
        self.enabled = enabled

    def _wrap(self, code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.enabled else text

    def red(self, text: str) -> str:
        return self._wrap("31", text)

    def yellow(self, text: str) -> str:
        return self._wrap("33", text)

    def green(self, text: str) -> str:
        return self._wrap("32", text)

    def bold(self, text: str) -> str:
        return self._wrap("1", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)


def sealing_keys(settings):
    """The private dashboard's keys from FOLLOW_THROUGH_PASSPHRASE (seal, build-zensical): a missing or short
    passphrase, or no site_url, is a one-line refusal; a weak one a warning."""
    # Imported here: every command imports this package, and the sealing crypto (cryptography, about 10 ms)
    # is for seal and build-zensical only.
    from generator.core.site import sealing as encrypt

    passphrase = os.environ.get(encrypt.PASSPHRASE_ENV)
    problem = encrypt.passphrase_problem(passphrase) or (None if settings.site_url else encrypt.SITE_URL_NEEDED)
    if problem:
        raise UserError(problem)
    warning = encrypt.passphrase_warning(passphrase)
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    return encrypt.derive_keys(passphrase, settings.site_url)
