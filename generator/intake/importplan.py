"""The plan of an import (pure): CSV text in, the files to create and the rows left out.

A file's kind comes from its header: LinkedIn's ``Job Applications.csv`` and
``Saved Jobs.csv`` by their exact columns, any other sheet by columns that name the
company and the role (case, spaces and punctuation ignored; a title row above the
header is fine). Each data row becomes a ``Row``; a row that cannot be read (no
company, no role, a date that is unreadable or ambiguous) is ``unreadable``; a row
already in the pipeline or earlier in the files is ``skipped``. Row numbers are the
spreadsheet's: the header of a plain export is row 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field, replace

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
    stage: str | None = None
    outcome: str | None = None
    contact: str | None = None
    location: str | None = None
    source: str | None = None
    notes: str | None = None

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


@dataclass(frozen=True)
class Planned:
    row: Row
    name: str  # the file name without suffix, below the pipeline folder


@dataclass
class Plan:
    create: list[Planned] = field(default_factory=list)
    skipped: list[Report] = field(default_factory=list)
    unreadable: list[Report] = field(default_factory=list)
    warnings: list[Report] = field(default_factory=list)
    rows: int = 0  # data rows read, over all files


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


_NOT_ALNUM = re.compile(r"[\W_]+")


def normal(text: str) -> str:
    """'Job Title' → 'jobtitle': case, spaces and punctuation ignored."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return _NOT_ALNUM.sub("", text.casefold())


LINKEDIN_APPLICATIONS = (
    "Application Date", "Contact Email", "Contact Phone Number", "Company Name",
    "Job Title", "Job Url", "Resume Name", "Question And Answers",
)
LINKEDIN_SAVED = ("Saved Date", "Job Url", "Job Title", "Company Name")

# Field → header names that mean it, in order of preference (normalised).
COLUMNS = {
    "company": ("company", "companyname", "employer", "organization", "organisation", "org", "firm"),
    "role": ("role", "jobtitle", "title", "position", "positiontitle", "jobrole", "job", "jobname"),
    "url": ("url", "joburl", "link", "joblink", "postingurl", "jobposting", "posting", "website"),
    "date": ("dateapplied", "applied", "applieddate", "applicationdate", "appliedon", "dateofapplication",
             "applieddateon", "date"),
    "status": ("status", "stage", "applicationstatus", "state"),
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


def detect_layout(table: list[tuple[int, list[str]]], name: str) -> Layout:
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
        elif "company" in columns and "role" in columns:
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
        match = _SLASH.match(_TIME.sub("", value.strip()))
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
                     "waiting", "pending", "awaitingresponse"), ("applied", None)),
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


def rows_of(name: str, text: str) -> tuple[Layout, list[Row], list[Report], list[Report]]:
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
    for number, cells in body:
        try:
            row, warned = _row(name, number, cells, layout, header, order)
        except _Unreadable as exc:
            unreadable.append(Report(name, number, str(exc)))
            continue
        rows.append(row)
        warnings.extend(Report(name, number, w) for w in warned)
    return layout, rows, unreadable, warnings


class _Unreadable(ValueError):
    pass


def _row(name, number, cells, layout, header, order) -> tuple[Row, list[str]]:
    columns = layout.columns
    company = _one_line(_cell(cells, columns, "company"))
    role = _one_line(_cell(cells, columns, "role"))
    missing = [f"{what} ({header[key]} is empty)" for key, what, value in
               (("company", "no company", company), ("role", "no role", role)) if not value]
    if missing:
        raise _Unreadable(" and ".join(missing) + "")
    warned = []
    date_text = _cell(cells, columns, "date")
    date, applied = None, layout.kind == "linkedin-applications"
    if date_text and normal(date_text) in _YES:
        applied = True
    elif date_text and date_text.casefold() not in _NO:
        try:
            date = parse_date(date_text, order)
        except DateProblem as exc:
            raise _Unreadable(f"{header['date']}: {exc}") from None
    stage = outcome = None
    status_known = True
    status_text = _cell(cells, columns, "status")
    if layout.kind == "linkedin-saved":
        stage = "lead"
    elif status_text:
        mapped = map_status(status_text)
        if mapped is None:
            status_known = False
            warned.append(f"{header['status']} '{_one_line(status_text)}' is not a status we know; imported without a stage")
        else:
            stage, outcome = mapped
    if layout.kind == "sheet" and stage != "lead":
        applied = applied or date is not None  # a date in the applied column, unless the status says lead
    url_text = _cell(cells, columns, "url")
    url = _url(url_text)
    if url_text and url is None:
        warned.append(f"{header['url']} '{_one_line(url_text)[:80]}' is not a web link; left out")
    row = Row(
        file=name, number=number, company=company, role=role, url=url, date=date,
        applied=bool(applied and date is not None), stage=stage, outcome=outcome,
        contact=_one_line(_cell(cells, columns, "contact")),
        location=_one_line(_cell(cells, columns, "location")),
        source=_one_line(_cell(cells, columns, "source")) or ("LinkedIn" if layout.kind.startswith("linkedin") else None),
        notes=_cell(cells, columns, "notes"),
    )
    if row.stage is None and applied and date is None and status_known:
        row = replace(row, stage="applied")  # applied, but the date is not known: no log entry to say so
    return row, warned


