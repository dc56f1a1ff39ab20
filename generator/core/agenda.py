"""What is due, and how healthy the pipeline is: the shared view of `due`, the site and `remind`.

Pure: opportunities, settings and today in; plain records out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from generator.core.records import Opportunity, priority_rank
from generator.core.schedule import Followup, GoneQuiet, next_followup
from generator.core.settings import Settings


@dataclass(frozen=True)
class DueItem:
    opp: Opportunity
    followup: Followup
    today: dt.date

    @property
    def due(self) -> dt.date:
        return self.followup.due

    @property
    def days_overdue(self) -> int:
        return (self.today - self.followup.due).days

    @property
    def someone(self) -> bool:
        """Someone to write to: a named contact, or a conversation or reply in the log."""
        return self.followup.contact is not None or any(e.direction in ("two-way", "inbound") for e in self.opp.log)

    @property
    def people_search_url(self) -> str:
        """A LinkedIn people search for the company: where to find the recruiter or hiring manager."""
        return "https://www.linkedin.com/search/results/people/?keywords=" + quote(self.opp.company, safe="")

    @property
    def group(self) -> str:
        days = self.days_overdue
        return "overdue" if days > 0 else "today" if days == 0 else "upcoming"

    def as_json(self) -> dict:
        f, o = self.followup, self.opp
        return {
            "id": o.id,
            "company": o.company,
            "role": o.role,
            "stage": o.stage,
            "due": f.due.isoformat(),
            "days_overdue": self.days_overdue,
            "touch": f.touch,
            "contact": f.contact,
            "reason": f.reason,
            "idea": f.idea,
            "priority": o.priority,
            "url": o.url,
            "path": o.path,
        }


@dataclass(frozen=True)
class Quiet:
    opp: Opportunity
    quiet: GoneQuiet


@dataclass(frozen=True)
class Health:
    open: int  # every opportunity not closed
    active: int  # open and not gone quiet
    target_active: int
    new_this_week: int  # added in the last 7 days, today included
    target_new: int
    quiet: int

    @property
    def active_ok(self) -> bool:
        return self.active >= self.target_active

    @property
    def new_ok(self) -> bool:
        return self.new_this_week >= self.target_new


def relative(days_overdue: int) -> str:
    """'3 days overdue', 'due today', 'tomorrow', 'in 4 days'."""
    if days_overdue == 0:
        return "due today"
    if days_overdue == 1:
        return "1 day overdue"
    if days_overdue > 1:
        return f"{days_overdue} days overdue"
    if days_overdue == -1:
        return "tomorrow"
    return f"in {-days_overdue} days"


def people_first(items: list[DueItem]) -> list[DueItem]:
    """Within a group: follow-ups with someone to write to before applications with nobody named (stable)."""
    return sorted(items, key=lambda item: not item.someone)


def _sort_key(item: DueItem):
    return (item.due, priority_rank(item.opp.priority), item.opp.company.casefold(), item.opp.id)


def schedule_all(opps, settings: Settings, today: dt.date) -> tuple[list[DueItem], list[Quiet]]:
    """Every open opportunity's next follow-up (sorted by date), and the gone-quiet ones."""
    items, quiet = [], []
    for opp in opps:
        plan = next_followup(opp, settings, today)
        if isinstance(plan, Followup):
            items.append(DueItem(opp, plan, today))
        elif isinstance(plan, GoneQuiet):
            quiet.append(Quiet(opp, plan))
    items.sort(key=_sort_key)
    quiet.sort(key=lambda q: (q.quiet.since, q.opp.id))
    return items, quiet


def within(items: list[DueItem], today: dt.date, days: int) -> list[DueItem]:
    """The items due by ``days`` from today (overdue ones included)."""
    horizon = today + dt.timedelta(days=days)
    return [i for i in items if i.due <= horizon]


def due_items(opps, settings: Settings, today: dt.date, within_days: int = 7) -> list[DueItem]:
    """Overdue, today, then the next ``within_days`` days, sorted by due date."""
    return within(schedule_all(opps, settings, today)[0], today, within_days)


def health(opps, settings: Settings, today: dt.date, quiet_count: int | None = None) -> Health:
    open_opps = [o for o in opps if o.is_open]
    if quiet_count is None:
        quiet_count = len(schedule_all(open_opps, settings, today)[1])
    week_start = today - dt.timedelta(days=6)
    new = sum(1 for o in opps if o.added is not None and week_start <= o.added <= today)
    return Health(
        open=len(open_opps),
        active=len(open_opps) - quiet_count,
        target_active=settings.targets.active,
        new_this_week=new,
        target_new=settings.targets.new_per_week,
        quiet=quiet_count,
    )


def followup_text(opp: Opportunity, settings, today: dt.date) -> str:
    """One line: the opportunity's next follow-up after an edit, as `due` would show it."""
    plan = next_followup(opp, settings, today)
    if plan is None:
        return f"{opp.id} is closed" + (f" ({opp.outcome})" if opp.outcome else "") + ": nothing more is due"
    if isinstance(plan, GoneQuiet):
        return f"{opp.id}: {plan.reason}"
    who = f" → {plan.contact}" if plan.contact else ""
    return f"next follow-up: {plan.due} ({relative((today - plan.due).days)}), {plan.touch}{who}"
