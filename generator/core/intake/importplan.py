"""The plan of an import (pure): CSV text in, the opportunities to create or add to.

A file's kind comes from its header: LinkedIn's ``Job Applications.csv`` and
``Saved Jobs.csv`` by their exact columns, any other sheet by columns that name the
company (and usually the role; case, spaces and punctuation ignored; a title row above
the header is fine); LinkedIn's other export files are refused by name. Each data row
becomes a ``Row``; a row without a company is ``unreadable``. Rows are matched to each
other and to the pipeline by the one matching rule (``intake.matching``) and merged
(``make_plan``): the result does not depend on the order of the rows or files. A status
becomes a log entry (``estimated`` when the row has no date for it); nothing is closed
silently. Row numbers are the spreadsheet's: the header of a plain export is row 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import posixpath
import re
from dataclasses import dataclass, field, replace

from generator.core.intake.matching import name_key, normal, url_key

MAX_FIELD = 100_000  # a cell's size limit, so a broken quote cannot swallow the file silently
HEADER_SEARCH_ROWS = 10  # a header may sit below a title row or two


class ImportFileError(ValueError):
    """The whole file cannot be read (encoding, no header that names company and role)."""


# --- what a row says -------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    file: str  # as the user named it
    number: int  # the spreadsheet's row number
    company: str
    role: str
    url: str | None = None
    date: dt.date | None = None  # applied (or saved, for leads)
    applied: bool = False  # log an `applied` entry on `date`
    stage: str | None = None  # lead or applied, when the status (or the file) says so
    outcome: str | None = None
    status: str | None = None  # the status word as written
    status_entry: str | None = None  # the log entry the status becomes (screen, interview, offer, rejection, …)
    status_date: dt.date | None = None  # from a status-date column; else the entry takes `date`, estimated
    contact: str | None = None
    location: str | None = None
    source: str | None = None
    notes: str | None = None
    yearless: tuple[int, int] | None = None  # (month, day) of a date written without its year, until it gets one

    @property
    def where(self) -> str:
        return f"{self.file}, row {self.number}"


@dataclass(frozen=True)
class Report:
    """One line about a row: why it was skipped, why it cannot be read, or a warning."""

    file: str
    number: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.number}: {self.message}"


# --- decoding and the table ----------------------------------------------------------------


def decode(raw: bytes, name: str) -> str:
    """UTF-8 (with or without a byte order mark), else Windows-1252; newlines kept for csv."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"{name}: byte {exc.start + 1} is neither UTF-8 nor Windows-1252 text; save the file as UTF-8 CSV"
        ) from None


