"""Properties of drafts over any names, notes and ideas (hypothesis): short, never guilt-tripping."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from generator.adapters.message_templates import builtin_templates
from generator.core.drafts import BANNED, WORD_LIMIT, Drafter
from generator.core.records import Contact, LogEntry, Opportunity
from generator.core.schedule import Followup

from .situations import TOUCHES

HOSTILE = st.sampled_from([
    '<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "{{ 7*7 }}", "{% raw %}",
    "🦄 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀", "Just checking in", "circling  back", "AS PER MY LAST EMAIL", "bump", "&amp; %s %(x)s",
    "word " * 300,
])
TEXT = st.one_of(HOSTILE, st.text(max_size=400), st.text(alphabet=st.characters(min_codepoint=0x10000), max_size=50))
NAME = st.one_of(TEXT, st.just("Jane Doe"), st.just("Cher"))


def _opp(company, role, name, note, idea, outbound_run: int) -> Opportunity:
    start = dt.date(2026, 9, 1)
    log = [LogEntry(start, "applied"), LogEntry(start + dt.timedelta(days=3), "interview", name, "video", note)]
    log += [LogEntry(start + dt.timedelta(days=10 + 7 * i), "follow-up", name) for i in range(outbound_run)]
    return Opportunity(
        id="x", path="pipeline/x.yml", company=company, role=role, stage="interviewing",
        contacts=(Contact(name, role=role),), ideas=(idea,), log=tuple(log),
    )


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(company=TEXT, role=TEXT, name=NAME, note=TEXT, idea=TEXT, user=TEXT, signature=TEXT,
       touch=st.sampled_from(TOUCHES), run=st.integers(0, 5))
def test_every_default_draft_is_short_and_never_guilt_trips(company, role, name, note, idea, user, signature,
                                                            touch, run):
    opp = _opp(company or "X", role or "Y", name or "N", note, idea, run)
    followup = Followup(
        dt.date(2026, 11, 25), touch, "why", opp.contacts[0].name, idea if touch == "value-add" else None
    )
    drafter = Drafter(builtin_templates(), user_name=user, signature=signature)
    draft = drafter.draft(opp, followup)
    assert drafter.problems == []
    words = " ".join(draft.text.split()).lower()
    assert draft.words < WORD_LIMIT, draft.text
    for phrase in BANNED:
        assert phrase not in words, (phrase, draft.text)
    assert draft.subject and "\n" not in draft.subject


@hsettings(max_examples=100, deadline=None)
@given(email=st.emails() | TEXT, name=NAME, idea=TEXT)
def test_mailto_link_carries_subject_and_body_url_encoded(email, name, idea):
    from urllib.parse import parse_qs, unquote, urlsplit

    opp = _opp("Acme", "Engineer", name or "N", None, idea, 0)
    draft = Drafter(builtin_templates()).draft(
        opp, Followup(dt.date(2026, 11, 25), "value-add", "why", opp.contacts[0].name, idea)
    )
    link = draft.mailto(email)
    assert all(c.isascii() and c.isprintable() and c not in " \"<>'" for c in link), link
    parts = urlsplit(link)
    assert parts.scheme == "mailto" and unquote(parts.path) == email.strip()
    query = parse_qs(parts.query, keep_blank_values=True)
    assert query["subject"] == [draft.subject]
    assert query["body"] == [draft.body.replace("\n", "\r\n")]
