"""Load the whole ``pipeline/`` folder: find files, give ids, validate each, collect problems.

The only I/O of loading lives here (reading files); everything after it works on
records. ``lint`` adds the warnings that depend on today's date.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from generator.core.problems import Problem, error, warning
from generator.core.records import OUTCOME_FROM_LOG as CLOSING_TYPES
from generator.core.records import Location, Opportunity
from generator.core.validate import validate_bytes

SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class Pipeline:
    opportunities: tuple[Opportunity, ...]  # valid ones, sorted by id
    problems: tuple[Problem, ...]  # errors and warnings, sorted by place
    files: int  # how many files were read
    broken_ids: frozenset[str] = frozenset()  # ids of files with errors: not gone, just unreadable

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)

    def get(self, opp_id: str) -> Opportunity | None:
        return next((o for o in self.opportunities if o.id == opp_id), None)


def display_path(path: Path, base: Path | None = None) -> str:
    """Paths as the user types them: relative to the current folder when below it."""
    base = base or Path.cwd()
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def opportunity_id(path: Path, pipeline_dir: Path) -> str:
    """The file's path below the pipeline folder without its suffix: pipeline/acme/backend.yml → acme/backend."""
    return Path(path).relative_to(pipeline_dir).with_suffix("").as_posix()


def is_data_file(name: str) -> bool:
    """*.yml or *.yaml in any case (Upper.YML too); hidden files are not data."""
    return name.lower().endswith(SUFFIXES) and not name.startswith(".")


def find_files(pipeline_dir: Path) -> list[Path]:
    """Every *.yml / *.yaml below the folder, skipping hidden files and folders."""
    found = []
    for folder, dirs, files in os.walk(pipeline_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if is_data_file(name):
                found.append(Path(folder) / name)
    return found


def planned_after_closing(opp: Opportunity, today: dt.date) -> list[Problem]:
    """A conversation planned right after a closing entry (a file edited by hand): on its day it reopens
    the opportunity. (`log`, `close` and `mail` make such entries notes when they write the closing one.)"""
    problems, before = [], None
    for entry in opp.log:
        if entry.type == "note":
            continue
        if entry.date > today and entry.direction == "two-way" and before is not None and before.type in CLOSING_TYPES:
            problems.append(warning(
                entry.loc or opp.loc,
                f"log: the {entry.type} planned on {entry.date} comes after the {before.type} of {before.date}: "
                "it reopens the opportunity; if it is off, make it a note (type: note)",
            ))
        before = entry
    return problems


def lint(opp: Opportunity, today: dt.date) -> list[Problem]:
    """Valid but suspicious, judged against today."""
    problems = planned_after_closing(opp, today)
    for entry in opp.log:
        if entry.date > today and entry.direction != "two-way":  # a two-way one is a planned conversation
            problems.append(
                warning(entry.loc or opp.loc, f"log: the entry of {entry.date} ({entry.type}) is after today ({today})")
            )
    if opp.is_open:
        for key, value in (("wait_until", opp.wait_until), ("next", opp.next)):
            if key == "next" and opp.next_spent:
                continue  # validate already says it can go
            if value is not None and value < today:
                hint = "remove it" if key == "wait_until" else "log what you did, or snooze to a new date"
                problems.append(
                    warning(opp.key_locs.get(key, opp.loc), f"{key}: {value} has already passed; {hint}")
                )
    return problems


def load_pipeline(pipeline_dir: Path, today: dt.date | None = None, base: Path | None = None,
                  memo: dict | None = None) -> Pipeline:
    """``memo`` (a dict kept between calls, as ``mkdocs serve`` keeps it): a file whose bytes are those of
    the last call is not parsed again; it is updated in place."""
    pipeline_dir = Path(pipeline_dir)
    if not pipeline_dir.is_dir():
        shown = display_path(pipeline_dir, base)
        return Pipeline((), (error(Location(shown), "the pipeline folder does not exist"),), 0)
    problems: list[Problem] = []
    by_id: dict[str, Opportunity] = {}
    first_path: dict[str, str] = {}
    broken: set[str] = set()
    files = find_files(pipeline_dir)
    shown_dir = display_path(pipeline_dir, base)
    for file in files:
        shown = f"{shown_dir}/{file.relative_to(pipeline_dir).as_posix()}"
        opp_id = opportunity_id(file, pipeline_dir)
        if opp_id in first_path:
            problems.append(
                error(Location(shown), f"duplicate id '{opp_id}': {first_path[opp_id]} has the same id; rename one")
            )
            continue
        first_path[opp_id] = shown
        try:
            data = file.read_bytes()
        except OSError as exc:
            problems.append(error(Location(shown), f"cannot read the file: {exc.strerror}"))
            broken.add(opp_id)
            continue
        if memo is not None:
            last = memo.get((opp_id, shown))
            if last is None or last[0] != data:
                last = memo[(opp_id, shown)] = (data, validate_bytes(opp_id, shown, data))
            opp, found = last[1]
        else:
            opp, found = validate_bytes(opp_id, shown, data)
        problems.extend(found)
        if opp is None:
            broken.add(opp_id)
        else:
            by_id[opp_id] = opp
            if today is not None:
                problems.extend(lint(opp, today))
    return Pipeline(
        opportunities=tuple(by_id[k] for k in sorted(by_id)),
        problems=tuple(sorted(problems)),
        files=len(files),
        broken_ids=frozenset(broken),
    )
