"""An issue asking for a new opportunity (pure): what it asks for, read from its title and body.

Three shapes, all from the repository's owner or a collaborator (checked by the shell), told
apart by the same test as the workflow's `if:` (``is_request``):

- a trimmed title that starts with `New:` in any letter case: `New: Acme Corp — Backend Engineer`
  (`—`, `–`, `-` or `|` between company and role); a job link in the body is the URL, any other
  text in the body the note;
- a trimmed title that is `New`, with a job posting's link as the body (GitHub Mobile);
- the "New opportunity" issue form (its label, ``FORM_LABEL``), read from the Markdown GitHub
  renders from it (`### Company`, `### Role`, … with `_No response_` for an empty field).

Any other issue is left alone, whatever its title or body ("New dashboard bug" is not a request).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from generator.core.records import OPEN_STAGES

FORM_LABEL = "new-opportunity"  # .github/ISSUE_TEMPLATE/new-opportunity.yml gives it
MAX_NOTE = 2000
MAX_NAME = 200
NO_RESPONSE = "_No response_"
URL = re.compile(r"<?(https?://[^\s<>()\[\]]+)>?", re.I)

# The form's field labels (normalised) → the request's fields.
FORM_FIELDS = {
    "company": "company",
    "role": "role",
    "jobpostingurl": "url",
    "url": "url",
    "joburl": "url",
    "link": "url",
    "contact": "contact",
    "stage": "stage",
    "note": "note",
    "notes": "note",
}


@dataclass(frozen=True)
class Request:
    """A new opportunity an issue asks for; company and role may come from the job page instead."""

    company: str | None = None
    role: str | None = None
    url: str | None = None
    contact: str | None = None
    stage: str | None = None
    note: str | None = None
    problem: str | None = None  # why it cannot be made as asked: the answer says so, the issue stays open


def _normal(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _clean(text: str | None, limit: int = MAX_NAME) -> str | None:
    if text is None:
        return None
    text = " ".join(text.replace("\u200b", "").split())
    return text[:limit] or None


def split_title(rest: str) -> tuple[str, str] | None:
    """'Acme Corp — Backend Engineer' → ('Acme Corp', 'Backend Engineer'); None without a separator."""
    for separator in (r"\s+[—–]\s+", r"\s*[—–]\s*", r"\s+\|\s+", r"\s*\|\s*", r"\s+-{1,2}\s+"):
        parts = re.split(separator, rest, maxsplit=1)
        if len(parts) == 2 and parts[0].strip() and parts[1].strip():
            return parts[0].strip(), parts[1].strip()
    return None


def form_fields(body: str) -> dict[str, str] | None:
    """The answers of an issue form, by field; None when the body is not one."""
    sections = re.split(r"(?m)^###[ \t]+(.+?)[ \t]*$", body)
    if len(sections) < 3:
        return None
    found: dict[str, str] = {}
    for label, answer in zip(sections[1::2], sections[2::2], strict=True):
        name = FORM_FIELDS.get(_normal(label))
        value = answer.strip()
        if name and value and value != NO_RESPONSE:
            found[name] = value
    labels = {FORM_FIELDS.get(_normal(label)) for label in sections[1::2]}
    return found if {"company", "role"} <= labels else None  # the form renders every field, answered or not


def _stage(text: str | None) -> tuple[str | None, str | None]:
    if not text:
        return None, None
    stage = _normal(text)
    if stage in OPEN_STAGES:
        return stage, None
    return None, f"'{_clean(text, 40)}' is not a stage; expected one of: {', '.join(OPEN_STAGES)}"


def is_request(title: str | None, labels=()) -> bool:
    """The gate, the same as the workflow's `if:`: the title `New`, or starting with `New:`, in any
    letter case (trimmed), or the issue form's label."""
    title = (title or "").strip().casefold()
    return title == "new" or title.startswith("new:") or FORM_LABEL in labels