def _delimiter(text: str) -> str:
    """Comma, or the semicolon or tab a spreadsheet in another locale may use (judged on the first lines)."""
    head = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    head = re.sub(r'"[^"]*"', "", head)
    counts = {d: head.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def read_table(text: str, name: str) -> list[tuple[int, list[str]]]:
    """(row number, cells) for each record; quoted commas and newlines stay inside their cell."""
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows = []
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append((number, cells))
    except csv.Error as exc:
        raise ImportFileError(f"{name}: line {reader.line_num}: cannot read the CSV ({exc})") from None
    return rows


# --- columns ---------------------------------------------------------------------------------




LINKEDIN_APPLICATIONS = (
    "Application Date", "Contact Email", "Contact Phone Number", "Company Name",
    "Job Title", "Job Url", "Resume Name", "Question And Answers",
)
LINKEDIN_SAVED = ("Saved Date", "Job Url", "Job Title", "Company Name")

# Field → header names that mean it, in order of preference (normalised).
COLUMNS = {
    "company": ("company", "companyname", "employer", "employername", "organization", "organisation",
                "organizationname", "organisationname", "org", "firm", "business", "companytitle"),
    "role": ("role", "roletitle", "jobtitle", "title", "position", "jobposition", "positiontitle", "positionname",
             "jobrole", "job", "jobname", "opening", "vacancy", "rolename"),
    "url": ("url", "joburl", "link", "joblink", "postingurl", "jobposting", "posting", "postinglink", "website",
            "joblisting", "listing"),
    "date": ("dateapplied", "applied", "applieddate", "applicationdate", "appliedon", "dateofapplication",
             "applieddateon", "date", "datesaved", "saveddate", "dateadded", "added"),
    "status": ("status", "stage", "applicationstatus", "state", "currentstatus", "progress"),
    "status_date": ("statusdate", "lastupdate", "lastupdated", "updated", "dateupdated", "statusupdated",
                    "lastcontact", "responsedate"),
    "contact": ("contact", "contactname", "recruiter", "contactperson", "hiringmanager"),
    "notes": ("notes", "note", "comments", "comment"),
    "location": ("location", "city", "place"),
    "source": ("source", "foundvia", "foundon", "via"),
}


@dataclass(frozen=True)
class Layout:
    kind: str  # linkedin-applications | linkedin-saved | sheet
    header_row: int
    columns: dict  # field → column index
    headers: tuple[str, ...]

    @property
    def label(self) -> str:
        return {"linkedin-applications": "LinkedIn job applications", "linkedin-saved": "LinkedIn saved jobs"}.get(
            self.kind, "spreadsheet"
        )


def _columns_of(headers: list[str]) -> dict:
    index = {}
    for position, header in enumerate(headers):
        index.setdefault(normal(header), position)
    found = {}
    for name, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in index:
                found[name] = index[alias]
                break
    return found


# LinkedIn export files that are not job lists, by some of their header's columns (normalised) → what
# they are. Headers as published in LinkedIn data-export fixtures (a Dart fixture generator's
# byte-for-byte header list; Python and TypeScript export readers): Positions.csv has Company Name
# and Title, Connections.csv (below a "Notes:" preamble) Company and Position, Recommendations
# Company and Job Title: each would otherwise pass for a tracker.
NOT_JOB_LISTS = (
    ({"companyname", "title", "startedon"}, "your own work history (LinkedIn's Positions.csv)"),
    ({"firstname", "lastname", "connectedon"}, "your connections (LinkedIn's Connections.csv)"),
    ({"firstname", "lastname", "company", "jobtitle", "text"},
     "recommendations (LinkedIn's Recommendations_Given.csv / Recommendations_Received.csv)"),
    ({"createdate", "listdate"}, "job postings you published (LinkedIn's Online Job Postings.csv)"),
    ({"listdate", "closedate"}, "job postings you published (LinkedIn's Online Job Postings.csv)"),
    ({"jobtitles", "locations", "industries"}, "your job-seeker preferences (LinkedIn's Job Seeker Preferences.csv)"),
    ({"schoolname", "startdate"}, "your education (LinkedIn's Education.csv)"),
    ({"name", "proficiency"}, "your languages (LinkedIn's Languages.csv)"),
    ({"conversationid", "from", "to", "content"}, "your messages (LinkedIn's messages.csv)"),
    ({"organization", "followedon"}, "companies you follow (LinkedIn's Company Follows.csv)"),
    ({"alertparameters", "savedsearchid"}, "your job alerts (LinkedIn's SavedJobAlerts.csv)"),
    ({"question", "answer"}, "your saved answers to application questions (LinkedIn)"),
    ({"title", "description", "url", "startedon"}, "your projects (LinkedIn's Projects.csv)"),
)
NOT_JOB_FILE_NAMES = {
    "positions": "your own work history (LinkedIn's Positions.csv)",
    "onlinejobpostings": "job postings you published (LinkedIn's Online Job Postings.csv)",
    "jobseekerpreferences": "your job-seeker preferences (LinkedIn's Job Seeker Preferences.csv)",
    "connections": "your connections (LinkedIn's Connections.csv)",
    "savedjobalerts": "your saved job searches (LinkedIn's SavedJobAlerts.csv)",
    "jobapplicantsavedanswers": "your saved answers to application questions",
    "jobapplicantsavedscreeningquestionresponses": "your saved answers to screening questions",
}


class NotAJobList(ImportFileError):
    """A file of a LinkedIn export that is not a list of jobs: refused by name, nothing written."""


def not_a_job_list(table: list[tuple[int, list[str]]], name: str) -> str | None:
    """What a LinkedIn export file is when it is not a job list (by its header, else its file name); else None."""
    stem = normal(posixpath.splitext(posixpath.basename(name))[0])
    for _, cells in table[:HEADER_SEARCH_ROWS]:
        normals = {normal(c) for c in cells}
        if {"applicationdate", "joburl"} <= normals or {"saveddate", "joburl"} <= normals:
            return None  # the two job lists
        for columns, what in NOT_JOB_LISTS:
            if columns <= normals:
                return what
    return NOT_JOB_FILE_NAMES.get(stem)


def detect_layout(table: list[tuple[int, list[str]]], name: str) -> Layout:
    what = not_a_job_list(table, name)
    if what:
        raise NotAJobList(f"{name}: not a job list: this is {what}; nothing imported from it "
                          "(import Job Applications.csv and Saved Jobs.csv)")
    for number, cells in table[:HEADER_SEARCH_ROWS]:
        normals = [normal(c) for c in cells]
        if not any(normals):
            continue
        columns = _columns_of(cells)
        kind = None
        if set(map(normal, LINKEDIN_APPLICATIONS)) <= set(normals):
            kind = "linkedin-applications"
            columns["date"] = normals.index("applicationdate")
        elif set(map(normal, LINKEDIN_SAVED)) <= set(normals):
            kind = "linkedin-saved"
            columns["date"] = normals.index("saveddate")
        elif "company" in columns and ("role" in columns or _looks_like_a_tracker(columns)):
            kind = "sheet"
        if kind:
            return Layout(kind, number, columns, tuple(cells))
    first = next((cells for _, cells in table if any(c.strip() for c in cells)), None)
    seen = f" (its first row is: {', '.join(c.strip() for c in first)[:120]})" if first else " (it is empty)"
    raise ImportFileError(
        f"{name}: no header naming the company and the role{seen}; expected columns like "
        "Company and Role (or Employer / Organization and Title / Job Title / Position), "
        "or a LinkedIn export (Job Applications.csv, Saved Jobs.csv)"
    )


def _looks_like_a_tracker(columns: dict) -> bool:
    """A company column and a date or status column: a tracker without a role column (rows keep their company)."""
    return "date" in columns or "status" in columns


# --- cells: dates and statuses ---------------------------------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")),
        start=1,
    )
    for name in names
}

