"""Which opportunity a message is about (pure): the spec's four levels, strongest evidence first.

1. it answers a message already logged (In-Reply-To / References against the `ref`s);
2. an address of one of the opportunity's contacts;
3. the company's own domain (a contact's, or the registrable domain of `url`, holding a word of
   the company's name; never a shared provider, a tracker or job board, or an agency's domain
   that contacts of two companies share);
4. an applicant-tracking sender whose display name or subject names the company as whole words.

Two openings that fit at one level are told apart by the role's words in the subject, else the
message is ambiguous. At levels 3 and 4 a message naming another role is listed, not logged.
The rules (hosts, providers, role addresses) are data in `rules.py`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from generator.core.intake.matching import LEGAL_SUFFIXES, _folded, company_key
from generator.core.mail.mail_settings import MailSettings
from generator.core.mail.message import Address, ParsedMessage, addresses, header_text, parse_headers
from generator.core.mail.roles import named_roles, phrase_in, role_words, same_role
from generator.core.mail.rules import (
    JOB_BOARD_HOSTS,
    NAME_FILLERS,
    ROLE_NAME_WORDS,
    SHARED_PROVIDERS,
    TRACKER_HOSTS,
    host_in,
    is_role_address,
    registrable,
)
from generator.core.records import Opportunity

_WORDS = re.compile(r"[^\W_]+")
_JOB_WORDS = re.compile(
    r"\b(application|applying|applied|interview|position|role|offer|candidate|recruit\w*|hiring|opportunity|"
    r"bewerbung|vorstellungsgespr\w*|stelle|candidature|entretien|poste)\b", re.IGNORECASE)
_MSGID = re.compile(r"<[^<>\s]+>")


def words_of(text: str) -> tuple[str, ...]:
    return tuple(_WORDS.findall(_folded(text).casefold()))


def company_words(company: str) -> tuple[str, ...]:
    """'Acme Corp, Inc.' → ('acme',): legal suffixes off the end, as `import` matches."""
    words = list(words_of(company.replace(".", "")))
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return tuple(words)


@dataclass(frozen=True)
class MailIndex:
    opportunities: tuple[Opportunity, ...] = ()
    settings: MailSettings = field(default_factory=MailSettings)
    by_id: Mapping[str, Opportunity] = field(default_factory=lambda: MappingProxyType({}))
    contacts: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))  # address → ids
    domains: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))  # domain → ids
    names: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))  # id → company words
    refs: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # logged ref → id
    me: frozenset[str] = frozenset()

    def ignored(self, address: str) -> bool:
        domain = address.rpartition("@")[2]
        for item in self.settings.ignore:
            wanted = item.strip().lower()
            bare = wanted.lstrip("@")
            if address == wanted or ("@" not in bare and (domain == bare or domain.endswith("." + bare))):
                return True
        return False


def _holds_company_word(domain: str, words: tuple[str, ...]) -> bool:
    label = domain.split(".")[0]
    telling = [w for w in words if w not in NAME_FILLERS]
    return any((len(w) >= 3 and w in label) or label == w for w in telling) or label == "".join(telling)


def _own_domain(domain: str) -> bool:
    return not (domain in SHARED_PROVIDERS or host_in(domain, TRACKER_HOSTS) or host_in(domain, JOB_BOARD_HOSTS))


def _company_domains(opportunities: Sequence[Opportunity]) -> dict[str, tuple[str, ...]]:
    found: dict[str, dict[str, None]] = {}
    keys: dict[str, set[str]] = {}  # domain → company keys of the contacts there (two: an agency's)
    for opp in opportunities:
        candidates = [registrable(c.email.rpartition("@")[2]) for c in opp.contacts if c.email and "@" in c.email]
        for domain in candidates:
            keys.setdefault(domain, set()).add(company_key(opp.company))
        host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", (opp.url or "").strip().lower()).split("/")[0].split(":")[0]
        candidates += [registrable(host)] if "." in host else []
        for domain in candidates:
            if _own_domain(domain) and _holds_company_word(domain, company_words(opp.company)):
                found.setdefault(domain, {})[opp.id] = None
    return {d: tuple(ids) for d, ids in found.items() if len(keys.get(d, ())) < 2}


def build_index(opportunities: Sequence[Opportunity], settings: MailSettings) -> MailIndex:
    contacts: dict[str, dict[str, None]] = {}
    refs: dict[str, str] = {}
    for opp in opportunities:
        for c in opp.contacts:
            if c.email and "@" in c.email:
                contacts.setdefault(c.email.strip().lower(), {})[opp.id] = None
        for entry in opp.log:
            for ref in getattr(entry, "ref", ()) or ():
                refs.setdefault(ref, opp.id)
    return MailIndex(
        opportunities=tuple(opportunities), settings=settings,
        by_id=MappingProxyType({o.id: o for o in opportunities}),
        contacts=MappingProxyType({a: tuple(ids) for a, ids in contacts.items()}),
        domains=MappingProxyType(_company_domains(opportunities)),
        names=MappingProxyType({o.id: company_words(o.company) for o in opportunities}),
        refs=MappingProxyType(refs), me=frozenset(a.strip().lower() for a in settings.me),
    )


def is_tracker(address: Address) -> bool:
    return host_in(address.domain, TRACKER_HOSTS)


def is_person(address: Address) -> bool:
    """Neither an applicant-tracking or job-board host nor a role address (no-reply@, careers@, …)."""
    return not (host_in(address.domain, TRACKER_HOSTS) or host_in(address.domain, JOB_BOARD_HOSTS)
                or is_role_address(address.local) or bool(set(words_of(address.name)) & ROLE_NAME_WORDS))


def names_company(index: MailIndex, opp_id: str, texts: Sequence[str]) -> bool:
    """The company's name as whole words ("Meta" is not in "Metabase")."""
    wanted = tuple(w for w in index.names.get(opp_id, ()) if w)
    return bool(wanted) and any(phrase_in(wanted, words_of(t)) for t in texts)