# --- the plan ----------------------------------------------------------------------------------


def url_key(url: str | None) -> str | None:
    """The same posting whatever the scheme, `www.`, trailing slash, fragment or tracking parameters."""
    if not url:
        return None
    from urllib.parse import parse_qsl, urlencode, urlsplit

    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").casefold().removeprefix("www.")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.casefold().startswith(("utm_", "trk", "ref", "gh_src", "source", "lever-"))]
    return f"{host}{parts.path.rstrip('/')}" + (f"?{urlencode(sorted(query))}" if query else "")


def name_key(company: str, role: str) -> str:
    return f"{normal(company)}\x00{normal(role)}"


@dataclass
class Existing:
    """What the pipeline already holds: by URL and by company and role → where (a path)."""

    urls: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)
    taken: set = field(default_factory=set)  # file names (without suffix) already used, casefolded

    def add(self, company: str, role: str, url: str | None, where: str) -> None:
        key = url_key(url)
        if key:
            self.urls.setdefault(key, where)
        self.names.setdefault(name_key(company, role), where)


def unique_name(base: str, taken: set) -> str:
    """`base`, or `base-2`, `base-3`… when that name is taken (names compared ignoring case)."""
    base = base or "opportunity"
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        name = f"{base}-{n}"
    return name


def make_plan(files: list[tuple[str, list[Row], list[Report], list[Report]]], existing: Existing, file_name) -> Plan:
    """Decide, row by row in file order, what to create and what to skip (and why).

    ``file_name(company, role)`` is the name `new` would give (``generator.edit``'s).
    """
    plan = Plan()
    for _name, rows, unreadable, warnings in files:
        plan.rows += len(rows) + len(unreadable)
        plan.unreadable.extend(unreadable)
        plan.warnings.extend(warnings)
        for row in rows:
            why = _duplicate(row, existing)
            if why:
                plan.skipped.append(Report(row.file, row.number, why))
                continue
            name = unique_name(file_name(row.company, row.role), existing.taken)
            existing.taken.add(name.casefold())
            existing.add(row.company, row.role, row.url, row.where)
            plan.create.append(Planned(row, name))
    return plan


def _duplicate(row: Row, existing: Existing) -> str | None:
    key = url_key(row.url)
    where = existing.urls.get(key) if key else None
    if where:
        return f"same URL as {where}"
    where = existing.names.get(name_key(row.company, row.role))
    if where:
        return f"same company and role as {where} ({row.company} — {row.role})"
    return None


# --- a planned row → the new file's fields ------------------------------------------------------


def contact_of(text: str) -> dict:
    """'Jane Doe <jane@acme.example>', 'jane.doe@acme.example' or 'Jane Doe (Recruiter)' → a contact."""
    contact: dict = {}
    email = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)
    rest = text
    if email:
        contact["email"] = email.group(0)
        rest = (text[: email.start()] + text[email.end():]).replace("<>", " ")
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


def new_file_fields(planned: Planned, today: dt.date) -> dict:
    """The keyword arguments of ``generator.edit.new_opportunity`` for a planned row."""
    row = planned.row
    fields: dict = {
        "name": planned.name,
        "added": row.date or today,
        "stage": row.stage or ("applied" if row.applied else "lead"),
    }
    for key, value in (("url", row.url), ("location", row.location), ("source", row.source),
                       ("outcome", row.outcome), ("note", row.notes)):
        if value:
            fields[key] = value
    if row.contact:
        fields["contacts"] = [contact_of(row.contact)]
    if row.applied and row.date:
        fields["log"] = [{"date": row.date, "type": "applied"}]
    return fields
