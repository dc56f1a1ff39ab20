"""`mail` over files, as a user runs it: an mbox export, a Maildir folder, a folder of .eml files; what it refuses."""

from __future__ import annotations

import datetime as dt
import json

from tests.mail.inbox import ACME, message, newsletter, write_mbox

UTC = dt.UTC


def _messages(n: int = 3) -> list[bytes]:
    return [newsletter(i, dt.datetime(2026, 11, 20 + i, 9, 0, tzinfo=UTC)) for i in range(n)]


def test_an_mbox_export_is_read_and_nothing_is_written_with_dry_run(project):
    project.opportunity("acme", ACME)
    box = write_mbox(project.root / "export.mbox", _messages(3))
    before = {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()}
    result = project.run("mail", "--dry-run", "export.mbox", "--today", "2026-12-07")
    assert result.returncode == 0, result.stderr
    assert "mail: 3 messages read" in result.stdout
    assert {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()} == before
    assert not (project.root / ".follow-through").exists()
    assert box.exists()


def test_a_maildir_is_read_as_files_and_left_as_it_was(project):
    maildir = project.root / "Maildir"
    for part in ("cur", "new", "tmp"):
        (maildir / part).mkdir(parents=True)
    data = _messages(3)
    (maildir / "new" / "1.host").write_bytes(data[0])
    (maildir / "cur" / "2.host:2,").write_bytes(data[1])
    (maildir / "cur" / "3.host:2,S").write_bytes(data[2])
    (maildir / "tmp" / "4.host").write_bytes(data[2])  # being delivered: not a message yet
    names = sorted(p.relative_to(maildir).as_posix() for p in maildir.rglob("*"))
    result = project.run("mail", "--dry-run", "Maildir", "--today", "2026-12-07")
    assert result.returncode == 0, result.stderr
    assert "mail: 3 messages read" in result.stdout
    assert sorted(p.relative_to(maildir).as_posix() for p in maildir.rglob("*")) == names  # nothing moved


def test_a_folder_of_eml_files_and_since(project):
    folder = project.root / "saved"
    folder.mkdir()
    for i, data in enumerate(_messages(4)):  # dated 20, 21, 22, 23 November
        (folder / f"{i}.eml").write_bytes(data)
    (folder / "notes.txt").write_text("not a message")
    result = project.run("mail", "--dry-run", "saved", "--today", "2026-12-07")
    assert "mail: 4 messages read" in result.stdout, result.stderr
    result = project.run("mail", "--dry-run", "saved", "--since", "2026-11-22", "--today", "2026-12-07")
    assert "mail: 2 messages read" in result.stdout, result.stderr


def test_a_source_that_is_not_a_mailbox_is_one_line_naming_it(project):
    project.write("notes.txt", "Dear diary\n")
    result = project.run("mail", "--dry-run", "notes.txt")
    assert result.returncode == 2
    assert result.stderr.startswith("error: notes.txt: not an mbox file") and "Traceback" not in result.stderr
    result = project.run("mail", "--dry-run", "nowhere.mbox")
    assert result.returncode == 2
    assert "nowhere.mbox: no such file or folder" in result.stderr
    (project.root / "Thunderbird" / "Mail").mkdir(parents=True)  # a profile's folder, not its mbox files
    (project.root / "Thunderbird" / "Mail" / "Inbox.msf").write_text("// index")
    result = project.run("mail", "--dry-run", "Thunderbird/Mail")
    assert result.returncode == 2
    assert "Thunderbird/Mail: no .eml files in this folder" in result.stderr


def test_without_a_source_or_imap_settings_it_says_what_to_do(project):
    result = project.run("mail", "--dry-run")
    assert result.returncode == 2
    assert "mail: imap:" in result.stderr and "mbox" in result.stderr


def _mkdocs_with_mail(project, mail: str) -> None:
    project.write("mkdocs.yml", "site_name: t\nplugins:\n  - follow-through:\n      mail:\n" + mail, dedent=False)


def test_settings_refuse_a_password_and_plain_imap_to_another_machine(project):
    _mkdocs_with_mail(project, "        imap: {host: imap.example.org, user: sam, password: hunter2}\n")
    result = project.run("mail", "--dry-run")
    assert result.returncode == 2
    assert "FOLLOW_THROUGH_MAIL_PASSWORD" in result.stderr and "hunter2" not in result.stderr
    _mkdocs_with_mail(project, "        imap: {host: imap.example.org, user: sam, tls: false}\n")
    result = project.run("mail", "--dry-run")
    assert result.returncode == 2
    assert "tls: false is only for a server on this machine" in result.stderr
    _mkdocs_with_mail(project, "        me: [not-an-address]\n")
    result = project.run("mail", "--dry-run")
    assert result.returncode == 2 and "'not-an-address' is not an e-mail address" in result.stderr


def test_imap_without_the_password_variable_is_refused(project):
    _mkdocs_with_mail(project, "        imap: {host: 127.0.0.1, user: sam, tls: false}\n")
    result = project.run("mail", env={"FOLLOW_THROUGH_MAIL_PASSWORD": ""})
    assert result.returncode == 2
    assert "FOLLOW_THROUGH_MAIL_PASSWORD is not set" in result.stderr


def _event(project, private) -> dict:
    event = project.root.parent / "event.json"
    repository = {"full_name": "sam/jobs"} if private is None else {"full_name": "sam/jobs", "private": private}
    event.write_text(json.dumps({"schedule": "17 6 * * *", "repository": repository}))
    summary = project.root.parent / "summary.md"
    return {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_PATH": str(event), "GITHUB_STEP_SUMMARY": str(summary)}


def test_in_a_public_repositorys_workflow_it_refuses_to_run(project):
    write_mbox(project.root / "export.mbox", _messages(1))
    for private in (False, None):
        result = project.run("mail", "--dry-run", "export.mbox", env=_event(project, private))
        assert result.returncode == 2, result.stdout
        assert "public" in result.stderr
        assert "messages read" not in result.stdout


def test_in_a_private_repositorys_workflow_it_gives_counts_and_a_job_summary(project):
    project.opportunity("acme", ACME)
    write_mbox(project.root / "export.mbox", [
        *_messages(2),
        message("Re: Backend Engineer", "Could you do Tuesday at 3pm?", date=dt.datetime(2026, 12, 2, tzinfo=UTC)),
        message("Your application", "Thanks for applying to Globex.", sender="Globex Careers <careers@globex.example>",
                date=dt.datetime(2026, 12, 3, tzinfo=UTC)),
    ])
    env = _event(project, True)
    result = project.run("mail", "--dry-run", "export.mbox", "--today", "2026-12-07", env=env)
    assert result.returncode == 0, result.stderr
    assert "mail: 4 messages read" in result.stdout
    for private_word in ("@", "Jane", "Globex", "acme", "Tuesday", "application", "Backend"):
        assert private_word not in result.stdout + result.stderr
    with open(env["GITHUB_STEP_SUMMARY"], encoding="utf-8") as stream:
        summary = stream.read()
    assert "| messages read | 4 |" in summary
    assert "@" not in summary and "Jane" not in summary and "Globex" not in summary
