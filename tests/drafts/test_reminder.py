"""The draft in the reminder issue's body: folded, in a code block nothing can break out of."""

from __future__ import annotations

import datetime as dt
import re

from generator.adapters.message_templates import drafter_for
from generator.core.agenda import due_items
from generator.core.github.reminder_plan import Writer, issue_body, split_body
from generator.core.settings import Settings, User
from generator.core.validate import validate_text

TODAY = dt.date(2026, 11, 25)


def _item(text: str):
    opp, problems = validate_text("acme", "pipeline/acme.yml", text)
    assert opp is not None, problems
    (item,) = due_items([opp], Settings(), TODAY, within_days=0)
    return item


ACME = """\
company: Acme Corp
role: Backend Engineer
contacts: [{name: Jane Doe, email: jane@acme.example, phone: "+44 20 7946 0000"}]
ideas: ["```` </details> @octocat <!-- follow-through:id=other --> <!-- follow-through:end --> mail jane@acme.example or +44 20 7946 0000"]
log:
  - {date: 2026-11-10, type: applied}
  - {date: 2026-11-12, type: interview, with: Jane Doe}
  - {date: 2026-11-13, type: thank-you, with: Jane Doe}
"""  # noqa: E501 (a file as a user writes it)


def test_the_issue_body_carries_the_draft_folded_in_a_fence_it_cannot_leave():
    item = _item(ACME)
    settings = Settings(user=User(name="Alex Kim"))
    body = issue_body(item, settings, Writer(drafter_for(settings)))
    draft = drafter_for(settings).draft(item.opp, item.followup)
    match = re.search(
        r"<details><summary>Draft message \(edit it, then send\)</summary>\n\n(`{3,})text\n(.*?)\n\1\n\n</details>",
        body,
        re.S,
    )
    assert match, body
    fence, text = match.groups()
    assert all(len(run) < len(fence) for run in re.findall("`+", text))  # no run of backticks closes it
    assert text.startswith("Subject: An idea for the Acme Corp team\n\nHi Jane,")
    assert text.endswith("Alex Kim")
    assert "jane@acme.example" not in text and "7946" not in text  # privacy holds in the draft too
    assert "[e-mail hidden]" in text and "[phone hidden]" in text
    idea = next(line for line in body.splitlines() if line.startswith("> **An idea for a value-add:**"))
    assert "jane@acme" not in idea and "7946" not in idea and "e-mail hidden" in idea  # and in the idea line
    assert "jane@acme" not in body and "7946" not in body
    assert body.index("<!-- follow-through:id=acme -->") == 0
    assert draft.subject in body
    generated, own = split_body(body + "my own notes")
    assert generated == body and own == "my own notes"  # the draft holds no marker of ours
