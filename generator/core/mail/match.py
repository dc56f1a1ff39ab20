"""Which opportunity a message is about (pure): the spec's four levels. Stub: filled in next."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.core.mail.settings import MailSettings
from generator.records import Opportunity


@dataclass(frozen=True)
class MailIndex:
    opportunities: tuple[Opportunity, ...] = ()
    settings: MailSettings = MailSettings()


def build_index(opportunities: Sequence[Opportunity], settings: MailSettings) -> MailIndex:
    return MailIndex(tuple(opportunities), settings)


def worth_reading(header_bytes: bytes, index: MailIndex) -> bool:
    """Cheap: could a message with these headers concern any opportunity? (stub: no)"""
    return False
