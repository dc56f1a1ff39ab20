"""Time `mail` as a user runs it (a fresh process): over a big mbox export, and over IMAP with nothing new.

    .venv/bin/python bench/mail_bench.py [MESSAGES [OPPORTUNITIES]]     # default 10,000 and 200

1. `mail --dry-run export.mbox` over MESSAGES messages (newsletters, mail with friends, and one
   in 25 from the opportunities' people and applicant trackers). Target
   (issue 24): 10,000 messages in under 10 s on 2 cores.
2. `mail` over IMAP against a Dovecot on loopback (TLS; what the tests start) holding MESSAGES
   messages in INBOX, once read: the run with nothing new. Target: under 2 s. Also the first
   run over the last 30 days' messages (headers first, bodies only of those worth reading).

Prints wall-clock and CPU time of each run; on a shared machine the CPU time says what mail costs.
"""

from __future__ import annotations

import datetime as dt
import mailbox
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.mail.dovecot import Dovecot  # noqa: E402 (the tests' own Dovecot, started the same way)

TODAY = dt.date(2026, 12, 7)
NOW = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)
PARAGRAPH = ("We wanted to share a few updates from the team this week, with links and a short summary of "
             "each one, so you can catch up over coffee. ") * 12


def opportunity(i: int) -> str:
    return (f"company: Company{i} Labs\nrole: Engineer {i % 7}\nurl: https://careers.company{i}.example/jobs/{i}\n"
            f"contacts:\n  - name: Person {i}\n    email: person{i}@company{i}.example\n"
            f"log:\n  - {{date: 2026-10-{1 + i % 28:02d}, type: applied}}\n")


def message(n: int, opportunities: int) -> bytes:
    """One in 25 concerns an opportunity (a contact's reply, a tracker naming the company); 40% are newsletters,
    the rest mail with friends: a mailbox of a job search among everything else."""
    msg = EmailMessage()
    when = NOW - dt.timedelta(minutes=7 * n)
    kind, i = n % 50, (n // 50) % opportunities
    if kind == 0:
        msg["From"] = f"Person {i} <person{i}@company{i}.example>"
        msg["Subject"] = f"Re: Engineer {i % 7}"
        body = "Thanks for your note. Could you do Tuesday at 3pm?\n\nOn Mon, Sam wrote:\n> hello\n"
    elif kind == 1:
        msg["From"] = f"Company{i} Labs <no-reply@greenhouse.io>"
        msg["Subject"] = f"Your application for Engineer {i % 7} at Company{i} Labs"
        body = "Thank you for applying. Unfortunately we have decided not to move forward."
    elif kind < 22:
        msg["From"] = f"Weekly <news{n % 13}@letters.example>"
        msg["Subject"] = f"Digest #{n}"
        msg["List-Unsubscribe"] = "<mailto:unsubscribe@letters.example>"
        body = PARAGRAPH
    else:
        msg["From"] = f"Friend {n % 50} <friend{n % 50}@gmail.com>"
        msg["Subject"] = f"Dinner on the {n % 28 + 1}th?"
        body = PARAGRAPH[:400]
    msg["To"] = "sam@example.org"
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<bench-{n}@mail.example>"
    msg.set_content(body)
    return bytes(msg)


def _project(opportunities: int, imap: str = "") -> Path:
    root = Path(tempfile.mkdtemp()) / "repo"
    (root / "pipeline").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(
        "site_name: b\nplugins:\n  - follow-through:\n      timezone: Europe/London\n"
        f"      mail:\n        me: [sam@example.org]\n{imap}"
    )
    for i in range(opportunities):
        (root / "pipeline" / f"company-{i}.yml").write_text(opportunity(i))
    return root


def _run(root: Path, *args: str, env: dict | None = None) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "generator", "mail", "--today", TODAY.isoformat(), *args],
                            cwd=root, capture_output=True, text=True, check=False, env={**os.environ, **(env or {})})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0, result.stderr
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.stdout.strip().splitlines()[-1]


def bench_mbox(messages: int, opportunities: int) -> None:
    root = _project(opportunities)
    box = mailbox.mbox(root / "export.mbox")
    for n in range(messages):
        box.add(message(n, opportunities))
    box.flush()
    box.close()
    size = (root / "export.mbox").stat().st_size / 1e6
    wall, cpu, summary = _run(root, "--dry-run", "export.mbox")
    print(f"mail --dry-run over an mbox of {messages:,} messages ({size:.0f} MB), {opportunities} opportunities: "
          f"{wall:.2f} s wall, {cpu:.2f} s CPU")
    print(f"  {summary}")
    shutil.rmtree(root.parent, ignore_errors=True)


def _fill_maildir(server: Dovecot, messages: int, opportunities: int) -> None:
    """Written straight into cur/ (as an old mailbox is), each file's mtime its arrival (INTERNALDATE)."""
    cur = server.maildir / "cur"
    for n in range(messages):
        path = cur / f"{1_700_000_000 + n}.M{n}P1.bench:2,"
        path.write_bytes(message(n, opportunities))
        when = (NOW - dt.timedelta(minutes=7 * n)).timestamp()
        os.utime(path, (when, when))
        if os.getuid() == 0:
            os.chown(path, server.uid, server.gid)


def bench_imap(messages: int, opportunities: int) -> None:
    server = Dovecot.start(Path(tempfile.mkdtemp()) / "dovecot")
    try:
        _fill_maildir(server, messages, opportunities)
        imap = (f"        imap: {{host: 127.0.0.1, port: {server.tls_port}, user: {server.user}, "
                "folders: [INBOX], ca_file: cert.pem}\n")
        root = _project(opportunities, imap)
        shutil.copy(server.cert, root / "cert.pem")
        env = {"FOLLOW_THROUGH_MAIL_PASSWORD": server.password}
        wall, cpu, summary = _run(root, "--dry-run", env=env)  # Dovecot indexes the folder on its first EXAMINE
        print(f"mail over IMAP, first run (--dry-run: the last 30 days of a {messages:,}-message INBOX): "
              f"{wall:.2f} s wall, {cpu:.2f} s CPU\n  {summary}")
        wall, cpu, summary = _run(root, env=env)
        print(f"mail over IMAP, first run written: {wall:.2f} s wall, {cpu:.2f} s CPU\n  {summary}")
        walls = []
        for _ in range(3):
            wall, cpu, summary = _run(root, env=env)
            walls.append((wall, cpu))
        wall, cpu = min(walls)
        print(f"mail over IMAP, nothing new ({messages:,} messages in INBOX), best of 3: {wall:.2f} s wall, "
              f"{cpu:.2f} s CPU\n  {summary}")
        shutil.rmtree(root.parent, ignore_errors=True)
    finally:
        server.stop()
        shutil.rmtree(server.folder.parent, ignore_errors=True)


def main(argv: list[str]) -> None:
    messages = int(argv[0]) if argv else 10_000
    opportunities = int(argv[1]) if len(argv) > 1 else 200
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores")
    bench_mbox(messages, opportunities)
    bench_imap(messages, opportunities)


if __name__ == "__main__":
    main(sys.argv[1:])
