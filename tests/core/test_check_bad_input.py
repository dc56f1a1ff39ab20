"""`check` on every class of bad input: the place, the message, exit 1, no traceback."""

from __future__ import annotations

import pytest

GOOD = "company: Acme Corp\nrole: Backend Engineer\n"

CASES = [
    # (name, file name, bytes, expected line of output)
    ("invalid date", "acme.yml",
     GOOD + "log:\n  - {date: 2026-11-10, type: applied}\n  - {date: 2026-11-12, type: note}\n  - date: 2026-13-01\n    type: reply\n",
     "pipeline/acme.yml:6:11: log[2].date: '2026-13-01' is not a valid date (YYYY-MM-DD)"),
    ("unknown key with did-you-mean", "acme.yml", GOOD + "wait_untill: 2026-12-05\n",
     "pipeline/acme.yml:3:1: unknown key 'wait_untill'; did you mean 'wait_until'?"),
    ("unknown key without a close match", "acme.yml", GOOD + "salary: 100\n",
     "pipeline/acme.yml:3:1: unknown key 'salary'; expected one of: company, role, stage,"),
    ("idea read as a mapping", "acme.yml", GOOD + "ideas:\n  - Ingestion lag: sketch a design\n",
     "pipeline/acme.yml:4:5: ideas[0]: YAML read this idea as a mapping because of an unquoted ': '; put the whole text in quotes: \"Ingestion lag: sketch a design\""),
    ("note with an unquoted colon", "acme.yml", GOOD + "log:\n  - date: 2026-11-10\n    type: call\n    note: Mentioned: lag\n",
     "pipeline/acme.yml:6:20: YAML syntax error: mapping values are not allowed in this context (a text that holds ': ' must be put in quotes)"),
    ("duplicate key", "acme.yml", GOOD + "company: Other\n",
     "pipeline/acme.yml:3:1: duplicate key 'company' (first at line 1): keep one"),
    ("empty file", "acme.yml", "",
     "pipeline/acme.yml:1:1: the file is empty: expected a mapping with at least company and role"),
    ("only comments", "acme.yml", "# nothing yet\n",
     "pipeline/acme.yml:1:1: the file is empty: expected a mapping with at least company and role"),
    ("not a mapping", "acme.yml", "- company: Acme\n",
     "pipeline/acme.yml:1:1: expected a mapping of keys (company: ..., role: ...), found a list"),
    ("not UTF-8", "acme.yml", "company: Caf\xe9\nrole: x\n".encode("latin-1"),
     "pipeline/acme.yml:1:13: byte 0xe9 is not valid UTF-8; save the file as UTF-8"),
    ("a YAML tag", "acme.yml", GOOD + "notes: !!binary aGVsbG8=\n",
     "pipeline/acme.yml:3:8: YAML tag 'tag:yaml.org,2002:binary' is not allowed: remove it"),
    ("an anchor", "acme.yml", "company: &c Acme\nrole: x\n",
     "pipeline/acme.yml:1:10: anchor '&c' is not allowed: write the value out"),
    ("an alias (billion laughs)", "acme.yml", GOOD + "tags: [*a, *a]\n",
     "pipeline/acme.yml:3:8: alias '*a' is not allowed: write the value out"),
    ("a syntax error", "acme.yml", "company: Acme\nrole Backend\n",
     "pipeline/acme.yml:2:1: YAML syntax error: expected 'key: value' on this line"),
    ("two documents", "acme.yml", GOOD + "---\n" + GOOD,
     "pipeline/acme.yml:3:1: a second YAML document ('---'): one opportunity per file"),
    ("missing required key", "acme.yml", "company: Acme\n",
     "pipeline/acme.yml:1:1: 'role' is required"),
    ("empty required value", "acme.yml", "company:\nrole: x\n",
     "pipeline/acme.yml:1:9: company: is required and cannot be empty"),
    ("contact without a name", "acme.yml", GOOD + "contacts:\n  - role: Recruiter\n",
     "pipeline/acme.yml:4:5: contacts[0]: 'name' is required"),
    ("bad stage with did-you-mean", "acme.yml", GOOD + "stage: interviewng\n",
     "pipeline/acme.yml:3:8: stage: 'interviewng' is not a valid stage; expected one of: lead, applied, screening, interviewing, offer, closed; did you mean 'interviewing'?"),
    ("bad log type", "acme.yml", GOOD + "log:\n  - {date: 2026-11-10, type: emailed}\n",
     "pipeline/acme.yml:4:30: log[0].type: 'emailed' is not a valid log type; expected one of: applied,"),
    ("bad channel", "acme.yml", GOOD + "log:\n  - {date: 2026-11-10, type: applied, channel: fax}\n",
     "pipeline/acme.yml:4:48: log[0].channel: 'fax' is not a valid channel; expected one of: email, phone, linkedin, video, in-person, other"),
    ("outcome while open", "acme.yml", GOOD + "stage: applied\noutcome: rejected\n",
     "pipeline/acme.yml:4:10: outcome: only a closed opportunity has an outcome; stage is 'applied'"),
    ("cadence of zero days", "acme.yml", GOOD + "cadence: [7, 0]\n",
     "pipeline/acme.yml:3:14: cadence[1]: '0' is not a number of days (a whole number from 1 to 3650)"),
    ("a javascript: url", "acme.yml", GOOD + "url: javascript:alert(1)\n",
     "pipeline/acme.yml:3:6: url: 'javascript:alert(1)' is not a web address; expected one starting with https:// or http://"),
    ("a tab for indentation", "acme.yml", GOOD + "contacts:\n\t- name: Jo\n",
     "pipeline/acme.yml:4:1: YAML syntax error: a tab is used for indentation here; indent with spaces"),
    ("a tab inside a list item", "acme.yml", GOOD + "log:\n  - date: 2026-11-10\n  \ttype: applied\n",
     "pipeline/acme.yml:5:3: YAML syntax error: a tab is used for indentation here; indent with spaces"),
    ("a list item's key one space too far", "acme.yml", GOOD + "log:\n  - date: 2026-11-10\n     type: applied\n",
     "pipeline/acme.yml:5:1: YAML syntax error: 'type' is indented 5 spaces but 'date' in the list item above is at 4: "
     "indent 'type' 4 spaces to line it up with 'date'"),
    ("a list item's key under the dash", "acme.yml", GOOD + "contacts:\n  - name: Jo\n  role: Recruiter\n",
     "pipeline/acme.yml:5:1: YAML syntax error: 'role' is indented 2 spaces but 'name' in the list item above is at 4: "
     "indent 'role' 4 spaces to line it up with 'name'"),
    ("a top-level key indented", "acme.yml", "company: Acme\n role: x\n",
     "pipeline/acme.yml:2:1: YAML syntax error: 'role' is indented 1 space but 'company' above it is at 0: "
     "start 'role' at the beginning of the line to line it up with 'company'"),
    ("a comma in an unquoted flow note", "acme.yml",
     GOOD + "log:\n  - {date: 2026-11-10, type: reply, note: generic email, no feedback}\n",
     "pipeline/acme.yml:4:58: log[0]: a comma ended the unquoted note early ('no feedback' read as a key); "
     'put the whole note in quotes: note: "generic email, no feedback"'),
    ("log as a mapping", "acme.yml", GOOD + "log:\n  date: 2026-11-10\n  type: applied\n",
     "pipeline/acme.yml:4:3: log: expected a list of log entries, found a mapping"),
]


