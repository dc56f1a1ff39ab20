"""`apply_file_change`: what `mail` does to one file, applied to real files and read back.

Every file written passes `check` (run as a user runs it), keeps its comments and layout, and a
second run of the same change writes nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest

from generator.adapters.edit import EditError
from generator.adapters.edit.mail_changes import apply_file_change
from generator.core.mail.mail_records import (
    AddRef,
    FileChange,
    NewContact,
    NewEntry,
    PlannedToNote,
    RedatePlanned,
)
from generator.core.validate import validate_text

D = dt.date.fromisoformat
TODAY = "2026-12-07"

FLOW = """\
company: Acme Corp
role: Backend Engineer   # the one from the referral
next: 2026-12-09   # said she'd write back by then
contacts:
  - name: Jane Doe
    role: Recruiter
    email: jane@acme.example
# what happened
log:
  - {date: 2026-11-10, type: applied}
  - {date: 2026-11-20, type: follow-up, with: Jane Doe, channel: email}
"""


def load(path):
    opp, problems = validate_text(path.stem, f"pipeline/{path.name}", path.read_text())
    assert opp is not None, problems
    return opp


def apply(path, change, **kwargs):
    return apply_file_change(path, load(path), change, **kwargs)


def checked(project) -> None:
    result = project.run("check", "--today", TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning" not in result.stdout, result.stdout


def test_a_reply_is_appended_with_channel_with_and_ref_and_next_goes(project):
    path = project.opportunity("acme", FLOW)
    reply = NewEntry(D("2026-12-02"), "reply", ("mid:0123456789abcdef",), "Jane Doe")
    result = apply(path, FileChange("acme", add_entries=(reply,)))
    assert result.changed
    assert path.read_text() == FLOW.replace("next: 2026-12-09   # said she'd write back by then\n", "") + (
        "  - {date: 2026-12-02, type: reply, with: Jane Doe, channel: email, ref: mid:0123456789abcdef}\n"
    )
    entry = load(path).log[-1]
    assert (entry.type, entry.with_, entry.channel) == ("reply", "Jane Doe", "email")
    assert entry.ref == ("mid:0123456789abcdef",)
    checked(project)


def test_the_same_change_twice_writes_nothing_the_second_time(project):
    path = project.opportunity("acme", FLOW)
    change = FileChange("acme", add_entries=(NewEntry(D("2026-12-02"), "reply", ("mid:0123456789abcdef",)),))
    apply(path, change)
    written = path.read_bytes()
    again = apply(path, change)
    assert not again.changed and path.read_bytes() == written


def test_a_day_of_sent_mail_is_one_touch_with_a_list_of_refs(project):
    path = project.opportunity("acme", FLOW)
    refs = ("mid:1111111111111111", "mid:2222222222222222")
    apply(path, FileChange("acme", add_entries=(NewEntry(D("2026-12-03"), "follow-up", refs, "Jane Doe"),)))
    assert "ref: [mid:1111111111111111, mid:2222222222222222]}" in path.read_text()
    assert load(path).log[-1].ref == refs
    checked(project)


def test_a_hand_logged_entry_gets_the_ref_instead_of_a_second_entry(project):
    text = FLOW + "  - date: 2026-12-02\n    type: reply   # she called it a yes\n    with: Jane Doe\n"
    path = project.opportunity("acme", text)
    line = load(path).log[-1].loc.line
    apply(path, FileChange("acme", add_refs=(AddRef(line, "mid:0123456789abcdef"), AddRef(11, "mid:aaaaaaaaaaaaaaaa"))))
    opp = load(path)
    assert len(opp.log) == 3
    assert opp.log[-1].ref == ("mid:0123456789abcdef",) and opp.log[1].ref == ("mid:aaaaaaaaaaaaaaaa",)
    assert "    type: reply   # she called it a yes\n" in path.read_text()
    assert "  - {date: 2026-11-20, type: follow-up, with: Jane Doe, channel: email, ref: mid:aaaaaaaaaaaaaaaa}\n" in (
        path.read_text()
    )
    checked(project)


def test_a_rejection_closes_and_turns_the_planned_interview_into_a_note(project):
    text = FLOW + "  - {date: 2026-12-10, type: interview, with: Jane Doe, ref: ics:00000000000000aa}\n"
    path = project.opportunity("acme", text)
    apply(path, FileChange("acme", add_entries=(NewEntry(D("2026-12-04"), "rejection", ("mid:0123456789abcdef",)),)))
    opp = load(path)
    assert (opp.stage, opp.outcome, opp.is_open) == ("closed", "rejected", False)
    cancelled = next(e for e in opp.log if e.ref == ("ics:00000000000000aa",))
    assert (cancelled.type, cancelled.date, cancelled.note) == ("note", D("2026-12-04"), "cancelled: closed")
    assert "stage: closed" in path.read_text() and "outcome: rejected" in path.read_text()
    assert "# the one from the referral" in path.read_text() and "# what happened" in path.read_text()
    checked(project)


def test_a_later_request_moves_the_planned_conversation_and_a_cancel_makes_it_a_note(project):
    text = FLOW + "  - {date: 2026-12-10, type: screen, ref: ics:00000000000000aa}   # booked\n"
    path = project.opportunity("acme", text)
    apply(path, FileChange("acme", redate=(RedatePlanned("ics:00000000000000aa", D("2026-12-11")),)))
    assert "  - {date: 2026-12-11, type: screen, ref: ics:00000000000000aa}   # booked\n" in path.read_text()
    apply(path, FileChange("acme", to_notes=(PlannedToNote(D("2026-12-08"), "cancelled", ref="ics:00000000000000aa"),)))
    entry = load(path).log[-1]
    assert (entry.type, entry.date, entry.note, entry.ref) == ("note", D("2026-12-08"), "cancelled",
                                                               ("ics:00000000000000aa",))
    result = project.run("check", "--today", "2026-12-08")
    assert result.returncode == 0 and "warning" not in result.stdout, result.stdout


def test_an_invitation_reopens_a_closed_file(project):
    text = FLOW.replace("next: 2026-12-09   # said she'd write back by then\n", "stage: closed\noutcome: rejected\n")
    text += "  - {date: 2026-11-25, type: rejection}\n"
    path = project.opportunity("acme", text)
    apply(path, FileChange("acme", add_entries=(NewEntry(D("2026-12-02"), "reply", ("mid:0123456789abcdef",)),)))
    opp = load(path)
    assert opp.is_open and opp.outcome is None and "outcome:" not in path.read_text()
    checked(project)


def test_a_person_from_the_company_domain_is_added_as_a_contact(project):
    path = project.opportunity("acme", FLOW)
    apply(path, FileChange("acme", add_contacts=(NewContact("Sam Lee", "sam@acme.example"),),
                           add_entries=(NewEntry(D("2026-12-02"), "reply", ("mid:0123456789abcdef",), "Sam Lee"),)))
    text = path.read_text()
    assert "    email: jane@acme.example\n  - name: Sam Lee\n    email: sam@acme.example\n# what happened\n" in text
    assert [c.name for c in load(path).contacts] == ["Jane Doe", "Sam Lee"]
    checked(project)


def test_a_contact_without_an_address_gets_it_and_one_with_an_address_keeps_it(project):
    text = FLOW.replace("contacts:\n", "contacts:\n  - {name: Sam Lee, role: Hiring Manager}\n")
    path = project.opportunity("acme", text)
    apply(path, FileChange("acme", add_contacts=(NewContact("sam lee", "sam@acme.example"),
                                                 NewContact("Jane Doe", "jane.doe@gmail.example"))))
    assert "  - {name: Sam Lee, role: Hiring Manager, email: sam@acme.example}\n" in path.read_text()
    assert "jane.doe@gmail.example" not in path.read_text()
    checked(project)


def test_a_file_without_contacts_gets_them_before_the_log(project):
    text = "company: Beta\nrole: Data Engineer\nlog:\n  - {date: 2026-11-10, type: applied}\n"
    path = project.opportunity("beta", text)
    apply(path, FileChange("beta", add_contacts=(NewContact("O'Brien: <b>Kim</b>", "kim@beta.example"),)))
    text = path.read_text()
    assert text.index("contacts:") < text.index("log:")
    assert load(path).contacts[0].name == "O'Brien: <b>Kim</b>"
    checked(project)


def test_a_dry_run_checks_it_all_and_writes_nothing(project):
    path = project.opportunity("acme", FLOW)
    result = apply(path, FileChange("acme", add_entries=(NewEntry(D("2026-12-02"), "reply", ("mid:01",)),)),
                   dry_run=True)
    assert result.changed and any("mid:01" in line for line in result.added)
    assert path.read_text() == FLOW


def test_an_entry_it_points_at_that_is_gone_refuses_the_whole_change(project):
    path = project.opportunity("acme", FLOW)
    change = FileChange("acme", add_entries=(NewEntry(D("2026-12-02"), "reply", ("mid:01",)),),
                        add_refs=(AddRef(3, "mid:02"),))
    with pytest.raises(EditError, match="no log entry starts on line 3"):
        apply(path, change)
    assert path.read_text() == FLOW


def test_block_entries_stay_block_entries(project):
    text = "company: Acme\nrole: Dev\nlog:\n  - date: 2026-11-10\n    type: applied\n"
    path = project.opportunity("acme", text)
    apply(path, FileChange("acme", add_entries=(NewEntry(D("2026-12-02"), "rejection", ("mid:01",)),)))
    assert path.read_text().endswith(
        "  - date: 2026-12-02\n    type: rejection\n    channel: email\n    ref: mid:01\n"
    )
    assert load(path).outcome == "rejected"
    checked(project)


def test_control_and_direction_characters_never_reach_the_file(project):
    path = project.opportunity("acme", FLOW)
    name = "Sam\u202e Lee\x07\u200b"
    apply(path, FileChange("acme", add_contacts=(NewContact(name, "sam@acme.example"),),
                           add_entries=(NewEntry(D("2026-12-02"), "reply", ("mid:01\x00",), name),)))
    text = path.read_text()
    assert all(c not in text for c in "\u202e\x07\u200b\x00")
    opp = load(path)
    assert opp.contacts[-1].name == "Sam Lee" and opp.log[-1].with_ == "Sam Lee" and opp.log[-1].ref == ("mid:01",)
    checked(project)


def test_a_bad_address_adds_no_contact_and_the_entry_still_goes_in(project):
    path = project.opportunity("acme", FLOW)
    apply(path, FileChange("acme", add_contacts=(NewContact("Kim", "not an address"),),
                           add_entries=(NewEntry(D("2026-12-02"), "reply", ("mid:01",)),)))
    opp = load(path)
    assert [c.name for c in opp.contacts] == ["Jane Doe"] and opp.log[-1].ref == ("mid:01",)


def test_a_sender_without_a_name_adds_no_contact(project):
    path = project.opportunity("acme", FLOW)
    apply(path, FileChange("acme", add_contacts=(NewContact(" \u200b ", "x@acme.example"),)))
    assert path.read_text() == FLOW


def test_a_planned_screen_moves_a_lagging_stage_and_a_note_on_a_closed_file_reopens_nothing(project):
    path = project.opportunity("acme", FLOW.replace("next: 2026-12-09", "stage: applied"))
    apply(path, FileChange("acme", add_entries=(
        NewEntry(D("2026-12-03"), "reply", ("mid:01",), "Jane Doe"),
        NewEntry(D("2026-12-10"), "screen", ("ics:00000000000000aa",), "Jane Doe"),
    )))
    assert "\nstage: screening # said she'd write back by then\n" in path.read_text()  # as `log` moves it
    checked(project)
    apply(path, FileChange("acme", add_entries=(NewEntry(D("2026-12-04"), "rejection", ("mid:02",)),)))
    opp = load(path)
    assert (opp.stage, opp.outcome) == ("closed", "rejected")
    screen = next(e for e in opp.log if e.ref == ("ics:00000000000000aa",))
    assert (screen.type, screen.note) == ("note", "cancelled: closed")
    apply(path, FileChange("acme", add_entries=(NewEntry(D("2026-12-05"), "note", ("mid:03",), note="kind words"),)))
    opp = load(path)
    assert (opp.stage, opp.outcome, opp.is_open) == ("closed", "rejected", False)
    checked(project)