def worth_reading(header_bytes: bytes, index: MailIndex) -> bool:
    """Cheap, from the headers alone: could this message concern an opportunity (or be listed as one you lack)?"""
    msg = parse_headers(header_bytes)
    if msg is None:
        return True  # unreadable headers: let the full read count it
    sender = (addresses(msg, "From") or [Address("", "")])[0]
    if sender.email in index.me:
        others = addresses(msg, "To") + addresses(msg, "Cc")
        return any(a.email in index.contacts or registrable(a.domain) in index.domains for a in others) or bool(
            _MSGID.search(header_text(msg, "In-Reply-To")))
    if index.ignored(sender.email) or sender.local in ("mailer-daemon", "postmaster"):
        return False
    listed = bool(header_text(msg, "List-Id") or header_text(msg, "List-Unsubscribe"))
    if not listed and _MSGID.search(header_text(msg, "In-Reply-To") + " " + header_text(msg, "References")):
        return True  # it may answer a message logged earlier, or one this very run logs
    if sender.email in index.contacts or registrable(sender.domain) in index.domains or is_tracker(sender):
        return True
    return not listed and _own_domain(sender.domain) and bool(_JOB_WORDS.search(header_text(msg, "Subject")))


@dataclass(frozen=True)
class Match:
    kind: str  # "matched" | "ambiguous" | "other-role" | "no-opportunity" | "unrelated"
    level: int = 0
    ids: tuple[str, ...] = ()
    reason: str = ""


def _decide(index: MailIndex, ids: Sequence[str], msg: ParsedMessage, level: int) -> Match:
    """One opportunity of the candidates, by the role the message names or the role's words in its subject."""
    ids = tuple(dict.fromkeys(ids))
    company = tuple(w for i in ids for w in words_of(index.by_id[i].company))
    known = frozenset(w for i in ids for w in role_words(index.by_id[i].role))
    named = named_roles((msg.subject, msg.text), company, known)
    if named:
        fits = [i for i in ids if any(same_role(n, index.by_id[i].role) for n in named)]
        if len(fits) > 1:
            fits = _by_subject_words(index, fits, msg.subject) or fits
        if len(fits) == 1:
            return Match("matched", level, (fits[0],))
        if not fits and level >= 3:
            return Match("other-role", level, ids, "names a role that is not this opportunity's")
        if not fits and len(ids) > 1:
            return Match("ambiguous", level, ids, "names a role none of these opportunities has")
    if len(ids) == 1:
        return Match("matched", level, ids)
    decided = _by_subject_words(index, ids, msg.subject)
    if len(decided) == 1:
        return Match("matched", level, decided)
    return Match("ambiguous", level, ids, "fits more than one opportunity")


def _by_subject_words(index: MailIndex, ids: Sequence[str], subject: str) -> tuple[str, ...]:
    """The openings whose whole title is in the subject (the longest), else the only one whose own words are."""
    subject_words = words_of(subject)
    titles = {i: role_words(index.by_id[i].role) for i in ids}
    whole = [i for i in ids if phrase_in(titles[i], subject_words)]
    if whole:
        longest = max(len(titles[i]) for i in whole)
        return tuple(i for i in whole if len(titles[i]) == longest)
    shared = set.intersection(*(set(t) for t in titles.values())) if titles else set()
    telling = [i for i in ids if set(titles[i]) - shared & set(subject_words)]
    return tuple(telling) if len(telling) == 1 else ()


def match_message(msg: ParsedMessage, index: MailIndex, refs: Mapping[str, str], outbound: bool) -> Match:
    """The opportunity a message concerns; `refs` is every ref logged so far (ref → id), this run's too."""
    threaded = [refs[r] for r in msg.replies_to if r in refs]
    if threaded:
        return _decide(index, threaded, msg, 1)
    people = [a for a in msg.recipients if a.email not in index.me] if outbound else [msg.sender]
    people = [a for a in people if not index.ignored(a.email)]
    by_address = [i for a in people for i in index.contacts.get(a.email, ())]
    if by_address:
        return _decide(index, by_address, msg, 2)
    by_domain = [i for a in people for i in index.domains.get(registrable(a.domain), ())]
    if by_domain:
        return _decide(index, by_domain, msg, 3)
    if outbound:
        return Match("unrelated")
    if is_tracker(msg.sender):
        named = [o.id for o in index.opportunities if names_company(index, o.id, (msg.sender.name, msg.subject))]
        if named:
            return _decide(index, named, msg, 4)
        return Match("no-opportunity", 4, (), "an applicant-tracking sender naming no company you have")
    return Match("unrelated")


def tracker_names_a_company(msg: ParsedMessage, index: MailIndex) -> bool:
    """A newsletter-looking message still counts when a tracker sends it naming a company you have."""
    return is_tracker(msg.sender) and any(
        names_company(index, o.id, (msg.sender.name, msg.subject)) for o in index.opportunities)


def own_domain_unknown(msg: ParsedMessage) -> bool:
    """From a company's own-looking domain (not a provider, tracker or job board): may be one you have not added."""
    return _own_domain(msg.sender.domain) and msg.sender.domain != ""