@pytest.mark.parametrize("name,filename,content,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_reported_with_its_place(project, name, filename, content, expected):
    path = project.pipeline / filename
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    project.opportunity("fine", GOOD + "added: 2026-11-20\n")
    result = project.run("check")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith(expected) for line in lines), lines
    assert all(line.startswith("pipeline/acme.yml:") for line in lines), "the good file has no problems"


def test_duplicate_id_names_both_files(project):
    project.write("pipeline/acme.yml", GOOD + "added: 2026-11-20\n")
    project.write("pipeline/acme.yaml", GOOD + "added: 2026-11-20\n")
    result = project.run("check")
    assert result.returncode == 1
    assert result.stdout.strip() == (
        "pipeline/acme.yml:1:1: duplicate id 'acme': pipeline/acme.yaml has the same id; rename one"
    )


def test_a_broken_file_is_never_silently_missing_from_due(project):
    project.opportunity("good", GOOD)
    project.opportunity("broken", GOOD + "stage: nope\n")
    result = project.run("due", "--json", "--today", "2026-11-25")
    assert result.returncode == 0
    assert "pipeline/broken.yml" in result.stderr and "check" in result.stderr
    assert [item["id"] for item in __import__("json").loads(result.stdout)] == ["good"]


def test_every_error_of_a_file_is_reported_at_once(project):
    project.opportunity("acme", "company: Acme\nrole: x\nstage: nope\npriority: urgent\nwait_untill: 2026-01-01\n")
    result = project.run("check")
    assert len(result.stdout.splitlines()) == 3


def test_warnings_are_printed_but_do_not_fail(project):
    project.opportunity(
        "acme",
        GOOD
        + "next: 2026-11-15\ncontacts:\n  - name: Jane Doe\nlog:\n"
        + "  - {date: 2026-11-10, type: applied, with: Jane Do}\n"
        + "  - {date: 2026-12-10, type: note}\n",
    )
    result = project.run("check", "--today", "2026-11-25")
    assert result.returncode == 0, result.stdout
    out = result.stdout
    assert "pipeline/acme.yml:3:7: warning: next: 2026-11-15 has already passed" in out
    assert "pipeline/acme.yml:7:5: warning: log[0].with: 'Jane Do' is not one of the contacts; did you mean 'Jane Doe'?" in out
    assert "pipeline/acme.yml:8:5: warning: log: the entry of 2026-12-10 (note) is after today (2026-11-25)" in out
    assert project.run("check", "--strict", "--today", "2026-11-25").returncode == 1


def test_open_opportunity_ending_in_a_closing_entry_warns(project):
    project.opportunity("acme", GOOD + "stage: offer\nlog:\n  - {date: 2026-11-10, type: declined}\n")
    result = project.run("check")
    assert result.returncode == 0
    assert result.stdout == (
        "pipeline/acme.yml:3:8: warning: stage: 'offer' is out of date: the last entry is 'declined' (2026-11-10), "
        "so it is closed (outcome declined); set stage: closed\n"
    )


def test_files_at_any_depth_get_path_ids_and_hidden_ones_are_skipped(project):
    project.write("pipeline/acme/backend.yml", GOOD)
    project.write("pipeline/.trash/old.yml", "not: valid: yaml: [")
    result = project.run("due", "--json", "--today", "2026-11-25")
    assert result.returncode == 0, result.stderr
    assert [i["id"] for i in __import__("json").loads(result.stdout)] == ["acme/backend"]


def test_a_missing_pipeline_folder_is_an_error(project):
    project.pipeline.rmdir()
    result = project.run("check")
    assert result.returncode == 1
    assert result.stdout.strip() == "pipeline:1:1: the pipeline folder does not exist"
