"""The import plan (pure): header detection, status words, dates, duplicates, file names."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.adapters.edit.create import file_name
from generator.core.intake.csvtable import ImportFileError, decode
from generator.core.intake.dates import DateProblem, parse_date, slash_order
from generator.core.intake.import_plan import Existing, make_plan
from generator.core.intake.rows import rows_of
from generator.core.intake.statuses import map_status
from generator.core.validate import validate_text

D = dt.date
TODAY = D(2024, 12, 2)


@pytest.mark.parametrize(
    "header, kind, columns",
    [
        (
            "Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,Job Url,Resume Name,"
            "Question And Answers",
            "linkedin-applications",
            {"company": 3, "role": 4, "url": 5, "date": 0},
        ),
        ("Saved Date,Job Url,Job Title,Company Name", "linkedin-saved", {"company": 3, "role": 2, "url": 1, "date": 0}),
        (
            "Company,Role,Link,Date applied,Status,Contact,Notes,Location,Source",
            "sheet",
            {
                "company": 0,
                "role": 1,
                "url": 2,
                "date": 3,
                "status": 4,
                "contact": 5,
                "notes": 6,
                "location": 7,
                "source": 8,
            },
        ),
        ("EMPLOYER;Position;URL;Applied", "sheet", {"company": 0, "role": 1, "url": 2, "date": 3}),
        ("organization\tjob_title\tstage", "sheet", {"company": 0, "role": 1, "status": 2}),
        ("My job search 2026,,\n,,\nOrganisation,Title,Date Applied", "sheet", {"company": 0, "role": 1, "date": 2}),
    ],
    ids=[
        "linkedin-applications",
        "linkedin-saved",
        "sheet-all-columns",
        "semicolons-caps",
        "tabs-underscores",
        "title-row-above",
    ],
)
def test_header_detection(header, kind, columns):
    layout, _, _, _ = rows_of("f.csv", header + "\n", TODAY)
    assert (layout.kind, layout.columns) == (kind, columns)


def test_a_header_without_company_and_role_is_an_error_naming_the_file():
    with pytest.raises(
        ImportFileError,
        match=r"^x.csv: no header naming the company and the role \(its first row is: "
        r"Name, Email\)",
    ):
        rows_of("x.csv", "Name,Email\nJane,j@x\n", TODAY)


@pytest.mark.parametrize(
    "word, expected",
    [
        ("Applied", ("applied", None)),
        ("Phone screen", ("screening", None)),
        ("Screening", ("screening", None)),
        ("Interviewing", ("interviewing", None)),
        ("interview", ("interviewing", None)),
        ("Offer", ("offer", None)),
        ("Rejected", ("closed", "rejected")),
        ("GHOSTED", ("closed", "ghosted")),
        ("Withdrawn", ("closed", "withdrawn")),
        ("Accepted", ("closed", "accepted")),
        ("Declined", ("closed", "declined")),
        ("Wishlist", ("lead", None)),
        ("", (None, None)),
        ("Maybe?", None),
    ],
)
def test_status_words(word, expected):
    assert map_status(word) == expected


@pytest.mark.parametrize(
    "text, order, expected",
    [
        ("11/20/24, 8:15 AM", "MDY", D(2024, 11, 20)),
        ("3/4/25, 11:02 PM", "MDY", D(2025, 3, 4)),
        ("2024-11-20", None, D(2024, 11, 20)),
        ("2024-11-20T08:15:00Z", None, D(2024, 11, 20)),
        ("2024-11-20 08:15", None, D(2024, 11, 20)),
        ("Nov 20, 2024", None, D(2024, 11, 20)),
        ("November 20, 2024", None, D(2024, 11, 20)),
        ("20 Nov 2024", None, D(2024, 11, 20)),
        ("20.11.2024", None, D(2024, 11, 20)),
        ("11/20/2024", None, D(2024, 11, 20)),
        ("20/11/2024", None, D(2024, 11, 20)),
        ("04/03/2024", "DMY", D(2024, 3, 4)),
        ("05/05/2024", None, D(2024, 5, 5)),
    ],
)
def test_dates(text, order, expected):
    assert parse_date(text, order) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("03/04/2024", "'03/04/2024' is ambiguous (March 4 or April 3?); write it as YYYY-MM-DD"),
        ("last week", "'last week' is not a date we can read; write it as YYYY-MM-DD, like 2024-11-20"),
        ("2024-02-30", "'2024-02-30' is not a real date"),
        ("31.13.2024", "'31.13.2024' is not a real date"),
    ],
)
def test_unreadable_and_ambiguous_dates(text, message):
    with pytest.raises(DateProblem) as info:
        parse_date(text)
    assert str(info.value) == message


def test_the_column_settles_the_slash_order():
    assert slash_order(["03/04/2024", "25/04/2024"]) == "DMY"
    assert slash_order(["03/04/2024", "04/25/2024"]) == "MDY"
    assert slash_order(["03/04/2024", "2024-05-01"]) is None
    text = "Company,Role,Date applied\nA,Dev,03/04/2024\nB,Dev,25/04/2024\n"
    _, rows, unreadable, _ = rows_of("s.csv", text, TODAY)
    assert [r.date for r in rows] == [D(2024, 4, 3), D(2024, 4, 25)] and not unreadable


def test_rows_unreadable_and_warned_with_their_row_numbers():
    text = (
        "Company,Role,Date applied,Status\n"
        "Acme,Dev,2024-11-20,Applied\n"
        ",Dev,2024-11-20,\n"
        '"Globex, Inc.","Ops\nand more",03/04/2024,\n'
        "Initech,QA,,Maybe\n"
        "Umbrella,,2024-11-21,\n"
    )
    _, rows, unreadable, warnings = rows_of("s.csv", text, TODAY)
    assert [(r.number, r.company, r.role, r.stage, r.applied, r.date) for r in rows] == [
        (2, "Acme", "Dev", "applied", True, D(2024, 11, 20)),
        # no row that names a company is lost; one without a date takes the nearest dated row's, estimated
        (4, "Globex, Inc.", "Ops and more", "applied", True, D(2024, 11, 20)),
        (5, "Initech", "QA", "applied", True, D(2024, 11, 20)),
        (6, "Umbrella", "(not given)", "applied", True, D(2024, 11, 21)),
    ]
    assert [str(r) for r in unreadable] == ["s.csv, row 3: no company (Company is empty), role 'Dev'"]
    assert [str(w) for w in warnings] == [
        "s.csv, row 4: Date applied: '03/04/2024' is ambiguous (March 4 or April 3?); write it as YYYY-MM-DD; "
        "dated as the rows around it are (estimated)",
        "s.csv, row 5: Status 'Maybe' is not a status we know; imported as applied",
        "s.csv, row 6: no role (Role is empty); imported as role: (not given)",
    ]


def test_decode_utf8_bom_and_windows_1252():
    assert decode("\ufeffCompany,Role\r\n".encode("utf-8"), "a.csv") == "Company,Role\r\n"
    assert decode("Société,Rôle – dev\n".encode("cp1252"), "b.csv") == "Société,Rôle – dev\n"
    with pytest.raises(ImportFileError, match=r"^c.csv: byte 3 is neither UTF-8 nor Windows-1252"):
        decode(b"ab\x81\xff", "c.csv")


def test_matching_rows_merge_within_the_files_and_with_the_pipeline():
    text = (
        "Company,Role,URL,Date applied\n"
        "Acme Corp,Backend Engineer,https://acme.example/jobs/1,2024-11-02\n"
        "ACME corp.,backend-engineer,https://acme.example/jobs/2,2024-11-20\n"  # a repost: same company and role
        "Other,Other,http://www.acme.example/jobs/1/?utm_source=x,\n"  # same URL as row 2
        "Globex GmbH,SRE,,2024-11-03\n"  # in the pipeline already (legal suffix ignored)
        "Hooli,Dev,https://hooli.example/7,2024-11-01\n"  # URL in the pipeline already, entry there already
        "Acme Corp,Backend Engineer II,,\n"  # new; its file name is free
    )
    existing = Existing(taken={"acme-corp-backend-engineer-ii"})
    existing.add("Globex", "S.R.E.", None, "pipeline/globex.yml")
    hooli = validate_text(
        "hooli",
        "pipeline/hooli.yml",
        "company: Hooli\nrole: Staff\nurl: https://hooli.example/7\nlog:\n  - {date: 2024-11-01, type: applied}\n",
    )[0]
    existing.add("Hooli", "Staff", "https://hooli.example/7", "pipeline/hooli.yml", hooli)
    plan = make_plan([("s.csv", *rows_of("s.csv", text, D(2024, 11, 25))[1:])], existing, file_name, D(2024, 11, 25))
    assert [(m.name, [r.number for r in m.rows]) for m in plan.create] == [
        ("acme-corp-backend-engineer", [2, 3, 4]),
        ("acme-corp-backend-engineer-ii-2", [7]),
    ]
    acme = plan.create[0]
    # named by the latest application; each application logged; the other link kept
    assert (acme.company, acme.role, acme.url) == ("ACME corp.", "backend-engineer", "https://acme.example/jobs/2")
    assert [(e.date, e.type) for e in acme.entries] == [(D(2024, 11, 2), "applied"), (D(2024, 11, 20), "applied")]
    assert acme.added == D(2024, 11, 2) and "https://acme.example/jobs/1" in acme.notes
    assert [(m.existing, [(e.date, e.type) for e in m.new_entries]) for m in plan.update] == [
        ("pipeline/globex.yml", [(D(2024, 11, 3), "applied")])
    ]
    assert [m.existing for m in plan.unchanged] == ["pipeline/hooli.yml"]
    assert plan.rows == 6 and plan.merged_rows == 2


def test_the_order_of_rows_and_files_does_not_matter():
    saved = 'Saved Date,Job Url,Job Title,Company Name\n"11/21/24, 7:40 PM",https://l.example/jobs/view/1/,Dev,Acme\n'
    applied = (
        "Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,Job Url,Resume Name,"
        "Question And Answers\n"
        '"11/25/24, 8:15 AM",,,Acme,Dev,https://l.example/jobs/view/9/,,\n'
        '"11/20/24, 8:15 AM",,,Acme,Dev,https://l.example/jobs/view/1/,,\n'
    )
    sheet = "Company,Role,Status,Date applied\nAcme Inc.,dev,Phone screen,2024-11-20\n"
    files = {"Saved Jobs.csv": saved, "Job Applications.csv": applied, "t.csv": sheet}

    def planned(order):
        day = D(2024, 12, 1)
        plan = make_plan([(n, *rows_of(n, files[n], day)[1:]) for n in order], Existing(), file_name, day)
        return [(m.name, m.company, m.role, m.url, m.added, m.stage, m.entries) for m in plan.create]

    first = planned(["Saved Jobs.csv", "Job Applications.csv", "t.csv"])
    assert first == planned(["t.csv", "Job Applications.csv", "Saved Jobs.csv"])
    ((_, _, _, url, added, stage, entries),) = first
    assert (url, added, stage) == (
        "https://l.example/jobs/view/9/",
        D(2024, 11, 20),
        "screening",
    )  # the furthest reached
    assert [(e.date.isoformat(), e.type, e.estimated) for e in entries] == [
        ("2024-11-20", "applied", False),
        ("2024-11-20", "screen", True),
        ("2024-11-25", "applied", False),
    ]


@pytest.mark.parametrize(
    "body, undated, expected",
    [
        # the nearest dated row before it (trackers are kept in order), else after it; estimated
        ("A,1,2024-11-02\nB,2,\nC,3,2024-11-09\n", None, [(D(2024, 11, 2), False), (D(2024, 11, 2), True),
                                                        (D(2024, 11, 9), False)]),
        ("A,1,\nB,2,\nC,3,2024-11-09\n", None, [(D(2024, 11, 9), True), (D(2024, 11, 9), True),
                                              (D(2024, 11, 9), False)]),
        # no dated row at all: `--date` is what they take
        ("A,1,\nB,2,\n", D(2024, 10, 1), [(D(2024, 10, 1), True), (D(2024, 10, 1), True)]),
    ],
)
def test_an_undated_row_takes_its_neighbour_s_date(body, undated, expected):
    _, rows, _, _ = rows_of("s.csv", "Company,Role,Date applied\n" + body, TODAY, undated)
    assert [(r.date, r.estimated) for r in rows] == expected


def test_a_file_with_no_dated_row_is_refused_without_a_date():
    from generator.core.intake.rows import UndatedFile

    with pytest.raises(UndatedFile, match=r"^s.csv: no row has a date \(Date applied is empty; looked for"):
        rows_of("s.csv", "Company,Role,Date applied,Status\nA,1,,Applied\n", TODAY)
    with pytest.raises(UndatedFile, match=r"no date column; looked for Date applied, Applied"):
        rows_of("s.csv", "Company,Role,Status\nA,1,Applied\n", TODAY)
