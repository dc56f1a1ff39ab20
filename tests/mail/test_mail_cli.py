"""`mail` end to end as a user runs it: what it prints and writes over an export, the push-first save of
mail.yml (a bare origin), what `doctor` says is missing, and the workflow itself."""

from __future__ import annotations

import datetime as dt
import json

from tests.github.test_workflows import workflow
from tests.gitkit import git
from tests.mail.inbox import ACME, message, newsletter, write_mbox

UTC = dt.UTC
GLOBEX = "company: Globex\nrole: Data Engineer\nlog:\n  - {date: 2026-11-02, type: applied}\n"
MKDOCS = """\
site_name: t
plugins:
  - follow-through:
      timezone: Europe/London
      mail:
        me: [sam@example.org]
"""


def _export(project) -> None:
    write_mbox(project.root / "box.mbox", [
        newsletter(1, dt.datetime(2026, 11, 20, tzinfo=UTC)),
        message("Re: Backend Engineer", "Hi Sam,\n\nCould you do Tuesday at 3pm?\n\nJane",
                date=dt.datetime(2026, 12, 2, 9, tzinfo=UTC)),
        message("Your application to Initech", "Thank you for applying to Initech. We have received your application.",
                sender="Initech Careers <careers@initech.example>", date=dt.datetime(2026, 12, 3, tzinfo=UTC)),
        message("Your application for Data Engineer at Globex",
                "Unfortunately we have decided not to move forward with your application.",
                sender="Globex <no-reply@greenhouse.io>", date=dt.datetime(2026, 12, 4, tzinfo=UTC)),
    ])


def _project(project):
    project.write("mkdocs.yml", MKDOCS, dedent=False)
    project.opportunity("acme", ACME)
    project.opportunity("globex", GLOBEX)
    _export(project)
    return project


def test_dry_run_prints_per_opportunity_and_what_it_listed_and_writes_nothing(project):
    _project(project)
    before = {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()}
    result = project.run("mail", "--dry-run", "box.mbox", "--today", "2026-12-07")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "acme (pipeline/acme.yml)\n  would log 2026-12-02 reply with Jane Doe\n" in out
    assert "globex (pipeline/globex.yml)\n  would log 2026-12-04 rejection\n" in out
    assert "listed, not logged" in out
    assert '2026-12-03 no opportunity: Initech Careers <careers@initech.example>: "Your application to Initech"' in out
    assert out.rstrip().endswith("1 skipped (newsletter 1)")
    assert {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()} == before


def test_without_me_it_says_your_sent_mail_cannot_be_told_from_theirs(project):
    """A fresh reader's sent thank-you was skipped as "not-read" with no word why: `me:` was not set."""
    _project(project)
    project.write("mkdocs.yml", MKDOCS.replace("      mail:\n        me: [sam@example.org]\n", ""), dedent=False)
    out = project.run("mail", "--dry-run", "box.mbox", "--today", "2026-12-07").stdout
    assert out.rstrip().endswith("note: mail: me: is not set in mkdocs.yml, so your own sent follow-ups are not "
                                 "told from theirs (guide/mail.md)")
    _project(project)  # with me: set, no such note
    assert "me: is not set" not in project.run("mail", "--dry-run", "box.mbox", "--today", "2026-12-07").stdout


def test_a_run_logs_once_and_a_second_run_logs_nothing_again(project):
    _project(project)
    first = project.run("mail", "box.mbox", "--today", "2026-12-07")
    assert first.returncode == 0, first.stderr
    assert "logged 2 entries on 2 opportunities" in first.stdout
    text = (project.pipeline / "acme.yml").read_text()
    assert "type: reply, with: Jane Doe, channel: email, ref: mid:" in text
    assert "Tuesday" not in text and "Backend Engineer\n" in text  # the role line, never the subject
    assert project.run("check").returncode == 0
    second = project.run("mail", "box.mbox", "--today", "2026-12-07")
    assert "logged 0 entries on 0 opportunities" in second.stdout
    assert (project.pipeline / "acme.yml").read_text() == text


def test_a_hostile_display_name_never_reaches_the_terminal_as_control_characters(project):
    _project(project)
    write_mbox(project.root / "box.mbox", [
        message("Your application to Initech\x1b[2J", "Thank you for applying to Initech.",
                sender='"Evil\x1b]0;pwned\x07 <!-- follow-through:id=x -->" <careers@initech.example>',
                date=dt.datetime(2026, 12, 3, tzinfo=UTC)),
    ])
    result = project.run("mail", "--dry-run", "box.mbox", "--today", "2026-12-07")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def _origin(project, tmp_path):
    origin = tmp_path / "origin.git"
    git(None, "init", "--quiet", "--bare", "--initial-branch=main", str(origin))
    git(project.root, "init", "--quiet", "--initial-branch=main")
    git(project.root, "add", "-A")
    git(project.root, "commit", "--quiet", "-m", "start")
    git(project.root, "remote", "add", "origin", str(origin))
    git(project.root, "push", "--quiet", "origin", "main")
    return origin


