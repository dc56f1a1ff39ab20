"""Comment commands on reminder issues: `/done [note]`, `/snooze N`, `/replied [note]`.

``decide(event)`` is pure: it reads a GitHub ``issue_comment`` event and says
what to do. It acts only on a newly created comment, on an issue (not a pull
request) that carries our hidden marker, from an author whose
``author_association`` is OWNER, MEMBER or COLLABORATOR, whose first line is a
command. An unknown command gets a short help answer; anything else is ignored.
``apply`` makes the edit through ``generator.edit`` and answers on the issue.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..problems import UserError
from .reminders import md, marked_id

TRUSTED = ("OWNER", "MEMBER", "COLLABORATOR")
MAX_NOTE = 500

HELP = (
    "Commands on a reminder issue (from the repository's owner or collaborators):\n\n"
    "- `/done [note]` — you sent the suggested follow-up: logs it today and closes this issue\n"
    "- `/snooze N` — remind me again in N days (1 to 365)\n"
    "- `/replied [note]` — they answered: logs a `reply`\n"
)


class MalformedEvent(UserError):
    """The event file is not a GitHub issue_comment event."""


@dataclass(frozen=True)
class Decision:
    kind: str  # ignore | help | done | snooze | replied
    why: str = ""  # for ignore and help: one line
    opp_id: str | None = None
    number: int | None = None
    note: str | None = None
    days: int | None = None
    author: str | None = None
    comment_id: int | None = None


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
    for line in (body or "").splitlines():
        line = line.strip()
        if not line:
            continue
        match = re.match(r"/([A-Za-z][A-Za-z0-9_-]*)(?:\s+(.*))?$", line)
        if not match:
            return None
        return match.group(1).casefold(), (match.group(2) or "").strip()
    return None


def decide(event) -> Decision:
    decision = _decide(event)
    comment_id = event["comment"].get("id")
    if isinstance(comment_id, int) and not isinstance(comment_id, bool):
        from dataclasses import replace

        decision = replace(decision, comment_id=comment_id)
    return decision


def reply_marker(comment_id: int | None) -> str:
    """Hidden in every answer, so a re-run of the workflow sees the comment was handled."""
    return f"<!-- follow-through:reply-to={comment_id} -->" if comment_id is not None else ""


def already_answered(comments, comment_id: int | None) -> bool:
    marker = reply_marker(comment_id)
    return bool(marker) and any(marker in (c.get("body") or "") for c in comments if isinstance(c, dict))


def _decide(event) -> Decision:
    if not isinstance(event, dict):
        raise MalformedEvent("not an issue_comment event: the JSON is not an object")
    action = event.get("action")
    issue = _get(event, "issue", kind=dict)
    comment = _get(event, "comment", kind=dict)
    body = _get(event, "comment", "body")
    number = _get(event, "issue", "number")
    if not isinstance(number, int) or isinstance(number, bool):
        raise MalformedEvent("not an issue_comment event: 'issue.number' is not a number")
    author = (comment.get("user") or {}).get("login") if isinstance(comment.get("user"), dict) else None
    if action != "created":
        return Decision("ignore", f"the comment was {action}, not created", number=number)
    if issue.get("pull_request") is not None:
        return Decision("ignore", "a comment on a pull request", number=number)
    opp_id = marked_id(issue.get("body") if isinstance(issue.get("body"), str) else None)
    if opp_id is None:
        return Decision("ignore", f"#{number} is not a reminder issue", number=number)
    association = comment.get("author_association")
    if association not in TRUSTED:
        return Decision(
            "ignore", f"{author or 'the author'} ({association or 'no association'}) may not run commands here",
            opp_id, number,
        )
    command = parse_command(body if isinstance(body, str) else "")
    if command is None:
        return Decision("ignore", "the comment is not a command", opp_id, number)
    name, rest = command
    note = rest[:MAX_NOTE] or None
    if name == "done":
        return Decision("done", opp_id=opp_id, number=number, note=note, author=author)
    if name == "replied":
        return Decision("replied", opp_id=opp_id, number=number, note=note, author=author)
    if name == "snooze":
        if not re.fullmatch(r"\d{1,3}", rest) or not 1 <= int(rest) <= 365:
            return Decision("help", "`/snooze` takes a number of days from 1 to 365, like `/snooze 3`", opp_id, number)
        return Decision("snooze", opp_id=opp_id, number=number, days=int(rest), author=author)
    shown = md(f"/{name}")[:60]
    return Decision("help", f"I don't know the command {shown}.", opp_id, number)


@dataclass
class Outcome:
    reply: str | None  # the answer to post on the issue; None to stay silent
    close: bool = False
    changed: Path | None = None  # the file written, for the commit
    commit_message: str | None = None


def apply(decision: Decision, settings, today: dt.date) -> Outcome:
    """Make the edit a decision asks for; the reply says what changed (or why nothing did)."""
    from ..agenda import relative
    from ..edit import EditError, append_log, find_file, set_next
    from ..schedule import Followup, GoneQuiet, log_type_for_touch, next_followup
    from ..validate import validate_text
    from ..pipeline import display_path

    if decision.kind == "ignore":
        return Outcome(None)
    if decision.kind == "help":
        return Outcome(f"{decision.why}\n\n{HELP}")
    opp_id = decision.opp_id
    try:
        path = find_file(settings.pipeline_path, opp_id)
    except EditError:
        return Outcome(
            f"Nothing changed: there is no file for `{md(opp_id)}` in `{settings.pipeline_dir}/` any more. "
            "Closing this issue.",
            close=True,
        )
    shown = display_path(path)
    opp, problems = validate_text(opp_id, shown, path.read_text(encoding="utf-8", errors="replace"))
    if opp is None:
        first = next((p for p in problems if p.is_error), None)
        return Outcome(f"Nothing changed: `{shown}` has errors; fix them first (`python -m generator check`): "
                       f"{md(str(first))}")
    plan = next_followup(opp, settings, today)
    try:
        if decision.kind in ("done", "replied"):
            if decision.kind == "done":
                if plan is None:
                    return Outcome(f"Nothing changed: {md(opp.company)} is closed. Closing this issue.", close=True)
                if isinstance(plan, GoneQuiet):
                    return Outcome(f"Nothing changed: {md(plan.reason)}. Closing this issue.", close=True)
                if plan.due > today:  # logged since the issue was opened (by hand, or another comment)
                    return Outcome(
                        f"Nothing changed: the next follow-up is not due until {plan.due} "
                        f"(the last entry in `{shown}` is from {opp.log[-1].date if opp.log else opp.added}). "
                        "Closing this issue.",
                        close=True,
                    )
                log_type = log_type_for_touch(plan.touch)
            else:
                log_type = "reply"
            contact = plan.contact if isinstance(plan, (Followup, GoneQuiet)) else None
            with_ = contact if contact and opp.contact(contact) else None
            already = [e for e in opp.log if e.date == today and e.type == log_type and e.note == decision.note]
            if already:
                result_opp, changed, done = opp, None, f"`{log_type}` was already logged on {today}; nothing added"
            else:
                result = append_log(path, opp_id, today, log_type, with_, None, decision.note, shown=shown)
                result_opp, changed = result.opp, path
                who = f" with {md(with_)}" if with_ else ""
                done = f"Logged `{log_type}`{who} on {today} in `{shown}`"
                if result.cleared_next:
                    done += f" (and removed `next: {result.cleared_next}`, which has passed)"
            message = f"{opp_id}: log {log_type} ({'/' + decision.kind} on #{decision.number})"
        else:
            date = today + dt.timedelta(days=decision.days)
            result, old = set_next(path, opp_id, date, shown=shown)
            result_opp, changed = result.opp, path
            done = f"Snoozed: `next: {date}` in `{shown}`" + (f" (was {old})" if old else "")
            message = f"{opp_id}: snooze to {date} (/snooze on #{decision.number})"
    except EditError as exc:
        return Outcome(f"Nothing changed: {md(str(exc))}")
    after = next_followup(result_opp, settings, today)
    if after is None:
        ahead, still_due = "It is closed now", False
    elif isinstance(after, GoneQuiet):
        ahead, still_due = md(after.reason), False
    else:
        ahead = f"Next follow-up: {after.due} ({relative((today - after.due).days)}), {after.touch}"
        still_due = after.due <= today
    close = decision.kind == "done" or not still_due
    reply = f"{done}. {ahead}." + (" Closing this issue." if close else " This issue stays open: it is still due.")
    return Outcome(reply, close=close, changed=changed, commit_message=message if changed else None)
