"""Day one with your own history (issue 15): a real-sized LinkedIn export, an export folder, real
trackers' headers and dates. Every row below is invented; the headers and quirks are copied from
what people have published:

- LinkedIn's export headers, byte for byte, from a published fixture generator's header list (a Dart
  project's "headers match the real LinkedIn export byte-for-byte" test): Positions.csv, Connections.csv
  (with its "Notes:" preamble above the header), Recommendations_Given.csv, Jobs/*.csv.
- Job URLs written `http://www.linkedin.com/jobs/view/4180272490` (http, no trailing slash) beside
  `https://www.linkedin.com/jobs/view/3901234567/`, and the slug form
  `https://www.linkedin.com/jobs/view/sales-rep-at-globex-3907654321`: Python and TypeScript test
  fixtures of LinkedIn-export readers.
- Saved dates without a time (`"1/1/26"`) beside `"10/3/24, 2:15 PM"`: the same readers' fixtures.
- Online Job Postings.csv read by `Create Date`, `List Date`, `Close Date`: TypeScript export readers.
- Trackers with `Role Title` / `Job Position`, year-less dates (`9/19`, `10/16`) and months (`2025-08`):
  the issue's report of real trackers.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

APPLICATIONS_HEADER = ("Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,Job Url,"
                       "Resume Name,Question And Answers")
SAVED_HEADER = "Saved Date,Job Url,Job Title,Company Name"


def _stamp(day: dt.date, hour: int = 9) -> str:
    return f'"{day.month}/{day.day}/{day:%y}, {hour % 12 or 12}:{(hour * 7) % 60:02d} {"AM" if hour < 12 else "PM"}"'


def linkedin_export(rows: int = 100, start=dt.date(2024, 10, 1), end=dt.date(2025, 3, 14)):
    """(Job Applications.csv, Saved Jobs.csv): `rows` applications spread from `start` to `end`, newest first
    as LinkedIn writes them, with reposts (the same company and role through another link) and saved jobs."""
    span = (end - start).days
    apps = [APPLICATIONS_HEADER]
    saved = [SAVED_HEADER]
    for i in range(rows):
        day = end - dt.timedelta(days=span * i // rows)
        n = i - 3 if i % 20 == 19 else i  # a repost of the job three rows up, through another link
        url = (f"http://www.linkedin.com/jobs/view/{4180000000 + i}" if i % 2
               else f"https://www.linkedin.com/jobs/view/{3900000000 + i}/")
        apps.append(f'{_stamp(day, 8 + i % 12)},me@example.com,,"Company {n}, Inc.",Engineer {n % 7},{url},cv.pdf,')
        if i % 10 == 0:  # saved before applying, through the same link
            saved.append(f'{_stamp(day - dt.timedelta(days=2))},{url},Engineer {n % 7},"Company {n}, Inc."')
    saved.append('"1/1/25",https://www.linkedin.com/jobs/view/sales-rep-at-globex-3907654321,"Sales Rep, East",Globex')
    return "\r\n".join(apps) + "\r\n", "\r\n".join(saved) + "\r\n"


IMPORT_DAY = "2025-03-18"  # a Tuesday, a few days after the last application


def _due(project):
    return json.loads(project.run("due", "--json", "--within", "400", "--today", IMPORT_DAY).stdout)


def test_a_real_sized_export_asks_for_a_day_s_work_in_either_order(project):
    apps, saved = linkedin_export()
    project.write("Job Applications.csv", apps, dedent=False)
    project.write("Saved Jobs.csv", saved, dedent=False)
    result = project.run("import", "Saved Jobs.csv", "Job Applications.csv", "--today", IMPORT_DAY)
    assert result.returncode == 0, result.stderr
    assert "gone quiet:" in result.stdout and "close --gone-quiet" in result.stdout
    due = _due(project)
    per_day = Counter(d["due"] for d in due)
    assert all(d["days_overdue"] <= 0 for d in due), "nothing overdue on the import day"
    assert per_day[IMPORT_DAY] <= 5 and max(per_day.values()) <= 5
    # no follow-up for an application silent for two months: those have gone quiet
    silent = {f"company-{i}-inc-engineer-{i % 7}" for i in range(70, 100) if i % 20 != 19}
    assert not silent & {d["id"] for d in due}
    quiet = project.run("due", "--today", IMPORT_DAY, "--gone-quiet").stdout
    assert "quiet since" in quiet
    # a saved job later applied to is applied, with one opportunity for both rows
    first = (project.pipeline / "company-0-inc-engineer-0.yml").read_text()
    assert "stage: applied" in first and first.count("type: applied}") == 1
    # reposts: one opportunity, each application logged, the other link kept
    repost = (project.pipeline / "company-16-inc-engineer-2.yml").read_text()
    assert repost.count("type: applied}") == 2 and "Also posted at:" in repost
    assert project.run("check", "--today", IMPORT_DAY).returncode == 0

    files = {p.name: p.read_bytes() for p in project.pipeline.iterdir()}
    for p in project.pipeline.iterdir():
        p.unlink()
    again = project.run("import", "Job Applications.csv", "Saved Jobs.csv", "--today", IMPORT_DAY)
    assert again.returncode == 0, again.stderr
    assert {p.name: p.read_bytes() for p in project.pipeline.iterdir()} == files
    twice = project.run("import", "Job Applications.csv", "Saved Jobs.csv", "--today", IMPORT_DAY)
    assert "created 0, updated 0" in twice.stdout
    assert {p.name: p.read_bytes() for p in project.pipeline.iterdir()} == files


POSITIONS = (
    "Company Name,Title,Description,Location,Started On,Finished On\nPeak Energy,Technical Specialist,,,Mar 2023,\n"
)
CONNECTIONS = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing."\n\n'
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Dana,Whitfield,https://www.linkedin.com/in/dana,,Acme,Recruiter,05 Mar 2025\n"
)
RECOMMENDATIONS = (
    "First Name,Last Name,Company,Job Title,Text,Creation Date,Status\nSam,Ortiz,Globex,CTO,Great,01/02/25,VISIBLE\n"
)
POSTINGS = "Create Date,List Date,Close Date,Title,Company Name,Job Url\n2025-01-02,2025-01-03,,Engineer,Mine Inc,https://x.example/1\n"


def test_a_file_that_is_not_a_job_list_is_refused_by_name(project):
    project.write("Positions.csv", POSITIONS, dedent=False)
    result = project.run("import", "Positions.csv", "--today", IMPORT_DAY)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: Positions.csv: not a job list: this is your own work history (LinkedIn's Positions.csv); "
        "nothing imported from it (import Job Applications.csv and Saved Jobs.csv)"
    ]
    assert list(project.pipeline.iterdir()) == []


def test_a_whole_export_folder_imports_the_job_lists_and_lists_the_rest(project):
    apps, saved = linkedin_export(rows=10, start=dt.date(2025, 3, 1))
    for name, text in (
        ("export/Jobs/Job Applications.csv", apps),
        ("export/Jobs/Saved Jobs.csv", saved),
        ("export/Positions.csv", POSITIONS),
        ("export/Connections.csv", CONNECTIONS),
        ("export/Recommendations_Given.csv", RECOMMENDATIONS),
        ("export/Jobs/Online Job Postings.csv", POSTINGS),
        ("export/Skills.csv", "Name\nPython\n"),
    ):
        project.write(name, text, dedent=False)
    result = project.run("import", "export", "--today", IMPORT_DAY)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for name, what in (
        ("Positions.csv", "your own work history"),
        ("Connections.csv", "your connections"),
        ("Recommendations_Given.csv", "recommendations"),
        ("Online Job Postings.csv", "job postings you published"),
    ):
        assert f"{name}: not a job list: this is {what}" in out, name
    assert "skipped export/Skills.csv: no header naming the company and the role" in out
    companies = {p.read_text().split("company: ")[1].split("\n")[0] for p in project.pipeline.glob("*.yml")}
    assert "Peak Energy" not in companies and "Acme" not in companies and "Mine Inc" not in companies
    assert "Globex" in companies  # the saved job


TRACKER = """\
Company,Role Title,Date,Status,Notes
Acme,Backend Engineer,9/19,Applied,
Acme,Backend Engineer II,10/16,Interviewing,
Globex,,2025-08,Applied,
Initech,Data Engineer,,Phone screen,
Hooli,Platform Engineer,2025-10-20,No response,
"""
TRACKER_2 = "Job Position,Company Name,Date Applied,Stage\nSRE,Umbrella,2025-10-01,Rejected\n"


def test_a_tracker_s_headers_and_partial_dates_lose_no_row(project):
    project.write("tracker.csv", TRACKER, dedent=False)
    project.write("other.csv", TRACKER_2, dedent=False)
    result = project.run("import", "tracker.csv", "other.csv", "--today", "2025-10-27")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "unreadable 0" in out and "\nunreadable " not in out
    assert "warning tracker.csv, row 4: Date '2025-08' has no day; took the 1st (2025-08-01)" in out
    assert "warning tracker.csv, row 4: no role (Role Title is empty); imported as role: (not given)" in out
    files = {p.stem: p.read_text() for p in project.pipeline.glob("*.yml")}
    assert len(files) == 6  # every row that names a company
    # year-less dates take the year that keeps them nearest their neighbours (2025-08-01 below them)
    assert "{date: 2025-09-19, type: applied}" in files["acme-backend-engineer"]
    interviewing = files["acme-backend-engineer-ii"]
    assert "{date: 2025-10-16, type: interview, estimated: true}" in interviewing
    assert "stage: interviewing" in interviewing
    assert "{date: 2025-10-01, type: rejection, estimated: true}" in files["umbrella-sre"]
    hooli = files["hooli-platform-engineer"]
    assert "stage: applied" in hooli and "outcome" not in hooli  # "No response" closes nothing silently
    assert "status 'No response' (1 row): applied (not closed" in out
    assert "status 'Interviewing' (1 row): an interview entry" in out
    assert project.run("check", "--today", "2025-10-27").returncode == 0
    # an estimated interview owes no thank-you: the cadence goes on from it
    due = {
        d["id"]: d for d in json.loads(project.run("due", "--json", "--within", "60", "--today", "2025-10-27").stdout)
    }
    assert due["acme-backend-engineer-ii"]["touch"] != "thank-you"


def test_new_refuses_a_job_already_in_the_pipeline(project):
    project.opportunity(
        "stripe", "company: Stripe, Inc.\nrole: Backend  Engineer\nurl: https://stripe.example/jobs/1\n"
    )
    for args in (("STRIPE", "backend engineer"), ("Stripe Ltd", "Backend Engineer")):
        result = project.run("new", *args, "--today", IMPORT_DAY)
        assert result.returncode == 2, result
        assert result.stderr.strip() == (
            "error: pipeline/stripe.yml is the same company and role (Stripe, Inc. — Backend  Engineer); nothing was "
            "written (log to it: follow-through log stripe TYPE)"
        )
    assert sorted(p.name for p in project.pipeline.iterdir()) == ["stripe.yml"]


def test_an_export_s_csv_files_named_one_by_one_import_the_job_lists(project):
    apps, _ = linkedin_export(rows=4, start=dt.date(2025, 3, 1))
    project.write("Job Applications.csv", apps, dedent=False)
    project.write("Positions.csv", POSITIONS, dedent=False)
    project.write("Skills.csv", "Name\nPython\n", dedent=False)
    result = project.run("import", "Positions.csv", "Job Applications.csv", "Skills.csv", "--today", IMPORT_DAY)
    assert result.returncode == 0, result.stderr
    assert "skipped Positions.csv: not a job list" in result.stdout
    assert "skipped Skills.csv: no header naming the company and the role" in result.stdout
    assert len(list(project.pipeline.glob("*.yml"))) == 4


# Quirks of a LinkedIn export published in a public analytics repository (rows invented): rows not in
# date order, a phone number cell starting with a space, a row with neither company nor title (a job
# since removed), a title with a trailing space, answers holding HTML and "|" separators, and the same
# company and role applied to twice a month apart through two links.
QUIRKY = (
    APPLICATIONS_HEADER
    + """\r
