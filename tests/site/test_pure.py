"""The pure parts of the site: links, escaping, Markdown, charts, calendar, page layout."""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import unquote, urldefrag, urljoin

import icalendar
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from markupsafe import escape

from generator.adapters.message_templates import drafter_for
from generator.adapters.opportunity_files import Pipeline
from generator.core.agenda import schedule_all
from generator.core.records import Contact, LogEntry, Opportunity
from generator.core.settings import Privacy, Settings
from generator.core.site import svg
from generator.core.site.calendar import followups_ics
from generator.core.site.model import activity
from generator.core.site.pages import Links, RenderOptions, front_matter_text, render_pages
from generator.core.site.text import Redactor, markdown_html, safe_url, title_text
from generator.core.site.urls import opportunity_src, page_url

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize("url, expected", [
    ("https://acme.example/jobs/1", "https://acme.example/jobs/1"),
    ("HTTP://acme.example", "HTTP://acme.example"),
    ("mailto:jane@acme.example", "mailto:jane@acme.example"),
    ("javascript:alert(1)", None),
    (" JaVaScRiPt:alert(1)", None),
    ("java\tscript:alert(1)", None),
    ("&#106;avascript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("vbscript:msgbox(1)", None),
    ("//evil.example/x", None),
    ("/relative", None),
    ("https://", None),
    ("", None),
    (None, None),
])
def test_safe_url(url, expected):
    assert safe_url(url) == expected


@pytest.mark.parametrize("source, present, absent", [
    ("<script>alert(1)</script>", "&lt;script&gt;", "<script"),
    ("<img src=x onerror=alert(1)>", "&lt;img", "<img"),
    ("[x](javascript:alert(1))", "<span>x</span>", "javascript"),
    ("[x](&#106;avascript:alert(1))", "<span>x</span>", "href"),
    ("[ok](https://example.org/)", 'href="https://example.org/"', "<script"),
    ("![p](https://evil.example/p.png)", "[image: p]", "<img"),
    ("[r]\n\n[r]: javascript:alert(1)", "<span>r</span>", "javascript:"),
    ("<!-- c -->", "&lt;!-- c --&gt;", "<!--"),
    ("**bold** and `<b>`", "<strong>bold</strong>", "<b>"),
    ("# Title", "<h3>Title</h3>", "<h1>"),
    ("a\x02wzxhzdk:0\x03b", "awzxhzdk:0b", "\x02"),
])
def test_markdown_is_safe(source, present, absent):
    out = str(markdown_html(source))
    assert present in out
    assert absent not in out


def test_redactor_hides_emails_and_known_phones():
    hide = Redactor(False, False, ["+44 20 7946 0000"])
    assert hide("write to jane@acme.example or call +44 20 7946 0000") == \
        "write to [e-mail hidden] or call [phone hidden]"
    show = Redactor(True, True, ["+44 20 7946 0000"])
    assert show("jane@acme.example") == "jane@acme.example"


def test_title_text_is_escaped_for_material():
    assert title_text('A <b>"x"</b>\x00\n B') == "A &lt;b&gt;&quot;x&quot;&lt;/b&gt; B"


@pytest.mark.parametrize("src, directory, url", [
    ("index.md", True, ""),
    ("pipeline.md", True, "pipeline/"),
    ("opportunities/acme/backend.md", True, "opportunities/acme/backend/"),
    ("opportunities/acme/backend.md", False, "opportunities/acme/backend.html"),
    ("followups.ics", True, "followups.ics"),
])
def test_page_url(src, directory, url):
    assert page_url(src, directory) == url


@pytest.mark.parametrize("here, there, directory, href", [
    ("index.md", "pipeline.md", True, "pipeline/"),
    ("pipeline.md", "index.md", True, "../"),
    ("opportunities/acme/backend.md", "index.md", True, "../../../"),
    ("opportunities/acme/backend.md", "opportunities/globex.md", True, "../../globex/"),
    ("index.md", "opportunities/a b#c?.md", True, "opportunities/a%20b%23c%3F/"),
    ("opportunities/acme/backend.md", "index.md", False, "../../index.html"),
    ("index.md", "followups.ics", True, "followups.ics"),
    ("pipeline/lead/2.md", "pipeline/lead.md", True, "../"),
])
def test_links_are_relative(here, there, directory, href):
    assert Links(directory, here).to(there) == href


def test_ids_that_mkdocs_would_treat_as_folder_pages_get_their_own_page():
    assert opportunity_src("acme/index") == "opportunities/acme/index-.md"
    assert opportunity_src("README") == "opportunities/README-.md"
    assert opportunity_src("acme/backend") == "opportunities/acme/backend.md"


def _opp(opp_id, **kw):
    base = dict(id=opp_id, path=f"pipeline/{opp_id}.yml", company=opp_id.title(), role="Engineer", stage="applied")
    base.update(kw)
    return Opportunity(**base)


def test_activity_counts_touches_and_replies_in_the_window():
    opp = _opp("a", log=(
        LogEntry(dt.date(2025, 1, 1), "applied"),  # outside the 52 weeks
        LogEntry(dt.date(2026, 11, 2), "applied"),
        LogEntry(dt.date(2026, 11, 9), "follow-up"),
        LogEntry(dt.date(2026, 11, 10), "reply"),
        LogEntry(dt.date(2026, 11, 11), "interview"),
        LogEntry(dt.date(2026, 11, 12), "note"),
        LogEntry(dt.date(2026, 11, 23), "thank-you"),
    ))
    a = activity([opp], TODAY)
    assert a.touches == 3 and a.replies == 2
    assert a.replies_per_touch == pytest.approx(2 / 3)
    assert a.start.weekday() == 0 and (TODAY - a.start).days < 52 * 7
    assert a.touches_by_week[-1] == (dt.date(2026, 11, 23), 1)
    assert a.current_streak == 1 and a.longest_streak == 2  # no touch in the week of 16 Nov


def test_heatmap_has_a_square_per_day():
    start = dt.date(2025, 12, 1)
    out = str(svg.heatmap({TODAY: 3}, start, TODAY, "label"))
    assert out.count("<rect") == (TODAY - start).days + 1
    assert "2026-11-25: 3 touches" in out
    assert "<script" not in out


def test_calendar_escapes_nothing_it_should_not_and_hides_contacts():
    opp = _opp("x", contacts=(Contact("Jane", email="jane@x.example"),),
               log=(LogEntry(dt.date(2026, 11, 20), "applied", note="mail jane@x.example"),))
    items, _ = schedule_all([opp], Settings(), TODAY)
    redact = Redactor(False, False)
    ics = followups_ics(items, TODAY, page_url=lambda o: "https://me.example/opportunities/x/", redact=redact)
    cal = icalendar.Calendar.from_ical(ics)
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == "x@follow-through"
    assert str(event["URL"]) == "https://me.example/opportunities/x/"
    assert b"jane@x.example" not in ics


_HREF = re.compile(r'href="([^"]*)"')


def _internal_links(pages: dict) -> list[tuple[str, str]]:
    """(page, the page URL it links to) for every relative link of every page, as a browser resolves it."""
    found = []
    for src, page in pages.items():
        if not src.endswith(".md"):
            continue
        here = "http://site.invalid/" + page_url(src)
        for href in _HREF.findall(page.body):
            target = urljoin(here, html.unescape(href))
            if target.startswith("http://site.invalid/"):
                found.append((src, unquote(urldefrag(target)[0].removeprefix("http://site.invalid/"))))
    return found


def test_render_is_pure_and_complete():
    """What a reader would notice: every opportunity has its page, under its name; every link between
    pages leads to a page that exists (Today's items, the board's cards, the archive's rows, the
    pagers); the same input renders the same pages."""
    opps = (
        _opp("a", log=(LogEntry(dt.date(2026, 11, 20), "applied"),)),
        _opp("b/c", stage="closed", outcome="rejected"),
        _opp("acme/index", stage="lead"),
        *(_opp(f"lead-{n:03}", stage="lead") for n in range(105)),  # the lead stage's list has two pages
    )
    pipeline = Pipeline(opps, (), 2)
    settings = Settings(privacy=Privacy())
    first = render_pages(pipeline, settings, TODAY, RenderOptions(drafter=drafter_for(settings, TODAY)))
    assert first == render_pages(pipeline, settings, TODAY, RenderOptions(drafter=drafter_for(settings, TODAY)))
    assert {"index.md", "pipeline.md", "timeline.md", "activity.md", "archive.md", "followups.ics",
            "opportunities/a.md", "opportunities/b/c.md", "pipeline/lead/2.md"} <= set(first)
    for opp in opps:
        page = first.get(opportunity_src(opp.id))
        assert page is not None, f"{opp.id} has no page"
        assert page.front_matter["title"] == f"{opp.company} — {opp.role}"
    urls = {page_url(src) for src in first}
    links = _internal_links(first)
    broken = sorted({(src, url) for src, url in links if url not in urls})
    assert broken == []
    linked = {url for _, url in links}
    assert {page_url(opportunity_src(o.id)) for o in opps} <= linked  # every page is reachable
    assert {url for src, url in links if src == "index.md"} >= {page_url("opportunities/a.md"), "pipeline/"}
    for path, page in first.items():
        if path.endswith(".md"):
            assert page.front_matter["template"].endswith(".html"), path
            assert page.markdown().startswith("---\n") and "\ntemplate: " in page.markdown(), path
        else:
            assert isinstance(page, bytes), path


def test_opportunities_alone_render_too():
    """A bare list of opportunities (no Pipeline, no problems) renders: it is due today and has its page."""
    pages = render_pages(
        [_opp("a", company="Zyxwv Labs", stage="lead")],
        Settings(),
        TODAY,
        RenderOptions(drafter=drafter_for(Settings(), TODAY)),
    )
    today = pages["index.md"].body
    due_today = today.split('id="today"')[1].split('id="coming-week"')[0]
    assert "Zyxwv Labs" in due_today and 'href="opportunities/a/"' in due_today
    assert pages["opportunities/a.md"].front_matter["title"] == "Zyxwv Labs — Engineer"


def test_no_page_body_grows_past_the_budget_at_1000_opportunities():
    """Material's frame adds about 15 KB; bodies stay under 85 KB so pages stay under 100 KB."""
    import random

    rng = random.Random(7)
    types = ["applied", "outreach", "follow-up", "thank-you", "value-add", "screen", "reply", "note"]
    opps = []
    for i in range(1000):
        day = TODAY - dt.timedelta(days=rng.randint(3, 120))
        log = []
        for _ in range(rng.randint(1, 8)):
            day = min(TODAY, day + dt.timedelta(days=rng.randint(1, 9)))
            log.append(LogEntry(day, rng.choice(types), f"Person {i}", None, "A note about the call " * 3))
        opps.append(_opp(f"group{i % 50}/opportunity-{i}", company=f"Company number {i} International",
                         role="Senior Platform Engineer", added=day, log=tuple(log),
                         stage="closed" if i % 5 == 0 else rng.choice(["lead", "applied", "screening"]),
                         contacts=(Contact(f"Person {i}", "Recruiter"),), ideas=("An idea to share",)))
    pages = render_pages(opps, Settings(), TODAY, RenderOptions(drafter=drafter_for(Settings(), TODAY)))
    sizes = {path: len(page.markdown().encode()) for path, page in pages.items() if path.endswith(".md")}
    biggest = max(sizes, key=sizes.get)
    assert sizes[biggest] < 85_000, (biggest, sizes[biggest])
    assert len(pages) > 1000


# Letters, marks, symbols (emoji), spaces and text outside the Basic Multilingual Plane; control
# characters are dropped on purpose (see text.clean), so they are not expected back.
_DROPPED = "\ufeff\ufff9\ufffa\ufffb\ufffe\uffff"
_ANY_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters=_DROPPED),
                    min_size=1, max_size=30).filter(str.strip)


