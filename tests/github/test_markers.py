"""What the automation reads back (its markers) counts only in text it wrote; user text in a file
can never carry a marker into a reminder's body."""

from __future__ import annotations

from generator.core.github.reminder_plan import END_MARKER, marked_id, split_body

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


def test_check_flags_a_linkedin_value_holding_a_marker(repo):
    """Finding: such a value passed `check` silently."""
    repo.opportunity("acme", FILE)
    result = inprocess.run(repo, "check")
    assert "pipeline/acme.yml:5:15: warning: contacts[0].linkedin: '" in result.stdout
    assert "holds a space, a quote or an angle bracket (< >): no web address does" in result.stdout


def test_a_reminder_body_does_not_grow_whatever_the_file_says(repo, github):
    """Finding: with that value the body grew at every run (1,122 → 1,966 → 2,810 characters)."""
    repo.opportunity("acme", FILE)
    bodies = []
    for _ in range(3):
        result = inprocess.run(repo, "remind", "--repo", github.repo, "--today", TODAY, env=github.env())
        assert result.returncode == 0, result.stderr
        [issue] = github.open_issues()
        bodies.append(issue["body"])
    assert bodies[0] == bodies[1] == bodies[2]
    body = bodies[0]
    assert body.count("<!--") == 2 and body.count(END_MARKER) == 1 and body.endswith(END_MARKER + "\n")
    assert "[LinkedIn](https://www.linkedin.com/in/x%3C!--%20follow-through:end%20--%3E)" in body
    assert split_body(body + "my notes") == (body, "my notes")


def test_only_a_marker_at_the_top_names_the_opportunity():
    assert marked_id("<!-- follow-through:id=acme -->\nbody") == "acme"
    assert marked_id("Hello\n<!-- follow-through:id=acme -->") is None
    assert marked_id(None) is None
