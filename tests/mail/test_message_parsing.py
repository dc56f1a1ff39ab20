"""Bad mail is ordinary mail: each message is read or skipped with a counted reason, never a traceback, and
nothing of a message reaches a file but the spec's one-line fields, cleaned. Messages are built with the
stdlib `email` package as clients write them, or as raw bytes where a client would not."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest

from generator.core.mail.mail_plan import plan_mail
from generator.core.mail.mail_records import MailState, RawMessage
from generator.core.mail.match import build_index, worth_reading
from generator.core.mail.message import ParsedMessage, Unreadable, parse_message
from generator.core.mail.refs import fallback_ref, ics_ref, mid_ref
from tests.mail.judge_table_support import ME, SETTINGS, TODAY, TZ, opportunities

DATE = b"Date: Fri, 04 Dec 2026 10:00:00 +0000\r\n"


def parsed(data: bytes) -> ParsedMessage:
    result = parse_message(data, TZ)
    assert isinstance(result, ParsedMessage), result
    return result


def plan(*datas: bytes):
    raws = [RawMessage("test", d, folder="INBOX", uid=i + 1) for i, d in enumerate(datas)]
    return plan_mail(raws, opportunities(), SETTINGS, MailState(), tz=TZ, today=TODAY)


def client_mail(sender: str, subject: str, body: str, **headers: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ME
    msg["Subject"] = subject
    msg["Date"] = "Fri, 04 Dec 2026 10:00:00 +0000"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg


# --- refs, exactly as the spec says ---

def test_mid_ref_is_the_sha256_of_the_message_id_without_angle_brackets():
    data = client_mail("Art Vandelay <art@vandelay.example>", "Hi", "Hi", Message_ID="<abc.123@vandelay.example>")
    assert parsed(data.as_bytes()).ref == "mid:" + hashlib.sha256(b"abc.123@vandelay.example").hexdigest()[:16]
    assert mid_ref(" <abc.123@vandelay.example> ") == mid_ref("abc.123@vandelay.example")


def test_without_a_message_id_the_ref_is_from_address_utc_date_and_collapsed_subject():
    raw = (b"From: =?utf-8?q?J=C3=BCrgen?= <Juergen@Sonic.EXAMPLE>\r\nTo: sam@example.org\r\n"
           b"Date: Fri, 04 Dec 2026 11:00:00 +0100\r\nSubject: =?utf-8?q?Ihre_Bewerbung_f=C3=BCr?=\r\n"
           b"  den   Job\r\n\r\nHallo")
    joined = "juergen@sonic.example\n2026-12-04T10:00:00+00:00\nIhre Bewerbung für den Job"
    expected = "mid:" + hashlib.sha256(joined.encode()).hexdigest()[:16]
    assert parsed(raw).ref == expected
    assert fallback_ref("JUERGEN@sonic.example", dt.datetime(2026, 12, 4, 10, tzinfo=dt.UTC),
                        " Ihre  Bewerbung\tfür den Job ") == expected


def test_ics_ref_is_the_sha256_of_the_uid():
    assert ics_ref("evt-1@acme.example") == "ics:" + hashlib.sha256(b"evt-1@acme.example").hexdigest()[:16]


# --- headers the strict parser refuses ---

@pytest.mark.parametrize("header", [
    b'From: "x" <a@[b>', b"From: a@", b"Message-ID: <", b'From: "\\', b"From: =?utf-8?b?====?=",
    b"From: =?x-unknown?q?abc?= <a@b.example>", b"To: undisclosed-recipients:;", b"From: \x00\x01\x02",
])
def test_a_header_the_strict_parser_refuses_is_read_or_counted(header):
    data = header + b"\r\n" + DATE + b"Subject: hello\r\n\r\nHello there"
    assert isinstance(parse_message(data, TZ), ParsedMessage | Unreadable)
    result = plan(data)
    assert sum(result.skipped.values()) + len(result.listed) + len(result.changes) >= 1


def test_garbage_and_empty_bytes_are_counted_not_raised():
    result = plan(b"", os.urandom(2000), b"\xff\xfe\x00garbage\r\n\r\n", b"From: x\r\n\r\n")
    assert sum(result.skipped.values()) == 4
    assert set(result.skipped) <= {"undated", "unreadable", "unrelated"}


def test_no_date_header_takes_the_received_date():
    raw = (b"Received: from mx.example by mx.example.org; Thu, 03 Dec 2026 08:00:00 +0000\r\n"
           b"From: Art Vandelay <art@vandelay.example>\r\nSubject: hi\r\n\r\nHi Sam, talk soon.")
    assert parsed(raw).date == dt.date(2026, 12, 3)


def test_no_date_at_all_is_skipped_as_undated():
    assert plan(b"From: Art Vandelay <art@vandelay.example>\r\nSubject: hi\r\n\r\nHi").skipped == {"undated": 1}


# --- bodies ---

def test_malformed_mime_without_its_closing_boundary_is_still_read():
    raw = (b"From: Monica Hall <monica@piedpiper.example>\r\n" + DATE +
           b"Subject: ML Engineer\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"BOUND\"\r\n"
           b"\r\n--BOUND\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           b"Hi Sam, the position has been filled.\r\n--BOUND\r\nContent-Type: text/html\r\n\r\n<p>trunc")
    assert "position has been filled" in parsed(raw).text
    (change,) = plan(raw).changes
    assert [e.type for e in change.add_entries] == ["rejection"]


def test_a_multipart_without_a_boundary_is_read_or_counted():
    raw = (b"From: Monica Hall <monica@piedpiper.example>\r\n" + DATE +
           b"Subject: x\r\nContent-Type: multipart/mixed\r\n\r\nno boundary at all")
    assert isinstance(parse_message(raw, TZ), ParsedMessage | Unreadable)


@pytest.mark.parametrize("charset", [b"x-unknown-charset", b"utf-8", b"us-ascii", b""])
def test_wrong_or_missing_charsets_decode_with_replacement(charset):
    declared = b"; charset=" + charset if charset else b""
    raw = (b"From: Art Vandelay <art@vandelay.example>\r\n" + DATE + b"Subject: Update\r\n"
           b"Content-Type: text/plain" + declared + b"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           b"Gr\xfc\xdfe Sam, the position has been filled.")
    message = parsed(raw)
    assert "position has been filled" in message.text
    message.text.encode("utf-8")  # no lone surrogates left to fail a write


def test_rfc2047_subject_and_display_name_are_decoded():
    raw = (b"From: =?iso-8859-1?q?J=FCrgen_M=FCller?= <juergen@sonic.example>\r\n" + DATE +
           b"Subject: =?utf-8?b?RWlubGFkdW5nIHp1bSBWb3JzdGVsbHVuZ3NnZXNwcsOkY2g=?=\r\n\r\nGuten Tag")
    message = parsed(raw)
    assert message.subject == "Einladung zum Vorstellungsgespräch"
    assert message.sender.name == "Jürgen Müller"


def test_an_html_only_body_becomes_its_text_without_scripts_or_quotes():
    msg = client_mail("Acme Recruiting <no-reply@acme.example>", "Your application for Data Engineer", "")
    msg.set_content(
        "<html><head><style>p{color:red}</style><script>var offer='pleased to offer you the role'</script></head>"
        "<body><p>Dear Sam,</p><p>Unfortunately we have decided to move forward with other candidates.</p>"
        "<div class='gmail_quote'>On Mon you wrote: we are pleased to offer you the role</div></body></html>",
        subtype="html")
    text = parsed(msg.as_bytes()).text
    assert "move forward with other candidates" in text
    assert "offer" not in text and "color" not in text


def test_a_ten_megabyte_attachment_is_not_read_as_text():
    msg = client_mail("Monica Hall <monica@piedpiper.example>", "Contract", "Hi Sam, here is the brochure.")
    msg.add_attachment(b"%PDF-1.7 position has been filled " + os.urandom(10 * 1024 * 1024),
                       maintype="application", subtype="pdf", filename="brochure.pdf")
    message = parsed(msg.as_bytes())
    assert message.text == "Hi Sam, here is the brochure."
    (change,) = plan(msg.as_bytes()).changes
    assert [e.type for e in change.add_entries] == ["reply"]


def test_a_broken_calendar_part_is_no_event():
    msg = client_mail("Monica Hall <monica@piedpiper.example>", "Invitation", "Hi Sam, see the invite.")
    msg.add_alternative("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nDTSTART:notadate\r\n",
                        subtype="calendar")
    assert parsed(msg.as_bytes()).events == ()


@pytest.mark.parametrize(("body", "kept"), [
    ("Danke!\n\nAm 03.12.2026 um 09:00 schrieb Sam <sam@example.org>:\n> Absage?", "Danke!"),
    ("Merci !\n\nLe jeu. 3 déc. 2026 à 09:00, Sam <sam@example.org> a écrit :\n> refus ?", "Merci !"),
    ("Thanks.\n\n-----Original Message-----\nFrom: Sam\nthe role has been filled", "Thanks."),
    ("Thanks.\n\nOn Thu, Dec 3, 2026 at 9:00 AM Sam Example <\nsam@example.org> wrote:\n> filled", "Thanks."),
    ("Danke.\n\nVon: Sam <sam@example.org>\nGesendet: Montag, 30. November 2026 09:00\nAn: Art\n\nAbsage", "Danke."),
])
def test_quoted_earlier_messages_are_not_read(body, kept):
    assert parsed(client_mail("Art Vandelay <art@vandelay.example>", "Re: x", body).as_bytes()).text == kept


# --- hostile display names: nothing but a clean one-line name reaches a file ---

@pytest.mark.parametrize("display", [
    '"key: value\\n- item: [1, 2]" ', '"<script>alert(1)</script> Mallory"', '"<!-- follow-through:state --> Mallory"',
    '"Mallory -->"', '"{{ jinja }} Mallory"', '"Mallory | Vandelay Industries"',
])
def test_a_hostile_display_name_reaches_a_file_only_cleaned(display):
    msg = client_mail(f"{display} <mallory@vandelay.example>", "Hello", "Hi Sam, a quick note.")
    (change,) = plan(msg.as_bytes()).changes
    names = [c.name for c in change.add_contacts] + [e.with_ for e in change.add_entries if e.with_]
    for name in names:
        assert "\n" not in name and "<" not in name and ">" not in name and ":" not in name and "{" not in name
        assert len(name) <= 60
    assert all(e.note is None for e in change.add_entries)


def test_listed_senders_and_subjects_are_one_line():
    msg = client_mail('"Soylent\\r\\nX-Injected: 1" <careers@soylent.example>', "We received your application",
                      "Thank you for your application. We have received your application.")
    (item,) = plan(msg.as_bytes()).listed
    assert "\n" not in item.sender and "\r" not in item.sender and "\n" not in item.subject


# --- worth reading: the cheap first look at the headers ---

@pytest.mark.parametrize(("headers", "worth"), [
    ("From: Globex Hiring Team <no-reply@us.greenhouse-mail.io>\r\nSubject: Your application", True),
    ("From: Jane Doe <jane@acme.example>\r\nSubject: hi", True),
    ("From: Someone <someone@careers.acme.example>\r\nSubject: hi", True),
    ("From: Pat Friend <pat@gmail.com>\r\nSubject: Dinner", False),
    ("From: News <news@techweekly.example>\r\nList-Id: <w>\r\nIn-Reply-To: <a@b>\r\nSubject: Re", False),
    ("From: Tech Weekly <news@techweekly.example>\r\nList-Id: <weekly>\r\nSubject: Interview tips", False),
    (f"From: {ME}\r\nTo: Gavin Belson <gavin@hooli.example>\r\nSubject: Hello", True),
    (f"From: {ME}\r\nTo: pat@gmail.com\r\nSubject: Dinner", False),
    ("From: Acme Digest <digest@acme.example>\r\nSubject: News", False),
    ("From: Peter <peter.g@gmail.com>\r\nIn-Reply-To: <followup-1@example.org>\r\nSubject: Re", True),
    ("From: Soylent <careers@soylent.example>\r\nSubject: Your application", True),
])
def test_worth_reading_from_headers_alone(headers, worth):
    index = build_index(opportunities(), SETTINGS)
    assert worth_reading(headers.encode() + b"\r\n\r\n", index) is worth


def test_worth_reading_never_raises_on_garbage():
    index = build_index(opportunities(), SETTINGS)
    for data in (b"", os.urandom(500), b'From: "x" <a@[b>\r\n\r\n', b"From: a@\r\n\r\n"):
        assert worth_reading(data, index) in (True, False)


def test_the_timezone_setting_decides_the_day():
    raw = client_mail("Art Vandelay <art@vandelay.example>", "Late", "Hi", Message_ID="<tz@x>").as_bytes()
    raw = raw.replace(b"Fri, 04 Dec 2026 10:00:00 +0000", b"Fri, 04 Dec 2026 23:30:00 +0000")
    assert parse_message(raw, ZoneInfo("Europe/Berlin")).date == dt.date(2026, 12, 5)
    assert parse_message(raw, ZoneInfo("America/New_York")).date == dt.date(2026, 12, 4)


def test_a_message_read_as_headers_only_is_counted_never_judged_on_no_words():
    msg = client_mail("Monica Hall <monica@piedpiper.example>", "ML Engineer", "Hi Sam, the role has been filled.")
    header = msg.as_bytes().split(b"\n\n", 1)[0] + b"\n\n"
    raws = [RawMessage("INBOX", header, folder="INBOX", uid=7, headers_only=True)]
    result = plan_mail(raws, opportunities(), SETTINGS, MailState(), tz=TZ, today=TODAY)
    assert (result.changes, dict(result.skipped)) == ((), {"not-read": 1})


def test_a_reply_to_any_thread_is_worth_reading_it_may_answer_a_message_this_run_logs():
    index = build_index(opportunities(), SETTINGS)
    header = b"From: Peter <peter.g@gmail.com>\r\nIn-Reply-To: <sent-today@example.org>\r\nSubject: Re: hi\r\n\r\n"
    assert worth_reading(header, index)


def test_three_hundred_damaged_messages_are_each_read_or_counted():
    """Bytes flipped, cut, markers and quotes spliced in, as a broken export or a hostile sender would give them."""
    import random

    from tests.mail.test_judge_table import ROWS

    rng = random.Random(24)
    sources = [m.raw() for row in ROWS for m in row.mails]
    splices = (b"<!--", b"\r\n", b"=?utf-8?q?", b"?=", b'"', b"<", b">", b"@", b":", b"\x00", b"\xff", b"--",
               b"BEGIN:VEVENT")
    damaged = []
    for _ in range(300):
        data = bytearray(rng.choice(sources))
        for _ in range(rng.randint(1, 20)):
            if not data:
                break
            at, roll = rng.randrange(len(data)), rng.random()
            if roll < 0.4:
                data[at] = rng.randrange(256)
            elif roll < 0.6:
                del data[at:at + rng.randint(1, 50)]
            elif roll < 0.8:
                data[at:at] = rng.choice(splices)
            else:
                del data[at:]
        damaged.append(bytes(data))
    index = build_index(opportunities(), SETTINGS)
    for data in damaged:
        assert worth_reading(data, index) in (True, False)
        result = plan(data)
        assert result.changes or result.listed or sum(result.skipped.values()) == 1, data[:200]
    assert plan(*damaged).skipped  # all at once too


def test_outlook_s_html_reply_block_is_not_read():
    msg = client_mail("Art Vandelay <art@vandelay.example>", "RE: status", "")
    msg.set_content('<div>Thanks, noted.</div><div id="divRplyFwdMsg"><b>From:</b> Sam<br><b>Sent:</b> Monday'
                    "<br>the position has been filled?</div>", subtype="html")
    assert parsed(msg.as_bytes()).text == "Thanks, noted."


@pytest.mark.parametrize("entry", ["vandelay.example", "@vandelay.example", "art@vandelay.example"])
def test_ignore_takes_an_address_or_a_domain(entry):
    from generator.core.mail.mail_settings import MailSettings

    msg = client_mail("Art Vandelay <art@vandelay.example>", "Hi", "Hi Sam, talk soon.")
    raws = [RawMessage("INBOX", msg.as_bytes())]
    result = plan_mail(raws, opportunities(), MailSettings(me=(ME,), ignore=(entry,)), MailState(), tz=TZ,
                       today=TODAY)
    assert (result.changes, dict(result.skipped)) == ((), {"ignored": 1})


def test_a_calendar_part_without_method_takes_the_content_type_s():
    msg = client_mail("Monica Hall <monica@piedpiper.example>", "Invitation", "Hi Sam, see the invite.")
    ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x-1@pp\r\nDTSTART:20261211T100000Z\r\n"
           "SUMMARY:Intro call\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    msg.add_alternative(ics, subtype="calendar", params={"method": "REQUEST"})
    message = parsed(msg.as_bytes())
    assert message.calendar_method == "REQUEST" and [e.uid for e in message.events] == ["x-1@pp"]
    assert message.events[0].date == dt.date(2026, 12, 11)