@hypothesis_settings(max_examples=100, deadline=None)
@given(company=_ANY_TEXT, role=_ANY_TEXT)
def test_any_code_point_round_trips_through_page_title_body_and_calendar(company, role):
    from mkdocs.utils.meta import get_data

    opp = _opp("x", company=company, role=role, log=(LogEntry(dt.date(2026, 11, 20), "applied"),))
    pages = render_pages([opp], Settings(), TODAY, RenderOptions(drafter=drafter_for(Settings(), TODAY)))
    _, meta = get_data(pages["opportunities/x.md"].markdown())  # as MkDocs reads the front matter
    assert html.unescape(meta["title"]) == " ".join(f"{company} — {role}".split())
    assert str(escape(company)) in pages["opportunities/x.md"].body
    (event,) = icalendar.Calendar.from_ical(pages["followups.ics"]).walk("VEVENT")
    assert str(event["SUMMARY"]) == f"Follow up: {company} — {role}"


@pytest.mark.parametrize("text", ["\U0001F686 Rail", "Ingénieur 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\\ud83d \\U0001F686 \" \\", "a\u2028b\x85c"])
def test_front_matter_reads_back_as_written(text):
    from mkdocs.utils.meta import get_data

    _, meta = get_data(front_matter_text({"title": text, "hide": [text]}) + "body")
    assert meta == {"title": text, "hide": [text]}


def test_builds_in_one_process_each_keep_their_own_privacy():
    """Templates compile once per process (``mkdocs serve`` rebuilds); each build still hides what its settings say."""
    opp = _opp("x", notes="Write to jane@acme.example", contacts=(Contact("Jane", email="jane@acme.example"),),
               log=(LogEntry(dt.date(2026, 11, 20), "applied"),))
    for show_email in (False, True, False):
        settings = Settings(privacy=Privacy(show_email=show_email))
        options = RenderOptions(drafter=drafter_for(settings, TODAY))
        body = render_pages([opp], settings, TODAY, options)["opportunities/x.md"].body
        assert ("jane@acme.example" in body) is show_email, show_email
