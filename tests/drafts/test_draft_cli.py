"""`draft ID` as a user runs it, with the user's own templates in overrides/messages/."""

from __future__ import annotations

import pytest

ACME = """\
    company: Acme Corp
    role: Backend Engineer
    contacts: [{name: Jane Doe, role: Recruiter, email: jane@acme.example}]
    log:
      - {date: 2026-11-10, type: applied}
      - {date: 2026-11-12, type: reply, with: Jane Doe, topic: the platform team, note: "Liked my CV; pay is low, second choice"}
    """  # noqa: E501 (a file as a user writes it)

USER = """\
      user:
        name: Alex Kim
        signature: "Alex Kim · alex.example"
"""


def test_draft_prints_the_next_followups_message(project):
    project.opportunity("acme", ACME)
    result = project.run("draft", "acme", "--today", "2026-11-25")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Subject: Backend Engineer at Acme Corp: next steps?\n\nHi Jane,\n\n")
    assert "Since your reply on 12 November about the platform team, " in result.stdout
    assert "pay is low" not in result.stdout and "Liked my CV" not in result.stdout  # the note is private
    assert "check-in to Jane Doe <jane@acme.example>, 1st follow-up, due 2026-11-19 (6 days overdue)" in result.stderr


def test_the_users_name_and_signature_sign_the_draft(project):
    project.write("mkdocs.yml", (project.root / "mkdocs.yml").read_text() + USER, dedent=False)
    project.opportunity("acme", ACME)
    result = project.run("draft", "acme", "--today", "2026-11-25")
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("Thank you,\nAlex Kim · alex.example")


def test_a_bad_user_setting_is_a_clear_error(project):
    project.write("mkdocs.yml", (project.root / "mkdocs.yml").read_text() + "      user: {nmae: Alex}\n", dedent=False)
    project.opportunity("acme", ACME)
    result = project.run("draft", "acme")
    assert result.returncode == 2
    assert "user: unknown option 'nmae'; expected one of: name, signature" in result.stderr


def test_a_users_template_is_used(project):
    project.opportunity("acme", ACME)
    project.write(
        "overrides/messages/check-in.md",
        """\
        Subject: About {{ company }} ({{ number }})

        {{ greeting }} a note about {{ last.what }} on {{ last.day }}.
        """,
    )
    result = project.run("draft", "acme", "--today", "2026-11-25")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Subject: About Acme Corp (1)\n\nHi Jane, a note about your reply on 12 November.\n"


@pytest.mark.parametrize(
    "template, line, name",
    [
        ("Subject: Hi\n\n{{ greeting }}\n{{ last.note }}\n", 4, "note"),
        ("Subject: Hi\n\n{% if last %}\n{{ last['note'] }}\n{% endif %}\n", 4, "note"),
        ("Subject: Hi {{ notes }}\n", 1, "notes"),
    ],
)
def test_a_template_that_quotes_a_private_note_is_warned_and_the_default_stands_in(project, template, line, name):
    project.opportunity("acme", ACME)
    project.write("overrides/messages/check-in.md", template, dedent=False)
    check = project.run("check")
    assert (
        f"overrides/messages/check-in.md:{line}: warning: quotes '{name}', which is private"
        in check.stderr + check.stdout
    )
    result = project.run("draft", "acme", "--today", "2026-11-25")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Subject: Backend Engineer at Acme Corp: next steps?")  # the default
    assert "pay is low" not in result.stdout
    assert f"overrides/messages/check-in.md:{line}: warning: quotes '{name}'" in result.stderr


def test_a_template_may_say_the_word_note_in_its_text(project):
    project.opportunity("acme", ACME)
    project.write("overrides/messages/check-in.md", "Subject: A note\n\n{{ greeting }} a short note.\n", dedent=False)
    result = project.run("draft", "acme", "--today", "2026-11-25")
    assert result.stdout == "Subject: A note\n\nHi Jane, a short note.\n", result.stderr


@pytest.mark.parametrize(
    "template, line, message",
    [
        ("Subject: Hi\n\nHello {{ contact.first_name }\n", 3, "unexpected '}'"),
        ("Subject: Hi\n\n{% if number %}\nHello\n", 4, "Unexpected end of template"),
        ("Subject: Hi\n\n\n{{ contact.nickname }}\n", 4, "has no attribute 'nickname'"),
        ("Subject: Hi\n\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n", 3, "unsafe"),
        ("Hello {{ company }}\n", 1, "the first line must be the subject"),
        ("Subject: Hi\n\n{{ 'x' * 10**9 }}\n", 3, "'*' would make more than 10,000 characters"),
        ("Subject: Hi\n\n\n{{ company * 100000 }}\n", 4, "would make more than 10,000 characters"),
    ],
)
def test_a_broken_users_template_is_located_and_the_default_stands_in(project, template, line, message):
    project.opportunity("acme", ACME)
    default = project.run("draft", "acme", "--today", "2026-11-25")
    project.write("overrides/messages/check-in.md", template, dedent=False)
    result = project.run("draft", "acme", "--today", "2026-11-25")
    assert result.returncode == 0, result.stderr
    assert result.stdout == default.stdout  # the default draft, unchanged
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"overrides/messages/check-in.md:{line}: warning: "), first
    assert message in first and first.endswith("; the default draft is used"), first
    assert "Traceback" not in result.stderr


def test_no_draft_for_a_closed_or_quiet_opportunity(project):
    project.opportunity(
        "closed",
        """\
        company: Oldco
        role: Dev
        log:
          - {date: 2026-10-01, type: applied}
          - {date: 2026-10-10, type: rejection}
        """,
    )
    project.opportunity(
        "quiet",
        """\
        company: Stark
        role: Dev
        log:
          - {date: 2026-09-01, type: applied}
          - {date: 2026-09-08, type: follow-up}
          - {date: 2026-09-15, type: follow-up}
          - {date: 2026-09-25, type: follow-up}
        """,
    )
    closed = project.run("draft", "closed", "--today", "2026-11-25")
    assert closed.returncode == 2 and "closed is closed (rejected): there is no follow-up to draft" in closed.stderr
    quiet = project.run("draft", "quiet", "--today", "2026-11-25")
    assert quiet.returncode == 1 and quiet.stdout == ""
    assert "gone quiet" in quiet.stderr and "pestering" in quiet.stderr
    missing = project.run("draft", "quite")
    assert missing.returncode == 2 and "did you mean 'quiet'?" in missing.stderr


def test_a_file_with_errors_says_so(project):
    project.opportunity("acme", "company: Acme\nrole: Dev\nwait_untill: 2026-12-01\n")
    result = project.run("draft", "acme")
    assert result.returncode == 2
    assert "pipeline/acme.yml:3:1:" in result.stderr and "acme has errors" in result.stderr


def test_check_names_a_users_template_that_does_not_compile(project):
    project.opportunity("acme", ACME)
    project.write("overrides/messages/value-add.md", "Subject: Hi\n\n{% if number %}\nHello\n", dedent=False)
    project.write("overrides/messages/check-in.md", "Subject: Hi\n\nHello {{ company }}\n", dedent=False)  # fine
    result = project.run("check", "--today", "2026-11-25")
    assert result.returncode == 0, result.stderr  # a warning: the default draft stands in
    assert [line for line in result.stdout.splitlines() if "overrides/" in line] == [
        "overrides/messages/value-add.md:4: warning: Unexpected end of template. Jinja was looking for the "
        "following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'; "
        "the default draft is used"
    ]
    assert project.run("check", "--strict", "--today", "2026-11-25").returncode == 1
