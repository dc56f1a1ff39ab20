"""`mail [SOURCE ...] [--dry-run] [--since D] [--today D]`: log what your mailbox says happened.

A SOURCE is an mbox file, a Maildir folder or a folder of `.eml` files; with none, the IMAP
account of `mail: imap:` (read-only; the password from FOLLOW_THROUGH_MAIL_PASSWORD only). The
judge (`generator/core/mail/`) decides what each message logs; the edits go through
`apply_file_change`, one safe edit per file; then `.follow-through/mail.json` moves on (IMAP
only). It prints what it logged per opportunity and what it listed for you to decide. In GitHub
Actions it prints counts only (no address, name or subject), writes them to the job summary,
and refuses to run at all in a public repository.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from email.utils import parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.adapters.edit.mail_changes import apply_file_change
from generator.adapters.github.gitpush import ATTEMPTS, Git, classify_push
from generator.adapters.mail.files import file_source, read_source
from generator.adapters.mail.state import next_state, read_state, state_path, write_state
from generator.adapters.mkdocs_config import read_today
from generator.adapters.opportunity_files import find_files, load_pipeline, opportunity_id
from generator.adapters.pages_push import repository_private
from generator.commands import EXIT_OK, EXIT_PROBLEMS, UserError, add_today, parse_date, settings_for
from generator.core.mail.mail_plan import plan_mail
from generator.core.mail.mail_records import RawMessage
from generator.core.mail.mail_settings import MailSettings
from generator.core.mail.match import build_index, worth_reading
from generator.core.problems import ActionFailed

PASSWORD_ENV = "FOLLOW_THROUGH_MAIL_PASSWORD"
FIRST_RUN_DAYS = 30  # a first IMAP run reads this far back unless --since says otherwise
SHOWN_MAX = 80  # a sender or subject shown on the terminal is cut to this many characters

LISTED_WHY = {
    "ambiguous": "ambiguous",
    "other-role": "a role you have not added",
    "no-opportunity": "no opportunity",
    "closed": "closed opportunity",
    "acknowledgement-no-opportunity": "no opportunity",
}


def configure(parser) -> None:
    parser.add_argument(
        "sources", metavar="SOURCE", nargs="*",
        help="an mbox file (Google Takeout's, Thunderbird's), a Maildir folder or a folder of .eml files; "
             "with none, the IMAP account in mkdocs.yml (mail: imap:), password from FOLLOW_THROUGH_MAIL_PASSWORD",
    )
    parser.add_argument("--dry-run", action="store_true", help="print what would be logged and listed; write nothing")
    parser.add_argument(
        "--since", type=parse_date, metavar="YYYY-MM-DD",
        help="read the messages from this day on (IMAP: again, whatever was read before; first run: 30 days back)",
    )
    parser.add_argument(
        "--push", metavar="REMOTE",
        help="commit what was logged (and .follow-through/mail.json) and push it to REMOTE's default branch "
             "(the mail.yml workflow)",
    )
    add_today(parser)


@dataclass
class Run:
    """One run's inputs, gathered before anything is judged or written."""

    settings: object
    today: dt.date
    ci: bool
    pipeline: object = None
    messages: list = field(default_factory=list)
    read_from: Counter = field(default_factory=Counter)  # source or folder → messages read
    reads: list = field(default_factory=list)  # IMAP FolderReads
    problems: list[str] = field(default_factory=list)
    edits_failed: int = 0  # files not changed: the state stays put, so the next run reads their messages again


