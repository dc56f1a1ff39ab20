"""`snooze` sets `next:` keeping comments; `new` writes a commented template, never overwriting."""

from __future__ import annotations

import datetime as dt
import json

import pytest

TODAY = "2026-11-25"

OPP = """\
company: Acme Corp
role: Backend Engineer   # the role
wait_until: 2026-11-20
notes: |
  Call Jane.
log:
  - {date: 2026-11-10, type: applied}
"""


def due_of(project, opp_id):
    items = json.loads(project.run("due", "--json", "--today", TODAY, "--within", "60").stdout)
    return next(i for i in items if i["id"] == opp_id)


def test_snooze_days_adds_next_before_notes(project):
    path = project.opportunity("acme", OPP)
    result = project.run("snooze", "acme", "5", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert path.read_text() == OPP.replace("notes: |", "next: 2026-11-30\nnotes: |")
    assert "snoozed acme: next: 2026-11-30 in pipeline/acme.yml" in result.stdout
    assert due_of(project, "acme")["due"] == "2026-11-30"


def test_snooze_date_replaces_next_and_keeps_its_comment(project):
    path = project.opportunity("acme", OPP.replace("notes: |", "next: 2026-11-27   # promised\nnotes: |"))
    result = project.run("snooze", "acme", "2026-12-09", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "next: 2026-12-09   # promised\n" in path.read_text()
    assert "next: 2026-11-27" not in path.read_text()
    assert "(was 2026-11-27)" in result.stdout
    assert due_of(project, "acme")["due"] == "2026-12-09"


def test_snooze_to_a_weekend_says_when_it_is_really_due(project):
    project.opportunity("acme", OPP)
    result = project.run("snooze", "acme", "2026-11-28", "--today", TODAY)  # a Saturday
    assert result.returncode == 0
    assert "next follow-up: 2026-11-30" in result.stdout


@pytest.mark.parametrize(
    "when, message",
    [
        ("0", "snooze by 1 to 3650 days, not 0"),
        ("2026-11-25", "2026-11-25 is not after today (2026-11-25)"),
        ("soon", "'soon' is neither a number of days nor a date (YYYY-MM-DD)"),
        ("2026-02-30", "'2026-02-30' is neither a number of days nor a date"),
        # the date form has the day count's limit (finding: 9999-12-31 was accepted)
        ("9999-12-31", "9999-12-31 is more than 3650 days after today (2026-11-25)"),
        ("+3651", "snooze by 1 to 3650 days, not 3651"),
    ],
)
def test_snooze_refuses_bad_input(project, when, message):
    path = project.opportunity("acme", OPP)
    result = project.run("snooze", "acme", when, "--today", TODAY)
    assert result.returncode == 2
    assert message in result.stderr
    assert path.read_text() == OPP


def test_snooze_refuses_a_closed_opportunity(project):
    text = "company: X\nrole: Y\nstage: closed\noutcome: rejected\n"
    path = project.opportunity("x", text)
    result = project.run("snooze", "x", "3", "--today", TODAY)
    assert result.returncode == 2
    assert "x is closed (rejected): there is no follow-up to snooze" in result.stderr
    assert path.read_text() == text


def test_new_writes_a_valid_commented_template(project):
    result = project.run("new", "Acme Corp", "Senior Backend Engineer", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "pipeline/acme-corp-senior-backend-engineer.yml\n"
    text = (project.pipeline / "acme-corp-senior-backend-engineer.yml").read_text()
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schema/opportunity.schema.json"
    assert lines[1:5] == [
        "company: Acme Corp",
        "role: Senior Backend Engineer",
        "stage: lead                       # lead | applied | screening | interviewing | offer | closed",
        "added: 2026-11-25",
    ]
    assert "# contacts:" in text and "# ideas:" in text and "# next:" in text
    assert project.run("check", "--today", TODAY).returncode == 0
    item = due_of(project, "acme-corp-senior-backend-engineer")
    assert (item["due"], item["touch"], item["stage"]) == ("2026-11-25", "first-contact", "lead")


def test_new_in_a_nested_pipeline_folder_points_at_the_schema(project):
    project.write(
        "mkdocs.yml", "site_name: t\nplugins:\n  - follow-through:\n      pipeline_dir: data/jobs\n", dedent=False
    )
    result = project.run("new", "Globex", "SRE", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    text = (project.root / "data/jobs/globex-sre.yml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schema/opportunity.schema.json\n")


def test_new_quotes_what_needs_quotes_and_folds_accents(project):
    result = project.run("new", "Café: Crème", "#1 Engineer", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    path = project.pipeline / "cafe-creme-1-engineer.yml"
    assert 'company: "Café: Crème"\nrole: "#1 Engineer"\n' in path.read_text()
    assert project.run("check", "--today", TODAY).returncode == 0


def test_new_never_overwrites(project):
    path = project.opportunity("acme-corp-backend", "company: Mine\nrole: Keep\n")
    result = project.run("new", "ACME corp", "Backend", "--today", TODAY)
    assert result.returncode == 2
    assert "pipeline/acme-corp-backend.yml already exists; nothing was written" in result.stderr
    assert path.read_text() == "company: Mine\nrole: Keep\n"


def test_new_then_log_appends_after_the_commented_hints(project):
    assert project.run("new", "Hooli", "SRE", "--today", TODAY).returncode == 0
    path = project.pipeline / "hooli-sre.yml"
    before = path.read_text()
    assert project.run("log", "hooli-sre", "applied", "--today", TODAY).returncode == 0
    # the template's `stage: lead` moves on with the application (its comment stays)
    assert (
        path.read_text()
        == before.replace("stage: lead   ", "stage: applied") + "log:\n  - {date: 2026-11-25, type: applied}\n"
    )


def test_new_refuses_empty_names(project):
    result = project.run("new", "  ", "SRE")
    assert result.returncode == 2
    assert "company and role must not be empty" in result.stderr


def test_the_same_snooze_twice_writes_nothing_and_says_so(project):
    path = project.opportunity("acme", OPP)
    assert project.run("snooze", "acme", "5", "--today", TODAY).returncode == 0
    before = path.stat().st_mtime_ns, path.read_text()
    again = project.run("snooze", "acme", "2026-11-30", "--today", TODAY)
    assert again.returncode == 0, again.stderr
    assert "acme is already snoozed to 2026-11-30 (next: in pipeline/acme.yml); nothing changed" in again.stdout
    assert (path.stat().st_mtime_ns, path.read_text()) == before


def test_the_snooze_rule_lives_in_the_operation(project):
    """The GitHub comment commands call set_next directly: a closed opportunity is refused there too."""
    from generator.adapters.edit import EditError, set_next

    text = "company: X\nrole: Y\nlog:\n  - {date: 2026-11-10, type: applied}\n  - {date: 2026-11-20, type: rejection}\n"
    path = project.opportunity("x", text)
    with pytest.raises(EditError, match="x is closed \\(rejected\\): there is no follow-up to snooze"):
        set_next(path, "x", dt.date(2026, 12, 1), shown="pipeline/x.yml")
    assert path.read_text() == text


def test_new_writes_what_the_caller_knows_and_keeps_the_other_hints(project):
    """Imports and `new --url` pass more than company and role: each given key is written, in place of its hint."""
    from generator.adapters.edit import NewOpportunity, new_opportunity

    new = NewOpportunity(
        "Globex",
        "Data Engineer",
        url="https://globex.example/jobs/7?ref=a#b",
        location="Berlin: hybrid",
        source="LinkedIn",
        contacts=[{"name": "Hank Scorpio", "email": "hank@globex.example", "phone": "+1 555 0100"}],
        note="Saw it on LinkedIn.\nAsk about: the data team",
        stage="applied",
        added=dt.date(2026, 11, 20),
        log=[{"date": dt.date(2026, 11, 20), "type": "applied", "note": "via LinkedIn, easy apply"}],
    )
    result = new_opportunity(project.pipeline, project.root, new, dt.date(2026, 11, 25))
    text = result.path.read_text()
    assert text.splitlines() == [
        "# yaml-language-server: $schema=../schema/opportunity.schema.json",
        "company: Globex",
        "role: Data Engineer",
        "stage: applied                    # lead | applied | screening | interviewing | offer | closed",
        "added: 2026-11-20",
        "# priority: normal                # high | normal | low",
        "url: https://globex.example/jobs/7?ref=a#b",
        'location: "Berlin: hybrid"',
        "source: LinkedIn",
        "# tags: [python]",
        "contacts:",
        "  - name: Hank Scorpio",
        "    email: hank@globex.example",
        "    phone: +1 555 0100",
        "# ideas:                          # value-add material: a problem they mentioned, your idea for it",
        "#   - \"Their problem: my idea\"    # quote text that holds ': '",
        "# wait_until: 2026-12-05          # they said they'd decide by then: nothing is due before",
        "# next: 2026-12-01                # your own next follow-up date (or: follow-through snooze ID DAYS)",
        "notes: |-",
        "  Saw it on LinkedIn.",
        "  Ask about: the data team",
        "# log: add entries with `follow-through log ID TYPE`, or by hand:",
        "#   - {date: 2026-11-25, type: applied, channel: email}",
        "log:",
        '  - {date: 2026-11-20, type: applied, note: "via LinkedIn, easy apply"}',
    ]
    assert project.run("check", "--today", TODAY).returncode == 0
    item = due_of(project, "globex-data-engineer")
    assert (item["stage"], item["due"]) == ("applied", "2026-11-27")  # 7 days after applying
    log = project.run("log", "globex-data-engineer", "follow-up", "--with", "hank scorpio", "--today", TODAY)
    assert log.returncode == 0, log.stderr  # the file it wrote is one the edits can round-trip
    assert result.path.read_text() == text + "  - {date: 2026-11-25, type: follow-up, with: Hank Scorpio}\n"


def test_new_refuses_extras_that_would_not_be_valid(project):
    from generator.adapters.edit import EditError, NewOpportunity, new_opportunity

    new = NewOpportunity("Globex", "SRE", url="not a url")
    with pytest.raises(EditError, match=r"the new file would not be valid, so nothing was written: .*url"):
        new_opportunity(project.pipeline, project.root, new, dt.date(2026, 11, 25))
    assert list(project.pipeline.iterdir()) == []
