"""Recognising an import file by its header (pure): which columns hold what, or what the file is not.

LinkedIn's ``Job Applications.csv`` and ``Saved Jobs.csv`` by their exact columns, any other
sheet by columns that name the company (and usually the role; case, spaces and punctuation
ignored; a title row above the header is fine); LinkedIn's other export files are refused
by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.intake.csvtable import HEADER_SEARCH_ROWS, ImportFileError
from generator.core.intake.matching import normal

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
             "applieddateon", "date", "submitted", "datesubmitted"),
    # A lead's date; an application with no date of its own took place on or after it (estimated).
    "saved": ("datesaved", "saveddate", "saved", "dateadded", "added", "datebookmarked", "bookmarked", "datefound",
              "found", "created", "datecreated"),
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
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = normal(base.rsplit(".", 1)[0] if "." in base else base)
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
            columns.pop("saved", None)
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
    return "date" in columns or "saved" in columns or "status" in columns


def unused_columns(layout: Layout) -> list[str]:
    """The header names this import reads nothing from (the summary lists them)."""
    used = set(layout.columns.values())
    return [h.strip() for i, h in enumerate(layout.headers) if i not in used and h.strip()]


_SPARE_ROLE = ("jobdescription", "description", "team", "department", "category", "notes")


def spare_role_column(layout: Layout) -> int | None:
    """A column that may stand in for a missing role (a row with a company and no role keeps it)."""
    for wanted in _SPARE_ROLE[:-1]:
        for position, header in enumerate(layout.headers):
            if normal(header) == wanted and position not in layout.columns.values():
                return position
    return None

