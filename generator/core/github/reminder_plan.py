"""Reminder issues, the pure part: what the issues should be, and the plan to get there.

``plan(pipeline, issues, settings, today, automation)`` compares the follow-ups due
today or overdue with the issues the automation opened that carry our hidden
marker (whatever their label now is) and returns actions: create, update, keep,
close (with a comment saying why), leave (the file has errors: not gone, so its
issue stays open), or stay closed (the user closed it for this due date). Issues
without the marker, or opened by anyone else, are never in the plan, so they are
never touched. The generated part of a body ends with an end marker; what the user
writes below it is kept on every update. No I/O here; ``reminder_sync.py`` executes it.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import urllib.parse
from dataclasses import dataclass

from generator.core.agenda import DueItem, due_items, followup_text
from generator.core.catch_up_plan import in_catch_up_order
from generator.core.records import Opportunity
from generator.core.schedule import TOUCH_HELP, Followup, GoneQuiet, log_type_for_touch, next_followup, unused_ideas
from generator.core.settings import Settings
from generator.core.site.urls import dashboard_url

LABEL = "follow-up"
# Who opens reminder issues: the workflow token's bot; FOLLOW_THROUGH_AUTOMATION adds
# logins (comma-separated), for `remind` run with a personal token.
AUTOMATION = ("github-actions[bot]",)
LABEL_COLOR = "fbca04"
LABEL_DESCRIPTION = "A follow-up that is due (opened by Follow-Through)"

END_MARKER = "<!-- follow-through:end -->"  # the user's own text goes below it
_MARKER_RE = re.compile(r"<!--\s*follow-through:id=([^\s>]+)\s*-->")
_DUE_RE = re.compile(r"\(due (\d{4}-\d{2}-\d{2})\)\s*$")

HEADLINES = {
    "first-contact": "Make the first contact",
    "thank-you": "Send a thank-you",
    "value-add": "Send a value-add",
    "check-in": "Send a short check-in",
    "share-update": "Share an update",
}

COMMANDS_HELP = (
    "`/done [note]` when you have sent it (logs it today and closes this issue) · "
    "`/snooze N` to be reminded in N days · "
    "`/replied [note]` when they answered you"
)


AUTOMATION_ENV = "FOLLOW_THROUGH_AUTOMATION"  # more logins, comma-separated (read by adapters.github.client)


def automation_from(configured: str) -> tuple[str, ...]:
    """The automation's logins: GitHub's own and those ``configured`` (FOLLOW_THROUGH_AUTOMATION's value)."""
    extra = [name.strip() for name in configured.split(",") if name.strip()]
    return AUTOMATION + tuple(extra)


def marker(opp_id: str) -> str:
    return f"<!-- follow-through:id={urllib.parse.quote(opp_id, safe='/-_.~@+')} -->"


def marked_id(body: str | None) -> str | None:
    """The opportunity id in the hidden marker that opens a body we wrote; None for any other body.

    Only at the very start: a marker further down (in text a user added below the end marker,
    or pasted anywhere) means nothing."""
    match = _MARKER_RE.match((body or "").lstrip())
    return urllib.parse.unquote(match.group(1)) if match else None


def by_automation(item, automation) -> bool:
    """Did the automation write this comment or issue? Only such text counts when read back."""
    user = item.get("user") if isinstance(item, dict) else None
    return isinstance(user, dict) and user.get("login") in automation


def defang(text: str) -> str:
    """No hidden marker (or any HTML comment) can come out of text we did not write."""
    return text.replace("<!--", "<!-\u200b-")


def link_target(url: str) -> str:
    """A URL as a Markdown link's target: nothing in it can end the link or open HTML."""
    return urllib.parse.quote(url, safe=":/?#@!$&'*+,;=%~-._")


def md(text: str | None) -> str:
    """User text inside Markdown: no HTML, no hidden markers, no @-mentions, no stray formatting."""
    text = " ".join(str(text or "").split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_\[\]|#~])", r"\\\1", text)
    return text.replace("@", "@&#8203;")


MAX_TITLE = 256  # GitHub refuses longer issue titles


def issue_title(opp: Opportunity, due: dt.date) -> str:
    company, role = " ".join(opp.company.split()), " ".join(opp.role.split())
    title = f"Follow up: {company} — {role} (due {due.isoformat()})"
    if len(title) > MAX_TITLE:
        room = MAX_TITLE - len(f"Follow up:  —  (due {due.isoformat()})") - 2
        company = company if len(company) <= room // 2 else company[: room // 2 - 1] + "…"
        role = role[: room - len(company)] + "…" if len(role) > room - len(company) else role
        title = f"Follow up: {company} — {role} (due {due.isoformat()})"
    return title


def default_site_url(repo: str, api_url: str | None) -> str | None:
    """GitHub Pages' own address for a repository on github.com; None on GitHub Enterprise."""
    if (api_url or "https://api.github.com").rstrip("/") != "https://api.github.com":
        return None
    owner, _, name = repo.partition("/")
    if name.lower() == f"{owner.lower()}.github.io":
        return f"https://{owner.lower()}.github.io/"
    return f"https://{owner.lower()}.github.io/{name}/"


def redactor(item: DueItem, settings: Settings):
    """Hides e-mail addresses and phone numbers in free text, as the site does (``privacy``)."""
    # Imported here: the site's text rules load Markdown (20 ms of start-up), which keep-alive, doctor and
    # comment (they import this module through the GitHub client) never use.
    from generator.core.site.text import Redactor

    phones = [c.phone for c in item.opp.contacts if c.phone]
    return Redactor(settings.privacy.show_email, settings.privacy.show_phone, phones)


def draft_block(item: DueItem, settings: Settings, drafter, redact=None) -> list[str]:
    """The draft message, folded, in a code block no text can break out of (and no @-mention in it works)."""
    draft = drafter.draft(item.opp, item.followup, item.today)
    text = (redact or redactor(item, settings))(draft.text.rstrip("\n"))
    text = text.replace("<!--", "<!-\u200b-")  # no hidden marker (id, end) can come from a file's text
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
    return ["<details><summary>Draft message (edit it, then send)</summary>", "", f"{fence}text", text, fence, "",
            "</details>"]


def _to_details(name: str, contact, settings: Settings) -> list[str]:
    """The contact's name, role, e-mail (when shown) and LinkedIn link, as Markdown."""
    details = [md(name)]
    if contact is not None:
        if contact.role:
            details.append(md(contact.role))
        if contact.email and settings.privacy.show_email:
            details.append(md(contact.email))
        if contact.linkedin:
            details.append(f"[LinkedIn]({link_target(contact.linkedin)})")
    return details


@dataclass(frozen=True)
class Writer:
    """What writes a reminder's body: ``drafter`` (a drafts.Drafter for the day; it keeps the problems met in
    the user's message templates) and ``namer`` (the private dashboard's page names, keyed with the passphrase:
    adapters.sealed_site.link_namer; None: plain page names, or an encrypted site's home page)."""

    drafter: object
    namer: object = None


def issue_body(item: DueItem, settings: Settings, writer: Writer) -> str:
    opp, f = item.opp, item.followup
    redact = redactor(item, settings)  # e-mail addresses and phone numbers in the idea and the draft
    lines = []
    headline = HEADLINES.get(f.touch, "Follow up")
    contact = opp.contact(f.contact) if f.contact else None
    if f.contact:
        lines.append(f"### {headline} to {md(f.contact)}")
    else:
        lines.append(f"### {headline}")
    lines.append("")
    what = TOUCH_HELP.get(f.touch, f.touch)
    lines.append(f"**What to send:** {what} (`{f.touch}`).  ")
    if f.contact:
        lines.append(f"**To:** {', '.join(_to_details(f.contact, contact, settings))}  ")
    else:
        lines.append("**To:** no contact yet: find the hiring manager or a recruiter, and add them under `contacts:`  ")
    lines.append(f"**Why now:** {md(f.reason)}.  ")
    lines.append(f"**Due:** {f.due.isoformat()}")
    idea = f.idea
    if idea is None:
        ideas = unused_ideas(opp, opp.log)
        idea = ideas[0] if ideas else None
    if idea:
        lines += ["", f"> **An idea for a value-add:** {md(redact(idea))}"]
    lines += ["", *draft_block(item, settings, writer.drafter, redact)]
    lines.append("")
    url = dashboard_url(settings, opp.id, writer.namer)
    where = f"`{opp.path}`"
    if url:
        lines.append(f"**Dashboard:** [{md(opp.company)} — {md(opp.role)}]({url}) · file {where}")
    else:
        lines.append(f"**File:** {where} (set `site_url` in mkdocs.yml to link the dashboard here)")
    lines += [
        "",
        "---",
        f"Comment {COMMANDS_HELP}. "
        f"`/done` logs a `{log_type_for_touch(f.touch)}`. This issue also closes by itself once the follow-up is "
        "no longer due. Text you add below this line is kept when the reminder is updated.",
    ]
    # Our two markers, and no other: whatever the file's text holds is defanged.
    return f"{marker(opp.id)}\n\n{defang(chr(10).join(lines))}\n{END_MARKER}\n"


def split_body(body: str | None) -> tuple[str, str]:
    """(the generated part, through the end marker and its newline; the user's text below it)."""
    body = (body or "").replace("\r\n", "\n")
    at = body.find(END_MARKER)
    if at < 0:
        return body, ""  # opened before the end marker existed: all generated
    end = at + len(END_MARKER)
    end += 1 if body[end:end + 1] == "\n" else 0
    return body[:end], body[end:]


def issue_due(title: str | None) -> dt.date | None:
    match = _DUE_RE.search(title or "")
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def why_not_due(opp: Opportunity | None, settings: Settings, today: dt.date, issue_due_date) -> str:
    """Why an issue's follow-up is no longer due, in words."""
    if opp is None:
        return "the opportunity's file was deleted"
    plan = next_followup(opp, settings, today)
    if plan is None:
        return f"the opportunity is closed as {opp.outcome}" if opp.outcome else "the opportunity is closed"
    if isinstance(plan, GoneQuiet):
        return plan.reason
    assert isinstance(plan, Followup)
    if plan.rule == "next" and opp.next is not None and opp.next_catch_up:
        return f"rescheduled by catch-up to {plan.due.isoformat()}"
    ahead = "; " + followup_text(opp, settings, today)
    if plan.rule == "next" and opp.next is not None:
        text = f"snoozed to {opp.next.isoformat()}"
        if plan.due != opp.next:
            text += f", moved to {plan.due.isoformat()}"
        return text
    latest = next((e for e in reversed(opp.log) if e.type != "note"), None)
    if latest is not None and (issue_due_date is None or latest.date >= issue_due_date - dt.timedelta(days=1)):
        return _what_happened(latest, today) + ahead
    if opp.wait_until is not None and opp.wait_until > today:
        return f"waiting until {opp.wait_until.isoformat()}" + ahead
    return f"not due until {plan.due.isoformat()}"


def _what_happened(latest, today: dt.date) -> str:
    """The entry that took the follow-up's place, in words: a conversation planned ahead, their reply
    (which `mail` may have logged), or what you logged."""
    when = latest.date.isoformat()
    if latest.direction == "two-way" and latest.date > today:
        article = "an" if latest.type[0] in "aeiou" else "a"
        return f"{article} {latest.type} is planned on {when}"
    if latest.type == "reply":
        return f"they replied on {when}"
    who = f" with {latest.with_}" if latest.with_ else ""
    return f"logged {latest.type}{who} on {when}"


class Do(enum.Enum):
    CREATE = "create"
    UPDATE = "update"
    KEEP = "keep"
    CLOSE = "close"
    LEAVE = "leave"  # its file has errors: left open
    STAY_CLOSED = "stay closed"  # the user closed it for this due date


@dataclass(frozen=True)
class Action:
    kind: Do
    opp_id: str
    number: int | None = None
    title: str | None = None
    body: str | None = None
    comment: str | None = None  # for close
    why: str = ""  # one line for the output
    state_reason: str = "completed"
    relabel: bool = False  # the issue lost its label: put it back (update and keep)
    edit: bool = True  # update: the title or the body changed (else only the label)
    retitle: str | None = None  # for close: a new title (one closed for the pace must not read as closed by hand)


def has_label(issue: dict) -> bool:
    labels = issue.get("labels") if isinstance(issue.get("labels"), list) else []
    return any((lb.get("name") if isinstance(lb, dict) else lb) == LABEL for lb in labels)


def _ours(issues, automation) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """Our reminders by opportunity id: (open ones, closed ones), oldest first."""
    found: tuple[dict[str, list[dict]], dict[str, list[dict]]] = ({}, {})
    for issue in issues:
        if issue.get("pull_request") is not None or (issue.get("user") or {}).get("login") not in automation:
            continue
        opp_id = marked_id(issue.get("body"))
        if opp_id is None:
            continue  # not ours: never touched
        found[issue.get("state", "open") != "open"].setdefault(opp_id, []).append(issue)
    for by_id in found:
        for issues_of in by_id.values():
            issues_of.sort(key=lambda i: i["number"])
    return found


def _for_due(item, found, closed, settings, writer: Writer) -> list[Action]:
    """Create, update or keep the reminder of a due follow-up (and fold duplicates into it)."""
    opp_id = item.opp.id
    title, body = issue_title(item.opp, item.due), issue_body(item, settings, writer)
    if not found:
        by_hand = [i for i in closed if issue_due(i.get("title")) == item.due]
        if by_hand:
            return [
                Action(
                    kind=Do.STAY_CLOSED,
                    opp_id=opp_id,
                    number=by_hand[-1]["number"],
                    title=by_hand[-1].get("title"),
                    why="closed on GitHub; a reminder opens again when the due date changes",
                )
            ]
        return [Action(kind=Do.CREATE, opp_id=opp_id, title=title, body=body, why=f"due {item.due.isoformat()}")]
    issue = found[0]
    generated, _ = split_body(issue.get("body"))
    changed = [
        name for name, old, new in (("title", issue.get("title"), title), ("body", generated, body)) if old != new
    ]
    actions = [_put_right(issue, opp_id, title, body, changed)]
    for dup in found[1:]:
        actions.append(
            Action(
                kind=Do.CLOSE,
                opp_id=opp_id,
                number=dup["number"],
                title=dup.get("title"),
                comment=f"Closing: this reminder is a duplicate of #{issue['number']}.",
                why=f"duplicate of #{issue['number']}",
                state_reason="not_planned",
            )
        )
    return actions


def plan(pipeline, issues, settings: Settings, today: dt.date, automation, writer: Writer) -> list[Action]:
    """The actions that make our reminder issues match what is due today.

    ``automation``: the logins whose issues are ours; ``writer`` writes the bodies (the drafts, the links)."""
    items = due_items(pipeline.opportunities, settings, today, within_days=0)
    # At most `pace` overdue reminders, in catch-up's order; one more issue counts the rest.
    overdue = in_catch_up_order([i for i in items if i.due < today])
    beyond = {i.opp.id: i for i in overdue[settings.pace :]}
    due = {i.opp.id: i for i in items if i.opp.id not in beyond}
    open_, closed = _ours(issues, automation)
    actions: list[Action] = []
    for opp_id, item in due.items():
        actions += _for_due(item, open_.get(opp_id, []), closed.get(opp_id, []), settings, writer)
    actions += _overdue_count(list(beyond.values()), open_.pop(OVERDUE_ID, []), settings)
    known = _Known({o.id: o for o in pipeline.opportunities}, pipeline.broken_ids)
    for opp_id in sorted(set(open_) - set(due)):
        for issue in open_[opp_id]:
            actions.append(_for_not_due(opp_id, issue, beyond, known, settings, today))
    return actions


@dataclass(frozen=True)
class _Known:
    """The pipeline as the reminders look it up: opportunities by id, and the ids whose file is broken."""

    by_id: dict
    broken_ids: frozenset | set


def _for_not_due(opp_id, issue, beyond, known: _Known, settings: Settings, today: dt.date) -> Action:
    """What to do with an open reminder whose follow-up is not among today's: close it, or leave it."""
    if opp_id in beyond:
        return Action(
            kind=Do.CLOSE,
            opp_id=opp_id,
            number=issue["number"],
            title=issue.get("title"),
            comment=f"Closing: more than your pace ({settings.pace} a day) of follow-ups are overdue; "
            "this one is counted in the overdue issue. Run `catch-up` to spread them.",
            why=f"beyond the pace of {settings.pace}: counted in the overdue issue",
            state_reason="not_planned",
            # without "(due D)" at its end: a reminder closed by hand for a due date stays closed,
            # one closed for the pace opens again when it is back among the first `pace`
            retitle=re.sub(
                r"\s*\(due (\d{4}-\d{2}-\d{2})\)\s*$", r" (due \1, over the pace)", issue.get("title") or ""
            )[:MAX_TITLE]
            or None,
        )
    if opp_id in known.broken_ids:
        return Action(
            kind=Do.LEAVE,
            opp_id=opp_id,
            number=issue["number"],
            title=issue.get("title"),
            why="its file has errors, so it is left open (run `follow-through check`)",
        )
    opp = known.by_id.get(opp_id)
    why = why_not_due(opp, settings, today, issue_due(issue.get("title")))
    return Action(
        kind=Do.CLOSE,
        opp_id=opp_id,
        number=issue["number"],
        title=issue.get("title"),
        comment=f"Closing: this follow-up is no longer due ({md(why)}).",
        why=why,
        state_reason="not_planned" if opp is None else "completed",
    )


# The id of the one issue that counts the overdue follow-ups beyond the pace. A hidden file
# (`.overdue.yml`) is never an opportunity, so no opportunity can have this id.
OVERDUE_ID = ".overdue"


def overdue_count_body(rest: list[DueItem], settings: Settings) -> str:
    lines = [
        marker(OVERDUE_ID),
        "",
        f"### {len(rest)} more follow-up{'s are' if len(rest) != 1 else ' is'} overdue",
        "",
        f"Beyond your pace of {settings.pace} a day, these have no reminder of their own (one notification, "
        "not thirty). Spread them from today on, at most your pace a day: run "
        "`follow-through catch-up` (try `--dry-run` first) and push; the reminders follow.",
        "",
    ]
    lines += [f"- {md(i.opp.company)} — {md(i.opp.role)} (`{i.opp.id}`), due {i.due.isoformat()}" for i in rest[:50]]
    if len(rest) > 50:
        lines.append(f"- … and {len(rest) - 50} more")
    lines += ["", END_MARKER]
    return "\n".join(lines) + "\n"


def _overdue_count(rest: list[DueItem], found: list[dict], settings: Settings) -> list[Action]:
    """Create, update, keep or close the one issue that counts the overdue follow-ups beyond the pace."""
    if not rest:
        return [
            Action(
                kind=Do.CLOSE,
                opp_id=OVERDUE_ID,
                number=i["number"],
                title=i.get("title"),
                comment="Closing: no more follow-ups are overdue beyond your pace.",
                why="nothing beyond the pace",
            )
            for i in found
        ]
    title = f"Follow up: {len(rest)} more overdue follow-up{'s' if len(rest) != 1 else ''} (run catch-up)"
    body = overdue_count_body(rest, settings)
    if not found:
        return [Action(kind=Do.CREATE, opp_id=OVERDUE_ID, title=title, body=body, why=f"{len(rest)} beyond the pace")]
    issue = found[0]
    generated, _ = split_body(issue.get("body"))
    changed = (issue.get("title"), generated) != (title, body)
    return [_put_right(issue, OVERDUE_ID, title, body, ["the count changed"] * changed)]


def _put_right(issue, opp_id: str, title: str, body: str, changed: list[str]) -> Action:
    """UPDATE an issue of ours whose title or generated body (``changed``: what differs) or label is not
    right, its owner's own text kept below; else KEEP. A label taken off is put back."""
    _, own = split_body(issue.get("body"))
    relabel = not has_label(issue)
    if not changed and not relabel:
        return Action(kind=Do.KEEP, opp_id=opp_id, number=issue["number"], title=title, why="up to date")
    return Action(kind=Do.UPDATE, opp_id=opp_id, number=issue["number"], title=title, body=body + own,
                  why=", ".join(changed + ["label"] * relabel), relabel=relabel, edit=bool(changed))
