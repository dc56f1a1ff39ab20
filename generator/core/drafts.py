"""Draft messages for follow-ups: pure, beside the schedule.

``Drafter(settings).draft(opp, followup)`` picks the template of the touch
(``first-contact``, ``thank-you``, ``value-add``, ``check-in``,
``share-update``), fills it from the opportunity and returns a ``Draft``:
a subject and a plain-text body. Templates are Jinja, rendered in a sandbox
(a template is the user's code, but it gets only plain values and cannot reach
Python). The user's own template in ``overrides/messages/<touch>.md`` wins over
the built-in default in ``generator/messages/``; a user's template with an
error is reported as a located problem (``overrides/messages/check-in.md:3:
...``) and the default is used, so a draft is always there. The texts arrive
as a ``MessageTemplates`` (``adapters/message_templates.py`` reads the files).

Every value from the YAML is flattened to one line and cut to a few words, so
no contact name, note or idea can push a default draft past the word limit.
Drafts are text: the site escapes them like any other user text.
"""

from __future__ import annotations

import datetime as dt
import re
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

from generator.core.problems import WARNING, Problem
from generator.core.records import Contact, Location, LogEntry, Opportunity
from generator.core.schedule import Followup
from generator.core.settings import MESSAGES_DIR

TOUCHES = ("first-contact", "thank-you", "value-add", "check-in", "share-update")
BUILTIN_SHOWN = "generator/messages"  # where the built-in templates are, as a problem names them
WORD_LIMIT = 120  # a draft (subject and body) stays under it
BANNED = ("just checking in", "as per my last email", "circling back", "bump")
_BANNED_RE = re.compile(
    r"\b(?:" + "|".join(r"\s+".join(map(re.escape, b.split())) for b in BANNED) + r")\b", re.IGNORECASE
)
_HONORIFICS = {"dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mx", "mx.", "prof", "prof.", "sir"}
_MAX_OUTPUT = 10_000  # characters: a user's template that writes more is an error, not a draft
_OPENERS = ("applied", "outreach")  # touches that start a thread rather than follow one up

# How many words of each value a draft may quote.
WORDS = {"name": 4, "company": 6, "role": 8, "topic": 12, "idea": 30, "user": 5, "signature": 15}


class TemplateProblem(Problem):
    """A problem in a message template: ``path:line: message`` (templates have no columns)."""

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == WARNING else ""
        return f"{self.loc.path}:{self.loc.line}: {prefix}{self.message}"


@dataclass(frozen=True)
class Draft:
    touch: str
    number: int  # the follow-up number: 1 for the first since their last answer
    subject: str
    body: str
    contact: Contact | None = None  # whom it is for
    template: str = ""  # the template used, as a path

    @property
    def text(self) -> str:
        """The draft as one text, as `draft` prints it and the copy button copies it."""
        return f"Subject: {self.subject}\n\n{self.body}\n"

    @property
    def words(self) -> int:
        return len(self.subject.split()) + len(self.body.split())

    def mailto(self, email: str) -> str:
        """A mailto: link with the subject and body, every part percent-encoded (RFC 6068)."""
        body = self.body.replace("\r\n", "\n").replace("\n", "\r\n")
        return (
            f"mailto:{quote(email.strip(), safe='@')}"
            f"?subject={quote(self.subject, safe='')}&body={quote(body, safe='')}"
        )


# --- the values a template gets ------------------------------------------------------------

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\(\s*([^)\s]*)[^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`|~~)(?=\S)(.+?)(?<=\S)\1")


_MARKS = re.compile(r"[*_`~\[!#>+-]|^\s*\d+[.)]\s", re.MULTILINE)
_LIST_MARK = re.compile(r"^\s*(#+|[-*+>]|\d+[.)])\s+", re.MULTILINE)


def plain(text, words: int) -> str:
    """User text as one line of plain text: Markdown marks dropped, at most ``words`` words."""
    if not text:
        return ""
    value = str(text)
    if _MARKS.search(value):
        value = _MD_LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})" if m.group(2) else m.group(1), value)
        value = _MD_EMPHASIS.sub(r"\2", value)
        value = _LIST_MARK.sub("", value)
    parts = value.split()
    value = " ".join(parts)
    if not value.isprintable():  # control and format characters (bidi overrides, ...) go
        value = "".join(c for c in value if c.isprintable())
    if _BANNED_RE.search(value):
        value = " ".join(_BANNED_RE.sub(" ", value).split())
    parts = value.split(" ", words)
    if len(parts) > words:
        parts = parts[:words]
        parts[-1] = parts[-1].rstrip(",;:.") + "…"
    return " ".join(parts)[:400]