_TIME = re.compile(
    r"(?:[,\s]+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?\s*(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{2,5})?$",
    re.I,
)
_SLASH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[.-](\d{1,2})[.-](\d{4}|\d{2})\.?")
_MONTH_FIRST = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\.?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})")


class DateProblem(ValueError):
    pass


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _make(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateProblem(f"'{text}' is not a real date") from None


def slash_order(values) -> str | None:
    """'MDY' or 'DMY' when some slash date in the column settles it (a part above 12); else None."""
    firsts = seconds = False
    for value in values:
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/\d{2}|/\d{4})?", _TIME.sub("", value.strip()).strip())
        if match:
            firsts |= int(match.group(1)) > 12
            seconds |= int(match.group(2)) > 12
    if firsts != seconds:
        return "DMY" if firsts else "MDY"
    return None


def parse_date(text: str, order: str | None = None) -> dt.date:
    """A date as exports write it: `11/20/24, 8:15 AM`, ISO, `Nov 20, 2024`, `20.11.2024`.

    ``order`` ('MDY' or 'DMY') reads slash dates; without it, a slash date whose
    day and month could be swapped is ambiguous (a DateProblem says so).
    """
    raw = text.strip()
    core = _TIME.sub("", raw).strip()
    if match := _ISO.fullmatch(core):
        return _make(int(match.group(1)), int(match.group(2)), int(match.group(3)), raw)
    if match := _SLASH.fullmatch(core):
        a, b, year = int(match.group(1)), int(match.group(2)), _year(match.group(3))
        if order is None:
            if a > 12 >= b:
                order = "DMY"
            elif b > 12 >= a or a == b:
                order = "MDY"
            else:
                us, eu = _make(year, a, b, raw), _make(year, b, a, raw)
                raise DateProblem(
                    f"'{raw}' is ambiguous ({us:%B} {us.day} or {eu:%B} {eu.day}?); write it as YYYY-MM-DD"
                )
        month, day = (a, b) if order == "MDY" else (b, a)
        return _make(year, month, day, raw)
    if match := _DMY.fullmatch(core):
        return _make(_year(match.group(3)), int(match.group(2)), int(match.group(1)), raw)
    for pattern, month_at, day_at in ((_MONTH_FIRST, 1, 2), (_DAY_FIRST, 2, 1)):
        if match := pattern.fullmatch(core):
            month = MONTHS.get(match.group(month_at).casefold())
            if month:
                return _make(int(match.group(3)), month, int(match.group(day_at)), raw)
    raise DateProblem(f"'{raw}' is not a date we can read; write it as YYYY-MM-DD, like 2024-11-20")


# Status words (normalised) → (stage, outcome).
STATUSES = {
    **dict.fromkeys(("lead", "saved", "wishlist", "bookmarked", "interested", "toapply", "tobeapplied",
                     "notapplied", "notappliedyet", "todo", "prospect", "considering", "new", "open"),
                    ("lead", None)),
    **dict.fromkeys(("applied", "application", "applicationsent", "applicationsubmitted", "submitted", "sent",
                     "waiting", "pending", "awaitingresponse", "waitlisted", "inreview", "underreview", "inprogress",
                     "onhold", "reviewing"), ("applied", None)),
    **dict.fromkeys(("screening", "screen", "phonescreen", "phonescreening", "recruiterscreen", "recruitercall",
                     "hrscreen", "hrinterview", "phoneinterview", "recruiterinterview"), ("screening", None)),
    **dict.fromkeys(("interviewing", "interview", "interviews", "interviewed", "onsite", "onsiteinterview",
                     "technicalinterview", "techinterview", "finalinterview", "finalround", "assessment",
                     "takehome", "codingchallenge"), ("interviewing", None)),
    **dict.fromkeys(("offer", "offered", "offerreceived", "gotoffer"), ("offer", None)),
    **dict.fromkeys(("rejected", "rejection", "notselected", "declinedbycompany", "turneddown", "noffer",
                     "nooffer", "unsuccessful"), ("closed", "rejected")),
    **dict.fromkeys(("ghosted", "noresponse", "noreply", "noanswer", "noresponseyet"), ("closed", "ghosted")),
    **dict.fromkeys(("withdrawn", "withdrew", "withdraw", "withdrawnapplication", "notinterested"),
                    ("closed", "withdrawn")),
    **dict.fromkeys(("accepted", "offeraccepted", "hired", "acceptedoffer"), ("closed", "accepted")),
    **dict.fromkeys(("declined", "offerdeclined", "declinedoffer"), ("closed", "declined")),
    "closed": ("closed", None),
}


