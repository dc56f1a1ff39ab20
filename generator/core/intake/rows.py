"""The rows of one import file (pure): each data row becomes a ``Row``; one without a company is
unreadable (a ``Report`` with its row number); a warning names the row and what was done."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from generator.core.intake.csvtable import ImportFileError, read_table
from generator.core.intake.dates import DateProblem, in_range, parse_date, partial_date, slash_order
from generator.core.intake.headers import Layout, detect_layout, spare_role_column
from generator.core.intake.matching import normal
from generator.core.intake.statuses import NO, STATUS_ENTRY, YES, map_status


@dataclass(frozen=True)
class Row:
    file: str  # as the user named it
    number: int  # the spreadsheet's row number
    company: str
    role: str
    url: str | None = None
    date: dt.date | None = None  # applied (or saved, for leads)
    estimated: bool = False  # `date` is a guess (a neighbouring row's, `--date`'s, or the saved date of an application)
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


def rows_of(
    name: str, text: str, today: dt.date, undated: dt.date | None = None
) -> tuple[Layout, list[Row], list[Report], list[Report]]:
    """The rows of one file: (layout, rows, unreadable, warnings).

    A row with no date takes the date of the nearest dated row before it (trackers are kept in order),
    else after it, estimated; in a file with no dated row at all, ``undated`` (`import --date D`), or the
    file is refused (``UndatedFile``): an undated row never becomes "added today".
    """
    table = read_table(text, name)
    layout = detect_layout(table, name)
    body = [(n, cells) for n, cells in table if n > layout.header_row and any(c.strip() for c in cells)]
    columns = layout.columns
    order = "MDY" if layout.kind.startswith("linkedin") else slash_order(
        c[columns["date"]] for _, c in body if "date" in columns and columns["date"] < len(c)
    )
    rows, unreadable, warnings = [], [], []
    header = {field_: layout.headers[i].strip() for field_, i in columns.items()}
    reading = _Reading(name, layout, header, order, spare_role_column(layout))
    for number, cells in body:
        try:
            row, warned = _row(reading, number, cells)
        except _Unreadable as exc:
            unreadable.append(Report(name, number, str(exc)))
            continue
        rows.append(row)
        warnings.extend(Report(name, number, w) for w in warned)
    rows = _dates_for_undated(_years_for_yearless(rows, today), name, layout, undated)
    return layout, rows, unreadable, warnings


class UndatedFile(ImportFileError):
    """No row of the file has a date, and no `--date` says roughly when they happened."""


DATE_COLUMNS = "Date applied, Applied, Application date, Date, Date saved, Saved, Date added"


def _dates_for_undated(rows: list[Row], name: str, layout: Layout, undated: dt.date | None) -> list[Row]:
    """Each row without a date takes the nearest dated row's before it, else after it (estimated)."""
    if all(r.date is not None for r in rows):
        return rows
    after: list[dt.date | None] = [None] * len(rows)
    following = None
    for index in range(len(rows) - 1, -1, -1):
        after[index] = following
        following = rows[index].date or following
    if following is None and undated is None:
        columns = [layout.headers[layout.columns[c]].strip() for c in ("date", "saved") if c in layout.columns]
        empty = f"{' and '.join(columns)} {'is' if len(columns) == 1 else 'are'} empty" if columns else "no date column"
        raise UndatedFile(
            f"{name}: no row has a date ({empty}; looked for "
            f"{DATE_COLUMNS}): give `--date YYYY-MM-DD`, roughly when these rows happened, before the import day"
        )
    out, before = [], None
    for index, row in enumerate(rows):
        if row.date is None:
            out.append(replace(row, date=before or after[index] or undated, estimated=True))
        else:
            before = row.date
            out.append(row)
    return out



class _Unreadable(ValueError):
    pass


@dataclass(frozen=True)
class _Reading:
    """How one file's rows are read: its name, layout, header names by field, date order, spare role column."""

    name: str
    layout: Layout
    header: dict
    order: str | None
    spare_role: int | None


def _other_date(text: str | None, label: str, order: str | None, warned: list[str]) -> dt.date | None:
    """A status date or a saved date: a full date, else left out with a warning."""
    if not text:
        return None
    try:
        return in_range(parse_date(text, order))
    except DateProblem:
        warned.append(f"{label} '{text}' is not a date we can read; left out")
        return None