def run(args) -> int:
    settings = settings_for(args)
    ci = os.environ.get("GITHUB_ACTIONS") == "true"
    if ci:
        _refuse_unless_private(os.environ.get("GITHUB_EVENT_PATH"))
    if args.push and args.dry_run:
        raise UserError("--push saves what mail logs: not with --dry-run")
    today = read_today(settings, args.today)
    this = Run(settings, today, ci)
    this.pipeline = _load_pipeline(settings, today)
    mail_settings, index = _judge(settings, this.pipeline.opportunities)
    if args.sources:
        _read_files(this, args.sources, args.since, index)
    else:
        _read_imap(this, args.since, index)
    if args.push:
        plan, applied, pushed = _push(this, mail_settings, args.push)
    else:
        (plan, applied, _), pushed = _settle(this, mail_settings, args.dry_run), None
    _print(this, plan, applied, args.dry_run)
    if pushed:
        print(f"pushed {pushed[:12]}")
    return EXIT_PROBLEMS if this.problems else EXIT_OK


def _settle(this: Run, mail_settings, dry_run: bool):
    """Judge what was read against the files as they are now, apply it, move the state on.

    (the plan, what was applied, the paths written). The state moves on only when every edit was saved:
    a file that could not be changed has its messages read again next time (refs keep them single)."""
    state = _state(this.settings)
    plan = plan_mail(this.messages, this.pipeline.opportunities, mail_settings, state, tz=_zone(this.settings),
                     today=this.today)
    applied = _apply(this, plan, dry_run)
    written = [a.path for a in applied if a.changed]
    if not dry_run and not this.edits_failed and _save_state(this, state, plan):
        written.append(state_path(this.settings.root))
    return plan, applied, written


def _push(this: Run, mail_settings, remote: str):
    """Save by push first (GitHub Actions): commit what was written, push; on a stale push, judge again on the
    new tip and push again, as the comment commands do. (plan, applied, the commit pushed or None)."""
    git = Git(this.settings.root, token=os.environ.get("GITHUB_TOKEN"))
    branch = _default_branch(os.environ.get("GITHUB_EVENT_PATH"))
    if git.run("status", "--porcelain", "--untracked-files=no").stdout.strip():
        raise UserError(f"the working copy in {this.settings.root} has uncommitted changes; not pushing over them")
    reason, read_problems = "the push was refused", list(this.problems)  # a missing folder stays said
    for attempt in range(1, ATTEMPTS + 1):
        if attempt > 1:
            git.run("fetch", "--quiet", remote, branch)
            git.run("reset", "--quiet", "--hard", "FETCH_HEAD")
            this.pipeline, this.edits_failed = _load_pipeline(this.settings, this.today), 0
            this.problems = list(read_problems)
        plan, applied, written = _settle(this, mail_settings, dry_run=False)
        if written:
            git.run("add", "--", *(str(p) for p in written))
        if not written or not git.run("diff", "--cached", "--name-only").stdout.strip():
            return plan, applied, None
        git.run(*git.identity(), "commit", "--quiet", "--message", _commit_message(counts(this, plan, applied)))
        pushed = git.run("push", "--porcelain", remote, f"HEAD:refs/heads/{branch}", check=False)
        if pushed.returncode == 0:
            return plan, applied, git.run("rev-parse", "HEAD").stdout.strip()
        refusal = classify_push(pushed.stderr + "\n" + pushed.stdout)
        reason = refusal.reason
        if not refusal.stale:
            break
    raise ActionFailed(f"nothing was saved: the push to {branch} was refused ({reason}); the next run reads the "
                       "same messages again")


def _default_branch(event_path: str | None) -> str:
    try:
        event = json.loads(Path(event_path).read_text(encoding="utf-8")) if event_path else {}
    except (OSError, ValueError):
        event = {}
    branch = (event.get("repository") or {}).get("default_branch") if isinstance(event, dict) else None
    return branch if isinstance(branch, str) and branch else "main"


def _commit_message(numbers: dict) -> str:
    """Counts only: a commit message is as public as the repository's history."""
    return (f"mail: {numbers['entries']} entries on {numbers['opportunities']} opportunities, "
            f"{numbers['contacts']} contacts added (follow-through mail)")


# --- before reading -------------------------------------------------------------------------