# What a status becomes in the log: an entry, so the funnel and insight count it. Ghosted / no
# response adds nothing (the schedule says when it has gone quiet; nothing is closed silently).
STATUS_ENTRY = {
    ("screening", None): "screen",
    ("interviewing", None): "interview",
    ("offer", None): "offer",
    ("closed", "rejected"): "rejection",
    ("closed", "withdrawn"): "withdrew",
    ("closed", "accepted"): "accepted",
    ("closed", "declined"): "declined",
}


def status_meaning(stage: str | None, outcome: str | None) -> str:
    """What a status word became, for the summary."""
    entry = STATUS_ENTRY.get((stage, outcome))
    if entry:
        return f"{'an' if entry[0] in 'aeiou' else 'a'} {entry} entry"
    if stage == "lead":
        return "a lead"
    if outcome == "ghosted":
        return "applied (not closed: the schedule says when it has gone quiet; then close --gone-quiet)"
    if stage == "closed":
        return "applied (no outcome given: close it yourself with `close ID OUTCOME`)"
    return "applied"


def map_status(text: str) -> tuple[str | None, str | None] | None:
    """(stage, outcome) for a status word; (None, None) for an empty cell; None when unknown."""
    key = normal(text)
    if not key:
        return None, None
    return STATUSES.get(key)


_YES = {"yes", "y", "true", "x", "done", "✓", "✔"}
_NO = {"no", "n", "false", "-", "not yet"}


# --- rows --------------------------------------------------------------------------------------


def _cell(cells: list[str], columns: dict, name: str) -> str | None:
    position = columns.get(name)
    if position is None or position >= len(cells):
        return None
    value = cells[position].replace("\r\n", "\n").replace("\r", "\n").strip()
    return value or None


def _one_line(value: str | None) -> str | None:
    return " ".join(value.split()) if value else None


def _url(value: str | None) -> str | None:
    value = _one_line(value)
    if value and not re.match(r"https?://", value, re.I) and re.match(r"[\w-]+(\.[\w-]+)+/", value):
        value = "https://" + value  # `jobs.acme.example/123` as typed in a sheet
    return value if value and re.match(r"https?://\S+$", value, re.I) else None


def rows_of(name: str, text: str, today: dt.date) -> tuple[Layout, list[Row], list[Report], list[Report]]:
    """The rows of one file: (layout, rows, unreadable, warnings)."""
    table = read_table(text, name)
    layout = detect_layout(table, name)
    body = [(n, cells) for n, cells in table if n > layout.header_row and any(c.strip() for c in cells)]
    columns = layout.columns
    order = "MDY" if layout.kind.startswith("linkedin") else slash_order(
        c[columns["date"]] for _, c in body if "date" in columns and columns["date"] < len(c)
    )
    rows, unreadable, warnings = [], [], []
    header = {field_: layout.headers[i].strip() for field_, i in columns.items()}
    reading = _Reading(name, layout, header, order, _spare_role_column(layout))
    for number, cells in body:
        try:
            row, warned = _row(reading, number, cells)
        except _Unreadable as exc:
            unreadable.append(Report(name, number, str(exc)))
            continue
        rows.append(row)
        warnings.extend(Report(name, number, w) for w in warned)
    rows = _years_for_yearless(rows, today)
    return layout, rows, unreadable, warnings


def unused_columns(layout: Layout) -> list[str]:
    """The header names this import reads nothing from (the summary lists them)."""
    used = set(layout.columns.values())
    return [h.strip() for i, h in enumerate(layout.headers) if i not in used and h.strip()]


_SPARE_ROLE = ("jobdescription", "description", "team", "department", "category", "notes")


def _spare_role_column(layout: Layout) -> int | None:
    """A column that may stand in for a missing role (a row with a company and no role keeps it)."""
    for wanted in _SPARE_ROLE[:-1]:
        for position, header in enumerate(layout.headers):
            if normal(header) == wanted and position not in layout.columns.values():
                return position
    return None