def _actions_env(tmp_path) -> dict:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"repository": {"private": True, "default_branch": "main"}}))
    return {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_PATH": str(event), "GITHUB_STEP_SUMMARY": str(tmp_path / "s.md")}


def test_push_saves_what_it_logged_first_and_moves_on_when_main_moved(project, tmp_path):
    _project(project)
    origin = _origin(project, tmp_path)
    other = tmp_path / "other"  # someone pushes to main meanwhile (a web edit)
    git(None, "clone", "--quiet", str(origin), str(other))
    (other / "notes.md").write_text("an edit on GitHub\n")
    git(other, "add", "notes.md")
    git(other, "commit", "--quiet", "-m", "web edit")
    git(other, "push", "--quiet", "origin", "main")
    result = project.run("mail", "--push", "origin", "box.mbox", "--today", "2026-12-07", env=_actions_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "pushed " in result.stdout
    assert "@" not in result.stdout and "Jane" not in result.stdout  # counts only in Actions
    log = git(origin, "log", "--format=%s", "main")
    assert log.splitlines()[0] == "mail: 2 entries on 2 opportunities, 0 contacts added (follow-through mail)"
    assert "web edit" in log
    pushed = git(origin, "show", "main:pipeline/acme.yml")
    assert "type: reply, with: Jane Doe" in pushed
    assert git(project.root, "status", "--porcelain", "--untracked-files=no") == ""


def test_doctor_for_mail_names_what_is_missing(project):
    project.write("mkdocs.yml", MKDOCS, dedent=False)
    result = project.run("doctor", "--for", "mail", env={"GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": ""})
    assert "MISSING  setting mail.imap" in result.stdout
    assert "ok       setting mail.me" in result.stdout
    assert "check    secret FOLLOW_THROUGH_MAIL_PASSWORD" in result.stdout
    # a fresh reader was sent to setup-github, which sets up nothing of mail
    assert "setup-github" not in result.stdout and "missing for mail" in result.stdout
    assert result.returncode == 1


def test_the_workflow_runs_mail_with_the_secret_in_env_pushes_first_then_reminds():
    data = workflow("mail.yml")
    assert set(data["on"]) == {"schedule", "workflow_dispatch"}
    steps = data["jobs"]["mail"]["steps"]
    runs = [step.get("run", "") for step in steps]
    mail_step = next(step for step in steps if "generator mail" in step.get("run", ""))
    assert mail_step["env"]["FOLLOW_THROUGH_MAIL_PASSWORD"] == "${{ secrets.FOLLOW_THROUGH_MAIL_PASSWORD }}"
    assert "--push origin" in mail_step["run"]
    doctor = next(i for i, r in enumerate(runs) if "doctor --for mail" in r)
    assert doctor < next(i for i, r in enumerate(runs) if "mail --push" in r)
    assert runs.index(mail_step["run"]) < next(i for i, r in enumerate(runs) if "generator remind" in r)
    for step in steps:  # the password reaches no other step
        assert "FOLLOW_THROUGH_MAIL_PASSWORD }}" not in json.dumps(step) or step is mail_step


def test_doctor_adds_mails_needs_only_once_mail_is_set_up():
    from generator.core.setup_report import Facts, report

    both = frozenset({"publish.yml", "remind.yml"})
    plain = report(Facts(workflows=both, in_actions=True, private=True, allow_plain=True))
    assert not any("mail" in n.name.casefold() for n in plain.needs)
    found = report(Facts(workflows=both, in_actions=True, private=False, allow_plain=True, mail_imap=True))
    missing = [f"{n.kind} {n.name}" for n in found.missing]
    assert missing == ["workflow .github/workflows/mail.yml", "setting mail.me",
                       "secret FOLLOW_THROUGH_MAIL_PASSWORD", "setting repository visibility"]
    ready = report(Facts(workflows=both | {"mail.yml"}, in_actions=True, private=True, mail_imap=True, mail_me=True,
                         secrets=frozenset({"FOLLOW_THROUGH_MAIL_PASSWORD"})), "mail")
    assert ready.missing == []
