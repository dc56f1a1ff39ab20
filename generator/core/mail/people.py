"""People in mail (pure): the name a file gives a sender, and a clean name for a new contact."""

from __future__ import annotations

import re

from generator.core.intake.matching import LEGAL_SUFFIXES, _folded
from generator.core.mail.message import Address
from generator.core.records import Contact, Opportunity

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}|<[^>]*>?")
_AFTER = re.compile(r"\s+(?:via|from|at|@|von|bei|chez|de\s+chez)\s+.*$|\s*[|/–—:]\s.*$|\s+-\s+.*$", re.IGNORECASE)
_NOT_NAME = re.compile(r"[^\w\s'.-]|[\d_]")
_WORDS = re.compile(r"[^\W\d_]+")
MAX_NAME = 60


def clean_name(display: str, company: str = "") -> str:
    """'Doe, Jane (Acme Talent)' → 'Jane Doe'; 'Jane Doe via Greenhouse', 'Jane Doe | Acme' and (given the
    company) 'Jane Doe Acme Corp' → 'Jane Doe'; markup and markers dropped; one line, bounded."""
    text = _BRACKETED.sub(" ", _COMMENT.sub(" ", display))
    text = _AFTER.sub("", " ".join(text.split()))
    parts = [p for p in (x.strip() for x in text.split(",")) if p]
    text = f"{parts[1]} {parts[0]}" if len(parts) == 2 else " ".join(parts)
    text = " ".join(_without_company(_NOT_NAME.sub(" ", text).split(), company)).strip(" .-'")
    return text[:MAX_NAME].rstrip() if _WORDS.search(text) else ""


def _without_company(words: list[str], company: str) -> list[str]:
    """'Jane Doe Acme Corp' → 'Jane Doe' for Acme Corp: the company's whole name before or after the person's;
    'Jane Doe' at Doe Industries stays (only the whole name is the company)."""
    core = _WORDS.findall(_folded(company).casefold().replace(".", ""))
    while len(core) > 1 and core[-1] in LEGAL_SUFFIXES:
        core.pop()
    if not core:
        return words
    low = [_folded(w).casefold().strip(".") for w in words]
    end = len(words)
    while end > 0 and low[end - 1] in LEGAL_SUFFIXES:
        end -= 1
    n = len(core)
    if end - n >= 1 and low[end - n:end] == core:
        return words[:end - n]
    if len(words) - n >= 1 and low[:n] == core:
        return words[n:]
    return words


def name_words(name: str) -> frozenset[str]:
    return frozenset(_WORDS.findall(_folded(name).casefold()))


def contact_for(opp: Opportunity, address: Address) -> Contact | None:
    """The contact with this address, else the one whose name matches in any order and case."""
    for contact in opp.contacts:
        if contact.email and contact.email.strip().lower() == address.email:
            return contact
    wanted = name_words(clean_name(address.name, opp.company))
    if not wanted:
        return None
    return next((c for c in opp.contacts if name_words(c.name) == wanted), None)