class _Unreadable(ValueError):
    pass


_YEARLESS = re.compile(r"(\d{1,2})/(\d{1,2})")
_MONTH_ONLY = re.compile(r"(\d{4})-(\d{1,2})")
_MONTH_NAME_YEAR = re.compile(r"([A-Za-z]{3,9})\.?,?\s+(\d{4})")


def _partial_date(text: str, order: str | None):
    """('yearless', month, day) for `9/19`, ('month', date) for `2025-08` or `Aug 2025`; None otherwise."""
    core = _TIME.sub("", text.strip()).strip()
    if match := _YEARLESS.fullmatch(core):
        a, b = int(match.group(1)), int(match.group(2))
        if order == "DMY" or (order is None and a > 12 >= b):
            a, b = b, a
        if 1 <= a <= 12 and 1 <= b <= 31:
            return ("yearless", a, b)
        return None
    if match := _MONTH_ONLY.fullmatch(core):
        year, month = int(match.group(1)), int(match.group(2))
        return ("month", dt.date(year, month, 1)) if 1 <= month <= 12 else None
    if match := _MONTH_NAME_YEAR.fullmatch(core):
        month = MONTHS.get(match.group(1).casefold())
        return ("month", dt.date(int(match.group(2)), month, 1)) if month else None
    return None


def _in_range(date: dt.date | None) -> dt.date | None:
    return date if date is None or 1990 <= date.year <= 2100 else None


@dataclass(frozen=True)
class _Reading:
    """How one file's rows are read: its name, layout, header names by field, date order, spare role column."""

    name: str
    layout: Layout
    header: dict
    order: str | None
    spare_role: int | None


def _status_date(text: str | None, header: dict, order: str | None, warned: list[str]) -> dt.date | None:
    if not text:
        return None
    try:
        return _in_range(parse_date(text, order))
    except DateProblem:
        warned.append(f"{header['status_date']} '{text}' is not a date we can read; left out")
        return None


def _row_url(text: str | None, header: dict, warned: list[str]) -> str | None:
    url = _url(text)
    if text and url is None:
        warned.append(f"{header['url']} '{_one_line(text)[:80]}' is not a web link; left out")
    return url


def _row(reading: _Reading, number: int, cells: list[str]) -> tuple[Row, list[str]]:
    name, layout, header, order = reading.name, reading.layout, reading.header, reading.order
    columns = layout.columns
    company = _one_line(_cell(cells, columns, "company"))
    role = _one_line(_cell(cells, columns, "role"))
    if not company:
        where = f" ({header['company']} is empty)" if "company" in header else ""
        raise _Unreadable("no company" + where + (f", role '{role}'" if role else ""))
    warned: list[str] = []
    if not role:
        role = _missing_role(cells, layout, header, reading.spare_role, warned)
    date, applied, yearless = _applied_on(_cell(cells, columns, "date"), layout, header, order, warned)
    status_date = _status_date(_cell(cells, columns, "status_date"), header, order, warned)
    status_text = _one_line(_cell(cells, columns, "status"))
    stage, outcome, status_entry, status_known = _status(status_text, layout, header, warned)
    if layout.kind == "sheet" and stage != "lead":
        applied = applied or date is not None or yearless is not None
    url = _row_url(_cell(cells, columns, "url"), header, warned)
    has_date = date is not None or yearless is not None
    row = Row(
        file=name,
        number=number,
        company=company,
        role=role,
        url=url,
        date=date,
        applied=bool(applied and has_date),
        stage=stage,
        outcome=outcome,
        status=status_text,
        status_entry=status_entry,
        status_date=status_date,
        contact=_one_line(_cell(cells, columns, "contact")),
        location=_one_line(_cell(cells, columns, "location")),
        source=_one_line(_cell(cells, columns, "source"))
        or ("LinkedIn" if layout.kind.startswith("linkedin") else None),
        notes=_cell(cells, columns, "notes"),
        yearless=yearless,
    )
    if row.stage is None and applied and not has_date and status_entry is None:
        row = replace(row, stage="applied")  # applied, but the date is not known: no log entry to say so
    if not status_known and row.stage is None and not row.applied:
        row = replace(row, stage="applied")
    return row, warned


def _missing_role(cells, layout, header, spare_role, warned: list[str]) -> str:
    """The role when its cell is empty: the spare column's text (a LinkedIn export's job title), else NO_ROLE."""
    spare = _one_line(cells[spare_role]) if spare_role is not None and spare_role < len(cells) else None
    if spare:
        role = spare[:120]
        warned.append(f"no role ({header.get('role', 'no Role column')}); took '{role}' from "
                      f"{layout.headers[spare_role].strip()}")
        return role
    warned.append(f"no role ({header['role'] + ' is empty' if 'role' in header else 'no Role column'}); "
                  f"imported as role: {NO_ROLE}")
    return NO_ROLE


