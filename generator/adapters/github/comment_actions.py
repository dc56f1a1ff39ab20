"""Comment commands on reminder issues: `/done`, `/snooze N`, `/replied`, `/log`, `/close`, `/note`.

``decide(event)`` is pure: it reads a GitHub ``issue_comment`` event and says
what to do. It acts only on a newly created comment, on an issue (not a pull
request) that the automation opened with our hidden marker at the top of its body
(whatever its labels now are: ``remind`` puts a removed label back), from an author
whose ``author_association`` is OWNER, MEMBER or COLLABORATOR, whose first line is a
command. (The command still confirms the author's write permission with GitHub before it edits anything.) An unknown
command gets a short help answer; anything else is ignored.

``apply`` maps a decision to an edit (``generator.adapters.edit``, where the rules live:
no snooze on a closed opportunity, no entry logged twice) and an answer.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from generator.adapters.edit import DuplicateEntry, EditError, append_log, close, find_file, followup_text
from generator.adapters.edit.operations import SNOOZE_DAYS, SNOOZE_FORM, set_next, snooze_until
from generator.adapters.edit.roundtrip import InvalidFile, read_document
from generator.adapters.github.client import automation_logins
from generator.adapters.opportunity_files import display_path
from generator.core.github.reminder_plan import OVERDUE_ID, by_automation, marked_id, md
from generator.core.problems import UserError
from generator.core.records import LogEntry
from generator.core.schedule import Followup, GoneQuiet, log_type_for_touch, next_followup

TRUSTED = ("OWNER", "MEMBER", "COLLABORATOR")
MAX_NOTE = 500

HELP = (
    "Commands on a reminder issue (from the repository's owner or collaborators):\n\n"
    "- `/done [note]` — you sent the suggested follow-up: logs it today and closes this issue\n"
    "  (the note is private; a second line `topic: your ingestion lag` is what drafts may quote)\n"
    "- `/snooze N` — remind me again in N days (1 to 3650), or `/snooze YYYY-MM-DD` on that day\n"
    "- `/replied [note]` — they answered: logs a `reply`\n"
    "- `/log TYPE [note]` — logs any type today (`call`, `interview`, `rejection`, …)\n"
    "- `/close OUTCOME [note]` — closes the opportunity (`accepted`, `declined`, `rejected`, `withdrawn`, `ghosted`)\n"
    "- `/note TEXT` — adds a note to the log\n"
)


class MalformedEvent(UserError):
    """The event file is not a GitHub issue_comment event (exit 1: the workflow gave a wrong one)."""

    exit_code = 1


class Kind(enum.Enum):
    IGNORE = "ignore"
    HELP = "help"
    DONE = "done"
    SNOOZE = "snooze"
    REPLIED = "replied"
    LOG = "log"
    CLOSE = "close"
    NOTE = "note"


@dataclass(frozen=True)
class Decision:
    kind: Kind
    why: str = ""  # for ignore and help: one line
    opp_id: str | None = None
    number: int | None = None
    note: str | None = None
    topic: str | None = None  # /done, /log, /replied: a second line `topic: ...` (the note stays private)
    days: int | None = None  # /snooze N
    when: str | None = None  # /snooze as written: days (`3`, `+3`) or a date
    log_type: str | None = None  # /log
    outcome: str | None = None  # /close
    author: str | None = None
    comment_id: int | None = None

    @property
    def edits(self) -> bool:
        return self.kind not in (Kind.IGNORE, Kind.HELP)


def load_event(path: str | Path) -> dict:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise MalformedEvent(f"cannot read the event file {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise MalformedEvent(f"the event file {path} is not UTF-8 text") from None
    try:
        event = json.loads(text)
    except ValueError as exc:
        raise MalformedEvent(f"the event file {path} is not JSON ({exc})") from None
    return event


def _get(mapping, *keys, kind=None):
    value = mapping
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            raise MalformedEvent(f"not an issue_comment event: '{'.'.join(keys)}' is missing")
        value = value[key]
    if kind is not None and not isinstance(value, kind):
        raise MalformedEvent(f"not an issue_comment event: '{'.'.join(keys)}' is not a {kind.__name__}")
    return value


def parse_command(body: str) -> tuple[str, str] | None:
    """('done', 'the note') from a comment whose first non-empty line is a command."""
    for raw in (body or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        match = re.match(r"/([A-Za-z][A-Za-z0-9_-]*)(?:\s+(.*))?$", line)
        if not match:
            return None
        return match.group(1).casefold(), (match.group(2) or "").strip()
    return None


_TOPIC_LINE = re.compile(r"topic:\s*(.*)$", re.IGNORECASE)


def parse_topic(body: str) -> str | None:
    """The text of a `topic: ...` line right after the command line (the line drafts may quote)."""
    lines = [line.strip() for line in (body or "").splitlines() if line.strip()]
    if len(lines) < 2:
        return None
    match = _TOPIC_LINE.match(lines[1])
    return " ".join(match.group(1).split())[:MAX_NOTE] or None if match else None


def decide(event, automation: tuple[str, ...] | None = None) -> Decision:
    decision = _decide(event, automation_logins() if automation is None else automation)
    comment_id = event["comment"].get("id")
    if isinstance(comment_id, int) and not isinstance(comment_id, bool):
        decision = replace(decision, comment_id=comment_id)
    return decision


def reply_marker(comment_id: int | None) -> str:
    """Hidden in every answer, so a re-run of the workflow sees the comment was handled."""
    return f"<!-- follow-through:reply-to={comment_id} -->" if comment_id is not None else ""


def already_answered(comments, comment_id: int | None, automation: tuple[str, ...] | None = None) -> bool:
    """Does an answer the automation wrote carry this comment's marker? Anyone else's copy means nothing."""
    marker = reply_marker(comment_id)
    automation = automation_logins() if automation is None else automation
    return bool(marker) and any(
        marker in (c.get("body") or "") for c in comments if isinstance(c, dict) and by_automation(c, automation)
    )


def _login(mapping) -> str | None:
    user = mapping.get("user") if isinstance(mapping, dict) else None
    login = user.get("login") if isinstance(user, dict) else None
    return login if isinstance(login, str) else None


def _ours(issue: dict, number: int, automation) -> str | None:
    """Why this issue is not one of our reminders; None when it is. Its author says so, not its label
    (anyone who can triage can add or remove a label)."""
    if _login(issue) not in automation:
        return f"#{number} was not opened by the automation ({', '.join(automation)})"
    return None


def _decide(event, automation) -> Decision:
    if not isinstance(event, dict):
        raise MalformedEvent("not an issue_comment event: the JSON is not an object")
    action = event.get("action")
    issue = _get(event, "issue", kind=dict)
    comment = _get(event, "comment", kind=dict)
    body = _get(event, "comment", "body")
    number = _get(event, "issue", "number")
    if not isinstance(number, int) or isinstance(number, bool):
        raise MalformedEvent("not an issue_comment event: 'issue.number' is not a number")
    author = _login(comment)
    ignore = Kind.IGNORE
    if action != "created":
        return Decision(ignore, f"the comment was {action}, not created", number=number)
    if issue.get("pull_request") is not None:
        return Decision(ignore, "a comment on a pull request", number=number)
    opp_id = marked_id(issue.get("body") if isinstance(issue.get("body"), str) else None)
    if opp_id is None:
        return Decision(ignore, f"#{number} is not a reminder issue", number=number)
    if opp_id == OVERDUE_ID:  # it counts many follow-ups: a command there would name no file
        return Decision(ignore, f"#{number} counts the overdue follow-ups beyond the pace: it takes no commands",
                        number=number)
    not_ours = _ours(issue, number, automation)
    if not_ours:
        return Decision(ignore, not_ours, number=number)
    association = comment.get("author_association")
    if association not in TRUSTED:
        return Decision(
            ignore,
            f"{author or 'the author'} ({association or 'no association'}) may not run commands here",
            opp_id,
            number,
        )
    command = parse_command(body if isinstance(body, str) else "")
    if command is None:
        return Decision(ignore, "the comment is not a command", opp_id, number)
    decision = _command(*command)
    if decision.kind in (Kind.DONE, Kind.LOG, Kind.REPLIED):
        decision = replace(decision, topic=parse_topic(body))
    return replace(decision, opp_id=opp_id, number=number, author=author)


def _command(name: str, rest: str) -> Decision:
    """The decision for one command line (without the issue's details)."""
    note = rest[:MAX_NOTE] or None
    first, _, after = rest.partition(" ")
    after = after.strip()[:MAX_NOTE] or None
    if name == "done":
        return Decision(Kind.DONE, note=note)
    if name == "replied":
        return Decision(Kind.REPLIED, note=note)
    if name == "snooze":  # the CLI's `snooze` rule (edit.operations.snooze_until): `3`, `+3` or a date
        if not SNOOZE_FORM.fullmatch(rest):
            low, high = SNOOZE_DAYS
            return Decision(Kind.HELP, f"`/snooze` takes a number of days from {low} to {high}, like `/snooze 3`, "
                                       "or a date, like `/snooze 2026-12-01`")
        return Decision(Kind.SNOOZE, days=None if "-" in rest else int(rest.lstrip("+")), when=rest)
    if name == "log":
        if not first:
            return Decision(Kind.HELP, "`/log` takes a type, like `/log call Talked about the team`")
        return Decision(Kind.LOG, log_type=first.casefold(), note=after)
    if name == "close":
        if not first:
            return Decision(Kind.HELP, "`/close` takes an outcome, like `/close rejected`")
        return Decision(Kind.CLOSE, outcome=first.casefold(), note=after)
    if name == "note":
        if not note:
            return Decision(
                Kind.HELP, "`/note` takes the text of the note, like `/note Their team is hiring again in March`"
            )
        return Decision(Kind.NOTE, note=note)
    return Decision(Kind.HELP, f"I don't know the command {md(f'/{name}')[:60]}.")


@dataclass
class Outcome:
    reply: str | None  # the answer: what happened (never that the issue is closing); None to stay silent
    close: bool = False  # close the issue (then the answer says it was closed)
    changed: Path | None = None  # the file written, for the commit
    commit_message: str | None = None


@dataclass(frozen=True)
class _Done:
    """What an edit did, in words, and what it left."""

    said: str  # "Logged `reply` with Tom on 2026-11-25 in `pipeline/globex.yml`"
    message: str  # the commit message's subject
    opp: object  # the opportunity after the edit
    changed: bool = True


def apply(decision: Decision, settings, today: dt.date) -> Outcome:
    """Make the edit a decision asks for; the answer says what changed (or why nothing did)."""
    if decision.kind is Kind.IGNORE:
        return Outcome(None)
    if decision.kind is Kind.HELP:
        return Outcome(f"{decision.why}\n\n{HELP}")
    try:
        path = find_file(settings.pipeline_path, decision.opp_id)
    except EditError:
        return Outcome(
            f"Nothing changed: there is no file for `{md(decision.opp_id)}` in `{settings.pipeline_dir}/` any more.",
            close=True,
        )
    shown = display_path(path)
    try:  # read and validated once: the edit works on this Document
        doc = read_document(path, shown, decision.opp_id)
        done = EDITS[decision.kind](decision, doc, shown, doc.opp, settings, today)
    except InvalidFile as exc:
        return Outcome(
            f"Nothing changed: `{shown}` has errors; fix them first (`follow-through check`): {md(str(exc.first))}"
        )
    except EditError as exc:
        return Outcome(f"Nothing changed: {md(str(exc))}")
    if isinstance(done, Outcome):
        return done
    return _answer_the_comment_command(decision, done, path, settings, today)


def ahead(opp, settings, today: dt.date, kind: Kind) -> tuple[str, bool]:
    """(the next follow-up, as one sentence; whether the reminder should close): after a command,
    or on a re-run that finds the command saved already."""
    after = next_followup(opp, settings, today)
    still_due = isinstance(after, Followup) and after.due <= today
    sentence = followup_text(opp, settings, today)
    return md(sentence[:1].upper() + sentence[1:]), kind in (Kind.DONE, Kind.CLOSE) or not still_due


def _answer_the_comment_command(decision: Decision, done: _Done, path: Path, settings, today: dt.date) -> Outcome:
    sentence, close = ahead(done.opp, settings, today, decision.kind)
    reply = f"{done.said}. {sentence}." + ("" if close else " This issue stays open: it is still due.")
    if not done.changed:
        return Outcome(reply, close=close)
    message = f"{decision.opp_id}: {done.message} (/{decision.kind.value} on #{decision.number})"
    return Outcome(reply, close=close, changed=path, commit_message=message)


def _contact(opp, plan) -> str | None:
    name = plan.contact if isinstance(plan, (Followup, GoneQuiet)) else None
    return name if name and opp.contact(name) else None


def _log(decision: Decision, path, shown: str, opp, entry: LogEntry) -> _Done:
    """Log ``entry`` (date, type, contact) with the comment's note and topic."""
    today, log_type, with_ = entry.date, entry.type, entry.with_
    entry = replace(entry, note=decision.note, topic=decision.topic)
    try:
        result = append_log(path, decision.opp_id, entry, shown=shown)
    except DuplicateEntry:
        return _Done(f"Nothing changed: `{log_type}` was already logged on {today}", "", opp, changed=False)
    who = f" with {md(with_)}" if with_ else ""
    said = f"Logged `{log_type}`{who} on {today} in `{shown}`"
    if getattr(result, "cleared_next", None):
        said += f" (and removed `next: {result.cleared_next}`: the schedule takes over)"
    return _Done(said, f"log {log_type}", result.opp)


def _done(decision, path, shown, opp, settings, today):
    plan = next_followup(opp, settings, today)
    if plan is None:
        return Outcome(f"Nothing changed: {md(opp.company)} is closed.", close=True)
    if isinstance(plan, GoneQuiet):
        return Outcome(f"Nothing changed: {md(plan.reason)}.", close=True)
    if plan.due > today:  # logged since the issue was opened (by hand, or another comment)
        return Outcome(
            f"Nothing changed: the next follow-up is not due until {plan.due} "
            f"(the last entry in `{shown}` is from {opp.log[-1].date if opp.log else opp.added}).",
            close=True,
        )
    return _log(decision, path, shown, opp, LogEntry(today, log_type_for_touch(plan.touch), _contact(opp, plan)))


def _replied(decision, path, shown, opp, settings, today):
    contact = _contact(opp, next_followup(opp, settings, today))
    return _log(decision, path, shown, opp, LogEntry(today, "reply", contact))


def _log_any(decision, path, shown, opp, settings, today):
    return _log(decision, path, shown, opp, LogEntry(today, decision.log_type))


def _note(decision, path, shown, opp, settings, today):
    return _log(decision, path, shown, opp, LogEntry(today, "note"))


def _snooze(decision, path, shown, opp, settings, today):
    if not opp.is_open:  # nothing to snooze: the reminder has nothing left to remind
        outcome = f" ({md(opp.outcome)})" if opp.outcome else ""
        return Outcome(
            f"Nothing changed: {md(opp.id)} is closed{outcome}, so there is no follow-up to snooze.", close=True
        )
    date = snooze_until(decision.when or str(decision.days), today)
    result, old = set_next(path, decision.opp_id, date, shown=shown)
    if not result.changed:
        return _Done(f"Nothing changed: `next:` is {date} already in `{shown}`", "", result.opp, changed=False)
    said = f"Snoozed: `next: {date}` in `{shown}`" + (f" (was {old})" if old else "")
    return _Done(said, f"snooze to {date}", result.opp)


def _close(decision, path, shown, opp, settings, today):
    result = close(path, decision.opp_id, decision.outcome, today, note=decision.note, shown=shown)
    if not result.changed:
        return _Done(
            f"Nothing changed: `{shown}` is closed as {decision.outcome} already", "", result.opp, changed=False
        )
    said = f"Closed as {decision.outcome} on {today} in `{shown}`"
    for planned in result.cancelled:  # what was booked after it will not happen
        said += f"; the {planned.type} planned on {planned.date} is a note now (cancelled: closed)"
    return _Done(said, f"close {decision.outcome}", result.opp)


# Each command: (decision, the file's Document as read, shown, opp, settings, today) -> _Done, or an Outcome
# when nothing is edited.
EDITS = {
    Kind.DONE: _done,
    Kind.REPLIED: _replied,
    Kind.LOG: _log_any,
    Kind.NOTE: _note,
    Kind.SNOOZE: _snooze,
    Kind.CLOSE: _close,
}
