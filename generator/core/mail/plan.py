"""Messages → what each logs on which opportunity (pure). Stub: filled in next."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from types import MappingProxyType
from zoneinfo import ZoneInfo

from generator.core.mail.records import MailPlan, MailState, RawMessage
from generator.core.mail.settings import MailSettings
from generator.records import Opportunity


def plan_mail(messages: Sequence[RawMessage], opportunities: Sequence[Opportunity], settings: MailSettings,
              state: MailState, *, tz: ZoneInfo, today: dt.date) -> MailPlan:
    return MailPlan(changes=(), listed=(), skipped=MappingProxyType({}), events=MappingProxyType(dict(state.events)))
