"""The judge's settings: your own addresses and what never matches (pure; the READER parses `mail:` into it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MailSettings:
    me: tuple[str, ...] = ()  # your own addresses: tells sent from received
    ignore: tuple[str, ...] = ()  # addresses or domains never matched
    quiet_grace: int = 14  # the `quiet_grace` setting: a thank-you not sent within it has lapsed (a follow-up then)
