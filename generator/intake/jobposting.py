"""A job page's schema.org ``JobPosting``, read from its JSON-LD (pure: HTML text in, record out).

Greenhouse, Lever, Ashby and most job boards embed one ``<script
type="application/ld+json">`` block describing the posting; some pages carry several
blocks, an ``@graph``, a list, or a posting nested in a ``WebPage``. Blocks that are
not valid JSON are skipped (the next one may be fine). The standard library's
``html.parser`` finds the blocks: JSON-LD is all we read, so a full extractor
(microdata, RDFa, lxml) would add weight and nothing we use.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

MAX_DEPTH = 12  # how deep we look for a posting inside other nodes


@dataclass(frozen=True)
class JobPosting:
    company: str | None
    role: str | None
    location: str | None
    date_posted: dt.date | None = None
    valid_through: dt.date | None = None

    def note(self) -> str | None:
        """The dates worth keeping, as one line for the file's notes."""
        parts = []
        if self.date_posted:
            parts.append(f"Posted {self.date_posted.isoformat()}")
        if self.valid_through:
            parts.append(f"applications close {self.valid_through.isoformat()}")
        if not parts:
            return None
        text = "; ".join(parts)
        return text[0].upper() + text[1:] + "."


class _JsonLdBlocks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.blocks: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag != "script":
            return
        kind = next((v for k, v in attrs if k == "type"), "") or ""
        if kind.split(";")[0].strip().casefold() == "application/ld+json":
            self._current = []

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._current is not None:
            self.blocks.append("".join(self._current))
            self._current = None


def json_ld_blocks(page: str) -> list[str]:
    parser = _JsonLdBlocks()
    parser.feed(page)
    parser.close()
    return parser.blocks


def _load_block(text: str):
    """The block's JSON, or None when it is not JSON (skipped)."""
    text = text.strip()
    # Some CMSs wrap the JSON in a comment or CDATA section.
    text = re.sub(r"^(?:<!--|/\*\s*<!\[CDATA\[\s*\*/|<!\[CDATA\[)", "", text).strip()
    text = re.sub(r"(?:-->|/\*\s*\]\]>\s*\*/|\]\]>)$", "", text).strip()
    try:
        return json.loads(text, strict=False)  # strict=False: raw newlines inside strings are common
    except ValueError:
        return None


def _types(node: dict) -> list[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return [k.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for k in kinds if isinstance(k, str)]


def _nodes(value, depth: int = 0):
    """Every mapping in a JSON-LD value, depth first (lists, @graph and nested nodes)."""
    if depth > MAX_DEPTH:
        return
    if isinstance(value, list):
        for item in value:
            yield from _nodes(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        for item in value.values():
            if isinstance(item, (list, dict)):
                yield from _nodes(item, depth + 1)


def _text(value) -> str | None:
    """Plain one-line text: entities decoded (twice-encoded ones too), tags and extra spaces gone."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str):
        return None
    for _ in range(2):
        value = html.unescape(value)
    value = re.sub(r"<[^>]*>", " ", value)
    value = " ".join(value.split())
    return value or None


def _resolve(value, index: dict):
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in index:
        return index[value["@id"]]
    return value


def _name(value, index: dict) -> str | None:
    value = _resolve(value, index)
    if isinstance(value, list):
        return next((n for n in (_name(v, index) for v in value) if n), None)
    if isinstance(value, dict):
        return _text(value.get("name")) or _text(value.get("legalName"))
    return _text(value)


def _address(value, index: dict) -> str | None:
    value = _resolve(value, index)
    if isinstance(value, list):
        return next((a for a in (_address(v, index) for v in value) if a), None)
    if isinstance(value, str):
        return _text(value)
    if not isinstance(value, dict):
        return None
    parts = []
    for key in ("addressLocality", "addressRegion", "addressCountry"):
        part = _name(value.get(key), index)
        if part and part.casefold() not in (p.casefold() for p in parts):
            parts.append(part)
    return ", ".join(parts) or _text(value.get("name"))


def _place(value, index: dict) -> str | None:
    value = _resolve(value, index)
    if isinstance(value, str):
        return _text(value)
    if not isinstance(value, dict):
        return None
    return _address(value.get("address"), index) or _text(value.get("name"))


def _location(posting: dict, index: dict) -> str | None:
    places_value = posting.get("jobLocation")
    places_value = places_value if isinstance(places_value, list) else [places_value]
    places: list[str] = []
    for value in places_value:
        place = _place(value, index)
        if place and place not in places:
            places.append(place)
    kinds = posting.get("jobLocationType")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    remote = any(isinstance(k, str) and k.strip().upper() == "TELECOMMUTE" for k in kinds)
    if remote:
        where = posting.get("applicantLocationRequirements")
        where = where if isinstance(where, list) else [where]
        regions = [n for n in (_name(w, index) for w in where) if n]
        label = "Remote" + (f" ({', '.join(dict.fromkeys(regions))})" if regions else "")
        places = [p for p in places if p.casefold() not in {r.casefold() for r in regions}]
        return " or ".join([label, *places]) if places else label
    return "; ".join(places) or None


def _date(value) -> dt.date | None:
    if not isinstance(value, str):
        return None
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value)
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def _from_node(posting: dict, index: dict) -> JobPosting:
    return JobPosting(
        company=_name(posting.get("hiringOrganization"), index),
        role=_text(posting.get("title")) or _text(posting.get("name")),
        location=_location(posting, index),
        date_posted=_date(posting.get("datePosted")),
        valid_through=_date(posting.get("validThrough")),
    )


def read_job_posting(page: str) -> JobPosting | None:
    """The first JobPosting on the page that names a role; None when there is none."""
    found: list[JobPosting] = []
    for block in json_ld_blocks(page):
        data = _load_block(block)
        if data is None:
            continue
        nodes = list(_nodes(data))
        index = {}  # @id → the node that describes it (not a bare reference to it)
        for node in nodes:
            if isinstance(node.get("@id"), str) and not set(node) <= {"@id", "@type"}:
                index.setdefault(node["@id"], node)
        for node in nodes:
            if "JobPosting" in _types(node):
                found.append(_from_node(node, index))
    with_role = [p for p in found if p.role]
    return (with_role or found or [None])[0]
