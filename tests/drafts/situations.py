"""The situations every default template is tried in, as a user writes them in YAML."""

from __future__ import annotations

import dataclasses
import datetime as dt
import textwrap

from generator.core.drafts import Drafter
from generator.core.schedule import Followup, next_followup
from generator.core.settings import Settings, User
from generator.core.validate import validate_text

TODAY = dt.date(2026, 11, 25)
TOUCHES = ("first-contact", "thank-you", "value-add", "check-in", "share-update")
# A long quiet_grace: these situations test the drafts, not when a silence has gone quiet (a
# third follow-up due weeks ago would have, with the default 14 days).
SETTINGS = Settings(user=User(name="Alex Kim"), quiet_grace=3650)

SITUATIONS = {
    "no-contact": """\
        company: Acme Corp
        role: Backend Engineer
        log:
          - {date: 2026-11-10, type: applied}
        """,
    "no-note": """\
        company: Acme Corp
        role: Backend Engineer
        contacts: [{name: Jane Doe, role: Recruiter}]
        ideas: ["A back-pressure design for the payments queue"]
        log:
          - {date: 2026-11-10, type: applied}
          - {date: 2026-11-18, type: interview, with: Jane Doe}
        """,
    "one-name": """\
        company: Globex
        role: Data Engineer
        contacts: [{name: Cher}]
        log:
          - {date: 2026-11-03, type: applied}
          - {date: 2026-11-12, type: reply, with: Cher, note: Reviewing applications next week.}
        """,
    "second": """\
        company: Initech
        role: Platform Engineer
        contacts: [{name: Dr. Maria Garcia, role: Hiring Manager}]
        log:
          - {date: 2026-10-20, type: applied}
          - {date: 2026-10-28, type: screen, with: Dr. Maria Garcia, topic: the move to Kubernetes, note: "45 min with recruiter; team of 6, on-call 1 week in 6"}
          - {date: 2026-10-29, type: thank-you, with: Dr. Maria Garcia}
          - {date: 2026-11-05, type: follow-up, with: Dr. Maria Garcia}
        """,  # noqa: E501 (a file as a user writes it)
    "third": """\
        company: Hooli
        role: ML Platform Engineer
        contacts: [{name: Gavin Belson}]
        log:
          - {date: 2026-10-01, type: applied}
          - {date: 2026-10-08, type: follow-up}
          - {date: 2026-10-15, type: follow-up}
        """,
    "stripe-inc": """\
        company: Stripe, Inc.
        role: Staff Engineer, Payments.
        contacts: [{name: "  Mx.  "}]
        log:
          - {date: 2026-11-06, type: applied}
          - {date: 2026-11-20, type: call, with: "  Mx.  ", topic: "payouts reconciliation"}
        """,
    "markdown-idea": """\
        company: Vandelay Industries
        role: Import Tools Developer
        contacts: [{name: Art Vandelay}]
        ideas: ["**Customs forms**: a parser for their `CSV` exports, see [my demo](https://example.org/demo)"]
        log:
          - {date: 2026-11-04, type: applied}
          - {date: 2026-11-12, type: interview, with: Art Vandelay, topic: "their *latex* imports.", note: "Private: pay is low, second choice"}
          - {date: 2026-11-13, type: thank-you, with: Art Vandelay}
        """,  # noqa: E501 (a file as a user writes it)
}


def opportunity(name: str):
    opp, problems = validate_text(name, f"pipeline/{name}.yml", textwrap.dedent(SITUATIONS[name]))
    assert opp is not None and not [p for p in problems if p.is_error], problems
    return opp


def followup_for(opp, touch: str) -> Followup:
    """The opportunity's real next follow-up, with the touch kind under test."""
    plan = next_followup(opp, SETTINGS, TODAY)
    assert isinstance(plan, Followup), plan
    idea = plan.idea if touch == "value-add" else None
    if touch == "value-add" and idea is None and opp.ideas:
        idea = opp.ideas[0]
    return dataclasses.replace(plan, touch=touch, idea=idea)


def draft_text(drafter: Drafter, name: str, touch: str) -> str:
    opp = opportunity(name)
    return drafter.draft(opp, followup_for(opp, touch)).text