def _applied_on(date_text, layout, header, order, warned: list[str]):
    """(date, applied, yearless) from the date cell: a full date, a month (its 1st), a day without a
    year, or yes/no for "applied" without a date."""
    date, applied, yearless = None, layout.kind == "linkedin-applications", None
    if date_text and normal(date_text) in _YES:
        return date, True, yearless
    if not date_text or date_text.casefold() in _NO:
        return date, applied, yearless
    partial = _partial_date(date_text, order)
    if partial and partial[0] == "yearless":
        yearless = partial[1:]
    elif partial:
        date = partial[1]
        warned.append(f"{header['date']} '{date_text}' has no day; took the 1st ({date})")
    else:
        try:
            date = parse_date(date_text, order)
        except DateProblem as exc:
            warned.append(f"{header['date']}: {exc}; imported without a date")
    if date is not None and _in_range(date) is None:
        warned.append(f"{header['date']} '{date_text}' is not a plausible date; imported without it")
        date = None
    return date, applied, yearless


def _status(status_text, layout, header, warned: list[str]):
    """(stage, outcome, the log entry the status stands for, whether the status was known)."""
    if layout.kind == "linkedin-saved":
        return "lead", None, None, True
    if not status_text:
        return None, None, None, True
    mapped = map_status(status_text)
    if mapped is None:
        warned.append(f"{header['status']} '{status_text}' is not a status we know; imported as applied")
        return None, None, None, False
    stage, outcome = mapped
    status_entry = STATUS_ENTRY.get((stage, outcome))
    if stage not in ("lead", "applied"):
        stage = None  # the entry says it; the stage follows the log
    return stage, outcome, status_entry, True


NO_ROLE = "(not given)"


def _years_for_yearless(rows: list[Row], today: dt.date) -> list[Row]:
    """A year-less date takes the year that keeps it nearest its neighbouring rows' dates
    (else the latest such date not after today)."""
    if not any(r.yearless for r in rows):
        return rows
    dated = [(i, r.date) for i, r in enumerate(rows) if r.date is not None]
    out = []
    for index, row in enumerate(rows):
        if not row.yearless:
            out.append(row)
            continue
        month, day = row.yearless
        before = next((d for i, d in reversed(dated) if i < index), None)
        after = next((d for i, d in dated if i > index), None)
        near = [d for d in (before, after) if d is not None]
        candidates = []
        for year in sorted({d.year + k for d in near for k in (-1, 0, 1)} or {today.year, today.year - 1}):
            try:
                candidates.append(dt.date(year, month, day))
            except ValueError:
                continue
        if near:
            date = min(candidates, key=lambda c: (sum(abs((c - d).days) for d in near), -c.toordinal()))
        else:
            past = [c for c in candidates if c <= today]
            date = max(past) if past else None
        out.append(replace(row, date=date, yearless=None, applied=row.applied and date is not None))
    return out


# --- the plan: rows matched to each other and to the pipeline, merged ---------------------------


@dataclass
class Existing:
    """What the pipeline already holds: by URL and by company and role → where (a path)."""

    urls: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)
    taken: set = field(default_factory=set)  # file names (without suffix) already used, casefolded
    opps: dict = field(default_factory=dict)  # where → the Opportunity

    def add(self, company: str, role: str, url: str | None, where: str, opp=None) -> None:
        key = url_key(url)
        if key:
            self.urls.setdefault(key, where)
        self.names.setdefault(name_key(company, role), where)
        if opp is not None:
            self.opps[where] = opp


def unique_name(base: str, taken: set) -> str:
    """`base`, or `base-2`, `base-3`… when that name is taken (names compared ignoring case)."""
    base = base or "opportunity"
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        name = f"{base}-{n}"
    return name


# Same-day entries in the order things happen.
_ENTRY_ORDER = {
    t: i
    for i, t in enumerate(("applied", "screen", "interview", "offer", "rejection", "withdrew", "declined", "accepted"))
}


@dataclass(frozen=True)
class Entry:
    date: dt.date
    type: str
    estimated: bool = False

    def as_fields(self) -> dict:
        return {"date": self.date, "type": self.type, **({"estimated": True} if self.estimated else {})}


