"""The judge's table: messages written as applicant-tracking systems, people, newsletters and robots write them,
each with exactly what it must log, list or skip. Precision first: no entry on a wrong opportunity, ever.

The opportunities are real: fixture files in `judge-pipeline/` loaded by the project's own loader.
The wording is modelled on real mail (Greenhouse's default rejection, Lever's and Workable's
confirmations, Workday's and Ashby's status mail, SmartRecruiters' German mail, Google Calendar invitations).
"""

from __future__ import annotations

import pytest

from generator.core.mail.mail_records import FolderState, MailState
from generator.core.mail.refs import fallback_ref, ics_ref
from tests.mail.judge_table_support import (
    LOGGED,
    ME,
    Mail,
    Row,
    add_ref,
    contact,
    entry,
    expected,
    facts,
    ics,
    listed,
    opportunities,
    redate,
    run_row,
    skipped,
    to_note,
)

GH = "no-reply@us.greenhouse-mail.io"
GREENHOUSE_REJECTION = (
    "Hi Sam,\n\nThank you for your interest in Globex. While we were impressed with your qualifications, we have "
    "decided to proceed with other candidates who are a better fit for the Platform Engineer role.\n\nWe wish you "
    "the best of luck in your job search.\n\nBest regards,\nThe Globex Team")
LIST = (("List-Unsubscribe", "<https://mail.example/unsub?u=1>"), ("List-Id", "Weekly <weekly.list.example>"))
ACME_EVENT = "evt-acme-1@acme.example"
VANDELAY_EVENT = "evt-vandelay-1@vandelay.example"
NO_ID = Mail("Art Vandelay <art@vandelay.example>", "Quick note", "Hi Sam, we are still reviewing. Talk soon.",
             mid=None)

