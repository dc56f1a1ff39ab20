"""Every default template over a table of situations, against reviewed golden files.

To accept a deliberate change: `UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/drafts/test_golden.py`,
then read the diff of tests/drafts/golden/ before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.adapters.message_templates import drafter_for
from generator.core.drafts import BANNED, WORD_LIMIT

from .situations import SETTINGS, SITUATIONS, TOUCHES, draft_text

GOLDEN = Path(__file__).parent / "golden"


def rendered(touch: str) -> str:
    drafter = drafter_for(SETTINGS)
    parts = [f"=== {name}\n{draft_text(drafter, name, touch)}" for name in SITUATIONS]
    assert drafter.problems == []
    return "\n".join(parts)


@pytest.mark.parametrize("touch", TOUCHES)
def test_default_template_matches_golden(touch):
    text = rendered(touch)
    golden = GOLDEN / f"{touch}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("touch", TOUCHES)
def test_every_situation_reads_well(touch):
    drafter = drafter_for(SETTINGS)
    for name in SITUATIONS:
        text = draft_text(drafter, name, touch)
        subject, _, body = text.partition("\n\n")
        assert subject.startswith("Subject: ") and len(subject) > len("Subject: ") + 5, text
        assert len(text.split()) - 1 < WORD_LIMIT, text  # "Subject:" itself is not a word of the message
        assert not any(b in text.lower() for b in BANNED), text
        assert "{{" not in text and "{%" not in text and "None" not in text, text
        assert body.rstrip().endswith("Alex Kim"), text  # signed with the user's name


def test_greets_by_first_name_and_quotes_the_conversation():
    drafter = drafter_for(SETTINGS)
    assert "Hi Cher," in draft_text(drafter, "one-name", "check-in")
    assert "Hi Maria," in draft_text(drafter, "second", "check-in")  # "Dr." is not a first name
    assert draft_text(drafter, "no-contact", "check-in").split("\n\n")[1] == "Dear hiring team,"
    thanks = draft_text(drafter, "markdown-idea", "thank-you")
    assert "12 November" in thanks and "I've kept thinking about their latex imports and" in thanks
    idea = draft_text(drafter, "markdown-idea", "value-add")
    assert "Customs forms: a parser for their CSV exports, see my demo (https://example.org/demo)" in idea
    assert "**" not in idea and "`" not in idea


def test_notes_are_never_quoted_only_topics():
    drafter = drafter_for(SETTINGS)
    for name in SITUATIONS:
        for touch in TOUCHES:
            text = draft_text(drafter, name, touch)
            for private in ("Private", "pay is low", "45 min", "on-call", "Reviewing applications"):
                assert private not in text, (name, touch, text)
    assert "about the move to Kubernetes" in draft_text(drafter, "second", "value-add") or \
        "the move to Kubernetes" in draft_text(drafter, "second", "thank-you")


def test_stripe_inc_reads_as_sent():
    drafter = drafter_for(SETTINGS)
    for touch in TOUCHES:
        text = draft_text(drafter, "stripe-inc", touch)
        assert ".." not in text and ",." not in text and " ," not in text, text
        assert "Stripe, Inc." in text, text
        assert text.split("\n\n")[1] == "Dear hiring team,", text  # "Mx." alone names nobody


def test_consecutive_followups_read_differently():
    drafter = drafter_for(SETTINGS)
    for touch in ("check-in", "value-add", "share-update"):
        first = draft_text(drafter, "one-name", touch)
        second = draft_text(drafter, "second", touch)
        third = draft_text(drafter, "third", touch)
        assert len({first.split("\n")[0], second.split("\n")[0], third.split("\n")[0]}) == 3, touch