def _refuse_unless_private(event_path: str | None) -> None:
    """In GitHub Actions, only a private repository's workflow may read mail: its log and commits are not public."""
    private = repository_private(event_path)
    if private is True:
        return
    if private is False:
        raise UserError("mail refuses to run in a public repository's workflow: its logs and the entries it "
                        "commits would be public; make the repository private (guide/mail.md)")
    raise UserError("mail cannot tell whether this repository is private (no repository.private in the event "
                    "file GITHUB_EVENT_PATH), so it does not run: a public repository's logs are public")


def _load_pipeline(settings, today):
    pipeline = load_pipeline(settings.pipeline_path, today, base=settings.root)
    if pipeline.errors:
        raise UserError(f"{len(pipeline.errors)} problem(s) in {settings.pipeline_dir}/ (run follow-through check): "
                        "mail does not log anything until every file reads, so no message is matched to the "
                        "wrong opportunity")
    return pipeline


def _judge(settings, opportunities):
    """The judge's settings and its index of the opportunities (for the cheap test of a message's header)."""
    mail_settings = MailSettings(me=settings.mail.me, ignore=settings.mail.ignore)
    return mail_settings, build_index(opportunities, mail_settings)


def _zone(settings):
    return ZoneInfo(settings.timezone)


# --- reading ------------------------------------------------------------------------------


def header_of(data: bytes) -> bytes:
    """The header block of a message (up to and with the first empty line)."""
    ends = [i for i in (data.find(b"\r\n\r\n"), data.find(b"\n\n")) if i >= 0]
    if not ends:
        return data
    end = min(ends)
    return data[: end + (4 if data[end:end + 4] == b"\r\n\r\n" else 2)]


def _sent_before(header: bytes, since: dt.date | None, zone) -> bool:
    """A message dated before --since (a file source); one without a readable Date is kept."""
    if since is None:
        return False
    try:
        date = parsedate_to_datetime(str(BytesHeaderParser().parsebytes(header).get("Date", "")))
    except (TypeError, ValueError, IndexError):
        return False
    if date.tzinfo is None:
        return date.date() < since
    return date.astimezone(zone).date() < since


def _read_files(this: Run, names: list[str], since: dt.date | None, index) -> None:
    zone = _zone(this.settings)
    for source in [file_source(name) for name in names]:  # every name checked before any is read
        for message in read_source(source):
            header = header_of(message.data)
            if _sent_before(header, since, zone):
                continue
            this.read_from[source.name] += 1
            if worth_reading(header, index):
                this.messages.append(message)
            else:
                this.messages.append(RawMessage(message.source, header, headers_only=True))


def _read_imap(this: Run, since: dt.date | None, index) -> None:
    # Imported here: IMAPClient (with ssl) is about 60 ms of start-up that reading an mbox, a Maildir or .eml
    # files would pay for nothing.
    from generator.adapters.mail.imap import ReadWindow, connect, read_folders

    imap = this.settings.mail.imap
    if imap is None:
        raise UserError("nothing to read: name an mbox file, a Maildir folder or a folder of .eml files, or set "
                        "mail: imap: {host: ..., user: ...} under the follow-through plugin in mkdocs.yml")
    password = os.environ.get(PASSWORD_ENV)
    if not password:
        raise UserError(f"{PASSWORD_ENV} is not set: the IMAP password (an app password: guide/mail.md) comes from "
                        "this environment variable only")
    window = ReadWindow(since or this.today - dt.timedelta(days=FIRST_RUN_DAYS), since is not None, this.today)
    client = connect(imap, password, this.settings.root)
    try:
        this.reads = read_folders(client, imap.folders, _state(this.settings), window,
                                  lambda header: worth_reading(header, index))
    finally:
        _logout(client)
    for read in this.reads:
        if read.missing:
            this.problems.append(f"IMAP folder '{_clean(read.name)}' does not exist on {imap.host} "
                                 "(mail: imap: folders); the other folders were read")
        this.read_from[read.name] += len(read.messages)
        this.messages.extend(read.messages)