def sentence(text) -> str:
    """A note or idea as a clause: no full stop at the end (the template adds its own)."""
    return text.rstrip(" .!;:,") if text else ""


def without_stop(text: str) -> str:
    """A value that sits mid-sentence ("the ... role at"): a final full stop goes, unless it ends an
    abbreviation ("Sr.", "S.A.")."""
    last = text.rsplit(" ", 1)[-1]
    if text.endswith(".") and len(last) > 4 and "." not in last[:-1]:
        return text.rstrip(".").rstrip()
    return text


def first_name(name: str) -> str:
    """The word to greet someone by: honorifics skipped, punctuation around it dropped ("" when none)."""
    parts = [p.strip(_NOT_NAME) for p in re.split(r"[\s,;:/|]+", name)]
    parts = [p for p in parts if any(c.isalnum() for c in p)]
    while len(parts) > 1 and (parts[0].casefold() in _HONORIFICS or parts[0].casefold() + "." in _HONORIFICS):
        parts = parts[1:]
    if parts and parts[0].casefold() + "." in _HONORIFICS:
        return ""  # "Dr." alone names nobody to greet
    return parts[0] if parts else ""


_NOT_NAME = ".,;:!?\"'()[]{}<>«»“”‘’/\\|*_`~#@&%+=^-–—…"


def greeting(person) -> str:
    """"Hi Jane," for someone named; the hiring team when nobody is; never "Hello ,"."""
    if person is None or not person.first_name:  # nobody named, or only "Dr." / "—"
        return "Dear hiring team,"
    return f"Hi {person.first_name},"


# Sentence marks a template adds after a value that already ends in one ("Stripe, Inc." + ".").
_DOUBLED_STOP = re.compile(r"(?<=[.!?…])\.+(?=[\s)]|$)")
_COMMA_THEN_MARK = re.compile(r",+(?=[.,!?])")
_SPACE_BEFORE_MARK = re.compile(r"[ \t]+(?=[,.!?](?:\s|$))")


def tidy(text: str) -> str:
    """A draft as sent: no doubled punctuation where a value met the template's own mark."""
    return _SPACE_BEFORE_MARK.sub("", _COMMA_THEN_MARK.sub("", _DOUBLED_STOP.sub("", text)))


def day_text(date: dt.date) -> str:
    return f"{date.day} {date.strftime('%B')}"


@dataclass(frozen=True)
class PersonView:
    name: str
    first_name: str
    role: str


# How a draft names a log entry: "Since the interview on 18 November", "Thank you for the call".
WHAT = {
    "applied": "my application", "outreach": "my message", "follow-up": "my follow-up",
    "thank-you": "my thank-you note", "value-add": "my note with an idea",
    "screen": "the screening call", "interview": "the interview", "meeting": "the meeting", "call": "the call",
    "reply": "your reply", "offer": "your offer", "rejection": "your answer",
}


@dataclass(frozen=True)
class EntryView:
    type: str
    what: str  # "the interview", "your reply", "my application"
    date: dt.date
    day: str  # "18 November"
    weekday: str  # "Tuesday"
    when: str  # "on Tuesday" within six days of the send day, else "on 18 November" ("today", "yesterday")
    days_ago: int  # days between it and the day the draft is to be sent
    topic: str  # what you talked about, one line read after "about"; "" when none (never the private note)
    with_: str
    channel: str


