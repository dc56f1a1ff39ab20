"""Drafts and insight as the pages show them: plain values computed once per build. Pure.

``draft_views`` renders the draft of every due follow-up (the Today items and
the opportunity pages share them), with the privacy settings applied before
anything is shown or put in a ``mailto:`` link. ``insight_view`` draws the
"What works" charts of the Activity page.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from markupsafe import Markup

from generator.core.drafts import Drafter
from generator.core.insight import Insight, insight
from generator.core.site import insight_svg


@dataclass(frozen=True)
class DraftView:
    subject: str
    text: str  # "Subject: ...", a blank line, the body: what the copy button copies
    touch: str
    number: int
    mailto: str | None = None  # only when the contact's e-mail is shown


def draft_views(due_items, drafter: Drafter, redact, show_email: bool) -> dict[str, DraftView]:
    """The draft of each due item's follow-up, by opportunity id."""
    views = {}
    for item in due_items:
        draft = drafter.draft(item.opp, item.followup, item.today)
        shown = dataclasses.replace(draft, subject=redact(draft.subject), body=redact(draft.body))
        email = draft.contact.email if draft.contact is not None else None
        mailto = shown.mailto(email) if show_email and email else None
        views[item.opp.id] = DraftView(shown.subject, shown.text, draft.touch, draft.number, mailto)
    return views


@dataclass(frozen=True)
class InsightView:
    figures: Insight
    charts: tuple[tuple[str, Markup], ...]  # (chart id, svg) in the order shown


def insight_view(opps, today, quiet_ids) -> InsightView:
    figures = insight(opps, today, quiet_ids)
    charts = tuple(
        (key, insight_svg.rates(chart.rows, chart.title))
        for key, chart in (("touch", figures.by_touch), ("channel", figures.by_channel),
                           ("source", figures.by_source), ("funnel", figures.funnel))
    )
    return InsightView(figures, charts)