def _logout(client) -> None:
    try:
        client.logout()
    except Exception:  # a dropped connection has nothing left to log out of
        client.shutdown()


def _state(settings):
    return read_state(state_path(settings.root))


def _save_state(this: Run, state, plan) -> bool:
    """Write the state when it changed (a file run keeps only the calendar events' SEQUENCEs); True if written."""
    new = next_state(state, this.reads, set(plan.unplaced), plan.events, this.today)
    path = state_path(this.settings.root)
    if new == state and path.exists():
        return False
    if not new.folders and not new.events and not path.exists():
        return False  # nothing to remember: no file for an mbox run that found no calendar event
    write_state(path, new)
    return True


# --- writing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Applied:
    change: object
    shown: str
    error: str | None = None
    path: Path | None = None
    changed: bool = False


def _apply(this: Run, plan, dry_run: bool) -> list[Applied]:
    """Each FileChange applied to its file in one safe edit (checked, not written, with --dry-run)."""
    pipeline_dir = this.settings.pipeline_path
    paths = {opportunity_id(p, pipeline_dir): p for p in find_files(pipeline_dir)}
    done = []
    for change in plan.changes:
        opp = this.pipeline.get(change.opportunity_id)
        path = paths.get(change.opportunity_id)
        shown = opp.path if opp else change.opportunity_id
        if opp is None or path is None:
            done.append(Applied(change, shown, "the opportunity's file is gone"))
            this.edits_failed += 1
            continue
        try:
            result = apply_file_change(path, opp, change, dry_run=dry_run)
        except UserError as exc:
            done.append(Applied(change, shown, str(exc)))
            this.problems.append(f"{shown}: not changed: {exc}")
            this.edits_failed += 1
            continue
        done.append(Applied(change, shown, path=path, changed=bool(getattr(result, "changed", True))))
    return done


# --- output -------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]+")


