"""`mail` over IMAP against a real Dovecot (loopback, TLS with a certificate made for the run), as a user runs it.

First run, nothing new, one new message, a UIDVALIDITY change, a folder that does not exist, a
wrong password, a connection that drops mid-fetch (nothing half-written; the next run finishes),
plain IMAP to loopback only, and that no message gained \\Seen.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import socket
import ssl
import threading

from imapclient import IMAPClient

from tests.mail.conftest import MAIL_MKDOCS, imap_settings
from tests.mail.inbox import ACME, message, newsletter

UTC = dt.UTC
TODAY = "2026-12-07"
NOW = dt.datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


def _run(project, *args, password=None, server=None):
    env = {"FOLLOW_THROUGH_MAIL_PASSWORD": password if password is not None else server.password}
    return project.run("mail", *args, "--today", TODAY, env=env)


def _state(project) -> dict:
    return json.loads((project.root / ".follow-through" / "mail.json").read_text())


def _fill(server, count: int, folder: str = "INBOX", start: int = 0, days_ago: int = 2) -> None:
    for n in range(start, start + count):
        when = NOW - dt.timedelta(days=days_ago, minutes=n)
        server.deliver(newsletter(n, when), folder, received=when)


def _flags(server, folder: str = "INBOX") -> dict:
    context = ssl.create_default_context(cafile=str(server.cert))
    with IMAPClient("127.0.0.1", port=server.tls_port, ssl=True, ssl_context=context) as client:
        client.login(server.user, server.password)
        client.select_folder(folder, readonly=True)
        return {uid: data[b"FLAGS"] for uid, data in client.fetch(client.search("ALL"), ["FLAGS"]).items()}


def test_first_run_reads_the_last_30_days_and_keeps_only_folder_names_and_numbers(mail_project, dovecot):
    _fill(dovecot, 3)
    old = NOW - dt.timedelta(days=45)
    dovecot.deliver(newsletter(99, old), received=old)  # before the 30-day window
    result = _run(mail_project, server=dovecot)
    assert result.returncode == 0, result.stderr
    assert "mail: 3 messages read" in result.stdout
    state = _state(mail_project)
    assert set(state) == {"version", "folders", "events"}
    inbox = state["folders"]["INBOX"]
    assert inbox["last_uid"] == 4 and inbox["uidvalidity"] > 0 and inbox["unplaced"] == []
    text = (mail_project.root / ".follow-through" / "mail.json").read_text()
    assert "@" not in text and "digest" not in text.casefold()


def test_nothing_new_reads_nothing_then_one_new_message_is_read(mail_project, dovecot):
    _fill(dovecot, 5)
    dry = _run(mail_project, "--dry-run", server=dovecot)
    assert "mail: 5 messages read" in dry.stdout, dry.stderr
    assert not (mail_project.root / ".follow-through").exists()  # a dry run moves no state on
    assert _run(mail_project, server=dovecot).returncode == 0
    first = _state(mail_project)
    result = _run(mail_project, server=dovecot)
    assert result.returncode == 0, result.stderr
    assert "mail: 0 messages read" in result.stdout
    assert _state(mail_project) == first
    _fill(dovecot, 1, start=50, days_ago=0)
    result = _run(mail_project, server=dovecot)
    assert "mail: 1 message read" in result.stdout, result.stderr
    assert _state(mail_project)["folders"]["INBOX"]["last_uid"] == 6


def test_since_rereads_the_window_whatever_the_state(mail_project, dovecot):
    _fill(dovecot, 4)
    assert _run(mail_project, server=dovecot).returncode == 0
    result = _run(mail_project, "--since", "2026-12-01", server=dovecot)
    assert "mail: 4 messages read" in result.stdout, result.stderr
    assert _state(mail_project)["folders"]["INBOX"]["last_uid"] == 4


def test_a_changed_uidvalidity_rereads_the_window(mail_project, dovecot):
    _fill(dovecot, 3)
    assert _run(mail_project, server=dovecot).returncode == 0
    before = _state(mail_project)["folders"]["INBOX"]["uidvalidity"]
    dovecot.reset_uidvalidity()
    result = _run(mail_project, server=dovecot)
    assert "mail: 3 messages read" in result.stdout, result.stderr
    assert _state(mail_project)["folders"]["INBOX"]["uidvalidity"] != before


def test_a_folder_that_does_not_exist_is_named_and_the_others_are_read(mail_project, dovecot):
    _fill(dovecot, 2)
    mail_project.write("mkdocs.yml", MAIL_MKDOCS.format(imap=imap_settings(dovecot, ("INBOX", "Archive/Jobs"))),
                       dedent=False)
    result = _run(mail_project, server=dovecot)
    assert result.returncode == 1
    assert "IMAP folder 'Archive/Jobs' does not exist" in result.stderr
    assert "mail: 2 messages read" in result.stdout
    assert list(_state(mail_project)["folders"]) == ["INBOX"]


def test_a_wrong_password_is_one_line_and_writes_nothing(mail_project, dovecot):
    _fill(dovecot, 1)
    result = _run(mail_project, password="not the password", server=dovecot)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "refused the login" in result.stderr
    assert "not the password" not in result.stderr and dovecot.user not in result.stderr
    assert not (mail_project.root / ".follow-through").exists()


def test_plain_imap_is_allowed_to_a_loopback_server(mail_project, dovecot):
    _fill(dovecot, 2)
    mail_project.write("mkdocs.yml", MAIL_MKDOCS.format(imap=imap_settings(dovecot, tls=False)), dedent=False)
    result = _run(mail_project, server=dovecot)
    assert result.returncode == 0, result.stderr
    assert "mail: 2 messages read" in result.stdout


def test_a_server_with_an_untrusted_certificate_is_refused(mail_project, dovecot):
    _fill(dovecot, 1)
    (mail_project.root / "cert.pem").unlink()
    settings = imap_settings(dovecot).replace("          ca_file: cert.pem\n", "")
    mail_project.write("mkdocs.yml", MAIL_MKDOCS.format(imap=settings), dedent=False)
    result = _run(mail_project, server=dovecot)
    assert result.returncode == 2
    assert "TLS connection failed" in result.stderr and "ca_file" in result.stderr
    mail_project.write("mkdocs.yml", MAIL_MKDOCS.format(imap=imap_settings(dovecot)), dedent=False)  # cert.pem gone
    result = _run(mail_project, server=dovecot)
    assert result.returncode == 2 and "ca_file: cannot read" in result.stderr and "Traceback" not in result.stderr


class CuttingProxy:
    """A TCP relay on loopback that closes both sides once the server has sent ``limit`` bytes."""

    def __init__(self, target_port: int, limit: int):
        self.target_port, self.limit = target_port, limit
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        client, _ = self.listener.accept()
        server = socket.create_connection(("127.0.0.1", self.target_port))
        threading.Thread(target=self._pipe, args=(client, server, None), daemon=True).start()
        self._pipe(server, client, self.limit)

    @staticmethod
    def _pipe(source, sink, limit) -> None:
        sent = 0
        try:
            while (chunk := source.recv(4096)) and (limit is None or sent < limit):
                sink.sendall(chunk)
                sent += len(chunk)
        except OSError:
            pass
        for s in (source, sink):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.listener.close()


def test_a_connection_dropped_mid_fetch_writes_nothing_and_the_next_run_finishes(mail_project, dovecot):
    mail_project.opportunity("acme", ACME)
    for n in range(30):  # from a contact: each is worth reading whole, 20 kB apiece
        when = NOW - dt.timedelta(days=1, minutes=n)
        dovecot.deliver(message(f"Re: Backend Engineer {n}", "Thanks!", date=when, size=20_000), received=when)
    acme = (mail_project.pipeline / "acme.yml").read_bytes()
    proxy = CuttingProxy(dovecot.tls_port, limit=120_000)
    try:
        mail_project.write("mkdocs.yml", MAIL_MKDOCS.format(imap=imap_settings(dovecot, port=proxy.port)),
                           dedent=False)
        result = _run(mail_project, server=dovecot)
    finally:
        proxy.close()
    assert result.returncode == 2, result.stdout
    assert "connection dropped" in result.stderr and "Traceback" not in result.stderr
    assert not (mail_project.root / ".follow-through").exists()
    assert (mail_project.pipeline / "acme.yml").read_bytes() == acme
    mail_project.write("mkdocs.yml", MAIL_MKDOCS.format(imap=imap_settings(dovecot)), dedent=False)
    result = _run(mail_project, server=dovecot)
    assert result.returncode == 0, result.stderr
    assert "mail: 30 messages read" in result.stdout
    assert _state(mail_project)["folders"]["INBOX"]["last_uid"] == 30


def test_no_message_gains_seen_and_nothing_moves(mail_project, dovecot):
    mail_project.opportunity("acme", ACME)
    _fill(dovecot, 3)
    when = NOW - dt.timedelta(days=1)
    dovecot.deliver(message("Re: Backend Engineer", "Could you do Tuesday at 3pm?", date=when), received=when)
    assert _run(mail_project, server=dovecot).returncode == 0
    assert _run(mail_project, "--since", "2026-11-01", server=dovecot).returncode == 0
    flags = _flags(dovecot)
    assert len(flags) == 4
    assert all(b"\\Seen" not in f and b"\\Deleted" not in f for f in flags.values()), flags
    assert not any(":2," in p.name and "S" in p.name.rpartition(":2,")[2] for p in dovecot.maildir.rglob("*"))


def test_a_message_with_no_opportunity_is_read_again_and_logged_once_the_opportunity_exists(mail_project, dovecot):
    when = NOW - dt.timedelta(days=1)
    dovecot.deliver(message("Your application for the Backend Engineer role", "Could you do Tuesday at 3pm?",
                            date=when), received=when)
    first = _run(mail_project, server=dovecot)
    assert first.returncode == 0, first.stderr
    assert "no opportunity" in first.stdout and "acme.example" in first.stdout
    unplaced = _state(mail_project)["folders"]["INBOX"]["unplaced"]
    assert unplaced == [[1, TODAY]]
    mail_project.opportunity("acme", ACME)  # added the next day
    second = _run(mail_project, server=dovecot)
    assert second.returncode == 0, second.stderr
    assert "logged 2026-12-06 reply with Jane Doe" in second.stdout
    assert _state(mail_project)["folders"]["INBOX"]["unplaced"] == []
    assert "ref: mid:" in (mail_project.pipeline / "acme.yml").read_text()


def test_a_logged_reply_over_imap_and_the_bodies_of_unrelated_mail_are_never_fetched(mail_project, dovecot):
    mail_project.opportunity("acme", ACME)
    _fill(dovecot, 20)
    when = NOW - dt.timedelta(days=1)
    dovecot.deliver(message("Re: Backend Engineer", "Could you do Tuesday at 3pm?", date=when), received=when)
    result = _run(mail_project, server=dovecot)
    assert result.returncode == 0, result.stderr
    assert "acme (pipeline/acme.yml)\n  logged 2026-12-06 reply with Jane Doe" in result.stdout
    log = (dovecot.folder / "dovecot.log").read_text()
    fetched = [line for line in log.splitlines() if "Logged out" in line and "body_count" in line]
    assert fetched and all("body_count=1 " in line for line in fetched[-1:]), fetched


def test_one_message_in_two_folders_is_logged_once(mail_project, dovecot):
    mail_project.opportunity("acme", ACME)
    mail_project.write("mkdocs.yml", MAIL_MKDOCS.format(imap=imap_settings(dovecot, ("INBOX", "Jobs"))), dedent=False)
    when = NOW - dt.timedelta(days=1)
    reply = message("Re: Backend Engineer", "Could you do Tuesday at 3pm?", date=when, message_id="<one@acme.example>")
    dovecot.deliver(reply, received=when)
    dovecot.deliver(reply, "Jobs", received=when)
    result = _run(mail_project, server=dovecot)
    assert result.returncode == 0, result.stderr
    assert "mail: 2 messages read; logged 1 entry on 1 opportunity" in result.stdout
    assert (mail_project.pipeline / "acme.yml").read_text().count("ref: mid:") == 1
    assert set(_state(mail_project)["folders"]) == {"INBOX", "Jobs"}


def test_your_sent_mail_in_the_sent_folder_is_the_touch_that_was_due(mail_project, dovecot):
    mail_project.opportunity("acme", ACME)
    mail_project.write("mkdocs.yml", MAIL_MKDOCS.format(imap=imap_settings(dovecot, ("INBOX", "Sent"))), dedent=False)
    when = NOW - dt.timedelta(days=3)
    sent = message("Following up: Backend Engineer", "Hi Jane, any news on my application?", date=when,
                   sender="Sam Lee <sam@example.org>", to="Jane Doe <jane@acme.example>")
    dovecot.deliver(sent, "Sent", received=when)
    result = _run(mail_project, server=dovecot)
    assert result.returncode == 0, result.stderr
    assert "logged 2026-12-04 follow-up with Jane Doe" in result.stdout