@dataclass
class Merged:
    """One opportunity made of every row that is the same job, whatever their order."""

    rows: list  # sorted: the same list whatever the order of the files and rows
    company: str
    role: str
    url: str | None
    other_urls: list
    added: dt.date | None
    stage: str
    entries: list  # Entry, by date
    location: str | None = None
    source: str | None = None
    contact: str | None = None
    notes: str | None = None
    name: str | None = None  # the new file's name, when it is created
    existing: str | None = None  # where the pipeline has it already
    new_entries: list = field(default_factory=list)  # for an existing one: entries it does not have yet

    @property
    def where(self) -> str:
        first = self.rows[0].where
        return first + (
            f" and {len(self.rows) - 1} more row{'s' if len(self.rows) > 2 else ''}" if len(self.rows) > 1 else ""
        )


@dataclass
class Plan:
    create: list = field(default_factory=list)  # Merged, with a name
    update: list = field(default_factory=list)  # Merged matching a file, with new_entries
    unchanged: list = field(default_factory=list)  # Merged matching a file that has every entry already
    skipped: list = field(default_factory=list)
    unreadable: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    statuses: dict = field(default_factory=dict)  # status word as written → (rows, what it became)
    rows: int = 0  # data rows read, over all files

    @property
    def merged_rows(self) -> int:
        """Rows that went into an opportunity made from another row (reposts, a saved job applied to)."""
        return sum(len(m.rows) - 1 for m in self.create + self.update + self.unchanged)


def _row_keys(row: Row) -> list[str]:
    keys = []
    if row.url:
        keys.append("u:" + url_key(row.url))
    if row.role != NO_ROLE:
        keys.append("n:" + name_key(row.company, row.role))
    return keys


def _sort_key(row: Row):
    return (row.file, row.number)


def _representative(rows: list[Row]) -> Row:
    """The row that names the opportunity: the latest application, else the latest dated row, else the first."""
    return min(
        rows, key=lambda r: (not r.applied, r.role == NO_ROLE, -(r.date or dt.date.min).toordinal(), r.file, r.number)
    )


def _entries_of(rows: list[Row], today: dt.date) -> list[Entry]:
    found: dict = {}
    for row in rows:
        if row.applied and row.date:
            found.setdefault((row.date, "applied"), Entry(row.date, "applied"))
        if row.status_entry:
            if row.status_date:
                entry = Entry(row.status_date, row.status_entry)
            else:
                entry = Entry(row.date or today, row.status_entry, estimated=True)
            key = (entry.date, entry.type)
            if key not in found or (found[key].estimated and not entry.estimated):
                found[key] = entry
    return sorted(found.values(), key=lambda e: (e.date, _ENTRY_ORDER.get(e.type, 99)))


def _stage_of(entries: list[Entry], rows: list[Row]) -> tuple[str, str | None]:
    """(stage, outcome) by the file rules: the merged log's, else applied/lead as the rows say."""
    from generator.core.records import LogEntry
    from generator.core.validate import derive_outcome, derive_stage

    log = tuple(LogEntry(e.date, e.type) for e in entries)
    if log:
        stage = derive_stage(log)
        if stage == "closed":
            return stage, derive_outcome(log)
        # The furthest stage the log reached (a repost applied to after a screen is still screening),
        # so `check` never finds the written stage behind the log.
        reached = [STAGE_OF_ENTRY[e.type] for e in entries if e.type in STAGE_OF_ENTRY]
        return (max(reached, key=_OPEN_ORDER.index) if reached else stage), None
    if any(r.stage == "applied" for r in rows):
        return "applied", None
    return "lead", None


_OPEN_ORDER = ("lead", "applied", "screening", "interviewing", "offer")
STAGE_OF_ENTRY = {"applied": "applied", "screen": "screening", "interview": "interviewing", "offer": "offer"}


def _merge(rows: list[Row], today: dt.date) -> Merged:
    rows = sorted(rows, key=_sort_key)
    rep = _representative(rows)
    entries = _entries_of(rows, today)
    stage, _ = _stage_of(entries, rows)
    dates = [r.date for r in rows if r.date] + [e.date for e in entries if not e.estimated]
    urls = sorted({r.url for r in rows if r.url}, key=lambda u: (u != rep.url, u))
    notes = list(dict.fromkeys(r.notes for r in rows if r.notes))
    others = [u for u in urls if u != rep.url]
    if others:
        notes.append("Also posted at: " + ", ".join(others))
    role = rep.role if rep.role != NO_ROLE else next((r.role for r in rows if r.role != NO_ROLE), NO_ROLE)

    def first(attr):
        return next((getattr(r, attr) for r in rows if getattr(r, attr)), None)

    return Merged(
        rows=rows,
        company=rep.company,
        role=role,
        url=rep.url or (urls[0] if urls else None),
        other_urls=others,
        added=min(dates) if dates else None,
        stage=stage,
        entries=entries,
        location=first("location"),
        source=rep.source or first("source"),
        contact=first("contact"),
        notes="\n\n".join(notes) if notes else None,
    )