def _clean(text: str, limit: int = SHOWN_MAX) -> str:
    """A message's words on the terminal: one line, no control or direction characters, bounded."""
    text = " ".join(_CONTROL.sub(" ", str(text)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def entry_line(entry, dry_run: bool) -> str:
    verb = "would log" if dry_run else "logged"
    who = f" with {_clean(entry.with_)}" if entry.with_ else ""
    return f"  {verb} {entry.date} {entry.type}{who}" + (f" ({entry.note})" if entry.note else "")


def change_lines(change, dry_run: bool) -> list[str]:
    """What one FileChange does, a line each (the user's own terminal: names are shown)."""
    add, move, turn = ("would add", "would move", "would turn") if dry_run else ("added", "moved", "turned")
    lines = [entry_line(e, dry_run) for e in change.add_entries]
    lines += [f"  {add} its ref to the entry on line {a.line} (logged by hand)" for a in change.add_refs]
    lines += [f"  {move} the planned conversation to {r.date}" for r in change.redate]
    lines += [f"  {turn} the planned conversation into a note on {n.date} ({n.note})" for n in change.to_notes]
    lines += [f"  {add} the contact {_clean(c.name)} <{_clean(c.email)}>" for c in change.add_contacts]
    return lines


def _n(count: int, word: str) -> str:
    if count == 1:
        return f"{count} {word}"
    return f"{count} {word[:-1]}ies" if word.endswith("y") else f"{count} {word}s"


def listed_line(item) -> str:
    where = f" ({', '.join(item.opportunity_ids)})" if item.opportunity_ids else ""
    why = LISTED_WHY.get(item.kind, item.kind)
    return (f"  {item.date} {why}{where}: {_clean(item.sender, 60)}: \"{_clean(item.subject)}\""
            f" — {_clean(item.reason, 160)}")


def counts(this: Run, plan, applied: list[Applied]) -> dict[str, object]:
    done = [a for a in applied if a.error is None]
    return {
        "read": sum(this.read_from.values()),
        "entries": sum(len(a.change.add_entries) for a in done),
        "refs": sum(len(a.change.add_refs) for a in done),
        "opportunities": len({a.change.opportunity_id for a in done}),
        "contacts": sum(len(a.change.add_contacts) for a in done),
        "listed": Counter(LISTED_WHY.get(i.kind, i.kind) for i in plan.listed),
        "skipped": Counter({k: v for k, v in plan.skipped.items() if v}),
        "failed": len(applied) - len(done),
    }


def summary_line(numbers: dict, dry_run: bool) -> str:
    def spread(counter: Counter) -> str:
        return f" ({', '.join(f'{k} {v}' for k, v in counter.most_common())})" if counter else ""

    log, add = ("would log", "would add") if dry_run else ("logged", "added")
    line = (f"mail: {_n(numbers['read'], 'message')} read; {log} {_n(numbers['entries'], 'entry')} on "
            f"{_n(numbers['opportunities'], 'opportunity')}")
    if numbers["refs"]:
        line += f", {add} {_n(numbers['refs'], 'ref')} to entries logged by hand"
    if numbers["contacts"]:
        line += f", {add} {_n(numbers['contacts'], 'contact')}"
    listed, skipped = numbers["listed"], numbers["skipped"]
    line += f"; {sum(listed.values())} listed{spread(listed)}; {sum(skipped.values())} skipped{spread(skipped)}"
    if numbers["failed"]:
        line += f"; {_n(numbers['failed'], 'file')} not changed"
    return line


def _print(this: Run, plan, applied: list[Applied], dry_run: bool) -> None:
    numbers = counts(this, plan, applied)
    out: list[str] = []
    if not this.ci:
        for item in applied:
            if item.error is None:
                out.append(f"{item.change.opportunity_id} ({item.shown})")
                out.extend(change_lines(item.change, dry_run))
        if plan.listed:
            out.append("listed, not logged (yours to decide: follow-through log ID TYPE, or add the opportunity):")
            out.extend(listed_line(item) for item in sorted(plan.listed, key=lambda i: (i.date, i.kind)))
    out.append(summary_line(numbers, dry_run))
    if not this.settings.mail.me:  # without it, your own sent mail is nobody's: never a touch
        out.append("note: mail: me: is not set in mkdocs.yml, so your own sent follow-ups are not told from "
                   "theirs (guide/mail.md)")
    sys.stdout.write("\n".join(out) + "\n")
    for problem in this.problems:
        print(f"error: {problem}" if not this.ci else f"::error::{_ci_problem(problem)}", file=sys.stderr)
    if this.ci:
        _job_summary(numbers, dry_run)


def _ci_problem(problem: str) -> str:
    """A problem in a CI log: a missing folder's name or a file's error could carry names, so counts only."""
    return "a folder in mail: imap: folders does not exist" if problem.startswith("IMAP folder") else (
        "an opportunity file could not be changed (run mail on your machine to see which)")


def _job_summary(numbers: dict, dry_run: bool) -> None:
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    rows = [("messages read", numbers["read"]), ("entries " + ("to log" if dry_run else "logged"), numbers["entries"]),
            ("opportunities", numbers["opportunities"]), ("refs added", numbers["refs"]),
            ("contacts added", numbers["contacts"])]
    rows += [(f"listed: {k}", v) for k, v in numbers["listed"].most_common()]
    rows += [(f"skipped: {k}", v) for k, v in numbers["skipped"].most_common()]
    text = "### Mail\n\n| | count |\n| --- | ---: |\n" + "".join(f"| {k} | {v} |\n" for k, v in rows)
    text += "\nListed messages are shown only by `follow-through mail --dry-run` on your own machine.\n"
    with Path(path).open("a", encoding="utf-8") as out:
        out.write(text)