@dataclass(frozen=True)
class UserView:
    name: str
    signature: str


LATE_THANKS = 4  # days: a thank-you sent later than this says so
# The sign-off when mkdocs.yml names nobody (`user: {name: ...}`): a blank to fill, not "Thank you," and nothing.
NO_NAME = "[Your name: set user: in mkdocs.yml]"
SIGNATURE_LINES = 4


def plain_lines(text, words: int) -> str:
    """A signature: each line plain text (``plain``), its line breaks kept; at most SIGNATURE_LINES lines
    and ``words`` words in all."""
    if not text:
        return ""
    lines, left = [], words
    for line in str(text).replace("\r\n", "\n").split("\n"):
        value = plain(line, left) if left > 0 else ""
        if value:
            lines.append(value)
            left -= len(value.split())
        if len(lines) == SIGNATURE_LINES:
            break
    return "\n".join(lines)


def when_text(date: dt.date, send_day: dt.date) -> str:
    """How a message sent on ``send_day`` names ``date``: a weekday only within six days."""
    days = (send_day - date).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if 1 < days <= 6:
        return f"on {date.strftime('%A')}"
    return f"on {day_text(date)}"


def _entry_view(entry: LogEntry | None, send_day: dt.date) -> EntryView | None:
    if entry is None:
        return None
    return EntryView(
        type=entry.type,
        what=WHAT.get(entry.type, entry.type),
        date=entry.date,
        day=day_text(entry.date),
        weekday=entry.date.strftime("%A"),
        when=when_text(entry.date, send_day),
        days_ago=(send_day - entry.date).days,
        topic=sentence(plain(entry.topic, WORDS["topic"])),
        with_=plain(entry.with_, WORDS["name"]),
        channel=entry.channel or "",
    )


def followup_number(log: tuple[LogEntry, ...]) -> int:
    """1 for the first follow-up since their last answer (or since you applied), 2 for the next, ..."""
    touches = 0
    for entry in reversed(log):
        if entry.type == "note":
            continue
        if entry.direction != "outbound":
            break
        touches += 1
    return max(touches, 1)


def context(opp: Opportunity, followup: Followup, user_name: str | None = None,
            signature: str | None = None, today: dt.date | None = None) -> dict:
    """Everything a message template can use (see guide/drafts-and-insight.md).

    Relative words are for the day the draft is to be sent: its due date, or ``today`` when it is
    overdue. Nothing private is here: no ``note`` of an entry, no ``notes`` of the file."""
    send_day = max(followup.due, today) if today is not None else followup.due
    log = tuple(e for e in opp.log if e.type != "note")
    contact = opp.contact(followup.contact) if followup.contact else None
    if contact is None and followup.contact:
        contact = Contact(followup.contact)
    person = None
    if contact is not None:
        name = plain(contact.name, WORDS["name"])
        person = PersonView(name, first_name(name), plain(contact.role, WORDS["role"]))
    conversation = next((e for e in reversed(log) if e.direction in ("two-way", "inbound")), None)
    touch = next((e for e in reversed(log) if e.direction == "outbound"), None)
    applied = next((e for e in reversed(log) if e.type in _OPENERS), None)
    return {
        "touch": followup.touch,
        "greeting": greeting(person),
        "number": followup_number(log) if followup.touch not in ("first-contact", "thank-you") else 1,
        "contact": person,
        "company": plain(opp.company, WORDS["company"]),
        "role": without_stop(plain(opp.role, WORDS["role"])),
        "last": _entry_view(conversation, send_day),
        "last_touch": _entry_view(touch, send_day),
        "applied": _entry_view(applied, send_day),
        "late": LATE_THANKS,
        "conversations": sum(1 for e in log if e.direction == "two-way"),
        "idea": sentence(plain(followup.idea, WORDS["idea"])),
        "user": UserView(plain(user_name, WORDS["user"]) or NO_NAME, plain_lines(signature, WORDS["signature"])),
        "due": followup.due,
        "send_day": send_day,
    }


# --- templates ------------------------------------------------------------------------------


