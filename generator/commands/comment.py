"""`comment`: not built yet (see the open issues)."""

from __future__ import annotations

from ..problems import UserError


def configure(parser) -> None:
    pass


def run(args) -> int:
    raise UserError("'comment' is not built yet")
