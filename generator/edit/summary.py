"""What the commands print after an edit: the opportunity's next follow-up, as `due` shows it."""

from __future__ import annotations

import datetime as dt

from ..model import Opportunity


def followup_text(opp: Opportunity, settings, today: dt.date) -> str:
    """One line: the opportunity's next follow-up after an edit, as `due` would show it."""
    from ..agenda import relative
    from ..schedule import GoneQuiet, next_followup

    plan = next_followup(opp, settings, today)
    if plan is None:
        return f"{opp.id} is closed" + (f" ({opp.outcome})" if opp.outcome else "") + ": nothing more is due"
    if isinstance(plan, GoneQuiet):
        return f"{opp.id}: {plan.reason}"
    who = f" → {plan.contact}" if plan.contact else ""
    return f"next follow-up: {plan.due} ({relative((today - plan.due).days)}), {plan.touch}{who}"
