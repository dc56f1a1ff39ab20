"""Planned conversations on the site: Today and the opportunity page list them under what is coming
until their day (the date script drops them the day after), and the calendar feed has one event each,
read by two parsers (icalendar and ics)."""

from __future__ import annotations

import datetime as dt

import icalendar
import ics
import pytest
from sitekit import make_project, mkdocs_build

from generator.core.site.calendar import followups_ics
from generator.core.site.model import planned_conversations
from generator.core.validate import validate_text

# Built Wed 25 Nov 2026. Acme: applied, a screen booked for Fri 27 Nov (from a calendar invitation),
# an interview on Tue 1 Dec (typed by hand). Nothing is due before the screen.
ACME = """\
company: Acme Corp
role: Backend Engineer
contacts:
  - name: Jane Doe
log:
  - {date: 2026-11-16, type: applied}
  - {date: 2026-11-27, type: screen, with: Jane Doe, channel: video, ref: ics:00112233445566aa, note: secret plans}
  - {date: 2026-12-01, type: interview, topic: the ingestion lag}
"""
BETA = """\
company: Beta
role: Data Engineer
log:
  - {date: 2026-11-20, type: applied}
"""


@pytest.fixture(scope="module")
def planned_site(tmp_path_factory, serve):
    folder = tmp_path_factory.mktemp("planned")
    url = serve(folder / "site")
    root = make_project(folder / "repo", {"acme": ACME, "beta": BETA}, site_url=url)
    built = mkdocs_build(root, "--strict", site=folder / "site")
    assert built.result.returncode == 0, built.result.stderr
    built.url = url
    return built


def _shown(page, where: str) -> list[str]:
    return page.locator(f"{where} [data-ft-on]").evaluate_all(
        "els => els.filter(e => e.offsetParent !== null).map(e => e.innerText.replace(/\\s+/g, ' ').trim())")


def test_today_lists_them_under_what_is_coming_until_their_day(planned_site, open_page):
    page, watch = open_page()  # the build day
    page.goto(planned_site.url)
    assert _shown(page, "#planned") == [
        "Fri 27 Nov · in 2 days screen with Jane Doe · video · Acme Corp Backend Engineer",
        "Tue 1 Dec · in 6 days interview · Acme Corp Backend Engineer",
    ]
    # nothing is due before them: Acme's one follow-up is the thank-you the day after the interview
    acme = page.locator("[data-ft-group] .ft-due", has_text="Acme Corp")
    assert acme.evaluate_all("els => els.map(e => e.dataset.ftDue)") == ["2026-12-02"]
    assert "secret plans" not in page.content()

    page, watch = open_page(clock=dt.datetime(2026, 11, 27, 10, 0))  # the screen's day
    page.goto(planned_site.url)
    assert [t.split(" · ")[1].split(" ")[0] for t in _shown(page, "#planned")] == ["today", "in"]
    assert page.locator("[data-ft-planned-count]").inner_text() == "2"

    page, watch = open_page(clock=dt.datetime(2026, 11, 28, 10, 0))  # the day after: the screen is gone
    page.goto(planned_site.url)
    assert _shown(page, "#planned") == ["Tue 1 Dec · in 3 days interview · Acme Corp Backend Engineer"]
    assert page.locator("[data-ft-planned-count]").inner_text() == "1"

    page, watch = open_page(clock=dt.datetime(2026, 12, 2, 10, 0))  # after both: the section goes
    page.goto(planned_site.url)
    assert _shown(page, "#planned") == []
    assert page.locator("#planned").is_hidden()
    watch.assert_clean()


def test_the_opportunity_page_lists_them_and_drops_each_the_day_after(planned_site, open_page):
    page, watch = open_page(clock=dt.datetime(2026, 11, 28, 10, 0))
    page.goto(planned_site.url + "opportunities/acme/")
    assert _shown(page, ".ft-conversations") == ["Tue 1 Dec · in 3 days interview"]
    watch.assert_clean()