ROWS = [
    # --- Greenhouse ---
    Row("greenhouse acknowledgement, applied already logged", (Mail(
        f"Globex Hiring Team <{GH}>", "Thank you for applying to Globex",
        "Hi Sam,\n\nThanks for applying to Globex! Your application has been received and we will review it "
        "right away. If your application seems like a good fit, we'll be in touch.\n\nRegards,\nGlobex Recruiting"),),
        (skipped("acknowledged"),)),
    Row("greenhouse default rejection", (Mail(f"Globex Hiring Team <{GH}>", "Your application to Globex",
                                              GREENHOUSE_REJECTION),),
        (entry("globex", "rejection"),)),
    Row("greenhouse rejection with list headers still counts (a tracker naming the company)", (Mail(
        f"Globex <{GH}>", "Globex - Platform Engineer", GREENHOUSE_REJECTION, headers=LIST),),
        (entry("globex", "rejection"),)),
    Row("greenhouse mail naming another role is listed", (Mail(
        f"Globex Hiring Team <{GH}>", "Your application for Data Scientist at Globex", GREENHOUSE_REJECTION),),
        (listed("other-role", "globex"),)),
    Row("greenhouse acknowledgement for a company you have not added", (Mail(
        f"Initrode Recruiting <{GH}>", "Thank you for applying to Initrode",
        "Hi Sam, thanks for applying to Initrode! We have received your application."),),
        (listed("acknowledgement-no-opportunity"),)),
    # --- Lever ---
    Row("lever confirmation, applied already logged", (Mail(
        "Umbrella Corporation <no-reply@hire.lever.co>", "Thank you for your application to Umbrella Corporation",
        "Hi Sam,\n\nThank you for your interest in Umbrella Corporation! We've received your application for the "
        "DevOps Engineer position and our team will review it shortly."),),
        (skipped("acknowledged"),)),
    Row("lever interview invitation with a scheduling link", (Mail(
        "Umbrella Corporation <no-reply@hire.lever.co>", "Interview invitation: DevOps Engineer",
        "Hi Sam,\n\nWe'd like to invite you to a video interview for the DevOps Engineer role. Please use the link "
        "below to pick a time that works for you."),),
        (entry("umbrella", "reply"),)),
    Row("company newsletter with List-Id", (Mail(
        "Umbrella Corporation <news@umbrella-news.example>", "Umbrella Corporation this month",
        "Read about our new lab openings.", headers=LIST),),
        (skipped("newsletter"),)),
    # --- Workday ---
    Row("workday rejection names Meta", (Mail(
        "Meta Careers <meta@myworkday.com>", "Your application for Machine Learning Engineer",
        "Dear Sam,\n\nThank you for your interest in the Machine Learning Engineer position. After careful review, "
        "we have decided not to move forward with your application at this time."),),
        (entry("meta", "rejection"),)),
    Row("workday mail from Metabase is not Meta's (whole words)", (Mail(
        "Metabase Talent <metabase@myworkday.com>", "Your application for Analytics Engineer",
        "Dear Sam,\n\nUnfortunately, we will not be moving forward with your application for the Analytics "
        "Engineer role."),),
        (entry("metabase", "rejection"),)),
    Row("ashby acknowledgement from Metaphor is nobody's (not Meta, not Metabase)", (Mail(
        "Metaphor <no-reply@ashbyhq.com>", "Thanks for applying to Metaphor",
        "Hi Sam, thank you for applying! We have received your application."),),
        (listed("acknowledgement-no-opportunity"),)),
    # --- Ashby ---
    Row("ashby scheduling request", (Mail(
        "Pied Piper <no-reply@ashbyhq.com>", "Pied Piper: schedule your onsite",
        "Hi Sam,\n\nPlease select a time for your onsite interview using the link below."),),
        (entry("piedpiper", "reply"),)),
    Row("ashby: 'next step' inside a rejection is a rejection", (Mail(
        "Acme Corp <no-reply@ashbyhq.com>", "Update on your Senior Backend Engineer application",
        "Hi Sam,\n\nThank you for your patience. Your application has moved to the next step of our review, and "
        "after careful consideration your application was not selected to continue in our process."),),
        (entry("acme/backend", "rejection"),)),
    # --- iCIMS, SmartRecruiters, Workable, BambooHR ---
    Row("icims acknowledgement for a company you have not added", (Mail(
        "Careers at Cyberdyne <cyberdyne-careers@talent.icims.com>",
        "Cyberdyne: thank you for applying for the Robotics Engineer position",
        "Thank you for applying. Your application has been received."),),
        (listed("acknowledgement-no-opportunity"),)),
    Row("smartrecruiters German rejection", (Mail(
        "Sonic GmbH <noreply@smartrecruiters.com>", "Ihre Bewerbung als Backend Entwickler bei Sonic GmbH",
        "Sehr geehrter Herr Example,\n\nvielen Dank für Ihre Bewerbung und Ihr Interesse an Sonic. Leider müssen "
        "wir Ihnen mitteilen, dass wir uns für andere Kandidaten entschieden haben, deren Profil noch genauer den "
        "Anforderungen entspricht.\n\nMit freundlichen Grüßen\nIhr Sonic Recruiting Team"),),
        (entry("sonic", "rejection"),)),
    Row("smartrecruiters default rejection in English", (Mail(
        "Sonic GmbH Hiring Team <noreply@smartrecruiters.com>", "Your application at Sonic GmbH",
        "Dear Sam,\n\nThank you for your interest in the position of Backend Entwickler. Unfortunately we are "
        "unable to offer you a role at this time. I'm sorry it didn't work out for now.\n\nI wish you the best of "
        "luck in your job search."),),
        (entry("sonic", "rejection"),)),
    Row("icims status mail: not selected", (Mail(
        "Umbrella Corporation Talent Acquisition <umbrella-talent@talent.icims.com>",
        "Umbrella Corporation - DevOps Engineer - application status",
        "Dear Sam,\n\nThis letter is to let you know that you were not selected for the position for which you "
        "applied. We appreciate your interest in Umbrella Corporation."),),
        (entry("umbrella", "rejection"),)),
    Row("workable confirmation logs applied when none is logged", (Mail(
        "Hooli <noreply@candidates.workablemail.com>", "Thanks for applying to Hooli",
        "Hi Sam,\n\nThanks for applying to Hooli. Your application for the Frontend Engineer job was submitted "
        "successfully."),),
        (entry("hooli", "applied"),)),
    Row("bamboohr offer of the position", (Mail(
        "Stark Industries <notifications@app.bamboohr.com>", "Offer Letter from Stark Industries",
        "Hi Sam,\n\nWe are delighted to extend you an offer for the Python Developer position. Please review and "
        "sign your offer letter."),),
        (entry("stark", "offer"),)),
    # --- people: two openings, threads, new contacts ---
    Row("recruiter on two openings: the subject's role decides", (Mail(
        "Jane Doe <jane@acme.example>", "Data Engineer - next steps",
        "Hi Sam,\n\nCould you do Tuesday at 3pm for a chat with the team?\n\nJane"),),
        (entry("acme/data", "reply", with_="Jane Doe"),)),
    Row("recruiter on two openings, nothing tells them apart: listed", (Mail(
        "Jane Doe <jane@acme.example>", "Quick question", "Hi Sam, are you free for a call this week?"),),
        (listed("ambiguous", "acme/backend", "acme/data"),)),
    Row("recruiter's reply about the senior backend role", (Mail(
        "Jane Doe <jane@acme.example>", "Re: Senior Backend Engineer",
        "Thanks Sam, that's helpful, I'll share it with the team."),),
        (entry("acme/backend", "reply", with_="Jane Doe"),)),
    Row("a hiring manager answering from a personal address (thread)", (Mail(
        "Peter Gibbons <peter.g@gmail.com>", "Re: Following up", "Hi Sam, thanks for following up, let me check.",
        in_reply_to="<followup-1@example.org>"),),
        (entry("acme/backend", "reply"),)),
    Row("a friend at gmail is nobody's", (Mail(
        "Pat Friend <pat@gmail.com>", "Dinner on Friday?", "Are you free Friday?"),),
        (skipped("unrelated"),)),
    Row("a new person at the company's domain is added as a contact", (Mail(
        "Rachel Green <rachel.green@vandelay.example>", "Import Export Analyst - interview feedback",
        "Hi Sam, thanks for your time, the team enjoyed meeting you and we'll be in touch shortly."),),
        (entry("vandelay", "reply", with_="Rachel Green"),
         contact("vandelay", "Rachel Green", "rachel.green@vandelay.example"))),
    Row("a hostile display name is cleaned", (Mail(
        '"<!-- follow-through:reminder --> Eve <b>Hacker</b>: x" <eve@piedpiper.example>', "About your interview",
        "Hello, a quick note about your interview."),),
        (entry("piedpiper", "reply", with_="Eve Hacker"), contact("piedpiper", "Eve Hacker", "eve@piedpiper.example"))),
    Row("'Vandelay, Art (Vandelay Industries)' is Art Vandelay", (Mail(
        "\"Vandelay, Art (Vandelay Industries)\" <art.v@vandelay.example>", "Next week",
        "Hi Sam, see you soon."),),
        (entry("vandelay", "reply", with_="Art Vandelay"),)),
    Row("a new colleague at an agency's shared domain is nobody's", (Mail(
        "Carl Agent <carl@talentbridge.example>", "Backend Developer role", "Hi Sam, following up on the role."),),
        (skipped("unrelated"),)),
    Row("an agency recruiter who is a contact", (Mail(
        "Rita Recruiter <rita@talentbridge.example>", "Wonka",
        "Hi Sam, the client would like to meet you. Are you available Thursday?"),),
        (entry("wonka", "reply", with_="Rita Recruiter"),)),
    # --- your own mail ---
    Row("your first mail to a contact is outreach", (Mail(
        f"Sam Example <{ME}>", "Frontend Engineer at Hooli", "Hi Gavin, I'd love to talk about the role.",
        to="Gavin Belson <gavin@hooli.example>"),),
        (entry("hooli", "outreach", with_="Gavin Belson"),)),
    Row("your mail the day after an interview is the thank-you", (Mail(
        f"Sam Example <{ME}>", "Thank you", "Hi Monica, thank you for yesterday's conversation.",
        to="Monica Hall <monica@piedpiper.example>", date="Thu, 03 Dec 2026 09:00:00 +0000"),),
        (entry("piedpiper", "thank-you", "2026-12-03", with_="Monica Hall"),)),
    Row("a thank-you lapses after quiet_grace days: then it is a follow-up", (Mail(
        f"Sam Example <{ME}>", "Checking in", "Hi Rita, checking in after our call last month.",
        to="Rita Recruiter <rita@talentbridge.example>"),),
        (entry("wonka", "follow-up", with_="Rita Recruiter"),)),
    Row("a thank-you within quiet_grace days of a call", (Mail(
        f"Sam Example <{ME}>", "Thanks", "Hi Rita, thanks for the call.",
        to="Rita Recruiter <rita@talentbridge.example>", date="Wed, 18 Nov 2026 09:00:00 +0000"),),
        (entry("wonka", "thank-you", "2026-11-18", with_="Rita Recruiter"),)),
    Row("your check-in is a follow-up", (Mail(
        f"Sam Example <{ME}>", "Re: Senior Backend Engineer", "Hi Jane, just checking in on the role.",
        to="Jane Doe <jane@acme.example>"),),
        (entry("acme/backend", "follow-up", with_="Jane Doe"),)),
    Row("your own words of withdrawal are a touch, never a rejection", (Mail(
        f"Sam Example <{ME}>", "Re: Import Export Analyst",
        "Hi Art, thank you, but I have decided not to move forward with the process.",
        to="Art Vandelay <art@vandelay.example>"),),
        (entry("vandelay", "follow-up", with_="Art Vandelay"),)),
    Row("your mail to a friend is nobody's", (Mail(
        f"Sam Example <{ME}>", "Dinner", "See you Friday", to="pat@gmail.com"),),
        (skipped("unrelated"),)),
    Row("your mail to a closed opportunity is a note, listed", (Mail(
        f"Sam Example <{ME}>", "Thanks", "Thanks for letting me know, Bill.", to="bill@initech.example"),),
        (entry("initech", "note", with_="Bill Lumbergh", note="mail after closing; reopens nothing"),
         listed("closed", "initech"))),
    # --- not about your search ---
    Row("a newsletter naming companies", (Mail(
        "Tech Weekly <newsletter@techweekly.example>", "Acme Corp raises $50M; Meta hires",
        "This week: Acme Corp and Meta.", headers=LIST),),
        (skipped("newsletter"),)),
    Row("a job alert with list headers", (Mail(
        "LinkedIn Job Alerts <jobalerts-noreply@linkedin.com>", "New jobs for Senior Backend Engineer at Acme Corp",
        "Acme Corp is hiring: Senior Backend Engineer.", headers=LIST[:1]),),
        (skipped("newsletter"),)),
    Row("a job board notification without list headers", (Mail(
        "LinkedIn <jobs-noreply@linkedin.com>", "Acme Corp is hiring a Data Engineer",
        "We are pleased to offer you the chance to apply."),),
        (skipped("unrelated"),)),
    Row("an auto-reply from a contact", (Mail(
        "Jane Doe <jane@acme.example>", "Automatic reply: Senior Backend Engineer",
        "I am out of the office until Monday.", headers=(("Auto-Submitted", "auto-replied"),)),),
        (skipped("auto-reply"),)),
    Row("an out-of-office by its subject", (Mail(
        "Art Vandelay <art@vandelay.example>", "Out of Office: Re: interview", "Back on Monday."),),
        (skipped("auto-reply"),)),
    Row("a bounce", (Mail(
        "Mail Delivery Subsystem <mailer-daemon@googlemail.com>", "Delivery Status Notification (Failure)",
        "Address not found: jane@acme.example"),),
        (skipped("bounce"),)),
    Row("an ignored address at a company's domain", (Mail(
        "Acme Digest <digest@acme.example>", "Acme engineering news", "Our interview process, explained."),),
        (skipped("ignored"),)),
    # --- what it says ---
    Row("an offer of the position itself", (Mail(
        "Jane Doe <jane@acme.example>", "Offer - Senior Backend Engineer",
        "Hi Sam,\n\nWe are pleased to offer you the role of Senior Backend Engineer at Acme. The formal offer "
        "letter will follow."),),
        (entry("acme/backend", "offer", with_="Jane Doe"),)),
    Row("'offer you an interview' is an invitation", (Mail(
        "Jane Doe <jane@acme.example>", "Data Engineer interview",
        "Hi Sam, we'd like to offer you an interview for the Data Engineer position next week."),),
        (entry("acme/data", "reply", with_="Jane Doe"),)),
    Row("on hold with a later step is a reply", (Mail(
        "Art Vandelay <art@vandelay.example>", "Update",
        "Hi Sam, the role is on hold until January; we'll reach out then."),),
        (entry("vandelay", "reply", with_="Art Vandelay"),)),
    Row("on hold with no further progress is a rejection", (Mail(
        "Art Vandelay <art@vandelay.example>", "Update",
        "Hi Sam, the position is on hold and we will not be progressing applications at this stage."),),
        (entry("vandelay", "rejection", with_="Art Vandelay"),)),
    Row("a position filled is a rejection", (Mail(
        "Monica Hall <monica@piedpiper.example>", "ML Engineer",
        "Hi Sam, I wanted to let you know that the position has been filled. Thanks again for your time."),),
        (entry("piedpiper", "rejection", with_="Monica Hall"),)),
    Row("a kind word after a rejection is a note, listed", (Mail(
        "Bill Lumbergh <bill@initech.example>", "Re: SRE", "Thanks for your time, Sam, good luck!"),),
        (entry("initech", "note", with_="Bill Lumbergh", note="mail after closing; reopens nothing"),
         listed("closed", "initech"))),
    Row("an invitation reopens a closed opportunity", (Mail(
        "Bill Lumbergh <bill@initech.example>", "A new opening",
        "Hi Sam, we have a new opening. Would you be available for a call on Monday?"),),
        (entry("initech", "reply", with_="Bill Lumbergh"),)),
    Row("a tracker's survey on a closed opportunity is a note, listed", (Mail(
        "Initech <no-reply@greenhouse.io>", "Initech wants your feedback",
        "Please take a moment to give us your feedback in our candidate survey."),),
        (entry("initech", "note", note="mail after closing; reopens nothing"), listed("closed", "initech"))),
    Row("the same reply logged by hand gets the ref", (Mail(
        "Art Vandelay <art@vandelay.example>", "Re: Import Export Analyst", "Hi Sam, thanks for the update.",
        date="Tue, 01 Dec 2026 11:00:00 +0000"),),
        (add_ref("vandelay", "2026-12-01", "reply"),)),
    Row("a rejection the day of a hand-logged reply is its own entry", (Mail(
        "Art Vandelay <art@vandelay.example>", "Re: Import Export Analyst",
        "Hi Sam, after careful consideration we have decided to move forward with other candidates.",
        date="Tue, 01 Dec 2026 15:00:00 +0000"),),
        (entry("vandelay", "rejection", "2026-12-01", with_="Art Vandelay"),)),
    Row("your application mail the day you logged applied gets the ref", (Mail(
        f"Sam Example <{ME}>", "Application: Senior Backend Engineer", "Hi Jane, please find my CV attached.",
        to="jane@acme.example", date="Tue, 10 Nov 2026 09:00:00 +0000"),),
        (add_ref("acme/backend", "2026-11-10", "applied"),)),
    Row("an acknowledgement from a company's domain with no opportunity", (Mail(
        "Soylent Careers <careers@soylent.example>", "We received your application",
        "Thank you for your application to Soylent. We have received your application and will review it."),),
        (listed("acknowledgement-no-opportunity"),)),
    Row("an acknowledgement from the company's domain, applied logged", (Mail(
        "Vandelay Careers <careers@vandelay.example>", "Application received",
        "Thank you for applying to Vandelay Industries. Your application has been received."),),
        (skipped("acknowledged"),)),
    Row("a language without rules is a reply, never a guessed rejection", (Mail(
        "Monica Hall <monica@piedpiper.example>", "Tu candidatura",
        "Hola Sam, lamentablemente hemos decidido continuar con otros candidatos. Gracias por tu interés en "
        "nuestra empresa y te deseamos mucha suerte."),),
        (entry("piedpiper", "reply", with_="Monica Hall"),)),
    Row("a German invitation from a new person", (Mail(
        "Lena Schmidt <lena.schmidt@sonic.example>", "Einladung zum Vorstellungsgespräch",
        "Guten Tag Herr Example,\n\nwir möchten Sie gerne zu einem Vorstellungsgespräch einladen. Hätten Sie am "
        "Dienstag Zeit?\n\nViele Grüße\nLena Schmidt"),),
        (entry("sonic", "reply", with_="Lena Schmidt"),
         contact("sonic", "Lena Schmidt", "lena.schmidt@sonic.example"))),
    Row("a French rejection", (Mail(
        "Art Vandelay <art@vandelay.example>", "Votre candidature",
        "Bonjour Sam,\n\nNous sommes au regret de vous informer que votre candidature n'a pas été retenue pour ce "
        "poste. Nous vous remercions pour votre intérêt."),),
        (entry("vandelay", "rejection", with_="Art Vandelay"),)),
    Row("an HTML-only rejection from the company's no-reply names the opening", (Mail(
        "Acme Recruiting <no-reply@acme.example>", "Your application for Data Engineer",
        html="<html><body><p>Dear Sam,</p><p>Thank you for your interest in Acme. Unfortunately we have decided "
             "to move forward with other candidates.</p><blockquote>Earlier: we are pleased to offer you the "
             "role</blockquote></body></html>"),),
        (entry("acme/data", "rejection"),)),
    Row("a quoted rejection below a reply is not read", (Mail(
        "Tom Hiring <tom.hiring@gmail.com>", "Re: Senior Backend Engineer",
        "Sounds good, let's talk Monday!\n\nOn Thu, Dec 3, 2026 at 9:00 AM Sam <sam@example.org> wrote:\n"
        "> I heard you have decided to move forward with other candidates?"),),
        (entry("acme/backend", "reply", with_="Tom Hiring"),)),
    Row("Outlook's quoted block is not read", (Mail(
        "Art Vandelay <art@vandelay.example>", "RE: question", "Thanks, noted.\n\nFrom: Sam <sam@example.org>\n"
        "Sent: Monday, November 30, 2026 9:00 AM\nTo: Art Vandelay\nSubject: question\n\n"
        "Is it true the position has been filled?"),),
        (entry("vandelay", "reply", with_="Art Vandelay"),)),
    Row("no Message-ID: the ref from From, Date and Subject", (NO_ID,),
        (entry("vandelay", "reply", with_="Art Vandelay", refs=(fallback_ref(
            "art@vandelay.example", __import__("email.utils").utils.parsedate_to_datetime(NO_ID.date),
            "Quick note"),)),)),
    Row("a sender's clock ahead of ours: dated today", (Mail(
        "Art Vandelay <art@vandelay.example>", "Ahead", "Hi Sam, talk soon.",
        date="Wed, 09 Dec 2026 10:00:00 +0000"),),
        (entry("vandelay", "reply", "2026-12-07", with_="Art Vandelay"),)),
    Row("the date is taken in the timezone setting", (Mail(
        "Art Vandelay <art@vandelay.example>", "Late", "Hi Sam, talk soon.",
        date="Fri, 04 Dec 2026 23:30:00 -0800"),),
        (entry("vandelay", "reply", "2026-12-05", with_="Art Vandelay"),)),
    # --- calendar parts ---
    Row("a calendar REQUEST plans the interview and logs their reply", (Mail(
        "Jane Doe <jane@acme.example>", "Invitation: Interview: Senior Backend Engineer @ Wed Dec 9, 2026",
        "You have been invited to the following event.",
        ics=ics(ACME_EVENT, "20261209T140000Z", "Interview: Senior Backend Engineer")),),
        (entry("acme/backend", "interview", "2026-12-09", with_="Jane Doe", refs=(ics_ref(ACME_EVENT),)),
         entry("acme/backend", "reply", with_="Jane Doe"))),
    Row("a phone screen REQUEST is a screen", (Mail(
        "Monica Hall <monica@piedpiper.example>", "Invitation: Phone screen", "Invitation from Google Calendar",
        ics=ics("evt-pp-screen@piedpiper.example", "20261211T100000Z", "Phone screen with Pied Piper")),),
        (entry("piedpiper", "screen", "2026-12-11", with_="Monica Hall",
               refs=(ics_ref("evt-pp-screen@piedpiper.example"),)),
         entry("piedpiper", "reply", with_="Monica Hall"))),
    Row("an updated REQUEST moves the planned interview", (Mail(
        "Art Vandelay <art@vandelay.example>", "Updated invitation: Interview", "The event has been updated.",
        ics=ics(VANDELAY_EVENT, "20261211T150000Z", "Interview", sequence=1)),),
        (redate("vandelay", VANDELAY_EVENT, "2026-12-11"),)),
    Row("a reread older REQUEST never moves it back", (Mail(
        "Art Vandelay <art@vandelay.example>", "Updated invitation: Interview", "The event has been updated.",
        ics=ics(VANDELAY_EVENT, "20261214T150000Z", "Interview", sequence=1)),),
        (skipped("stale-event"),), MailState(events={ics_ref(VANDELAY_EVENT): 2})),
    Row("a CANCEL turns the planned interview into a note; the text goes on", (Mail(
        "Art Vandelay <art@vandelay.example>", "Canceled event: Interview",
        "This event has been canceled.", date="Sat, 05 Dec 2026 10:00:00 +0000",
        ics=ics(VANDELAY_EVENT, "20261210T150000Z", "Interview", method="CANCEL", sequence=2)),),
        (to_note("vandelay", "2026-12-05", "cancelled", VANDELAY_EVENT),
         entry("vandelay", "reply", "2026-12-05", with_="Art Vandelay"))),
    Row("a CANCEL that is also a rejection", (Mail(
        "Art Vandelay <art@vandelay.example>", "Canceled event: Interview",
        "Hi Sam, we have decided not to proceed with your application, so I have cancelled our interview.",
        date="Sat, 05 Dec 2026 10:00:00 +0000",
        ics=ics(VANDELAY_EVENT, "20261210T150000Z", "Interview", method="CANCEL", sequence=2)),),
        (to_note("vandelay", "2026-12-05", "cancelled", VANDELAY_EVENT),
         entry("vandelay", "rejection", "2026-12-05", with_="Art Vandelay"))),
    Row("your calendar REPLY logs nothing", (Mail(
        f"Sam Example <{ME}>", "Accepted: Interview", "Sam has accepted this invitation.",
        to="art@vandelay.example", ics=ics(VANDELAY_EVENT, "20261210T150000Z", "Interview", method="REPLY")),),
        (skipped("calendar-reply"),)),
    Row("a REQUEST for an event already past is only the reply", (Mail(
        "Monica Hall <monica@piedpiper.example>", "Invitation: Debrief", "Invitation from Google Calendar",
        ics=ics("evt-pp-past@piedpiper.example", "20261201T100000Z", "Debrief")),),
        (entry("piedpiper", "reply", with_="Monica Hall"),)),
    # --- duplicates, known, one touch a day ---
    Row("one message in two folders logs once", (
        Mail("Art Vandelay <art@vandelay.example>", "Re: status", "Hi Sam, we are still deciding.",
             mid="<dup-1@vandelay.example>"),
        Mail("Art Vandelay <art@vandelay.example>", "Re: status", "Hi Sam, we are still deciding.",
             mid="<dup-1@vandelay.example>")),
        (entry("vandelay", "reply", with_="Art Vandelay"), skipped("duplicate"))),
    Row("a message already logged is known", (Mail(
        f"Sam Example <{ME}>", "Following up", "Hi Jane, following up.", to="jane@acme.example",
        mid="<followup-1@example.org>", date="Fri, 20 Nov 2026 09:00:00 +0000"),),
        (skipped("known"),)),
    Row("all you send one opportunity in a day is one touch", (
        Mail(f"Sam Example <{ME}>", "Hello", "Hi Gavin, one thing.", to="gavin@hooli.example",
             mid="<touch-1@example.org>", date="Fri, 04 Dec 2026 09:00:00 +0000"),
        Mail(f"Sam Example <{ME}>", "Hello again", "Hi Gavin, one more thing.", to="gavin@hooli.example",
             mid="<touch-2@example.org>", date="Fri, 04 Dec 2026 17:00:00 +0000")),
        (entry("hooli", "outreach", with_="Gavin Belson", refs=(
            "mid:" + __import__("hashlib").sha256(b"touch-1@example.org").hexdigest()[:16],
            "mid:" + __import__("hashlib").sha256(b"touch-2@example.org").hexdigest()[:16])),)),
    Row("a thread's rejection then its kind word: the second is a note on the now closed opportunity", (
        Mail("Monica Hall <monica@piedpiper.example>", "ML Engineer", "Hi Sam, the role has been filled.",
             mid="<pp-1@piedpiper.example>", date="Thu, 03 Dec 2026 09:00:00 +0000"),
        Mail("Monica Hall <monica@piedpiper.example>", "Re: ML Engineer", "You're welcome, all the best!",
             mid="<pp-2@piedpiper.example>", date="Fri, 04 Dec 2026 09:00:00 +0000",
             in_reply_to="<pp-1@piedpiper.example>")),
        (entry("piedpiper", "rejection", "2026-12-03", with_="Monica Hall", refs=(
            "mid:" + __import__("hashlib").sha256(b"pp-1@piedpiper.example").hexdigest()[:16],)),
         entry("piedpiper", "note", with_="Monica Hall", note="mail after closing; reopens nothing", refs=(
             "mid:" + __import__("hashlib").sha256(b"pp-2@piedpiper.example").hexdigest()[:16],)),
         listed("closed", "piedpiper"))),
    Row("a company's own domain naming another role is listed", (Mail(
        "Pied Piper Talent <talent@piedpiper.example>", "Your application for Data Scientist",
        "Thank you for applying to the Data Scientist role. We have received your application."),),
        (listed("other-role", "piedpiper"),)),
    # --- words that look like a verdict but are not ---
    Row("'happy to offer you some feedback' is no offer", (Mail(
        "Jane Doe <jane@acme.example>", "Re: Senior Backend Engineer",
        "Hi Sam, happy to offer you some feedback on the take-home if useful."),),
        (entry("acme/backend", "reply", with_="Jane Doe"),)),
    Row("'a call for Tuesday' names no role", (Mail(
        "Kramer Cosmo <kramer@vandelay.example>", "Catch up", "Hi Sam, can we set up a call for Tuesday?"),),
        (entry("vandelay", "reply", with_="Kramer Cosmo"),
         contact("vandelay", "Kramer Cosmo", "kramer@vandelay.example"))),
    Row("'not moving forward with the Tuesday slot' is no rejection", (Mail(
        "Art Vandelay <art@vandelay.example>", "Re: times",
        "We're not moving forward with the Tuesday slot after all, can you do Wednesday at 2pm instead?"),),
        (entry("vandelay", "reply", with_="Art Vandelay"),)),
    Row("'unable to offer you the position' is a rejection", (Mail(
        "Art Vandelay <art@vandelay.example>", "Your application",
        "Hi Sam, I'm sorry to say we are unable to offer you the position."),),
        (entry("vandelay", "rejection", with_="Art Vandelay"),)),
    Row("a tracker's acknowledgement naming one of two openings", (Mail(
        "Acme Corp <no-reply@us.greenhouse-mail.io>", "Thank you for applying to Acme Corp",
        "Hi Sam, thank you for applying to the Data Engineer role at Acme Corp. We have received your application."),),
        (skipped("acknowledged"),)),
    Row("workday: not moving to the next round is a rejection", (Mail(
        "Meta Careers <meta@myworkday.com>", "Machine Learning Engineer: an update",
        "Dear Sam, thank you for interviewing with us. Unfortunately, you won't be moving to the next round."),),
        (entry("meta", "rejection"),)),
    Row("a tracker's reminder that says nothing to log", (Mail(
        "Stark Industries <notifications@app.bamboohr.com>", "Stark Industries: assessment reminder",
        "Hi Sam, thank you for submitting the assessment. Our team will review it."),),
        (skipped("automated"),)),
    Row("a new contact's name comes without the company's name", (Mail(
        "Susan Ross Vandelay Industries <susan.ross@vandelay.example>", "Import Export Analyst",
        "Hi Sam, I'm Art's colleague and will coordinate your interviews."),),
        (entry("vandelay", "reply", with_="Susan Ross"),
         contact("vandelay", "Susan Ross", "susan.ross@vandelay.example"))),
    Row("messages are taken in date order whatever order they come in", (
        Mail("Monica Hall <monica@piedpiper.example>", "ML Engineer", "Hi Sam, the role has been filled.",
             mid="<order-2@piedpiper.example>", date="Thu, 03 Dec 2026 09:00:00 +0000"),
        Mail("Monica Hall <monica@piedpiper.example>", "Quick one", "Hi Sam, thanks for the chat!",
             mid="<order-1@piedpiper.example>", date="Wed, 02 Dec 2026 18:00:00 +0000")),
        (entry("piedpiper", "reply", "2026-12-02", with_="Monica Hall", refs=(
            "mid:" + __import__("hashlib").sha256(b"order-1@piedpiper.example").hexdigest()[:16],)),
         entry("piedpiper", "rejection", "2026-12-03", with_="Monica Hall", refs=(
             "mid:" + __import__("hashlib").sha256(b"order-2@piedpiper.example").hexdigest()[:16],)))),
    Row("a REQUEST for the interview you logged by hand gives it the ics ref", (Mail(
        "Monica Hall <monica@piedpiper.example>", "Invitation: Onsite", "Invitation from Google Calendar",
        ics=ics("evt-pp-onsite@piedpiper.example", "20261215T100000Z", "Onsite interview")),),
        (add_ref("piedpiper", "2026-12-15", "interview", ics_ref("evt-pp-onsite@piedpiper.example")),
         entry("piedpiper", "reply", with_="Monica Hall"))),
    Row("a team address with a person-like local part is no person: no contact, no with", (Mail(
        "Vandelay Talent Team <talent-team@vandelay.example>", "Import Export Analyst: next steps",
        "Hi Sam, could you do Thursday at 10am for the second interview?"),),
        (entry("vandelay", "reply"),)),
    Row("a tracker naming a company you have not added is listed and kept to reread", (Mail(
        "Massive Dynamic <no-reply@hire.lever.co>", "Your application to Massive Dynamic",
        "Hi Sam, we'd like to invite you to an interview."),),
        (listed("no-opportunity"),)),
]


