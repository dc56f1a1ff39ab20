"""The plan of an import (pure): the rows of every file matched to each other and to the pipeline,
merged into opportunities to create or add to.

Rows are matched by the one matching rule (``intake.matching``) and merged (``make_plan``): the
result does not depend on the order of the rows or files. A status becomes a log entry
(``estimated`` when the row has no date for it); nothing is closed silently.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from generator.core.intake.matching import name_key, url_key
from generator.core.intake.rows import NO_ROLE, Report, Row
from generator.core.intake.statuses import map_status, status_meaning
from generator.core.records import LogEntry
from generator.core.validate import derive_outcome, derive_stage


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
    guessed: bool = False  # no row has a date of its own: never due on the import day

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
    """The log the rows make. A guessed date (``estimated``, never after the import day) adds an entry only
    when no row gives that type a date of its own, and one per type: the earliest."""
    found: dict = {}
    for row in rows:
        if row.applied and row.date:
            _add(found, Entry(min(row.date, today), "applied", True) if row.estimated else Entry(row.date, "applied"))
        if row.status_entry and row.status_date:
            _add(found, Entry(row.status_date, row.status_entry))
        elif row.status_entry and row.date:
            _add(found, Entry(min(row.date, today), row.status_entry, estimated=True))
    dated = {e.type for e in found.values() if not e.estimated}
    guessed: dict = {}
    for entry in sorted(found.values(), key=lambda e: e.date):
        if entry.estimated and entry.type not in dated:
            guessed.setdefault(entry.type, entry)
    kept = [e for e in found.values() if not e.estimated] + list(guessed.values())
    return sorted(kept, key=lambda e: (e.date, _ENTRY_ORDER.get(e.type, 99)))


def _add(found: dict, entry: Entry) -> None:
    key = (entry.date, entry.type)
    if key not in found or (found[key].estimated and not entry.estimated):
        found[key] = entry


def stage_of(entries: list[Entry], rows: list[Row]) -> tuple[str, str | None]:
    """(stage, outcome) by the file rules: the merged log's, else applied/lead as the rows say."""
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
    stage, _ = stage_of(entries, rows)
    # When it was added: the rows' own dates, else the guessed ones (never "today" for an undated row).
    dates = [r.date for r in rows if r.date and not r.estimated] + [e.date for e in entries if not e.estimated]
    dates = dates or [r.date for r in rows if r.date]
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
        guessed=not any(r.date and not r.estimated for r in rows),
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
            log = opp.log if opp is not None else ()
            have = {(e.date, e.type) for e in log}
            types = {e.type for e in log}
            # A guess adds nothing when the log has that type already (a re-import guesses another date).
            m.new_entries = [
                e for e in m.entries if (e.date, e.type) not in have and not (e.estimated and e.type in types)
            ]
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
    stage, outcome = stage_of(m.entries, m.rows)
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
