"""One module per CLI command: ``configure(parser)`` and ``run(args) -> int``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..config import load_settings
from ..settings import Settings


def settings_for(args) -> Settings:
    return load_settings(Path(args.config_file) if getattr(args, "config_file", None) else None)


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
