"""The matching rules are data (generator/core/mail/rules.py): this test reads that table and checks each row
does what it says, through `plan_mail` on real messages and fixture opportunities."""

from __future__ import annotations

import zlib
from email.message import EmailMessage

import pytest

from generator.core.mail.mail_plan import plan_mail
from generator.core.mail.mail_records import MailState, RawMessage
from generator.core.mail.mail_settings import MailSettings
from generator.core.mail.match import build_index, company_words, is_person
from generator.core.mail.message import Address
from generator.core.mail.rules import (
    JOB_BOARD_HOSTS,
    ROLE_LOCAL_PARTS,
    SHARED_PROVIDERS,
    TRACKER_HOSTS,
    registrable,
)
from generator.core.validate import validate_text
from tests.mail.judge_table_support import ME, TODAY, TZ

REJECTION = "Dear Sam,\n\nThank you for your interest. We have decided to move forward with other candidates."


def opp(text: str, opp_id: str):
    found, problems = validate_text(opp_id, f"pipeline/{opp_id}.yml", text)
    assert found is not None, [str(p) for p in problems]
    return found


def message(sender: str, subject: str, body: str = REJECTION) -> RawMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, ME, subject
    msg["Date"] = "Fri, 04 Dec 2026 10:00:00 +0000"
    msg["Message-ID"] = f"<{zlib.crc32(sender.encode()):08x}@rules.test>"
    msg.set_content(body)
    return RawMessage("test", msg.as_bytes(), folder="INBOX", uid=1)


def judged(raw: RawMessage, *opps):
    return plan_mail([raw], opps, MailSettings(me=(ME,)), MailState(), tz=TZ, today=TODAY)


GLOBEX = "company: Globex, Inc.\nrole: Platform Engineer\nlog:\n  - {date: 2026-11-01, type: applied}\n"


@pytest.mark.parametrize("host", sorted(TRACKER_HOSTS))
def test_every_tracker_host_speaks_for_the_company_it_names_as_whole_words(host):
    plan = judged(message(f"Globex Hiring <no-reply@mail.{host}>", "Your application to Globex"), opp(GLOBEX, "globex"))
    assert [(c.opportunity_id, [e.type for e in c.add_entries]) for c in plan.changes] == [("globex", ["rejection"])]
    plan = judged(message(f"Globexia Hiring <no-reply@{host}>", "Your application to Globexia"), opp(GLOBEX, "globex"))
    assert plan.changes == ()


@pytest.mark.parametrize("provider", sorted(SHARED_PROVIDERS))
def test_a_shared_provider_is_no_company_domain(provider):
    text = (f"company: {provider.split('.')[0].title()}\nrole: Engineer\nurl: https://{provider}/jobs/1\n"
            f"contacts:\n  - name: Jane Doe\n    email: jane@{provider}\n")
    index = build_index([opp(text, "x")], MailSettings(me=(ME,)))
    assert provider not in index.domains
    plan = judged(message(f"Stranger <stranger@{provider}>", "Hello", "Hi Sam, hello."), opp(text, "x"))
    assert plan.changes == () and dict(plan.skipped) == {"unrelated": 1}


@pytest.mark.parametrize("host", sorted(JOB_BOARD_HOSTS | TRACKER_HOSTS))
def test_a_job_board_or_tracker_host_is_no_company_domain_and_no_person(host):
    label = registrable(host).split(".")[0]
    text = f"company: {label.title()}\nrole: Engineer\nurl: https://careers.{host}/jobs/1\n"
    assert build_index([opp(text, "x")], MailSettings()).domains == {}
    assert not is_person(Address("Jane Doe", f"jane@{host}"))


@pytest.mark.parametrize("local", sorted(ROLE_LOCAL_PARTS))
def test_a_role_address_is_no_person(local):
    assert not is_person(Address("Acme", f"{local}@acme.example"))


def test_a_domain_two_companies_contacts_share_is_an_agency_s():
    wonka = "company: Hays Wonka\nrole: Dev\ncontacts:\n  - name: Rita R\n    email: rita@hays.example\n"
    stark = "company: Hays Stark\nrole: Dev\ncontacts:\n  - name: Bob B\n    email: bob@hays.example\n"
    assert "hays.example" not in build_index([opp(wonka, "w"), opp(stark, "s")], MailSettings()).domains
    assert "hays.example" in build_index([opp(wonka, "w")], MailSettings()).domains


@pytest.mark.parametrize(("name", "words"), [
    ("Globex, Inc.", ("globex",)), ("Acme Corp", ("acme",)), ("Sonic GmbH", ("sonic",)),
    ("Société Générale SA", ("societe", "generale")), ("The Trade Desk", ("the", "trade", "desk")),
])
def test_legal_suffixes_are_ignored_as_import_matches(name, words):
    assert company_words(name) == words


@pytest.mark.parametrize("name", ["Acme Talent Team", "Careers at Acme", "Acme Recruiting", "Hiring Team"])
def test_a_team_display_name_is_no_person(name):
    assert not is_person(Address(name, "someone@acme.example"))


@pytest.mark.parametrize("name", ["Jane Doe", "Hr. Jürgen Müller", "Doe, Jane (Acme)"])
def test_a_person_s_display_name_is_a_person(name):
    assert is_person(Address(name, "someone@acme.example"))