def read_request(title: str | None, body: str | None, labels=()) -> Request | None:
    """What the issue asks for; None when it is not a request for a new opportunity."""
    if not is_request(title, labels):
        return None
    title = (title or "").strip()
    body = (body or "").replace("\r\n", "\n")
    form = form_fields(body) if FORM_LABEL in labels else None
    if form is not None:
        return _form_request(form)
    url_match = URL.search(body)
    url = url_match.group(1) if url_match else None
    note = (body[: url_match.start()] + body[url_match.end():]) if url_match else body
    if title.casefold() == "new":
        request = Request(url=url, note=note.strip()[:MAX_NOTE] or None)
        if not url:
            return _with_problem(request, "the title is New but the body holds no job link: put the job posting's "
                                          "link in the body, or title it like New: Acme Corp — Backend Engineer")
        return request
    rest = title[len("new:"):].strip() if title.casefold().startswith("new:") else ""
    names = split_title(rest)
    request = Request(
        company=_clean(names[0]) if names else None, role=_clean(names[1]) if names else None,
        url=url, note=note.strip()[:MAX_NOTE] or None,
    )
    if not names and not url:
        problem = ("the title names no company and role" if not _clean(rest) else
                   f"I could not tell the company from the role in '{_clean(rest)}'")
        return _with_problem(request, f"{problem}: write it like New: Acme Corp — Backend Engineer")
    return _complete(request)


def _form_request(form: dict) -> Request:
    url_match = URL.search(form.get("url", ""))
    stage, problem = _stage(form.get("stage"))
    request = Request(
        company=_clean(form.get("company")), role=_clean(form.get("role")),
        url=url_match.group(1) if url_match else None, contact=_clean(form.get("contact")), stage=stage,
        note=(form.get("note") or "").strip()[:MAX_NOTE] or None, problem=problem,
    )
    if form.get("url") and not url_match:
        request = _with_problem(request, f"'{_clean(form['url'], 80)}' is not a web link (http:// or https://)")
    return _complete(request)


def _with_problem(request: Request, problem: str) -> Request:
    return replace(request, problem=request.problem or problem)


def _complete(request: Request) -> Request:
    """Company and role must be there unless a job link can fill them in."""
    if not request.url and not (request.company and request.role):
        missing = " and ".join(w for w, v in (("the company", request.company), ("the role", request.role)) if not v)
        return _with_problem(request, f"{missing} is missing, and there is no job link to read it from")
    return request


# --- the event ------------------------------------------------------------------------------

TRUSTED = ("OWNER", "MEMBER", "COLLABORATOR")
ACTIONS = ("opened", "edited", "reopened")  # edited: the author fixed a title we could not read
MARKER = "<!-- follow-through:new-opportunity -->"  # in every answer; a created one adds the file


@dataclass(frozen=True)
class IssueDecision:
    act: bool
    why: str  # for the log, one line
    number: int | None = None
    author: str | None = None
    request: Request | None = None


def decide_issue(event) -> IssueDecision:
    """Act on an `issues` event or not (pure); the author's write permission is checked after, on GitHub."""
    if not isinstance(event, dict) or not isinstance(event.get("issue"), dict):
        return IssueDecision(False, "not an issues event")
    issue = event["issue"]
    number = issue.get("number") if isinstance(issue.get("number"), int) else None
    user = issue.get("user") if isinstance(issue.get("user"), dict) else {}
    author = user.get("login") if isinstance(user.get("login"), str) else None
    if event.get("action") not in ACTIONS:
        return IssueDecision(False, f"the issue was {event.get('action')}", number, author)
    if issue.get("pull_request") is not None:
        return IssueDecision(False, "a pull request", number, author)
    if issue.get("state") not in (None, "open"):
        return IssueDecision(False, f"#{number} is {issue.get('state')}", number, author)
    if user.get("type") == "Bot":
        return IssueDecision(False, f"#{number} was opened by a bot", number, author)
    association = issue.get("author_association")
    if association not in TRUSTED or not author:
        who = f"{author or 'the author'} ({association or 'no association'})"
        return IssueDecision(False, f"{who} may not add opportunities", number, author)
    title = issue.get("title") if isinstance(issue.get("title"), str) else ""
    body = issue.get("body") if isinstance(issue.get("body"), str) else ""
    labels = [label.get("name") for label in issue.get("labels") or () if isinstance(label, dict)]
    request = read_request(title, body, labels)
    if request is None:
        return IssueDecision(False, f"#{number} does not ask for a new opportunity", number, author)
    return IssueDecision(True, "a new opportunity", number, author, request)


def answered(comments, created_only: bool = False) -> bool:
    """Did an earlier run answer (or, with created_only, create the file for) this issue?"""
    for comment in comments:
        body = comment.get("body") if isinstance(comment, dict) else None
        if isinstance(body, str) and MARKER in body and (not created_only or body.startswith("Added ")):
            return True
    return False
