"""`log`: one entry appended, in the file's own style; `git diff` shows only the added lines."""

from __future__ import annotations

import json
import os
import re
import stat

import pytest

from tests.gitkit import diff_lines, git

TODAY = "2026-11-25"

FLOW = """\
# yaml-language-server: $schema=../schema/opportunity.schema.json
company: Acme Corp                 # the client
role: 'Senior Backend Engineer'
tags: [python, fintech]
contacts:
  - name: Jane Doe
    role: Recruiter
ideas:
  - "Ingestion lag: sketch a back-pressure design"   # quoted: it holds ': '
notes: |
  Payments team.
log:
  - {date: 2026-11-10, type: applied, channel: email}   # via the site
  - {date: 2026-11-14, type: screen, with: Jane Doe}
# end of the log
"""

BLOCK = """\
company: Globex
role: Data Engineer
contacts:
  - name: Tom Becker
log:
  - date: 2026-11-03
    type: applied
    channel: email
"""


@pytest.fixture
def tracked(project):
    """The project as a git repository with the two files committed."""
    project.opportunity("acme", FLOW)
    project.opportunity("globex", BLOCK)
    git(project.root, "init", "-q")
    git(project.root, "add", "-A")
    git(project.root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start")
    return project


def test_flow_log_gets_one_flow_line_and_nothing_else_changes(tracked):
    result = tracked.run("log", "acme", "thank-you", "--with", "jane doe", "--channel", "email",
                         "--note", "Thanks for the call", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    added, removed = diff_lines(tracked.root)
    assert removed == []
    assert added == [
        "  - {date: 2026-11-25, type: thank-you, with: Jane Doe, channel: email, note: Thanks for the call}"
    ]
    assert "logged thank-you with Jane Doe on 2026-11-25 in pipeline/acme.yml" in result.stdout
    assert "next follow-up: 2026-12-02 (in 7 days), value-add → Jane Doe" in result.stdout


def test_block_log_gets_a_block_entry(tracked):
    result = tracked.run("log", "globex", "follow-up", "--date", "2026-11-10", "--with", "Tom Becker", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    added, removed = diff_lines(tracked.root)
    assert removed == []
    assert added == ["  - date: 2026-11-10", "    type: follow-up", "    with: Tom Becker"]


def test_the_result_passes_check_and_is_in_due(tracked):
    assert tracked.run("log", "acme", "thank-you", "--today", TODAY).returncode == 0
    assert tracked.run("check", "--today", TODAY).returncode == 0
    due = json.loads(tracked.run("due", "--json", "--today", TODAY, "--within", "30").stdout)
    acme = next(d for d in due if d["id"] == "acme")
    assert acme["due"] == "2026-12-02"  # 7 days after today's thank-you


def test_text_needing_quotes_is_quoted(tracked):
    result = tracked.run("log", "acme", "note", "--note", "Asked: when? # and, {braces}", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    added, removed = diff_lines(tracked.root)
    assert removed == [] and len(added) == 1
    assert tracked.run("check", "--today", TODAY).returncode == 0
    due = tracked.run("due", "--json", "--today", TODAY)
    assert due.returncode == 0
    from generator.core.validate import validate_text

    opp, _ = validate_text("acme", "acme.yml", (tracked.pipeline / "acme.yml").read_text())
    assert opp.log[-1].note == "Asked: when? # and, {braces}"


def test_unknown_contact_is_written_with_a_warning(tracked):
    result = tracked.run("log", "acme", "follow-up", "--with", "Bob", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "'Bob' is not one of the contacts" in result.stderr
    added, _ = diff_lines(tracked.root)
    assert added == ["  - {date: 2026-11-25, type: follow-up, with: Bob}"]


def test_a_log_is_started_when_there_is_none(project):
    path = project.opportunity("x", "company: X   # note\nrole: Y\n")
    result = project.run("log", "x", "applied", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert path.read_text() == "company: X   # note\nrole: Y\nlog:\n  - {date: 2026-11-25, type: applied}\n"


def test_an_empty_flow_log_is_replaced(project):
    path = project.opportunity("x", "company: X\nrole: Y\nlog: []\nnotes: hi\n")
    assert project.run("log", "x", "applied", "--today", TODAY).returncode == 0
    assert path.read_text() == "company: X\nrole: Y\nlog:\n  - {date: 2026-11-25, type: applied}\nnotes: hi\n"


def test_unindented_list_keeps_its_indentation(project):
    path = project.opportunity("x", "company: X\nrole: Y\nlog:\n- {date: 2026-11-01, type: applied}\n")
    assert project.run("log", "x", "follow-up", "--today", TODAY).returncode == 0
    assert path.read_text().endswith(
        "log:\n- {date: 2026-11-01, type: applied}\n- {date: 2026-11-25, type: follow-up}\n"
    )


def test_crlf_file_stays_crlf(project):
    path = project.pipeline / "x.yml"
    path.write_bytes(b"company: X\r\nrole: Y\r\nlog:\r\n  - {date: 2026-11-01, type: applied}\r\n")
    assert project.run("log", "x", "follow-up", "--today", TODAY).returncode == 0
    assert path.read_bytes() == (
        b"company: X\r\nrole: Y\r\nlog:\r\n  - {date: 2026-11-01, type: applied}\r\n"
        b"  - {date: 2026-11-25, type: follow-up}\r\n"
    )


def test_write_is_atomic_and_keeps_the_mode(tracked):
    path = tracked.pipeline / "acme.yml"
    os.chmod(path, 0o640)
    assert tracked.run("log", "acme", "note", "--today", TODAY).returncode == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tracked.pipeline.iterdir()) == ["acme.yml", "globex.yml"]  # no temp file left


@pytest.mark.parametrize(
    "args, message",
    [
        (["acme", "folow-up"], "'folow-up' is not a log type; did you mean 'follow-up'?"),
        (["acme", "note", "--channel", "fax"], "'fax' is not a channel"),
        (["acmee", "note"], "no opportunity 'acmee': there is no pipeline/acmee.yml; did you mean 'acme'?"),
        (["../etc/passwd", "note"], "is not an opportunity id"),
    ],
)
def test_bad_arguments_are_refused_and_nothing_changes(tracked, args, message):
    result = tracked.run("log", *args, "--today", TODAY)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert diff_lines(tracked.root) == ([], [])


def test_bad_date_is_refused(tracked):
    result = tracked.run("log", "acme", "note", "--date", "2026-13-01")
    assert result.returncode == 2
    assert "'2026-13-01' is not a date (YYYY-MM-DD)" in result.stderr


def test_a_file_with_errors_is_not_edited(project):
    text = "company: X\nrole: Y\nwait_untill: 2026-12-01\n"
    path = project.opportunity("x", text)
    result = project.run("log", "x", "note", "--today", TODAY)
    assert result.returncode == 2
    assert "pipeline/x.yml has errors; fix them first" in result.stderr
    assert "wait_untill" in result.stderr
    assert path.read_text() == text


def test_a_file_ruamel_cannot_reproduce_is_refused(project):
    text = "company: X\nrole: Y\nlog:\n    -   {date: 2026-11-01,   type: applied}\n"
    path = project.opportunity("x", text)
    result = project.run("log", "x", "note", "--today", TODAY)
    assert result.returncode == 2
    assert "cannot edit this file without changing its layout" in result.stderr
    assert path.read_text() == text


def test_the_guard_refuses_an_edit_that_changes_other_lines(project):
    from generator.adapters.edit.roundtrip import EditError, commit, read_document

    text = "company: X   # keep me\nrole: Y\n"
    path = project.opportunity("x", text)
    doc = read_document(path, "pipeline/x.yml", "x")
    with pytest.raises(EditError, match="would also change other lines"):
        commit(doc, "company: X\nrole: Y\n")
    with pytest.raises(EditError, match=re.escape("would make pipeline/x.yml invalid")):
        commit(doc, text + "stage: nowhere\n")
    assert path.read_text() == text


def test_comments_after_the_log_stay_below_the_new_entry(project):
    text = (
        "company: X\nrole: Y\nlog:\n  - {date: 2026-11-01, type: applied}  # first\n"
        "\n# when to write next:\nnext: 2026-12-01\n"
    )
    path = project.opportunity("x", text)
    assert project.run("log", "x", "note", "--today", TODAY).returncode == 0
    assert path.read_text() == text.replace("# first\n", "# first\n  - {date: 2026-11-25, type: note}\n")


def test_comments_after_a_block_log_stay_below_the_new_entry(project):
    text = "company: X\nrole: Y\nlog:\n  - date: 2026-11-01\n    type: applied  # eol\n\n# next key\nnext: 2026-12-01\n"
    path = project.opportunity("x", text)
    assert project.run("log", "x", "note", "--today", TODAY).returncode == 0
    assert path.read_text() == text.replace("# eol\n", "# eol\n  - date: 2026-11-25\n    type: note\n")


def test_document_start_marker_is_kept(project):
    text = "---\ncompany: X\nrole: Y\nlog:\n  - {date: 2026-11-01, type: applied}\n"
    path = project.opportunity("x", text)
    assert project.run("log", "x", "follow-up", "--today", TODAY).returncode == 0
    assert path.read_text() == text + "  - {date: 2026-11-25, type: follow-up}\n"


def test_a_one_line_flow_log_grows_on_its_line(project):
    path = project.opportunity("x", "company: X\nrole: Y\nlog: [{date: 2026-11-01, type: applied}]\n")
    assert project.run("log", "x", "follow-up", "--today", TODAY).returncode == 0
    assert path.read_text() == (
        "company: X\nrole: Y\nlog: [{date: 2026-11-01, type: applied}, {date: 2026-11-25, type: follow-up}]\n"
    )


def test_logging_past_a_next_date_removes_it(project):
    text = "company: X\nrole: Y\nnext: 2026-11-20   # promised\nlog:\n  - {date: 2026-11-01, type: applied}\n"
    path = project.opportunity("x", text)
    result = project.run("log", "x", "follow-up", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "removed next: 2026-11-20 (you acted; the schedule takes over again)" in result.stdout
    assert path.read_text() == (
        "company: X\nrole: Y\nlog:\n  - {date: 2026-11-01, type: applied}\n  - {date: 2026-11-25, type: follow-up}\n"
    )


def test_logging_a_touch_removes_a_future_next_too(project):
    """A follow-up sent early is not asked for again on the `next:` date (spec: Commands)."""
    text = "company: X\nrole: Y\nnext: 2026-12-20   # promised\nlog:\n  - {date: 2026-11-01, type: applied}\n"
    path = project.opportunity("x", text)
    result = project.run("log", "x", "follow-up", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "removed next: 2026-12-20" in result.stdout
    assert path.read_text() == (
        "company: X\nrole: Y\nlog:\n  - {date: 2026-11-01, type: applied}\n  - {date: 2026-11-25, type: follow-up}\n"
    )


def test_a_note_never_removes_next(project):
    text = "company: X\nrole: Y\nnext: 2026-11-20   # promised\nlog:\n  - {date: 2026-11-01, type: applied}\n"
    path = project.opportunity("x", text)
    result = project.run("log", "x", "note", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "removed next" not in result.stdout
    assert path.read_text() == text + "  - {date: 2026-11-25, type: note}\n"


def test_log_moves_a_lagging_stage_and_check_warns_about_one(project):
    text = "company: X\nrole: Y\nstage: lead   # found it on a board\nadded: 2026-11-01\n"
    path = project.opportunity("x", text)
    result = project.run("log", "x", "applied", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "stage: applied in" in result.stdout
    assert path.read_text() == (
        "company: X\nrole: Y\nstage: applied # found it on a board\nadded: 2026-11-01\n"
        "log:\n  - {date: 2026-11-25, type: applied}\n"
    )
    # a screen on an applied one moves it on; a follow-up does not move it back
    assert project.run("log", "x", "screen", "--today", TODAY).returncode == 0
    assert "stage: screening" in path.read_text()
    assert project.run("log", "x", "follow-up", "--today", TODAY).returncode == 0
    assert "stage: screening" in path.read_text()
    lagging = project.opportunity(
        "y", "company: Y\nrole: Z\nstage: lead\nlog:\n  - {date: 2026-11-02, type: applied}\n"
    )
    check = project.run("check")
    assert "stage: 'lead' is behind the log: you logged 'applied' (2026-11-02); set stage: applied" in check.stdout
    assert lagging.name in check.stdout


@pytest.mark.parametrize("typed", ["dana", "DANA", "Dana W", "whit"])
def test_with_takes_a_first_name_or_a_unique_start(project, typed):
    text = (
        "company: X\nrole: Y\ncontacts:\n  - name: Dana Whitfield\n  - name: Sam Ortiz\n"
        "log:\n  - {date: 2026-11-01, type: applied}\n"
    )
    path = project.opportunity("x", text)
    result = project.run("log", "x", "reply", "--with", typed, "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert path.read_text().endswith("  - {date: 2026-11-25, type: reply, with: Dana Whitfield}\n")


def test_with_refuses_a_start_that_fits_two_contacts(project):
    text = (
        "company: X\nrole: Y\ncontacts:\n  - name: Dana Whitfield\n  - name: Daniel Ek\n"
        "log:\n  - {date: 2026-11-01, type: applied}\n"
    )
    path = project.opportunity("x", text)
    result = project.run("log", "x", "reply", "--with", "dan", "--today", TODAY)
    assert result.returncode == 2
    assert "--with 'dan' fits 2 contacts of x: Dana Whitfield, Daniel Ek" in result.stderr
    assert path.read_text() == text


def test_a_byte_order_mark_is_kept(project):
    path = project.pipeline / "x.yml"
    path.write_bytes(b"\xef\xbb\xbfcompany: X\nrole: Y\nlog:\n  - {date: 2026-11-01, type: applied}\n")
    result = project.run("log", "x", "follow-up", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == (
        b"\xef\xbb\xbfcompany: X\nrole: Y\nlog:\n  - {date: 2026-11-01, type: applied}\n"
        b"  - {date: 2026-11-25, type: follow-up}\n"
    )


def test_a_future_date_is_written_with_a_warning(tracked):
    # (A two-way entry after today is a planned conversation, accepted without a warning: tests/core/test_planned.py.)
    result = tracked.run("log", "acme", "note", "--date", "2026-12-01", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "warning: 2026-12-01 is after today (2026-11-25)" in result.stderr
    assert diff_lines(tracked.root) == (["  - {date: 2026-12-01, type: note}"], [])


def test_the_same_entry_twice_is_refused_unless_again(tracked):
    args = ("log", "acme", "follow-up", "--with", "jane doe", "--note", "Sent the deck", "--today", TODAY)
    assert tracked.run(*args).returncode == 0
    first = (tracked.pipeline / "acme.yml").read_text()
    twice = tracked.run(*args)
    assert twice.returncode == 2
    assert (
        "pipeline/acme.yml already has this entry (follow-up on 2026-11-25 with Jane Doe); nothing was written. "
        "Log it again with --again if it really happened twice"
    ) in twice.stderr
    assert (tracked.pipeline / "acme.yml").read_text() == first
    again = tracked.run(*args, "--again")
    assert again.returncode == 0, again.stderr
    entry = "  - {date: 2026-11-25, type: follow-up, with: Jane Doe, note: Sent the deck}"
    assert diff_lines(tracked.root) == ([entry, entry], [])


@pytest.mark.parametrize(
    "other",
    [["--date", "2026-11-24"], ["--note", "Another deck"], ["--with", "Tom"]],
    ids=["another date", "another note", "another contact"],
)
def test_an_entry_that_differs_is_not_a_duplicate(tracked, other):
    base = ["log", "acme", "follow-up", "--with", "Jane Doe", "--note", "Sent the deck", "--today", TODAY]
    assert tracked.run(*base).returncode == 0
    result = tracked.run(*base, *other)
    assert result.returncode == 0, result.stderr
    assert len(diff_lines(tracked.root)[0]) == 2


def test_a_file_with_an_upper_case_suffix_is_found(project):
    path = project.write("pipeline/team/Upper.YML", "company: X\nrole: Y\n")
    result = project.run("log", "team/Upper", "applied", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "logged applied on 2026-11-25 in pipeline/team/Upper.YML" in result.stdout
    assert path.read_text() == "company: X\nrole: Y\nlog:\n  - {date: 2026-11-25, type: applied}\n"


@pytest.mark.parametrize("text", [":0", "? q", "- x", "&anchor", "!tag"])
def test_a_name_or_note_yaml_would_misread_in_a_flow_entry_is_quoted(tracked, text):
    # ruamel.yaml (YAML 1.2) left `:0` and `? q` plain inside `{…}`, which PyYAML cannot read,
    # so the edit was refused (found by the Unicode property test).
    result = tracked.run("log", "acme", "follow-up", "--date", TODAY, "--with", text, "--note", text)
    assert result.returncode == 0, result.stderr
    added, _ = diff_lines(tracked.root)
    assert len(added) == 1 and added[0].lstrip().startswith("- {date: 2026-11-25, type: follow-up")
    check = tracked.run("check")
    assert check.returncode == 0, check.stdout + check.stderr
    import yaml

    entry = yaml.safe_load((tracked.pipeline / "acme.yml").read_text(encoding="utf-8"))["log"][-1]
    assert (entry["with"], entry["note"]) == (text, text)