"12/16/22, 3:07 PM",me@example.com, +15550100,The Cake,Content Designer,http://www.linkedin.com/jobs/view/3396587903,cv.pdf,"Authorized?:Yes | Terms <a href='https://x.example/'>PRIVACY</a>:I Agree"\r
"2/22/23, 1:49 PM",me@example.com, +15550100,,,http://www.linkedin.com/jobs/view/3426706183,cv.pdf,\r
"4/1/26, 2:10 PM",me@example.com, +15550100,Hays,Content Designers ,http://www.linkedin.com/jobs/view/4393581398,cv.pdf,\r
"1/10/23, 3:11 PM",me@example.com, +15550100,The Cake,Content Designer,http://www.linkedin.com/jobs/view/3426758475,cv.pdf,\r
"""  # noqa: E501 (a file as a user writes it)
)


def test_a_published_export_s_quirks(project):
    project.write("Job Applications.csv", QUIRKY, dedent=False)
    result = project.run("import", "Job Applications.csv", "--today", "2026-04-03")
    assert result.returncode == 0, result.stderr
    assert "unreadable Job Applications.csv, row 3: no company (Company Name is empty)" in result.stdout
    files = {p.stem: p.read_text() for p in project.pipeline.glob("*.yml")}
    assert sorted(files) == ["hays-content-designers", "the-cake-content-designer"]
    cake = files["the-cake-content-designer"]
    assert "  - {date: 2022-12-16, type: applied}\n  - {date: 2023-01-10, type: applied}\n" in cake
    assert "url: http://www.linkedin.com/jobs/view/3426758475" in cake  # the latest application's link
    assert "Also posted at: http://www.linkedin.com/jobs/view/3396587903" in cake
    assert "role: Content Designers\n" in files["hays-content-designers"]
    assert "+15550100" not in cake and "PRIVACY" not in cake  # your own contact details and answers stay out
    due = project.run("due", "--today", "2026-04-03", "--gone-quiet").stdout
    assert "The Cake" in due.split("Gone quiet")[1]  # three years of silence: gone quiet, not overdue


# A student's tracker as published in a bulk-import test (rows invented): `9/19` beside `9/19/24`,
# "Submitted", "Waitlisted", "Phone Screen", and columns (Details, Applicant Portal) nothing reads.
STUDENT = """\
Company,Position,Date Applied,status,Details,Applicant Portal
Rockstar,Data Analytics (NY),9/19,Submitted,"on greenhouse, had a CL",
Rockstar,Data Analytics (Carlsbad),9/19/24,Waitlisted,CL submitted,
Red Sox,Accounting Co-Op,9/24/24,Phone Screen,,https://portal.example/1
"""


def test_a_student_tracker(project):
    project.write("tracker.csv", STUDENT, dedent=False)
    result = project.run("import", "tracker.csv", "--today", "2024-10-01")
    assert result.returncode == 0, result.stderr
    assert "columns not used: tracker.csv: Details, Applicant Portal" in result.stdout
    assert "status 'Waitlisted' (1 row): applied" in result.stdout
    assert "warning" not in result.stdout
    ny = (project.pipeline / "rockstar-data-analytics-ny.yml").read_text()
    assert "{date: 2024-09-19, type: applied}" in ny
    red_sox = (project.pipeline / "red-sox-accounting-co-op.yml").read_text()
    assert "{date: 2024-09-24, type: screen, estimated: true}" in red_sox and "stage: screening" in red_sox