def make_plan(
    files: list[tuple[str, list[Row], list[Report], list[Report]]],
    existing: Existing,
    file_name,
    today: dt.date,
) -> Plan:
    """Match the rows to each other and to the pipeline (``intake.matching``), merge each group.

    The groups, and what each becomes, do not depend on the order of the files or rows.
    ``file_name(company, role)`` is the name `new` would give (``generator.adapters.edit``'s).
    """
    plan = Plan()
    rows: list[Row] = []
    for _name, file_rows, unreadable, warnings in files:
        plan.rows += len(file_rows) + len(unreadable)
        plan.unreadable.extend(unreadable)
        plan.warnings.extend(warnings)
        rows.extend(file_rows)
    _count_statuses(plan, rows)
    merged = [_merge(group, today) for group in _groups(rows)]
    merged.sort(key=lambda m: _sort_key(m.rows[0]))
    _place(merged, existing, file_name, plan)
    return plan


def _count_statuses(plan: Plan, rows: list[Row]) -> None:
    """How many rows carry each status word, and what it is read as."""
    for row in rows:
        if row.status:
            count, meaning = plan.statuses.get(row.status, (0, None))
            meaning = meaning or (
                status_meaning(*(map_status(row.status) or (None, None)))
                if map_status(row.status) is not None
                else "applied (a status we do not know)"
            )
            plan.statuses[row.status] = (count + 1, meaning)


def _groups(rows: list[Row]) -> list[list[Row]]:
    """Union-find over the rows' keys: rows sharing a job URL or a company and role are one job."""
    parent: dict = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for index, row in enumerate(rows):
        for key in _row_keys(row):
            parent[find(("row", index))] = find(key)
        find(("row", index))
    groups: dict = {}
    for index, row in enumerate(rows):
        groups.setdefault(find(("row", index)), []).append(row)
    return list(groups.values())


def _place(merged: list[Merged], existing: Existing, file_name, plan: Plan) -> None:
    """Each merged job: an update to, or unchanged in, the pipeline; or a new file with a name of its own."""
    for m in merged:
        where = _in_pipeline(m, existing)
        if where:
            m.existing = where
            opp = existing.opps.get(where)
            have = {(e.date, e.type) for e in opp.log} if opp is not None else set()
            m.new_entries = [e for e in m.entries if (e.date, e.type) not in have]
            (plan.update if m.new_entries else plan.unchanged).append(m)
            continue
    # New files are named in the order of their first row, so the names do not depend on the file order either.
    for m in sorted(
        (m for m in merged if not m.existing),
        key=lambda m: (m.company.casefold(), m.role.casefold(), _sort_key(m.rows[0])),
    ):
        m.name = unique_name(file_name(m.company, m.role), existing.taken)
        existing.taken.add(m.name.casefold())
        plan.create.append(m)
    plan.create.sort(key=lambda m: _sort_key(m.rows[0]))


def _in_pipeline(m: Merged, existing: Existing) -> str | None:
    for row in m.rows:
        key = url_key(row.url)
        if key and key in existing.urls:
            return existing.urls[key]
    for row in m.rows:
        if row.role != NO_ROLE and name_key(row.company, row.role) in existing.names:
            return existing.names[name_key(row.company, row.role)]
    return None


# --- a planned row → the new file's fields ------------------------------------------------------


def contact_of(text: str) -> dict:
    """'Jane Doe <jane@acme.example>', 'jane.doe@acme.example' or 'Jane Doe (Recruiter)' → a contact."""
    contact: dict = {}
    email = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)
    rest = text
    if email:
        contact["email"] = email.group(0)
        rest = (text[: email.start()] + text[email.end() :]).replace("<>", " ")
    role = re.search(r"\(([^()]+)\)\s*$", rest)
    if role:
        rest = rest[: role.start()]
    name = " ".join(re.sub(r"[<>,;]", " ", rest).split())
    if not name and email:
        local = re.split(r"[._-]+", email.group(0).split("@")[0])
        name = " ".join(part.capitalize() for part in local if part)
    contact = {"name": name or text.strip(), **contact}
    if role:
        contact["role"] = " ".join(role.group(1).split())
    return contact


def new_file_fields(m: Merged, today: dt.date) -> dict:
    """The keyword arguments of ``generator.adapters.edit.new_opportunity`` for a merged opportunity."""
    stage, outcome = _stage_of(m.entries, m.rows)
    fields: dict = {"name": m.name, "added": m.added or today, "stage": stage}
    for key, value in (
        ("url", m.url),
        ("location", m.location),
        ("source", m.source),
        ("outcome", outcome),
        ("note", m.notes),
    ):
        if value:
            fields[key] = value
    if m.contact:
        fields["contacts"] = [contact_of(m.contact)]
    if m.entries:
        fields["log"] = [e.as_fields() for e in m.entries]
    return fields
