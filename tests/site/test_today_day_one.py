"""Today after a break or on day one (issue 15): people first in each group, a people search for
items with nobody named, and catch-up suggested past the pace. Rendered from records (pure)."""

from __future__ import annotations

import datetime as dt

from generator.adapters.message_templates import drafter_for
from generator.core.records import Contact, LogEntry, Opportunity
from generator.core.settings import Settings
from generator.core.site.pages import RenderOptions, render_pages

TODAY = dt.date(2026, 11, 25)
D = dt.date.fromisoformat


def _opp(opp_id, company, log, contacts=()):
    return Opportunity(id=opp_id, path=f"pipeline/{opp_id}.yml", company=company, role="Engineer", stage="applied",
                       log=tuple(LogEntry(D(d), t) for d, t in log), contacts=tuple(Contact(n) for n in contacts))


def _group(body: str, group: str) -> str:
    return body.split(f'data-ft-group="{group}"')[1].split("</section>")[0]


def test_people_first_within_a_group_and_a_people_search_for_nobody_named():
    opps = [
        _opp("nobody", "Faceless & Co", [("2026-11-10", "applied")]),  # overdue since 11-17, nobody named
        _opp("dana", "Acme", [("2026-11-12", "applied")], contacts=["Dana Whitfield"]),  # overdue since 11-19
        _opp("replied", "Globex", [("2026-11-05", "applied"), ("2026-11-13", "reply")]),  # a reply: someone
    ]
    body = render_pages(opps, Settings(), TODAY, RenderOptions(drafter=drafter_for(Settings(), TODAY)))["index.md"].body
    overdue = _group(body, "overdue")
    order = [overdue.index(name) for name in ("Acme", "Globex", "Faceless &amp; Co")]
    assert order == sorted(order), "people first, then applications with nobody named"
    nobody = overdue.split("Faceless &amp; Co")[1]
    assert ("Nobody named yet: find the recruiter or hiring manager (<a href=\"https://www.linkedin.com/search/results/"
            "people/?keywords=Faceless%20%26%20Co\"") in nobody
    assert overdue.count("Nobody named yet") == 1
    assert overdue.count("data-ft-nobody") == 1
    assert "catch-up" not in overdue  # 3 overdue: within the pace


def test_today_suggests_catch_up_when_more_than_pace_are_overdue():
    opps = [_opp(f"o{i}", f"Co {i}", [(f"2026-11-{10 + i % 5:02d}", "applied")]) for i in range(6)]
    body = render_pages(opps, Settings(), TODAY, RenderOptions(drafter=drafter_for(Settings(), TODAY)))["index.md"].body
    overdue = _group(body, "overdue")
    assert "6 follow-ups are overdue: more than your pace of 5 a day" in overdue
    assert "<code>follow-through catch-up</code>" in overdue
    paced = Settings(pace=6)
    body = render_pages(opps, paced, TODAY, RenderOptions(drafter=drafter_for(paced, TODAY)))["index.md"].body
    assert "catch-up" not in body.split("Gone quiet")[0]


def test_the_coming_week_stays_in_date_order_people_first_within_a_day():
    # finding: an item 7 days out (someone to write to) was listed above tomorrow's (nobody named)
    opps = [
        _opp("tomorrow", "Faceless & Co", [("2026-11-19", "applied")]),  # due 11-26, nobody named
        _opp("later", "Acme", [("2026-11-25", "applied")], contacts=["Dana Whitfield"]),  # due 12-02, Dana
        _opp("same-day", "Globex", [("2026-11-19", "applied")], contacts=["Tom Becker"]),  # due 11-26, Tom
    ]
    body = render_pages(opps, Settings(), TODAY, RenderOptions(drafter=drafter_for(Settings(), TODAY)))["index.md"].body
    coming = _group(body, "upcoming")
    order = [coming.index(name) for name in ("Globex", "Faceless &amp; Co", "Acme")]
    assert order == sorted(order), "tomorrow first (people first within it), then the days after"
