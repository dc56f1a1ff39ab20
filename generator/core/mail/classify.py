"""What a message says, read from its own text (pure): phrase rules per language, English first.

`classify` gives the first that applies of: "rejection" (also a position filled, cancelled, or on
hold with no further progress), "offer" (of the position itself), "invitation" (in words),
"acknowledgement" (of an application), else None. A language without rules gives "unknown-language"
(the plan logs a `reply`, never a guessed rejection).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _rx(*phrases: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in phrases), re.IGNORECASE)


@dataclass(frozen=True)
class PhraseRules:
    rejection: re.Pattern[str]
    hold: re.Pattern[str]  # a pause: a rejection only with `no_progress`, a reply with a later step
    no_progress: re.Pattern[str]
    offer: re.Pattern[str]
    not_offer: re.Pattern[str]  # "offer you an interview" is an invitation
    invitation: re.Pattern[str]
    acknowledgement: re.Pattern[str]


_EN = PhraseRules(
    rejection=_rx(
        r"\b(?:decided|chosen|elected|opted)\s+(?:to\s+)?(?:move|moving|proceed|go|continue|pursue)\s+"
        r"(?:forward\s+)?(?:with|on\s+with)\s+(?:other|another|a\s+different|different)\b",
        r"\b(?:not|won't|will\s+not|unable\s+to|cannot|can't)\s+(?:be\s+)?(?:moving|move|moved|proceed(?:ing)?|"
        r"progress(?:ing)?|advanc(?:e|ing)|continu(?:e|ing)|taking)\s+(?:you\s+|your\s+application\s+)?"
        r"(?:forward\s*[.;]|forward\s+(?:with\s+(?:your|you\b)|at\s+this\s+(?:time|stage)|in\s+the\s+process)"
        r"|further|ahead\s+with\s+(?:your|you\b)|to\s+the\s+next|with\s+(?:your|you\b))",
        r"\b(?:was|were|has|have|had)\s+not\s+(?:been\s+)?(?:selected|successful|shortlisted)\b",
        r"\bnot\s+(?:been\s+)?selected\s+(?:for|to)\b",
        r"\b(?:application|candidacy)\s+(?:was|has\s+been|is)\s+unsuccessful\b",
        r"\bunsuccessful\s+(?:on\s+this\s+occasion|at\s+this\s+(?:time|stage))\b",
        r"\byou\s+(?:have\s+been|were)\s+unsuccessful\b",
        r"\bregret\s+to\s+inform\s+you\s+that\s+(?:we\s+(?:will\s+not|won't|are\s+not|have\s+decided|cannot)|"
        r"your\s+(?:application|candidacy)|you\s+(?:have\s+not|were\s+not|weren't))",
        r"\b(?:position|role|job|vacancy|opening)\s+(?:has\s+)?(?:now\s+)?been\s+(?:filled|closed|cancell?ed)\b",
        r"\bno\s+longer\s+(?:under\s+consideration|being\s+considered|considering|in\s+consideration|hiring\s+for)\b",
        r"\b(?:decided|decision)\s+not\s+to\s+(?:move|proceed|progress|pursue|continue|offer)\b",
        r"\bother\s+candidates\s+whose\s+(?:skills|experience|qualifications|profiles?)\b",
        r"\b(?:candidates?|profiles?|applicants?|experience|backgrounds?|skills)\b[^.]{0,60}\bmore\s+closely\s+"
        r"(?:match|matches|aligns?|aligned|fits?)\b",
        r"\b(?:unable|not\s+(?:be\s+)?able)\s+to\s+offer\s+you\s+(?:the|this|a|an)\s+(?:position|role|job)",
        r"\bwill\s+not\s+be\s+(?:inviting|extending|offering)\b",
        r"\bnot\s+the\s+right\s+(?:fit|match)\s+for\s+(?:this|the|our)\s+(?:role|position|team|opening)\b",
    ),
    hold=_rx(r"\bon\s+hold\b",
             r"\b(?:paused|pausing|freez(?:e|ing)|frozen)\b.{0,40}\b(?:hiring|role|position|search)\b"),
    no_progress=_rx(r"\b(?:not|won't|no\s+longer)\s+be\s+progressing\b",
                    r"\bno\s+further\s+(?:progress|steps?|action)\b", r"\bwill\s+not\s+be\s+moving\b",
                    r"\bclosing\s+(?:all\s+)?(?:applications|the\s+(?:role|position))\b"),
    offer=_rx(
        r"\boffer\s+you\s+(?:the|this|a|our)?\s*(?:position|role|job|post)\b", r"\boffer\s+you\s+employment\b",
        r"\b(?:pleased|happy|delighted|excited|thrilled|glad)\s+to\s+(?:formally\s+)?extend\s+(?:you\s+)?"
        r"(?:an?\s+|this\s+|our\s+)?(?:formal\s+|verbal\s+|written\s+)?(?:job\s+|employment\s+)?offer\b"
        r"(?!\s+to\s+interview)",
        r"\boffer\s+of\s+employment\b", r"\bemployment\s+offer\b",
        r"\b(?:your|an?|the|formal|written|verbal)\s+(?:job\s+)?offer\s+letter\b",
        r"\bextend(?:ing)?\s+(?:you\s+)?an?\s+(?:formal\s+|verbal\s+|written\s+)?(?:job\s+)?offer\b"
        r"(?!\s+to\s+interview)",
    ),
    not_offer=_rx(r"\boffer\s+you\s+an?\s+(?:interview|call|chat|meeting|conversation|screen)"),
    invitation=_rx(
        r"\b(?:could|can|would)\s+you\s+(?:do|make|manage)\s+"
        r"(?:mon|tue|wed|thu|fri|sat|sun|tomorrow|next|this|a\s+call)",
        r"\b(?:are|would)\s+you\s+(?:be\s+)?(?:available|free)\b", r"\byour\s+availability\b",
        r"\b(?:invite|inviting)\s+you\s+(?:to|for)\b", r"\boffer\s+you\s+an?\s+(?:interview|call|chat|meeting)\b",
        r"\b(?:schedule|book|set\s+up|arrange)\s+(?:a|an|some|the)\s+(?:time|call|chat|interview|meeting|screen)",
        r"\b(?:pick|select|choose)\s+a\s+(?:time|slot)\b", r"\blike\s+to\s+(?:speak|talk|chat|meet)\s+with\s+you\b",
        r"\bnext\s+round\b", r"\bmove\s+(?:you\s+)?forward\s+(?:to|with)\s+(?:the\s+)?(?:next|an?\s+interview)",
    ),
    acknowledgement=_rx(
        r"\bthank(?:s|\s+you)\s+(?:so\s+much\s+)?for\s+(?:applying|your\s+(?:job\s+)?application"
        r"|submitting\s+your\s+application)",
        r"\b(?:we(?:'ve|\s+have)?|has\s+been)\s+received\s+your\s+application\b",
        r"\bapplication\s+(?:has\s+been\s+)?received\b",
        r"\byour\s+application\s+(?:has\s+been|was)\s+(?:received|submitted)\b",
        r"\bapplication\s+(?:confirmation|submitted)\b",
    ),
)

_DE = PhraseRules(
    rejection=_rx(
        r"\bleider\b.{0,120}\b(?:nicht\s+(?:weiter\s+)?berücksichtig|absagen|nicht\s+in\s+die\s+engere|"
        r"anderen?\s+(?:kandidat|bewerber)|nicht\s+für\s+sie\s+entschieden|keine\s+positive)",
        r"\b(?:für\s+(?:einen?\s+)?(?:anderen?|andere)\s+(?:kandidat|bewerber)\w*\s+entschieden)",
        r"\bnicht\s+(?:weiter\s+)?berücksichtigen\b",
        r"\b(?:stelle|position)\s+(?:wurde\s+)?(?:bereits\s+)?(?:besetzt|vergeben)",
        r"\bnicht\s+in\s+die\s+engere\s+(?:auswahl|wahl)\b", r"\babsage\b",
    ),
    hold=_rx(r"\b(?:vorerst|vorübergehend)\s+(?:pausiert|gestoppt|auf\s+eis)\b", r"\bauf\s+eis\s+gelegt\b"),
    no_progress=_rx(r"\bnicht\s+weiter\s+verfolgen\b", r"\bkeine\s+weiteren\s+schritte\b"),
    offer=_rx(r"\b(?:vertragsangebot|arbeitsvertrag|angebot\s+für\s+die\s+(?:stelle|position))\b",
              r"\b(?:die\s+stelle|die\s+position)\s+(?:gerne\s+)?anbieten\b"),
    not_offer=_rx(r"\bvorstellungsgespräch\s+anbieten\b"),
    invitation=_rx(r"\beinladung\s+zu(?:m|r)?\b", r"\b(?:laden|möchten)\s+(?:wir\s+)?sie\b.{0,60}\beinladen\b",
                   r"\bvorstellungsgespräch\b", r"\btermin(?:vorschlag|vorschläge)?\b.{0,60}\?",
                   r"\bhätten\s+sie\s+(?:am|zeit)\b", r"\bpasst\s+ihnen\b"),
    acknowledgement=_rx(r"\b(?:vielen\s+)?dank\s+für\s+ihre\s+bewerbung\b", r"\beingang\s+ihrer\s+bewerbung\b",
                        r"\bihre\s+bewerbung\s+(?:ist\s+)?(?:bei\s+uns\s+)?eingegangen\b",
                        r"\bihre\s+(?:bewerbung|unterlagen)\s+(?:haben\s+wir\s+)?erhalten\b"),
)

_FR = PhraseRules(
    rejection=_rx(r"\bne\s+pas\s+(?:donner\s+suite|retenir)\b", r"\bpas\s+été\s+retenue?\b",
                  r"\bpas\s+(?:pu\s+)?donner\s+une\s+suite\s+favorable\b", r"\bau\s+regret\s+de\s+vous\s+informer\b",
                  r"\bne\s+sera\s+pas\s+retenue?\b", r"\bposte\s+(?:a\s+été\s+)?(?:pourvu|pourvue)\b"),
    hold=_rx(r"\ben\s+suspens\b", r"\bmis\s+en\s+pause\b"),
    no_progress=_rx(r"\baucune\s+suite\b"),
    offer=_rx(r"\bproposition\s+d['’]embauche\b", r"\bpromesse\s+d['’]embauche\b",
              r"\b(?:vous\s+)?proposer\s+le\s+poste\b"),
    not_offer=_rx(r"\bproposer\s+un\s+entretien\b"),
    invitation=_rx(r"\bvous\s+inviter\b", r"\bun\s+entretien\b", r"\bseriez-vous\s+disponible\b",
                   r"\bvos\s+disponibilités\b"),
    acknowledgement=_rx(r"\bmerci\s+pour\s+votre\s+candidature\b",
                        r"\bnous\s+avons\s+(?:bien\s+)?reçu\s+votre\s+candidature\b",
                        r"\baccusons\s+réception\b"),
)

RULES = {"en": _EN, "de": _DE, "fr": _FR}
_LATER_STEP = _rx(r"\buntil\b", r"\b(?:we'll|we\s+will)\s+(?:reach\s+out|be\s+in\s+touch|get\s+back|contact\s+you)",
                  r"\brevisit\b", r"\breopen", r"\bonce\s+(?:the|it|we)\b", r"\bbis\b", r"\bjusqu", r"\bmelden\s+uns\b")


def classify(text: str, language: str) -> str | None:
    """The first of rejection, offer, invitation, acknowledgement the text says; "unknown-language" without rules."""
    rules = RULES.get(language)
    if rules is None:
        return "unknown-language"
    if rules.rejection.search(text):
        return "rejection"
    if rules.hold.search(text) and rules.no_progress.search(text):
        return "rejection"
    if rules.offer.search(text) and not (rules.not_offer.search(text) and not _offer_beyond_interview(rules, text)):
        return "offer"
    if rules.invitation.search(text):
        return "invitation"
    if rules.hold.search(text) and _LATER_STEP.search(text):
        return "hold"
    if rules.acknowledgement.search(text):
        return "acknowledgement"
    return None


def _offer_beyond_interview(rules: PhraseRules, text: str) -> bool:
    """An offer phrase that is not the "offer you an interview" one."""
    stripped = rules.not_offer.sub(" ", text)
    return bool(rules.offer.search(stripped))