def _row_url(text: str | None, header: dict, warned: list[str]) -> str | None:
    url = _url(text)
    if text and url is None:
        warned.append(f"{header['url']} '{_one_line(text)[:80]}' is not a web link; left out")
    return url


def _row(reading: _Reading, number: int, cells: list[str]) -> tuple[Row, list[str]]:
    name, layout, header = reading.name, reading.layout, reading.header
    columns = layout.columns
    company = _one_line(_cell(cells, columns, "company"))
    role = _one_line(_cell(cells, columns, "role"))
    if not company:
        where = f" ({header['company']} is empty)" if "company" in header else ""
        raise _Unreadable("no company" + where + (f", role '{role}'" if role else ""))
    warned: list[str] = []
    if not role:
        role = _missing_role(cells, layout, header, reading.spare_role, warned)
    when = _when(reading, cells, warned)
    url = _row_url(_cell(cells, columns, "url"), header, warned)
    row = Row(
        file=name,
        number=number,
        company=company,
        role=role,
        url=url,
        contact=_one_line(_cell(cells, columns, "contact")),
        location=_one_line(_cell(cells, columns, "location")),
        source=_one_line(_cell(cells, columns, "source"))
        or ("LinkedIn" if layout.kind.startswith("linkedin") else None),
        notes=_cell(cells, columns, "notes"),
        **when,
    )
    return row, warned


def _when(reading: _Reading, cells: list[str], warned: list[str]) -> dict:
    """What the row says happened when: its date (applied, else saved), whether it was applied to, its status.

    A sheet's row is applied to when it has an applied date or a status that is not a lead's (a status
    word we do not know leaves it applied). Its saved date dates a lead; an application with only a saved
    date took place on or after it: that date, estimated.
    """
    layout, header, order, columns = reading.layout, reading.header, reading.order, reading.layout.columns
    date, applied, yearless = _applied_on(_cell(cells, columns, "date"), layout, header, order, warned)
    saved = _other_date(_cell(cells, columns, "saved"), header.get("saved", ""), order, warned)
    status_date = _other_date(_cell(cells, columns, "status_date"), header.get("status_date", ""), order, warned)
    status_text = _one_line(_cell(cells, columns, "status"))
    stage, outcome, status_entry = _status(status_text, layout, header, warned)
    if layout.kind == "sheet" and stage != "lead":
        applied = applied or date is not None or yearless is not None or bool(status_text)
    estimated = False
    if date is None and yearless is None and saved is not None:
        date, estimated = saved, applied
    if applied and stage is None and status_entry is None:
        stage = "applied"
    return {
        "date": date, "estimated": estimated, "applied": applied, "stage": stage, "outcome": outcome,
        "status": status_text, "status_entry": status_entry, "status_date": status_date, "yearless": yearless,
    }


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
    if date_text and normal(date_text) in YES:
        return date, True, yearless
    if not date_text or date_text.casefold() in NO:
        return date, applied, yearless
    partial = partial_date(date_text, order)
    if partial and partial[0] == "yearless":
        yearless = partial[1:]
    elif partial:
        date = partial[1]
        warned.append(f"{header['date']} '{date_text}' has no day; took the 1st ({date})")
    else:
        try:
            date = parse_date(date_text, order)
        except DateProblem as exc:
            warned.append(f"{header['date']}: {exc}; dated as the rows around it are (estimated)")
            applied = applied or layout.kind == "sheet"  # a date we cannot read still says it was applied to
    if date is not None and in_range(date) is None:
        warned.append(f"{header['date']} '{date_text}' is not a plausible date; imported without it")
        date = None
    return date, applied, yearless


def _status(status_text, layout, header, warned: list[str]):
    """(stage, outcome, the log entry the status stands for)."""
    if layout.kind == "linkedin-saved":
        return "lead", None, None
    if not status_text:
        return None, None, None
    mapped = map_status(status_text)
    if mapped is None:
        warned.append(f"{header['status']} '{status_text}' is not a status we know; imported as applied")
        return None, None, None
    stage, outcome = mapped
    status_entry = STATUS_ENTRY.get((stage, outcome))
    if stage not in ("lead", "applied"):
        stage = None  # the entry says it; the stage follows the log
    return stage, outcome, status_entry


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