def _environment():
    # Jinja is imported where a template is compiled (here and in the error helpers below): 30 ms of start-up
    # that check (without templates of the user's), remind and the GitHub commands would pay for nothing.
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

    class Sandbox(ImmutableSandboxedEnvironment):
        """No huge strings or numbers either: ``"x" * 10**9`` is refused, not computed."""

        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context, operator, left, right):
            sizes = [len(v) for v in (left, right) if isinstance(v, (str, list, tuple))]
            counts = [abs(v) for v in (left, right) if isinstance(v, int)]
            if operator == "*" and sizes and counts and max(sizes) * max(counts) > _MAX_OUTPUT:
                raise SecurityError(f"'{operator}' would make more than {_MAX_OUTPUT:,} characters")
            if operator == "**" and counts and max(counts) > 1000:
                raise SecurityError("'**' with numbers that large is not allowed in a message")
            return super().call_binop(context, operator, left, right)

    env = Sandbox(
        autoescape=False,  # drafts are plain text; the site escapes them where they are shown
        undefined=StrictUndefined,  # a misspelt name is an error with a line, not a blank
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["day"] = lambda d: day_text(d) if isinstance(d, dt.date) else str(d)
    return env


def _line_of(exc: BaseException, filename: str) -> int:
    """The template line a render error happened on (Jinja rewrites tracebacks to point at it)."""
    line = getattr(exc, "lineno", None)
    if line:
        return line
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename == filename and frame.lineno:
            return frame.lineno
    return 1


def split_subject(text: str) -> tuple[str, str] | None:
    """A rendered template's first line ``Subject: ...`` and the body after it; None without one."""
    lines = text.strip("\n").splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines or not lines[0].lower().startswith("subject:"):
        return None
    subject = " ".join(lines[0].split(":", 1)[1].split())
    body = "\n".join(line.rstrip() for line in lines[1:]).strip("\n")
    body = re.sub(r"\n{3,}", "\n\n", body)
    return subject, body


@dataclass(frozen=True)
class MessageTemplates:
    """The texts of the message templates, by touch: the built-in defaults, the user's own (their
    ``overrides/messages/<touch>.md``) and why a user's file could not be read (not UTF-8, ...)."""

    builtin: Mapping[str, str]
    own: Mapping[str, str] = field(default_factory=dict)
    unreadable: Mapping[str, str] = field(default_factory=dict)


@dataclass
class _Template:
    shown: str  # the path as the user sees it; also the name the compiled template reports errors under
    compiled: object = None
    problem: Problem | None = None


@dataclass
class Drafter:
    """Renders drafts with one compiled template per touch; keeps the problems it met.

    ``templates``: the texts (``adapters.message_templates.drafter_for`` reads them for a project).
    """

    templates: MessageTemplates
    user_name: str | None = None
    signature: str | None = None
    problems: list[Problem] = field(default_factory=list)
    today: dt.date | None = None  # relative words are for max(due, today): the day a draft is sent

    def __post_init__(self):
        self._env = None
        self._templates: dict[tuple[str, bool], _Template] = {}

    @classmethod
    def for_settings(cls, settings, templates: MessageTemplates, today: dt.date | None = None) -> Drafter:
        """``today``: the day drafts are made for (the site's build day, `draft --today`, `remind`'s day);
        the same day gives the same text everywhere."""
        user = getattr(settings, "user", None)
        return cls(templates, getattr(user, "name", None), getattr(user, "signature", None), today=today)

    def template_problems(self) -> list[Problem]:
        """What is wrong in the user's templates as written (`check`); render errors show when drafting."""
        for touch in TOUCHES:
            self._compile(touch, own=True)
        return list(self.problems)

    def _compile(self, touch: str, own: bool) -> _Template:
        key = (touch, own)
        if key in self._templates:
            return self._templates[key]
        shown = f"{MESSAGES_DIR}/{touch}.md" if own else f"{BUILTIN_SHOWN}/{touch}.md"
        template = _Template(shown)
        self._templates[key] = template
        if own and touch in self.templates.unreadable:
            self._problem(template, 1, f"{self.templates.unreadable[touch]}; the default draft is used")
            return template
        source = (self.templates.own if own else self.templates.builtin).get(touch)
        if source is None:
            return template  # no template of the user's: the default serves
        # Jinja here, as in _environment(): 22 to 30 ms that remind and the GitHub commands would pay for nothing
        from jinja2 import TemplateError

        if self._env is None:
            self._env = _environment()
        try:
            private = _private_names(self._env, source)
            if private:
                line, name = private
                self._problem(template, line, f"quotes '{name}', which is private (for you alone, never "
                                              "sent): use 'topic' instead; the default draft is used")
                return template
            code = self._env.compile(source, name=shown, filename=shown)
            template.compiled = self._env.template_class.from_code(self._env, code, self._env.globals)
        except TemplateError as exc:
            self._problem(template, _line_of(exc, shown), f"{_message(exc)}; the default draft is used")
        return template

    def _problem(self, template: _Template, line: int, message: str) -> None:
        template.problem = TemplateProblem(Location(template.shown, line, 1), message, WARNING)
        template.compiled = None
        self.problems.append(template.problem)

    def _render(self, template: _Template, values: dict) -> tuple[str, str] | None:
        try:
            text = template.compiled.render(values)
        except Exception as exc:
            self._problem(template, _line_of(exc, template.shown), f"{_message(exc)}; the default draft is used")
            return None
        if len(text) > _MAX_OUTPUT:
            self._problem(template, 1, f"writes {len(text):,} characters, too long for a message; "
                                      "the default draft is used")
            return None
        parts = split_subject(text)
        if parts is not None:
            parts = (tidy(parts[0]), tidy(parts[1]))
        if parts is None:
            self._problem(template, 1, "the first line must be the subject, like 'Subject: Thank you'; "
                                      "the default draft is used")
        return parts

    def draft(self, opp: Opportunity, followup: Followup, today: dt.date | None = None) -> Draft:
        touch = followup.touch if followup.touch in TOUCHES else "check-in"
        values = context(opp, followup, self.user_name, self.signature, today or self.today)
        for own in (True, False):
            template = self._compile(touch, own)
            if template.compiled is None:
                continue
            parts = self._render(template, values)
            if parts is not None:
                contact = opp.contact(followup.contact) if followup.contact else None
                return Draft(touch, values["number"], parts[0], parts[1], contact, template.shown)
        raise RuntimeError(f"the built-in template {touch}.md is broken")  # tests keep this from happening


PRIVATE_NAMES = ("note", "notes")


def _private_names(env, source: str) -> tuple[int, str] | None:
    """(line, name) of the first place a template reads a `note` or `notes` (private), else None.

    Read from the parsed template, so a word "note" in the text itself is fine; a syntax error is
    left for the compiler to report."""
    # Jinja here, as in _environment(): 22 to 30 ms that remind and the GitHub commands would pay for nothing
    from jinja2 import TemplateSyntaxError, nodes

    try:
        tree = env.parse(source)
    except TemplateSyntaxError:
        return None
    found = []
    for node in tree.find_all((nodes.Name, nodes.Getattr, nodes.Getitem)):
        if isinstance(node, nodes.Name):
            name = node.name
        elif isinstance(node, nodes.Getattr):
            name = node.attr
        else:
            name = node.arg.value if isinstance(node.arg, nodes.Const) else None
        if isinstance(name, str) and name in PRIVATE_NAMES:
            found.append((node.lineno, name))
    return min(found) if found else None


def _message(exc: BaseException) -> str:
    # Jinja here, as in _environment(): 22 to 30 ms that remind and the GitHub commands would pay for nothing
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    text = str(getattr(exc, "message", None) or exc).strip().rstrip(".") or type(exc).__name__
    if isinstance(exc, UndefinedError):
        return f"{text} (see the names a template can use in the README)"
    if isinstance(exc, (TemplateSyntaxError, SecurityError)):
        return text
    return f"{type(exc).__name__}: {text}"
