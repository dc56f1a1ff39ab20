"""`import` end to end on realistic exports, then `check` and `due --json` on what it wrote."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import yaml

TODAY = "2026-11-25"
EXPORTS = Path(__file__).parent / "exports"
FILES = ("Job Applications.csv", "Saved Jobs.csv", "tracker-windows-1252.csv")

CREATED = [
    "created pipeline/acme-corp-backend-engineer-payments.yml (Job Applications.csv, row 2 and 1 more row)",
    "created pipeline/globex-site-reliability-engineer.yml (Job Applications.csv, row 3 and 1 more row)",
    "created pipeline/initech-not-given.yml (Job Applications.csv, row 5)",
    "created pipeline/cafe-zurich-ag-data-engineer.yml (Job Applications.csv, row 6)",
    "created pipeline/hooli-platform-engineer.yml (Saved Jobs.csv, row 3)",
    "created pipeline/societe-generale-quant-developer.yml (tracker-windows-1252.csv, row 2)",
    "created pipeline/muller-sohne-backend-engineer-logistics.yml (tracker-windows-1252.csv, row 3)",
    "created pipeline/vandelay-industries-importer.yml (tracker-windows-1252.csv, row 4)",
    "created pipeline/pendant-publishing-editor.yml (tracker-windows-1252.csv, row 5)",
    "created pipeline/kramerica-intern.yml (tracker-windows-1252.csv, row 6)",
    "created pipeline/bosco-ltd-analyst.yml (tracker-windows-1252.csv, row 7)",
    "created pipeline/monk-s-cafe-barista.yml (tracker-windows-1252.csv, row 8)",
]
REPORTED = [
    "unreadable tracker-windows-1252.csv, row 9: no company (Company is empty), role 'Orphan role'",
    "warning Job Applications.csv, row 5: no role (Job Title is empty); imported as role: (not given)",
    "warning tracker-windows-1252.csv, row 7: Date Applied: '03/04/2026' is ambiguous (March 4 or April 3?); "
    "write it as YYYY-MM-DD; dated as the rows around it are (estimated)",
    "warning tracker-windows-1252.csv, row 8: Status 'Maybe' is not a status we know; imported as applied",
    "status 'Applied' (2 rows): applied",
    "status 'Ghosted' (1 row): applied (not closed: the schedule says when it has gone quiet; then close --gone-quiet)",
    "status 'Maybe' (1 row): applied (a status we do not know)",
    "status 'Phone screen' (1 row): a screen entry",
    "status 'Rejected' (1 row): a rejection entry",
    "status 'Withdrawn' (1 row): a withdrew entry",
    "columns not used: Job Applications.csv: Contact Email, Contact Phone Number, Resume Name, Question And Answers",
]
FOLLOWUPS = [
    # Bosco's date cannot be read: it takes the row above's, estimated, and is not due on the import day
    "follow-ups: 4 due today; 1 overdue spread over 1 day: 2026-11-26 (1) (none overdue)",
    "gone quiet: 1 (no touch for longer than their cadence); close them with `follow-through close --gone-quiet`",
]


def exports(project, *names):
    for name in names or FILES:
        shutil.copy(EXPORTS / name, project.root / name)
    return list(names or FILES)


def load(project, name):
    return yaml.safe_load((project.pipeline / f"{name}.yml").read_text(encoding="utf-8"))


def test_import_linkedin_and_a_spreadsheet(project):
    result = project.run("import", *exports(project), "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Job Applications.csv: LinkedIn job applications, 5 rows",
        "Saved Jobs.csv: LinkedIn saved jobs, 2 rows",
        "tracker-windows-1252.csv: spreadsheet, 8 rows",
        *CREATED,
        *REPORTED,
        "15 rows: created 12, updated 0, merged 2 into others, already there 0, unreadable 1",
        *FOLLOWUPS,
    ]
    assert len(list(project.pipeline.glob("*.yml"))) == 12

    acme = load(project, "acme-corp-backend-engineer-payments")
    assert {k: acme[k] for k in ("company", "role", "stage", "url", "source")} == {
        "company": "Acme Corp", "role": "Backend Engineer, Payments", "stage": "applied",
        "url": "https://www.linkedin.com/jobs/view/4001/", "source": "LinkedIn"}
    assert acme["log"] == [{"date": dt.date(2026, 11, 20), "type": "applied"}]  # saved, then applied: applied
    assert "me@example.com" not in (project.pipeline / "acme-corp-backend-engineer-payments.yml").read_text()

    socgen = load(project, "societe-generale-quant-developer")
    assert socgen["company"] == "Société Générale" and socgen["location"] == "Paris" and socgen["source"] == "Referral"
    assert socgen["contacts"] == [{"name": "Jane Doe", "email": "jane@socgen.example"}]
    assert socgen["notes"] == "Sent the portfolio, and a cover letter"
    muller = load(project, "muller-sohne-backend-engineer-logistics")
    assert (muller["role"], muller["stage"], muller["contacts"]) == (
        "Backend Engineer – Logistics", "screening", [{"name": "Klaus Müller", "role": "Hiring manager"}])
    # the status is an entry; undated, it takes the row's date and says it is a guess
    assert muller["log"][-1] == {"date": dt.date(2026, 11, 20), "type": "screen", "estimated": True}
    for name, outcome in (("vandelay-industries-importer", "rejected"), ("kramerica-intern", "withdrawn")):
        data = load(project, name)
        assert (data["stage"], data["outcome"]) == ("closed", outcome)
    # "Ghosted" closes nothing silently: it stays applied, and the schedule finds it has gone quiet
    pendant = load(project, "pendant-publishing-editor")
    assert (pendant["stage"], "outcome" in pendant) == ("applied", False)
    assert load(project, "monk-s-cafe-barista")["notes"] == "Two lines:\nfirst, then second"
    hooli = load(project, "hooli-platform-engineer")
    assert (hooli["stage"], str(hooli["added"]), "log" in hooli) == ("lead", "2026-11-22", False)
    assert load(project, "initech-not-given")["role"] == "(not given)"

    check = project.run("check", "--today", TODAY)
    assert check.returncode == 0, check.stdout + check.stderr
    due = json.loads(project.run("due", "--today", TODAY, "--json").stdout)
    # nothing overdue on the import day: what was overdue is caught up (next: ... # catch-up)
    assert [(d["id"], d["due"], d["stage"], d["touch"]) for d in due] == [
        ("cafe-zurich-ag-data-engineer", "2026-11-25", "applied", "check-in"),
        ("globex-site-reliability-engineer", "2026-11-25", "applied", "check-in"),
        ("hooli-platform-engineer", "2026-11-25", "lead", "first-contact"),  # saved on a Sunday
        ("initech-not-given", "2026-11-25", "applied", "check-in"),
        ("bosco-ltd-analyst", "2026-11-26", "applied", "check-in"),  # an estimated date: not due on the import day
        ("acme-corp-backend-engineer-payments", "2026-11-27", "applied", "check-in"),  # applied 11-20: 7 days
        ("muller-sohne-backend-engineer-logistics", "2026-11-27", "screening", "check-in"),
        ("societe-generale-quant-developer", "2026-11-27", "applied", "check-in"),
        ("monk-s-cafe-barista", "2026-12-01", "applied", "check-in"),
    ]
    assert "next: 2026-11-25  # catch-up" in (project.pipeline / "cafe-zurich-ag-data-engineer.yml").read_text()


def test_the_order_of_the_files_gives_the_same_files(project, tmp_path):
    names = exports(project)
    assert project.run("import", *names, "--today", TODAY).returncode == 0
    first = {p.name: p.read_bytes() for p in project.pipeline.iterdir()}
    for p in project.pipeline.iterdir():
        p.unlink()
    result = project.run("import", *reversed(names), "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert {p.name: p.read_bytes() for p in project.pipeline.iterdir()} == first


def test_a_second_import_creates_nothing(project):
    names = exports(project)
    assert project.run("import", *names, "--today", TODAY).returncode == 0
    before = {p.name: p.read_bytes() for p in project.pipeline.iterdir()}
    again = project.run("import", *names, "--today", TODAY)
    assert again.returncode == 0, again.stderr
    assert not [line for line in again.stdout.splitlines() if line.startswith(("created", "added"))]
    assert "15 rows: created 0, updated 0, merged 2 into others, already there 12, unreadable 1" in again.stdout
    assert {p.name: p.read_bytes() for p in project.pipeline.iterdir()} == before


def test_an_existing_file_gets_new_entries_appended(project):
    mine = project.opportunity("socgen", "company: Societe Generale SA\nrole: Quant developer  # mine\n")
    result = project.run("import", *exports(project, "tracker-windows-1252.csv"), "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "added to pipeline/socgen.yml: applied 2026-11-20 (tracker-windows-1252.csv, row 2)" in result.stdout
    assert mine.read_text() == ("company: Societe Generale SA\nrole: Quant developer  # mine\nlog:\n"
                                "  - {date: 2026-11-20, type: applied}\n")
    assert not (project.pipeline / "societe-generale-quant-developer.yml").exists()


def test_dry_run_prints_the_plan_and_writes_nothing(project):
    result = project.run("import", *exports(project), "--dry-run", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[3:15] == [line.replace("created", "would create", 1) for line in CREATED]
    assert lines[-3] == ("15 rows: would create 12, would update 0, merged 2 into others, already there 0, "
                         "unreadable 1; nothing was written (--dry-run)")
    assert list(project.pipeline.iterdir()) == []


def test_a_name_in_use_gets_a_number_and_no_file_is_overwritten(project):
    mine = project.opportunity(
        "acme-corp-backend-engineer-payments", "company: Acme\nrole: Corp Backend Engineer Payments\n"
    )
    result = project.run("import", *exports(project, "Job Applications.csv"), "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "created pipeline/acme-corp-backend-engineer-payments-2.yml (Job Applications.csv, row 2)" in result.stdout
    assert mine.read_text() == "company: Acme\nrole: Corp Backend Engineer Payments\n"
    assert project.run("check", "--today", TODAY).returncode == 0


def test_a_file_that_is_not_a_job_list_is_an_error(project):
    project.write("contacts.csv", "Name,Email\nJane,jane@example.com\n")
    result = project.run("import", "contacts.csv", "missing.csv", "--today", TODAY)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: contacts.csv: no header naming the company and the role (its first row is: Name, Email); expected "
        "columns like Company and Role (or Employer / Organization and Title / Job Title / Position), or a LinkedIn "
        "export (Job Applications.csv, Saved Jobs.csv)",
        "error: missing.csv: cannot read the file: No such file or directory",
    ]
    assert list(project.pipeline.iterdir()) == []