@pytest.fixture(scope="module")
def opps():
    return opportunities()


def test_the_table_has_at_least_sixty_messages():
    assert sum(len(r.mails) for r in ROWS) >= 60 and len(ROWS) >= 60


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_each_message_gives_exactly_its_entry(row, opps):
    assert facts(run_row(row, opps), opps) == expected(row)


def test_precision_is_one_and_recall_is_printed(opps):
    """Over the whole table: every entry logged is one the row expects (precision), and how many expected were."""
    predicted = expected_total = true_positive = 0
    wrong = []
    for row in ROWS:
        got = [f for f in facts(run_row(row, opps), opps) if f[0] in LOGGED]
        want = [f for f in expected(row) if f[0] in LOGGED]
        predicted += len(got)
        expected_total += len(want)
        hits = [f for f in got if f in want]
        true_positive += len(hits)
        wrong += [(row.name, f) for f in got if f not in want]
    precision = true_positive / predicted if predicted else 1.0
    recall = true_positive / expected_total if expected_total else 1.0
    print(f"\njudge table: {len(ROWS)} rows, {sum(len(r.mails) for r in ROWS)} messages; "
          f"logged {predicted}, expected {expected_total}; precision {precision:.3f}, recall {recall:.3f}")
    assert not wrong, wrong
    assert precision == 1.0


def test_the_unplaced_are_kept_to_reread(opps):
    row = ROWS[-1]
    plan = run_row(row, opps)
    assert plan.unplaced == (("INBOX", 1),)


def test_events_applied_are_kept(opps):
    row = next(r for r in ROWS if r.name.startswith("a calendar REQUEST plans"))
    assert dict(run_row(row, opps).events) == {ics_ref(ACME_EVENT): 0}
    assert FolderState(1, 1)  # the state's records are the reader's; the judge only fills `events`


def test_every_message_the_table_logs_or_lists_is_worth_reading_from_its_headers(opps):
    """IMAP fetches a body only when `worth_reading` says yes: a message it skips can never be logged."""
    from generator.core.mail.match import build_index, worth_reading
    from tests.mail.judge_table_support import SETTINGS

    index = build_index(opps, SETTINGS)
    missed = []
    for row in ROWS:
        wanted = [f for f in expected(row) if f[0] in (*LOGGED, "listed", "contact")]
        for mail in row.mails if wanted else ():
            header = mail.raw().replace(b"\r\n", b"\n").split(b"\n\n", 1)[0] + b"\n\n"
            if not worth_reading(header, index):
                missed.append(row.name)
    assert not missed
