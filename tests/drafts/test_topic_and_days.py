"""`topic:` (the one part of a log entry a draft quotes), relative days for the send day, and drafts that read
as sent over odd company and contact names."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from generator.adapters.message_templates import builtin_templates, drafter_for
from generator.core.drafts import Drafter, first_name, when_text
from generator.core.records import Contact, LogEntry, Opportunity
from generator.core.schedule import Followup
from generator.core.site.pages import RenderOptions

from .situations import TOUCHES

WED = dt.date(2026, 11, 18)  # a Wednesday


@pytest.mark.parametrize("send_day, said", [
    (WED, "today"),
    (WED + dt.timedelta(days=1), "yesterday"),
    (WED + dt.timedelta(days=2), "on Wednesday"),
    (WED + dt.timedelta(days=6), "on Wednesday"),
    (WED + dt.timedelta(days=7), "on 18 November"),  # a weekday would mean today's Wednesday
    (WED + dt.timedelta(days=19), "on 18 November"),
])
def test_a_weekday_only_within_six_days_of_the_send_day(send_day, said):
    assert when_text(WED, send_day) == said


def _interview_opp(company="Initech", contact="Jane Doe", topic=None, note=None) -> Opportunity:
    log = (LogEntry(dt.date(2026, 11, 1), "applied"),
           LogEntry(WED, "interview", contact, "video", note, topic))
    return Opportunity(id="x", path="pipeline/x.yml", company=company, role="Backend Engineer",
                       stage="interviewing", contacts=(Contact(contact),), log=log)


def test_an_overdue_thank_you_is_written_for_today_and_says_it_is_late():
    opp = _interview_opp(topic="your ingestion lag", note="45 min with recruiter; team of 6, next: tech round")
    due = Followup(WED + dt.timedelta(days=1), "thank-you", "why", "Jane Doe")
    on_time = Drafter(builtin_templates()).draft(opp, due, today=due.due).text
    assert "Thank you for the interview yesterday." in on_time and "later than I meant" not in on_time
    late = Drafter(builtin_templates()).draft(opp, due, today=WED + dt.timedelta(days=19)).text
    assert "Wednesday" not in late and "on 18 November" in late
    assert "later than I meant" in late
    for text in (on_time, late):
        assert "I've kept thinking about your ingestion lag" in text
        assert "45 min" not in text and "tech round" not in text


def test_check_warns_about_a_long_topic_and_log_writes_one(project):
    project.opportunity(
        "acme",
        """\
        company: Acme Corp
        role: Backend Engineer
        log:
          - {date: 2026-11-10, type: applied}
          - {date: 2026-11-12, type: call, topic: one two three four five six seven eight nine ten eleven twelve thirteen}
        """,  # noqa: E501 (a file as a user writes it)
    )
    result = project.run("check")
    assert "pipeline/acme.yml:5:" in result.stdout + result.stderr
    assert "topic: has 13 words" in result.stdout + result.stderr
    logged = project.run(
        "log",
        "acme",
        "screen",
        "--with",
        "Jo",
        "--topic",
        "your  ingestion lag",
        "--note",
        "private",
        "--today",
        "2026-11-25",
    )
    assert logged.returncode == 0, logged.stderr
    assert "topic: your ingestion lag, note: private}" in (project.pipeline / "acme.yml").read_text()


NAMES = st.text(alphabet=st.sampled_from("ab .,-'’()Dr"), min_size=0, max_size=12)


@hsettings(max_examples=150, deadline=None)
@given(
    company=st.builds(
        lambda words, sep: sep.join(words) + ".",
        st.lists(st.sampled_from(["Stripe", "Inc", "Acme", "&", "Sons", "Ltd", "S.A", "Co"]), min_size=1, max_size=4),
        st.sampled_from([" ", ", "]),
    ),
    contact=st.one_of(NAMES, st.sampled_from(["Dr.", "  ", "—", "Mx. ", "O'Brien", "(Jane)", "J.", "李"])),
    touch=st.sampled_from(TOUCHES),
    late=st.integers(0, 30),
)
def test_no_doubled_punctuation_and_no_empty_greeting(company, contact, touch, late):
    opp = _interview_opp(company=company, contact=contact or "X", topic="the roadmap.")
    followup = Followup(
        WED + dt.timedelta(days=1),
        touch,
        "why",
        opp.contacts[0].name,
        "a faster build." if touch == "value-add" else None,
    )
    text = (
        Drafter(builtin_templates(), user_name="Alex")
        .draft(opp, followup, today=followup.due + dt.timedelta(days=late))
        .text
    )
    without_company = text.replace(company.strip(), "COMPANY")  # the values as written are the user's own
    if first_name(contact):
        without_company = without_company.replace(first_name(contact), "NAME")
    assert not re.search(r"\.\.|,[.,]|\s[,.]", without_company.replace("...", "")), text
    greeting = text.split("\n\n")[1]
    assert greeting == "Dear hiring team," or re.fullmatch(r"Hi \w[^,\s]*,", greeting), greeting
    assert first_name(contact) == "" or greeting == f"Hi {first_name(contact)},"


def test_the_site_the_reminder_issue_and_draft_id_give_one_text(project):
    """An overdue thank-you (due 19 November, sent 25 November): the same words in all three places."""
    import html as html_lib

    from generator.core.agenda import due_items
    from generator.core.github.reminder_plan import Writer, issue_body
    from generator.core.settings import Settings
    from generator.core.site.pages import render_pages

    text = """\
        company: Stripe, Inc.
        role: Backend Engineer
        contacts: [{name: Jane Doe}]
        log:
          - {date: 2026-11-10, type: applied}
          - {date: 2026-11-18, type: interview, with: Jane Doe, topic: your ingestion lag, note: pay is low}
        """
    project.opportunity("stripe", text)
    cli = project.run("draft", "stripe", "--today", "2026-11-25")
    assert cli.returncode == 0, cli.stderr
    import textwrap

    from generator.core.validate import validate_text

    opp, _ = validate_text("stripe", "pipeline/stripe.yml", textwrap.dedent(text))
    today = dt.date(2026, 11, 25)
    (item,) = due_items([opp], Settings(), today, within_days=0)
    body = issue_body(item, Settings(), Writer(drafter_for(Settings())))
    page = render_pages([opp], Settings(), today, RenderOptions(drafter=drafter_for(Settings(), today)))[
        "opportunities/stripe.md"
    ].body
    shown = html_lib.unescape(re.search(r'<pre class="ft-draft__text[^"]*">(.*?)</pre>', page, re.S).group(1))
    assert cli.stdout.rstrip("\n") in body
    assert shown.rstrip("\n") == cli.stdout.rstrip("\n")
    assert "on 18 November" in cli.stdout and "Wednesday" not in cli.stdout and "pay is low" not in cli.stdout