def test_the_timeline_lists_them_with_what_is_scheduled_ahead(planned_site, open_page):
    page, watch = open_page(clock=dt.datetime(2026, 11, 28, 10, 0))
    page.goto(planned_site.url + "timeline/")
    assert _shown(page, "#ahead .ft-conversations") == [
        "Tue 1 Dec · in 3 days interview · Acme Corp Backend Engineer"]
    watch.assert_clean()


def test_the_calendar_feed_has_one_event_per_planned_conversation(planned_site):
    feed = icalendar.Calendar.from_ical((planned_site.site / "followups.ics").read_bytes())
    events = {str(e["uid"]): e for e in feed.walk("VEVENT")}
    screen = events["acme/ics:00112233445566aa@follow-through"]
    interview = events["acme/2026-12-01/interview@follow-through"]
    assert screen.decoded("dtstart") == dt.date(2026, 11, 27) and str(screen["summary"]) == (
        "Screen with Jane Doe: Acme Corp — Backend Engineer")
    assert interview.decoded("dtstart") == dt.date(2026, 12, 1)
    assert "the ingestion lag" in str(interview["description"])
    assert "secret plans" not in (planned_site.site / "followups.ics").read_text()
    # Beta's follow-up is there as before; Acme's next follow-up is the thank-you after the interview
    assert {str(e["summary"]) for e in events.values() if str(e["summary"]).startswith("Follow up")} == {
        "Follow up: Beta — Data Engineer", "Follow up: Acme Corp — Backend Engineer"}


def test_another_parser_reads_the_feed_the_same():
    opp, _ = validate_text("acme", "pipeline/acme.yml", ACME)
    feed = followups_ics([], dt.date(2026, 11, 25), conversations=planned_conversations([opp], dt.date(2026, 11, 25)))
    events = sorted(ics.Calendar(feed.decode("utf-8")).events, key=lambda e: e.begin)
    assert [(e.uid, e.begin.date().isoformat(), e.name) for e in events] == [
        ("acme/ics:00112233445566aa@follow-through", "2026-11-27",
         "Screen with Jane Doe: Acme Corp — Backend Engineer"),
        ("acme/2026-12-01/interview@follow-through", "2026-12-01", "Interview: Acme Corp — Backend Engineer"),
    ]


def test_the_uid_stays_when_the_conversation_moves_and_the_sealed_feed_says_appointment():
    today = dt.date(2026, 11, 25)
    moved = ACME.replace("2026-11-27, type: screen", "2026-11-30, type: screen")

    def feed(text, opaque=None):
        opp, _ = validate_text("acme", "pipeline/acme.yml", text)
        data = followups_ics([], today, opaque=opaque, conversations=planned_conversations([opp], today))
        return {str(e["uid"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}

    assert set(feed(ACME)) == set(feed(moved))
    assert feed(moved)["acme/ics:00112233445566aa@follow-through"].decoded("dtstart") == dt.date(2026, 11, 30)
    sealed = feed(ACME, opaque=lambda opp: "k3x9")
    assert {str(e["summary"]) for e in sealed.values()} == {"Appointment"}
    text = followups_ics([], today, opaque=lambda opp: "k3x9", conversations=planned_conversations(
        [validate_text("acme", "pipeline/acme.yml", ACME)[0]], today)).decode()
    for word in ("Acme", "Jane", "screen", "interview", "ics:", "acme"):
        assert word not in text
    assert set(feed(ACME, opaque=lambda opp: "k3x9")) == set(sealed)  # stable in the sealed feed too


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_planned_conversations_have_no_accessibility_violation(planned_site, open_page, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page, watch = open_page(width=390, color_scheme=scheme)
    found = []
    for path in ("", "timeline/", "opportunities/acme/"):
        page.goto(planned_site.url + path)
        results = Axe().run(page, context={"include": [[".ft-planned"]]})
        found += [(path, v["id"], n["html"][:80]) for v in results.response["violations"] for n in v["nodes"]]
    assert found == []
    watch.assert_clean()
