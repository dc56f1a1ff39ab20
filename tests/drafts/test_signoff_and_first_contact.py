"""Drafts signed from `user:` with its line breaks, a visible blank when nobody is named, and one rule
for a lead never contacted: `due` says "reach out now", `draft` gives the first contact (issue 26)."""

from __future__ import annotations

from tests.conftest import MKDOCS_YML

TODAY = "2026-11-25"
LEAD = "company: Acme Corp\nrole: Backend Engineer\nadded: 2026-09-01\n"


def test_the_signature_keeps_its_line_breaks(project):
    # guide/settings.md's own example (finding: it came out as one line)
    user = '      user: {name: Sam Jones, signature: "Sam Jones\\nsam@example.org"}\n'
    project.write("mkdocs.yml", MKDOCS_YML + user, dedent=False)
    project.opportunity("acme", "company: Acme Corp\nrole: Backend Engineer\nadded: 2026-11-20\n")
    draft = project.run("draft", "acme", "--today", TODAY)
    assert draft.returncode == 0, draft.stderr
    assert draft.stdout.rstrip().endswith("Thank you,\nSam Jones\nsam@example.org")


def test_with_nobody_named_the_sign_off_asks_for_a_name(project):
    project.opportunity("acme", "company: Acme Corp\nrole: Backend Engineer\nadded: 2026-11-20\n")
    draft = project.run("draft", "acme", "--today", TODAY)
    assert draft.returncode == 0, draft.stderr
    assert draft.stdout.rstrip().endswith("Thank you,\n[Your name: set user: in mkdocs.yml]")


def test_a_lead_never_contacted_gets_the_first_contact_due_offers(project):
    project.opportunity("acme", LEAD)
    due = project.run("due", "--today", TODAY, "--gone-quiet")
    assert "close it as withdrawn, or reach out now" in due.stdout
    draft = project.run("draft", "acme", "--today", TODAY)
    # finding: `draft` refused ("one more message would be pestering") what `due` had just offered
    assert draft.returncode == 0, draft.stderr
    assert "pestering" not in draft.stderr and "first-contact" in draft.stderr
    assert draft.stdout.startswith("Subject: Backend Engineer at Acme Corp\n")
    assert "I'm interested in the Backend Engineer role at Acme Corp" in draft.stdout
