"""`contact ID NAME [--email E] [--role R]`, run as a user runs it: adds a contact or updates one,
keeping the file's comments and layout; every file it writes passes `check`."""

from __future__ import annotations

import pytest

FILE = """\
company: Acme Corp
role: Backend Engineer
# the people I talk to
contacts:
  - name: Jane Doe   # met at PyCon
    role: Recruiter
  # the hiring manager is next
log:
  - {date: 2026-11-10, type: applied}
"""


def ok(project, *args: str):
    result = project.run("contact", *args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    check = project.run("check", "--today", "2026-12-07")
    assert check.returncode == 0 and check.stdout == "", check.stdout
    return result


def test_adds_a_contact_in_the_style_of_the_others_keeping_comments(project):
    path = project.opportunity("acme", FILE)
    result = ok(project, "acme", "Sam Lee", "--email", "sam@acme.example", "--role", "Hiring Manager")
    assert result.stdout == "added contact Sam Lee (Hiring Manager, sam@acme.example) in pipeline/acme.yml\n"
    assert path.read_text() == FILE.replace(
        "    role: Recruiter\n",
        "    role: Recruiter\n  - name: Sam Lee\n    role: Hiring Manager\n    email: sam@acme.example\n",
    )


def test_updates_a_contact_by_its_first_name_in_any_case(project):
    path = project.opportunity("acme", FILE)
    result = ok(project, "acme", "jane", "--email", "jane@acme.example")
    assert result.stdout == "updated contact Jane Doe (Recruiter, jane@acme.example) in pipeline/acme.yml\n"
    with_email = "    role: Recruiter\n    email: jane@acme.example\n"
    assert path.read_text() == FILE.replace("    role: Recruiter\n", with_email)
    again = ok(project, "acme", "Jane Doe", "--email", "jane@acme.example")
    assert "nothing changed" in again.stdout
    ok(project, "acme", "JANE D", "--role", "Talent Partner")
    assert "    role: Talent Partner\n    email: jane@acme.example\n" in path.read_text()
    assert "  - name: Jane Doe   # met at PyCon\n" in path.read_text()


def test_a_name_that_fits_two_contacts_is_refused_listing_them(project):
    two = FILE.replace("    role: Recruiter\n", "    role: Recruiter\n  - name: Jan Novak\n")
    path = project.opportunity("acme", two)
    before = path.read_bytes()
    result = project.run("contact", "acme", "ja", "--email", "x@acme.example")
    assert result.returncode != 0
    assert "error: 'ja' fits 2 contacts of acme: Jane Doe, Jan Novak; give more of the name" in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("acme", "Bob", "--email", "not an address"), "is not an e-mail address"),
        (("acme", "  "), "the contact's name is empty"),
        (("nope", "Bob"), "no opportunity 'nope'"),
    ],
)
def test_bad_input_is_a_clear_error_and_nothing_is_written(project, args, message):
    path = project.opportunity("acme", FILE)
    result = project.run("contact", *args)
    assert result.returncode != 0 and message in result.stderr and "Traceback" not in result.stderr
    assert path.read_text() == FILE


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("company: A\nrole: B\nlog:\n  - {date: 2026-11-10, type: applied}\n",
         "company: A\nrole: B\ncontacts:\n  - name: Kim Park\n    email: kim@a.example\nlog:\n"
         "  - {date: 2026-11-10, type: applied}\n"),
        ("company: A\nrole: B\nadded: 2026-11-10\ncontacts: []\n",
         "company: A\nrole: B\nadded: 2026-11-10\ncontacts:\n  - name: Kim Park\n    email: kim@a.example\n"),
        ("company: A\nrole: B\nadded: 2026-11-10\ncontacts:\n  - {name: Lee, role: CTO}\n",
         "company: A\nrole: B\nadded: 2026-11-10\ncontacts:\n  - {name: Lee, role: CTO}\n"
         "  - {name: Kim Park, email: kim@a.example}\n"),
    ],
)
def test_a_first_contact_or_a_flow_list(project, before, after):
    path = project.opportunity("a", before)
    ok(project, "a", "Kim Park", "--email", "kim@a.example")
    assert path.read_text() == after


def test_hostile_names_are_written_so_they_read_back_the_same(project):
    path = project.opportunity("acme", FILE)
    ok(project, "acme", "O'Brien: <script>alert(1)</script> #1", "--role", "- [x]")
    result = project.run("log", "acme", "reply", "--with", "o'brien", "--today", "2026-12-07")
    assert result.returncode == 0, result.stderr
    assert "with: \"O'Brien: <script>alert(1)</script> #1\"" in path.read_text()


def test_a_file_it_cannot_round_trip_is_refused(project):
    odd = "company:   Acme\nrole: Dev\nadded: 2026-11-10\ncontacts:\n  - name: Jane\n"
    path = project.opportunity("acme", odd)
    result = project.run("contact", "acme", "Sam", "--email", "sam@acme.example")
    assert result.returncode != 0 and "nothing was written" in result.stderr
    assert path.read_text() == odd
