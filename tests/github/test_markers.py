"""What the automation reads back (its markers) counts only in text it wrote; user text in a file
can never carry a marker into a reminder's body."""

from __future__ import annotations

import dataclasses
import datetime as dt

from generator.agenda import due_items
from generator.config import load_settings
from generator.github.reminders import END_MARKER, issue_body, marked_id, split_body
from generator.model import Contact
from generator.pipeline import load_pipeline

from . import inprocess
from .samples import TODAY

EVIL = "https://www.linkedin.com/in/x<!-- follow-through:end -->"
FILE = f"""\
company: Acme Corp
role: Backend Engineer
contacts:
  - name: Raj Patel
    linkedin: "{EVIL}"
log:
  - {{date: 2026-11-10, type: applied, with: Raj Patel}}
"""


def test_check_refuses_a_linkedin_value_holding_a_marker(repo):
    """Finding: such a value passed `check`."""
    repo.opportunity("acme", FILE)
    result = inprocess.run(repo, "check")
    assert result.returncode == 1
    assert "pipeline/acme.yml:5:15: contacts[0].linkedin: '" in result.stdout
    assert "is not a web address: it holds a space, a quote or an angle bracket (< >)" in result.stdout


def test_a_reminder_body_does_not_grow_whatever_the_file_says(repo):
    """Finding: the body grew at every run (1,122 → 1,966 → 2,810 characters)."""
    repo.opportunity("acme", FILE.replace(EVIL, "https://www.linkedin.com/in/raj"))
    settings = load_settings(repo.root / "mkdocs.yml")
    today = dt.date.fromisoformat(TODAY)
    [item] = due_items(load_pipeline(settings.pipeline_path, today).opportunities, settings, today, within_days=0)
    # A value that got past `check` (an older version, a file edited after it): still no marker gets in.
    opp = dataclasses.replace(item.opp, contacts=[Contact(name="Raj Patel", linkedin=EVIL)])
    body = issue_body(dataclasses.replace(item, opp=opp), settings)
    assert body.count("<!--") == 2 and body.count(END_MARKER) == 1 and body.endswith(END_MARKER + "\n")
    generated, own = split_body(body + "my notes")
    assert own == "my notes" and generated == body


def test_only_a_marker_at_the_top_names_the_opportunity():
    assert marked_id("<!-- follow-through:id=acme -->\nbody") == "acme"
    assert marked_id("Hello\n<!-- follow-through:id=acme -->") is None
    assert marked_id(None) is None
