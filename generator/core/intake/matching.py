"""The one rule that says two opportunities are the same job. Pure.

By job URL (scheme, `www.`, trailing slash, fragment and tracking parameters ignored), then
by company and role (case, spacing, punctuation and legal suffixes such as Inc., Ltd, GmbH
ignored). `import`, `new` and the `New:` issue flow all use it.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit

_NOT_ALNUM = re.compile(r"[\W_]+")
_WORDS = re.compile(r"[^\W_]+")

# Legal forms a company name may end with (lower case, dots dropped): "Stripe, Inc." is Stripe.
LEGAL_SUFFIXES = frozenset((
    "inc", "incorporated", "llc", "ltd", "limited", "gmbh", "ag", "sa", "sas", "sarl", "bv", "nv", "plc", "corp",
    "corporation", "co", "pty", "srl", "spa", "ab", "oy", "kk", "pvt", "llp", "lp", "se", "kg", "ug", "as", "asa",
    "oyj", "company",
))


def _folded(text: str) -> str:
    """Accents dropped (Société → Societe), compatibility forms unified."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normal(text: str) -> str:
    """'Job Title' → 'jobtitle': case, spaces, punctuation and accents ignored."""
    return _NOT_ALNUM.sub("", _folded(text).casefold())


def company_key(company: str) -> str:
    """'Stripe, Inc.' / 'stripe inc' / 'STRIPE' → 'stripe'; a name that is only a legal form stays as it is."""
    words = _WORDS.findall(_folded(company).casefold().replace(".", ""))
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return "".join(words)


def url_key(url: str | None) -> str | None:
    """The same posting whatever the scheme, `www.`, trailing slash, fragment or tracking parameters."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").casefold().removeprefix("www.")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.casefold().startswith(("utm_", "trk", "ref", "gh_src", "source", "lever-"))]
    return f"{host}{parts.path.rstrip('/')}" + (f"?{urlencode(sorted(query))}" if query else "")


def name_key(company: str, role: str) -> str:
    return f"{company_key(company)}\x00{normal(role)}"


def same_job(opps, company: str, role: str, url: str | None):
    """(the opportunity, why) of the first that is the same job (by URL first, then by name); None when none is."""
    wanted_url, wanted_name = url_key(url), name_key(company, role)
    by_name = None
    for opp in opps:
        if wanted_url and url_key(opp.url) == wanted_url:
            return opp, "has the same job link"
        if by_name is None and name_key(opp.company, opp.role) == wanted_name:
            by_name = opp
    return (by_name, "is the same company and role") if by_name is not None else None
