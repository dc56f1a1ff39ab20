"""Messages for the reader's tests, as bytes a mail server or an export holds."""

from __future__ import annotations

import datetime as dt
import mailbox
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ACME = """\
company: Acme Robotics
role: Backend Engineer
url: https://careers.acme.example/jobs/123
contacts:
  - name: Jane Doe
    email: jane@acme.example
log:
  - {date: 2026-11-02, type: applied}
"""


def message(subject: str, body: str, *, sender: str = "Jane Doe <jane@acme.example>", to: str = "sam@example.org",
            date: dt.datetime | None = None, message_id: str | None = None, headers: dict | None = None,
            size: int = 0) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date or dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC))
    msg["Message-ID"] = message_id or f"<{abs(hash((subject, body, sender, str(date))))}@mail.example>"
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body + ("\n" + "x" * 76) * (size // 77))
    return bytes(msg)


def newsletter(n: int, date: dt.datetime | None = None) -> bytes:
    return message(f"Weekly digest #{n}", "All the news that fits.", sender="News <news@letters.example>",
                   date=date, message_id=f"<digest-{n}@letters.example>",
                   headers={"List-Unsubscribe": "<mailto:unsubscribe@letters.example>"})


def write_mbox(path: Path, messages: list[bytes]) -> Path:
    box = mailbox.mbox(path)
    box.lock()
    try:
        for data in messages:
            box.add(data)
        box.flush()
    finally:
        box.unlock()
        box.close()
    return path
