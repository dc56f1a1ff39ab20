"""One file's node tree → an Opportunity record, or the problems that stop it.

Field checks come from ``fields.OPPORTUNITY``; this module derives what the file
leaves out (stage and outcome from the log, ``added`` from the first entry) and
adds the rules that span fields, one function per rule in ``RULES``, each taking
the record and returning its problems (errors stop the file; warnings do not).
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from generator.core import file_format as fields
from generator.core.problems import Problem, did_you_mean, error, warning
from generator.core.records import (
    OPEN_STAGES,
    OUTCOME_FROM_LOG,
    STAGE_FROM_LOG,
    Contact,
    Location,
    LogEntry,
    Opportunity,
    closing_entry,
    significant,
    spent_by,
)
from generator.core.settings import quiet_at_once
from generator.core.yamlsource import Map, Scalar, YamlFileError, load_file


def derive_stage(log: tuple[LogEntry, ...]) -> str:
    """The stage the log implies: closed after a closing entry (when it is the latest that is not
    a note); else the latest entry that implies one; `lead` when none does."""
    if closing_entry(log) is not None:
        return "closed"
    for entry in reversed(log):
        if entry.type in STAGE_FROM_LOG and entry.type not in OUTCOME_FROM_LOG:
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


def reopened_by(log) -> tuple[LogEntry, LogEntry] | None:
    """(the last closing entry, the entry after it) when the log goes on after a closing entry."""
    entries = significant(log)
    for index in range(len(entries) - 1, 0, -1):
        if entries[index - 1].type in OUTCOME_FROM_LOG and entries[index].type not in OUTCOME_FROM_LOG:
            return entries[index - 1], entries[index]
    return None


def stage_and_outcome(stage: str | None, outcome: str | None, log) -> tuple[str, str | None]:
    """An explicit stage wins, except that a closing entry as the latest (not a note) closes it,
    and a later entry of another type reopens it (even when `log`/`close` wrote `stage: closed`)."""
    closing = closing_entry(log)
    if closing is not None:
        return "closed", outcome or OUTCOME_FROM_LOG[closing.type]
    if stage == "closed" and reopened_by(log) is not None:
        return derive_stage(log), None
    stage = stage or derive_stage(log)
    if stage == "closed" and outcome is None:
        outcome = derive_outcome(log)
    return stage, outcome


# --- the rules that span fields: record → problems -----------------------------------------

def outcome_only_when_closed(opp: Opportunity) -> list[Problem]:
    if opp.outcome is None or opp.stage == "closed":
        return []
    how = "" if opp.stage_explicit else " (derived from the log)"
    return [
        error(
            opp.key_locs["outcome"], f"outcome: only a closed opportunity has an outcome; stage is '{opp.stage}'{how}"
        )
    ]


def contacts_listed_once(opp: Opportunity) -> list[Problem]:
    problems, seen = [], set()
    for c in opp.contacts:
        folded = c.name.strip().casefold()
        if folded in seen:
            problems.append(warning(c.loc, f"contacts: '{c.name}' is listed twice"))
        seen.add(folded)
    return problems


def log_names_a_contact(opp: Opportunity) -> list[Problem]:
    names = {c.name.strip().casefold() for c in opp.contacts}
    in_file_order = sorted(opp.log, key=lambda e: (e.loc.line, e.loc.col) if e.loc else (0, 0))
    problems = []
    for index, e in enumerate(in_file_order):
        if e.with_ is not None and e.with_.strip().casefold() not in names:
            hint = did_you_mean(e.with_, [c.name for c in opp.contacts]) or "; add them under contacts"
            problems.append(warning(e.loc, f"log[{index}].with: '{e.with_}' is not one of the contacts{hint}"))
    return problems


TOPIC_WORDS = 12


def topic_is_short(opp: Opportunity) -> list[Problem]:
    """A topic reads after "about" in a draft: one line, a few words."""
    problems = []
    for e in opp.log:
        if e.topic is None:
            continue
        words = len(e.topic.split())
        if "\n" in e.topic.strip():
            problems.append(
                warning(
                    e.loc,
                    "topic: is one line that reads after 'about' (like 'your ingestion lag'); drafts join its lines",
                )
            )
        if words > TOPIC_WORDS:
            problems.append(
                warning(
                    e.loc,
                    f"topic: has {words} words; a draft reads it after 'about', "
                    f"so keep it to {TOPIC_WORDS} or fewer (drafts cut it there)",
                )
            )
    return problems


def stage_up_to_date(opp: Opportunity, written: str | None) -> list[Problem]:
    closing = closing_entry(opp.log)
    if written == "closed" and opp.is_open:
        ended, after = reopened_by(opp.log)
        return [
            warning(
                opp.key_locs.get("stage", opp.loc),
                f"stage: 'closed' is out of date: you logged '{after.type}' ({after.date}) after the "
                f"'{ended.type}' ({ended.date}), so it is open again; set the stage (and remove outcome:)",
            )
        ]
    if closing is None or written is None or written == "closed":
        return []
    return [
        warning(
            opp.key_locs.get("stage", opp.loc),
            f"stage: '{written}' is out of date: the last entry is '{closing.type}' ({closing.date}), "
            f"so it is closed (outcome {opp.outcome}); set stage: closed",
        )
    ]


def stage_behind_log(opp: Opportunity, written: str | None) -> list[Problem]:
    """A written open stage that the log has moved past (`stage: lead` with an `applied` entry)."""
    if written not in OPEN_STAGES or not opp.is_open:
        return []
    rank = OPEN_STAGES.index
    ahead = [
        e for e in opp.log if STAGE_FROM_LOG.get(e.type) in OPEN_STAGES and rank(STAGE_FROM_LOG[e.type]) > rank(written)
    ]
    if not ahead:
        return []
    furthest = max(ahead, key=lambda e: (rank(STAGE_FROM_LOG[e.type]), e.date))
    stage = STAGE_FROM_LOG[furthest.type]
    return [
        warning(
            opp.key_locs.get("stage", opp.loc),
            f"stage: '{written}' is behind the log: you logged '{furthest.type}' ({furthest.date}); set stage: {stage}",
        )
    ]


def next_not_spent(opp: Opportunity) -> list[Problem]:
    if not opp.is_open:
        return []
    spender = spent_by(opp.next, opp.log)
    if spender is None:
        return []
    return [
        warning(
            opp.key_locs.get("next", opp.loc),
            f"next: {opp.next} is spent: you logged '{spender.type}' on {spender.date}, "
            "so the schedule goes by the log again; remove next:",
        )
    ]


def cadence_keeps_going(opp: Opportunity) -> list[Problem]:
    if opp.cadence is None or len(opp.cadence) >= 2:
        return []
    return [warning(opp.key_locs.get("cadence", opp.loc), "cadence: " + quiet_at_once(opp.cadence))]


def lead_is_dated(opp: Opportunity) -> list[Problem]:
    if not opp.is_open or opp.added is not None:
        return []
    return [
        warning(
            opp.loc,
            "no added: and no log: it shows as due today, every day; set added: to the day you found it (YYYY-MM-DD)",
        )
    ]


RULES = (
    outcome_only_when_closed,
    contacts_listed_once,
    log_names_a_contact,
    topic_is_short,
    next_not_spent,
    cadence_keeps_going,
    lead_is_dated,
)


# --- building the record ---------------------------------------------------------------------


def not_a_mapping(root) -> Problem | None:
    if isinstance(root, Scalar) and root.is_null:
        return error(root.loc, "the file is empty: expected a mapping with at least company and role")
    if not isinstance(root, Map):
        kind = "a list" if not isinstance(root, Scalar) else f"the text '{root.value[:40]}'"
        return error(root.loc, f"expected a mapping of keys (company: ..., role: ...), found {kind}")
    return None


def record(opp_id: str, path: str, root: Map, values: dict, nodes: dict) -> Opportunity:
    """The checked values as a record, with what the file leaves out derived."""
    contacts = tuple(Contact(loc=c_node.loc, **c_values) for c_values, _, c_node in values.pop("contacts", []))
    log = order_log([LogEntry(loc=e_node.loc, **e_values) for e_values, _, e_node in values.pop("log", [])])
    written = values.pop("stage", None)
    stage, outcome = stage_and_outcome(written, values.pop("outcome", None), log)
    added = values.pop("added", None)
    cadence = values.pop("cadence", None)
    return Opportunity(
        id=opp_id,
        path=path,
        stage=stage,
        stage_explicit=written is not None,
        outcome=outcome,
        added=added if added is not None or not log else log[0].date,
        contacts=contacts,
        log=log,
        tags=tuple(values.pop("tags", ())),
        ideas=tuple(values.pop("ideas", ())),
        cadence=tuple(cadence) if cadence is not None else None,
        loc=root.loc,
        key_locs=MappingProxyType({key: node.loc for key, node in nodes.items()}),
        **values,
    )


def build(opp_id: str, path: str, root) -> tuple[Opportunity | None, list[Problem]]:
    """Validate a parsed file; the record is None when any error was found."""
    shape = not_a_mapping(root)
    if shape is not None:
        return None, [shape]
    ctx = fields.Ctx()
    checked = fields.OPPORTUNITY.check(root, "", ctx)
    if checked is fields.INVALID:
        return None, ctx.problems
    values, nodes, _ = checked
    written = values.get("stage")
    opp = record(opp_id, path, root, values, nodes)
    problems = list(ctx.problems) + stage_up_to_date(opp, written) + stage_behind_log(opp, written)
    for rule in RULES:
        problems.extend(rule(opp))
    if any(p.is_error for p in problems):
        return None, problems
    return opp, problems


def validate_bytes(opp_id: str, path: str, data: bytes) -> tuple[Opportunity | None, list[Problem]]:
    """The whole per-file pipeline: decode, parse, check, derive."""
    try:
        root = load_file(path, data)
    except YamlFileError as exc:
        return None, [exc.problem]
    opp, problems = build(opp_id, path, root)
    if opp is not None and opp.next is not None and CATCH_UP_MARK.encode() in data:
        opp = replace(opp, next_catch_up=_marked_catch_up(data, opp.key_locs.get("next")))
    return opp, problems


CATCH_UP_MARK = "# catch-up"  # the comment `catch-up` leaves on the `next:` it writes


def _marked_catch_up(data: bytes, loc) -> bool:
    """Does the line of `next:` carry the `# catch-up` comment? (The parser drops comments.)"""
    if loc is None:
        return False
    lines = data.split(b"\n")
    line = lines[loc.line - 1] if 0 < loc.line <= len(lines) else b""
    return CATCH_UP_MARK.encode() in line  # a date value holds no '#': the mark is the comment


def validate_text(opp_id: str, path: str, text: str) -> tuple[Opportunity | None, list[Problem]]:
    """For editors of a file (the CLI's log/snooze/new): check text before it is written."""
    return validate_bytes(opp_id, path, text.encode("utf-8"))


__all__ = ["Location", "build", "derive_stage", "validate_bytes", "validate_text"]
