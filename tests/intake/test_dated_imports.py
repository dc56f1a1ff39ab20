"""Imports that date what they can and ask for what they cannot (issue 26). Every row below is invented;
the headers and quirks are copied from trackers people have published:

- A co-op tracker with undated "In Progress" rows between dated ones, and the status words "Not Complete"
  and "Abandoned": the issue's report of a published student co-op tracker.
- Teal's CSV export header, `Company,Role,Status,URL,Location,Salary,Date Saved,Date Applied,Notes,Excitement`,
  with "Bookmarked" rows that have only a `Date Saved` and a quoted salary (`"$160,000"`): a public
  job-search tool's importer test (`test_teal_csv_import`).
- An intern tracker's export, `Company,Role,Status,Location,Date saved,Date applied,Résumé version,Referral,
  Job link,Notes`: a public TypeScript tracker's `applicationsToCsv` test.
- A sheet with no date column at all (Company, Job Title, Status, Notes).
"""

from __future__ import annotations

import json

import yaml

IMPORT_DAY = "2025-03-18"  # a Tuesday

COOP = """\
Company,Position,Status,Date Applied,Term,Notes
Initrode,Software Developer Co-op,Applied,2025-01-06,Summer 2025,
Vehement Capital,Data Analyst Co-op,In Progress,,Summer 2025,waiting on references
Soylent,QA Co-op,In Progress,,Summer 2025,
Massive Dynamic,Developer Co-op,Not Complete,,Summer 2025,cover letter half done
Wayne Enterprises,Research Co-op,Abandoned,2025-01-20,Summer 2025,
Cyberdyne,ML Co-op,Interview,2025-02-10,Summer 2025,
"""

TEAL = """\
Company,Role,Status,URL,Location,Salary,Date Saved,Date Applied,Notes,Excitement
Hooli,Data Engineer,Bookmarked,https://jobs.hooli.example/1,Remote,,2023-11-02,,Looks cool,4
Pied Piper,ML Engineer,Applied,https://jobs.piedpiper.example/2,Austin,"$160,000",2024-05-01,03/10/2025,Submitted,5
Aviato,Staff Engineer,Bookmarked,https://jobs.aviato.example/3,,,2024-02-14,,,3
Raviga,Analyst,Applied,,,,2025-03-03,,,2
"""

INTERN = """\
Company,Role,Status,Location,Date saved,Date applied,Résumé version,Referral,Job link,Notes
Acme,Software Engineer Intern,Applied,Remote,2025-03-04,2025-03-05,v2,,https://example.com/job,
Globex,Data Intern,Saved,Remote,2024-09-30,,v2,,https://example.com/job2,
"""

UNDATED = """\
Company,Job Title,Status,Notes
Globex,Sales Rep,Applied,
Initech,TPS Analyst,Rejected,
"""

# What is due on the import day because of its own date: Pied Piper applied on 3/10 and Acme on 3/5 (caught
# up to the import day), Cyberdyne interviewed on 2/10.
DUE_BY_THEIR_OWN_DATE = {"pied-piper-ml-engineer", "cyberdyne-ml-co-op", "acme-software-engineer-intern"}


def _import(project, *args):
    return project.run("import", *args, "--today", IMPORT_DAY)


def _load(project, name):
    return yaml.safe_load((project.pipeline / f"{name}.yml").read_text(encoding="utf-8"))


def test_trackers_undated_and_saved_rows_are_never_due_on_the_import_day(project):
    for name, text in (("coop.csv", COOP), ("teal.csv", TEAL), ("intern.csv", INTERN)):
        project.write(name, text, dedent=False)
    result = _import(project, "coop.csv", "teal.csv", "intern.csv")
    assert result.returncode == 0, result.stderr
    assert "Date Saved" not in result.stdout.split("columns not used:")[-1]
    assert "Date saved" not in result.stdout.split("columns not used:")[-1]
    due = json.loads(project.run("due", "--json", "--within", "400", "--today", IMPORT_DAY).stdout)
    today = {d["id"] for d in due if d["due"] <= IMPORT_DAY}
    assert today <= DUE_BY_THEIR_OWN_DATE, today - DUE_BY_THEIR_OWN_DATE
    for name in ("vehement-capital-data-analyst-co-op", "soylent-qa-co-op", "massive-dynamic-developer-co-op",
                 "hooli-data-engineer", "aviato-staff-engineer", "raviga-analyst", "globex-data-intern"):
        assert str(_load(project, name)["added"]) != IMPORT_DAY, f"{name} was added today"
    # an undated row takes the nearest dated row's date before it, estimated
    vehement = _load(project, "vehement-capital-data-analyst-co-op")
    assert vehement["log"] == [{"date": __import__("datetime").date(2025, 1, 6), "type": "applied",
                                "estimated": True}]
    # a saved date dates a lead
    assert (str(_load(project, "hooli-data-engineer")["added"]), _load(project, "hooli-data-engineer")["stage"]) == (
        "2023-11-02", "lead")
    # an application with only a saved date took place on or after it: that date, estimated
    raviga = _load(project, "raviga-analyst")
    assert raviga["log"][0]["estimated"] is True and str(raviga["log"][0]["date"]) == "2025-03-03"
    assert project.run("check", "--today", IMPORT_DAY).returncode == 0


def test_more_status_words_are_known_and_listed(project):
    project.write("coop.csv", COOP, dedent=False)
    result = _import(project, "coop.csv")
    assert result.returncode == 0, result.stderr
    assert "status 'Not Complete' (1 row): a lead" in result.stdout
    assert "status 'Abandoned' (1 row): a withdrew entry" in result.stdout
    assert "is not a status we know" not in result.stdout
    assert _load(project, "massive-dynamic-developer-co-op")["stage"] == "lead"
    wayne = _load(project, "wayne-enterprises-research-co-op")
    assert (wayne["stage"], wayne["outcome"]) == ("closed", "withdrawn")


def test_a_file_with_no_dated_row_needs_a_date(project):
    project.write("undated.csv", UNDATED, dedent=False)
    refused = _import(project, "undated.csv")
    assert refused.returncode == 1
    assert "undated.csv: no row has a date" in refused.stderr and "Date applied" in refused.stderr
    assert "--date" in refused.stderr and "Traceback" not in refused.stderr
    assert list(project.pipeline.iterdir()) == []
    late = _import(project, "undated.csv", "--date", IMPORT_DAY)
    assert late.returncode == 1 and "not before the import day" in late.stderr
    result = _import(project, "undated.csv", "--date", "2025-02-01")
    assert result.returncode == 0, result.stderr
    globex = _load(project, "globex-sales-rep")
    assert str(globex["added"]) == "2025-02-01" and globex["log"][0]["estimated"] is True
    due = json.loads(project.run("due", "--json", "--within", "400", "--today", IMPORT_DAY).stdout)
    assert not [d for d in due if d["due"] <= IMPORT_DAY]


def test_a_re_import_that_guesses_another_date_adds_nothing(project):
    project.write("coop.csv", COOP, dedent=False)
    assert _import(project, "coop.csv").returncode == 0
    before = {p.name: p.read_bytes() for p in project.pipeline.iterdir()}
    # the tracker re-sorted: the undated rows now sit below another dated row
    lines = COOP.splitlines()
    moved = "\n".join([lines[0], lines[5], lines[2], lines[3], lines[1], lines[4], lines[6]]) + "\n"
    project.write("coop.csv", moved, dedent=False)
    again = _import(project, "coop.csv")
    assert again.returncode == 0, again.stderr
    assert "updated 0" in again.stdout
    assert {p.name: p.read_bytes() for p in project.pipeline.iterdir()} == before
