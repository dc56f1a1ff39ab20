"""Job titles in a message (pure): the role it names, and whether that is an opportunity's role."""

from __future__ import annotations

import re

from generator.core.intake.matching import _folded
from generator.core.mail.rules import ROLE_FILLERS, SENIORITY, TITLE_WORDS

_WORDS = re.compile(r"[^\W_]+")
_STOP = r"(?=\s+(?:at|with|bei|chez|à|in|position|role|job|opening|-|–|—|\||\(|,)\b|\s*[-–—|(,.!:;]|\s*$)"
_ROLE = r"(?P<role>[^\n,.!:;|()]{2,80}?)"
# Phrases that name a role ("your application for Data Engineer"), English, German and French.
_NAMED = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"\bapplication\s+(?:for|to)\s+(?:the\s+|our\s+)?(?:position\s+of\s+|role\s+of\s+)?" + _ROLE + _STOP,
    r"\bappl(?:ying|ied)\s+(?:for|to)\s+(?:the\s+|our\s+)?(?:position\s+of\s+|role\s+of\s+)?" + _ROLE + _STOP,
    r"\binterest\s+in\s+(?:the\s+|our\s+)?" + _ROLE + r"\s+(?:position|role|opening)\b",
    r"\b(?:interview|screen|call)\s+for\s+(?:the\s+)?" + _ROLE + _STOP,
    r"\bbewerbung\s+(?:als|für\s+(?:die\s+)?(?:position|stelle)?(?:\s+als)?)\s*" + _ROLE + _STOP,
    r"\bcandidature\s+(?:au\s+poste\s+de|pour\s+le\s+poste\s+de|pour)\s+" + _ROLE + _STOP,
))


def role_words(text: str) -> tuple[str, ...]:
    """A title's telling words: 'Senior Backend Engineer (m/w/d)' → ('senior', 'backend', 'engineer')."""
    return tuple(w for w in _WORDS.findall(_folded(text).casefold()) if w not in ROLE_FILLERS)


def named_roles(texts: tuple[str, ...], company_words: tuple[str, ...] = (),
                known_words: frozenset[str] = frozenset()) -> list[tuple[str, ...]]:
    """The roles the texts name, as words. A phrase counts as a role when it holds a job-title word ("engineer")
    or a word of one of the openings in question; the company's name ("applying to Acme") and "a call for
    Tuesday" are no role."""
    found = []
    for text in texts:
        for pattern in _NAMED:
            for match in pattern.finditer(text[:1500]):
                words = role_words(match.group("role"))
                core = {w for w in words if w not in SENIORITY}
                titled = bool(core & TITLE_WORDS or core & known_words)
                if titled and len(words) <= 8 and not core <= set(company_words):
                    found.append(words)
    return found


def same_role(named: tuple[str, ...], role: str) -> bool:
    """'Backend Engineer' is 'Senior Backend Engineer'; 'Data Engineer' is not (seniority words aside)."""
    a = {w for w in named if w not in SENIORITY}
    b = {w for w in role_words(role) if w not in SENIORITY}
    return bool(a and b) and (a <= b or b <= a)


def phrase_in(words: tuple[str, ...], text_words: tuple[str, ...]) -> bool:
    """The words appear in this order, next to each other, in the text's words."""
    n = len(words)
    return n > 0 and any(text_words[i:i + n] == words for i in range(len(text_words) - n + 1))
