"""One file's node tree → an Opportunity record, or the problems that stop it.

Field checks come from ``fields.OPPORTUNITY``; this module adds the rules that
span fields (outcome only when closed, ``with`` naming a contact) and derives
what the file leaves out (stage from the log, ``added`` from the first entry).
"""

from __future__ import annotations

from types import MappingProxyType

from . import fields
from .model import (
    DIRECTION,
    OUTCOME_FROM_LOG,
    STAGE_FROM_LOG,
    Contact,
    Location,
    LogEntry,
    Opportunity,
)
from .problems import Problem, did_you_mean, error, warning
from .yamlsource import Map, Scalar, YamlFileError, load_file


def derive_stage(log: tuple[LogEntry, ...]) -> str:
    """The stage implied by the latest log entry that implies one; `lead` when none does."""
    for entry in reversed(log):
        if entry.type in STAGE_FROM_LOG:
            return STAGE_FROM_LOG[entry.type]
    return "lead"


def derive_outcome(log: tuple[LogEntry, ...]) -> str | None:
    for entry in reversed(log):
        if entry.type in OUTCOME_FROM_LOG:
            return OUTCOME_FROM_LOG[entry.type]
    return None


def order_log(entries: list[LogEntry]) -> tuple[LogEntry, ...]:
    # sorted() is stable: entries of one date keep their order in the file.
    return tuple(sorted(entries, key=lambda e: e.date))


def build(opp_id: str, path: str, root) -> tuple[Opportunity | None, list[Problem]]:
    """Validate a parsed file; the record is None when any error was found."""
    if isinstance(root, Scalar) and root.is_null:
        return None, [error(root.loc, "the file is empty: expected a mapping with at least company and role")]
    if not isinstance(root, Map):
        kind = "a list" if not isinstance(root, Scalar) else f"the text '{root.value[:40]}'"
        return None, [
            error(root.loc, f"expected a mapping of keys (company: ..., role: ...), found {kind}")
        ]
    ctx = fields.Ctx()
    checked = fields.OPPORTUNITY.check(root, "", ctx)
    if checked is fields.INVALID:
        return None, ctx.problems
    values, nodes, _ = checked
    loc = root.loc
    locs = {key: node.loc for key, node in nodes.items()}
    problems = list(ctx.problems)

    contacts = tuple(Contact(loc=c_node.loc, **c_values) for c_values, _, c_node in values.pop("contacts", []))
    entries = [LogEntry(loc=e_node.loc, **e_values) for e_values, _, e_node in values.pop("log", [])]
    log = order_log(entries)

    stage = values.pop("stage", None)
    stage_explicit = stage is not None
    if stage is None:
        stage = derive_stage(log)
    outcome = values.pop("outcome", None)
    if outcome is not None and stage != "closed":
        how = "" if stage_explicit else " (derived from the log)"
        problems.append(
            error(locs["outcome"], f"outcome: only a closed opportunity has an outcome; stage is '{stage}'{how}")
        )
    if outcome is None and stage == "closed":
        outcome = derive_outcome(log)

    names = {c.name.strip().casefold() for c in contacts}
    seen_names: set[str] = set()
    for c in contacts:
        folded = c.name.strip().casefold()
        if folded in seen_names:
            problems.append(warning(c.loc, f"contacts: '{c.name}' is listed twice"))
        seen_names.add(folded)
    for index, e in enumerate(entries):
        if e.with_ is not None and e.with_.strip().casefold() not in names:
            problems.append(
                warning(
                    e.loc,
                    f"log[{index}].with: '{e.with_}' is not one of the contacts"
                    + (did_you_mean(e.with_, [c.name for c in contacts]) or "; add them under contacts"),
                )
            )
    if stage != "closed":
        last = next((e for e in reversed(log) if e.type != "note"), None)
        if last is not None and DIRECTION[last.type] == "closing":
            problems.append(
                warning(
                    last.loc,
                    f"the last entry is '{last.type}' but the stage is '{stage}': set stage: closed",
                )
            )

    if any(p.is_error for p in problems):
        return None, problems
    added = values.pop("added", None)
    if added is None and log:
        added = log[0].date
    opp = Opportunity(
        id=opp_id,
        path=path,
        stage=stage,
        stage_explicit=stage_explicit,
        outcome=outcome,
        added=added,
        contacts=contacts,
        log=log,
        tags=tuple(values.pop("tags", ())),
        ideas=tuple(values.pop("ideas", ())),
        cadence=tuple(values["cadence"]) if "cadence" in values else None,
        loc=loc,
        key_locs=MappingProxyType(locs),
        **{k: v for k, v in values.items() if k != "cadence"},
    )
    return opp, problems


def validate_bytes(opp_id: str, path: str, data: bytes) -> tuple[Opportunity | None, list[Problem]]:
    """The whole per-file pipeline: decode, parse, check, derive."""
    try:
        root = load_file(path, data)
    except YamlFileError as exc:
        return None, [exc.problem]
    return build(opp_id, path, root)


def validate_text(opp_id: str, path: str, text: str) -> tuple[Opportunity | None, list[Problem]]:
    """For editors of a file (the CLI's log/snooze/new): check text before it is written."""
    return validate_bytes(opp_id, path, text.encode("utf-8"))


__all__ = ["build", "validate_bytes", "validate_text", "derive_stage", "Location"]
