"""Drafts and insight on the pages, rendered by the pure renderer: escaped, encoded, folded, withheld."""

from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, unquote, urlsplit

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from generator.adapters.message_templates import drafter_for
from generator.core.records import Contact, LogEntry, Opportunity
from generator.core.settings import Privacy, Settings
from generator.core.site.pages import RenderOptions, render_pages

TODAY = dt.date(2026, 11, 25)
SHOW = Settings(privacy=Privacy(show_email=True))
HOSTILE = st.sampled_from([
    '<script>window.__pwned=1</script>', '"><img src=x onerror=alert(1)>', "</pre><b>x</b>", "&amp;lt; &#60;",
    "{{ 7*7 }}", "🦄 𝔘𝔫𝔦 😀 \U0001F600", "Zoë O'Brien-Łukasz", "a&b=c?d#e%20f+g",
])
TEXT = st.one_of(HOSTILE, st.text(max_size=80))


def _opp(name: str, idea: str, email: str | None = "jane@acme.example", opp_id: str = "acme") -> Opportunity:
    return Opportunity(
        id=opp_id, path=f"pipeline/{opp_id}.yml", company="Acme", role="Engineer", stage="interviewing",
        contacts=(Contact(name, "Recruiter", email),), ideas=(idea,),
        log=(LogEntry(dt.date(2026, 11, 10), "applied"), LogEntry(dt.date(2026, 11, 12), "reply", name, None, idea)),
    )


class _Draft(HTMLParser):
    """The draft's text (in <pre class="ft-draft__text">) and the e-mail link of a page, as a browser reads them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.mailtos, self._in = [], [], False
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "pre" and "ft-draft__text" in (attrs.get("class") or ""):
            self._in = True
            self.texts.append("")
        if tag == "a" and (attrs.get("href") or "").startswith("mailto:") and "ft-mailto" in (attrs.get("class") or ""):
            self.mailtos.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "pre":
            self._in = False

    def handle_data(self, data):
        if self._in:
            self.texts[-1] += data


def parse(page) -> _Draft:
    parser = _Draft()
    parser.feed(page.body)
    return parser


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=TEXT.filter(lambda s: s.strip()), idea=TEXT.filter(lambda s: s.strip()))
def test_any_name_or_idea_is_escaped_on_the_page_and_encoded_in_the_mailto_link(name, idea):
    pages = render_pages([_opp(name, idea)], SHOW, TODAY, RenderOptions(drafter=drafter_for(SHOW, TODAY)))
    page = parse(pages["opportunities/acme.md"])
    assert "script" not in page.tags and "img" not in page.tags and page.tags.count("pre") == 1
    (text,) = page.texts
    assert text.startswith("Subject: ") and ("\n\nHi " in text or "\n\nDear hiring team,\n" in text)
    (link,) = page.mailtos
    assert all(c.isascii() and c.isprintable() and c not in ' "<>\'' for c in link), link
    parts = urlsplit(link)
    assert unquote(parts.path) == "jane@acme.example"
    query = parse_qs(parts.query, keep_blank_values=True)
    subject, _, body = text.rstrip("\n").partition("\n\n")
    assert query["subject"] == [subject.removeprefix("Subject: ")]
    assert query["body"] == [body.replace("\n", "\r\n")]
    today = parse(pages["index.md"])
    assert today.texts == [text] and "script" not in today.tags


def test_no_mailto_link_unless_the_email_is_shown():
    opp = _opp("Jane Doe", "An idea")
    hidden = render_pages([opp], Settings(), TODAY, RenderOptions(drafter=drafter_for(Settings(), TODAY)))[
        "opportunities/acme.md"
    ].body
    assert "mailto:" not in hidden and "jane@acme.example" not in hidden
    assert "Subject: " in hidden and "ft-draft__text" in hidden
    no_address = render_pages(
        [_opp("Jane Doe", "An idea", email=None)], SHOW, TODAY, RenderOptions(drafter=drafter_for(SHOW, TODAY))
    )["opportunities/acme.md"]
    assert parse(no_address).mailtos == []


def test_drafts_keep_email_addresses_and_phones_hidden():
    opp = _opp("Jane Doe", "Write to jane@acme.example or call +44 20 7946 0000")
    opp = Opportunity(
        **{**opp.__dict__, "contacts": (Contact("Jane Doe", None, "jane@acme.example", "+44 20 7946 0000"),)}
    )
    for path, page in render_pages(
        [opp], Settings(), TODAY, RenderOptions(drafter=drafter_for(Settings(), TODAY))
    ).items():
        if path.endswith(".md"):
            text = page.markdown()
            assert "jane@acme.example" not in text and "7946" not in text, path


def test_today_folds_the_draft_under_each_due_item():
    opps = [_opp("Jane Doe", f"Idea {i}", opp_id=f"o{i}") for i in range(3)]
    today = render_pages(opps, Settings(), TODAY, RenderOptions(drafter=drafter_for(Settings(), TODAY)))[
        "index.md"
    ].body
    assert today.count('<details class="ft-draft ft-draft--folded"') == 3
    assert len(re.findall(r"<summary>Draft: [^<]+</summary>", today)) == 3
    assert today.count("data-ft-copy") == 3


def test_gone_quiet_and_closed_get_no_draft():
    start = dt.date(2026, 9, 1)
    quiet = Opportunity(
        id="q",
        path="pipeline/q.yml",
        company="Q",
        role="R",
        stage="applied",
        log=tuple(LogEntry(start + dt.timedelta(days=7 * i), "applied" if not i else "follow-up") for i in range(4)),
    )
    closed = Opportunity(id="c", path="pipeline/c.yml", company="C", role="R", stage="closed", outcome="rejected")
    pages = render_pages([quiet, closed], Settings(), TODAY, RenderOptions(drafter=drafter_for(Settings(), TODAY)))
    assert "ft-draft" not in pages["opportunities/q.md"].body and "ft-draft" not in pages["opportunities/c.md"].body


def test_activity_shows_what_works_with_counts_and_withheld_lines():
    opps = []
    for i in range(6):
        log = [LogEntry(dt.date(2026, 9, 1), "applied", None, "email")]
        if i < 4:
            log.append(LogEntry(dt.date(2026, 9, 4 + i), "reply"))
        opps.append(
            Opportunity(
                id=f"o{i}",
                path=f"pipeline/o{i}.yml",
                company="C",
                role="R",
                stage="applied",
                source="referral" if i < 5 else "job board",
                log=tuple(log),
            )
        )
    page = render_pages(opps, Settings(), TODAY, RenderOptions(drafter=drafter_for(Settings(), TODAY)))[
        "activity.md"
    ].body
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    assert "What works" in text
    assert "Applications: 4 of 6 answered (67%)" in text
    assert "67% · 4 of 6" in text  # the figure in the chart, with its count
    assert "Withheld, fewer than 5 touches each: job board (1)." in text
    assert "Withheld: 4 answered touches so far; the median needs at least 5." in text
    assert page.count('class="ft-rates"') == 4
