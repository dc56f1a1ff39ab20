"""The phrase rules per language, one sentence at a time: what a message's own words say (rejection, offer,
invitation, a hold with a later step, acknowledgement, or nothing), with the traps that look like a verdict."""

from __future__ import annotations

import pytest

from generator.core.mail.body_text import detect_language
from generator.core.mail.classify import RULES, classify

CASES = [
    # English: rejections, including a position filled, cancelled or on hold with no further progress
    ("en", "We have decided to move forward with other candidates.", "rejection"),
    ("en", "We have decided to proceed with other candidates who are a better fit for the role.", "rejection"),
    ("en", "Your application has moved to the next step; after review, your application was not selected.",
     "rejection"),
    ("en", "Unfortunately we are unable to offer you a role at this time.", "rejection"),
    ("en", "This letter is to let you know that you were not selected for the position.", "rejection"),
    ("en", "We will not be moving forward with your application.", "rejection"),
    ("en", "Unfortunately, you won't be moving to the next round.", "rejection"),
    ("en", "I wanted to let you know that the position has been filled.", "rejection"),
    ("en", "The role has been cancelled due to a reorganisation.", "rejection"),
    ("en", "The role is on hold and we will not be progressing applications.", "rejection"),
    ("en", "Your application was unsuccessful on this occasion.", "rejection"),
    ("en", "We regret to inform you that your application has not been successful.", "rejection"),
    ("en", "You are no longer under consideration for this role.", "rejection"),
    # English: offers, and what is not one
    ("en", "We are pleased to offer you the role of Senior Backend Engineer.", "offer"),
    ("en", "We are delighted to extend you an offer for the Python Developer position.", "offer"),
    ("en", "Please find your offer letter attached.", "offer"),
    ("en", "We'd like to offer you an interview next week.", "invitation"),
    ("en", "We're pleased to offer you an interview with the team.", "invitation"),
    ("en", "Happy to offer you some feedback on the take-home.", None),
    # English: invitations in words, holds, acknowledgements
    ("en", "Could you do Tuesday at 3pm?", "invitation"),
    ("en", "Would you be available for a call this week?", "invitation"),
    ("en", "Please pick a time that works for you.", "invitation"),
    ("en", "We'd like to invite you to an onsite interview.", "invitation"),
    ("en", "We regret to inform you that the interview must be rescheduled; could you do Thursday?", "invitation"),
    ("en", "We're not moving forward with the Tuesday slot; can you do Wednesday instead?", "invitation"),
    ("en", "The role is on hold until January; we'll reach out then.", "hold"),
    ("en", "Thank you for applying! Your application has been received.", "acknowledgement"),
    ("en", "We have received your application for the Data Engineer role.", "acknowledgement"),
    ("en", "Thank you for submitting the assessment.", None),
    ("en", "I tried to call you but was unsuccessful.", None),
    ("en", "Let's find a time that more closely matches your schedule.", None),
    ("en", "Thanks, talk soon!", None),
    # German
    ("de", "Leider müssen wir Ihnen mitteilen, dass wir uns für andere Kandidaten entschieden haben.", "rejection"),
    ("de", "Leider konnten wir Ihre Bewerbung nicht in die engere Wahl ziehen.", "rejection"),
    ("de", "Die Stelle wurde bereits besetzt.", "rejection"),
    ("de", "Wir freuen uns, Ihnen die Stelle anbieten zu können.", "offer"),
    ("de", "Wir möchten Sie gerne zu einem Vorstellungsgespräch einladen.", "invitation"),
    ("de", "Vielen Dank für Ihre Bewerbung, sie ist bei uns eingegangen.", "acknowledgement"),
    # French
    ("fr", "Nous sommes au regret de vous informer que votre candidature n'a pas été retenue.", "rejection"),
    ("fr", "Nous avons le plaisir de vous proposer le poste.", "offer"),
    ("fr", "Seriez-vous disponible pour un entretien mardi ?", "invitation"),
    ("fr", "Merci pour votre candidature, nous l'avons bien reçue.", "acknowledgement"),
]


@pytest.mark.parametrize(("language", "text", "says"), CASES, ids=[c[1][:50] for c in CASES])
def test_what_the_words_say(language, text, says):
    assert classify(text, language) == says


def test_a_language_without_rules_is_never_a_guessed_rejection():
    text = "Hola Sam, lamentablemente hemos decidido continuar con otros candidatos. Gracias por tu interés."
    assert detect_language(text) not in RULES
    assert classify(text, detect_language(text)) == "unknown-language"


@pytest.mark.parametrize(("text", "language"), [
    ("Hi Sam, thank you for your time, we will be in touch with you about the next steps.", "en"),
    ("Sehr geehrter Herr Example, vielen Dank für Ihre Bewerbung und Ihr Interesse an uns.", "de"),
    ("Bonjour Sam, merci pour votre candidature et votre intérêt pour le poste.", "fr"),
    ("Thanks!", "en"),
])
def test_the_language_of_a_message(text, language):
    assert detect_language(text) == language
