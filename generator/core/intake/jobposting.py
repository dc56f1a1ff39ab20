"""A job page's schema.org ``JobPosting``, read from its JSON-LD (pure: HTML text in, record out).

Greenhouse, Lever, Ashby and most job boards embed one ``<script
type="application/ld+json">`` block describing the posting; some pages carry several
blocks, an ``@graph``, a list, or a posting nested in a ``WebPage``. Blocks that are
not valid JSON are skipped (the next one may be fine), and said so when no posting is
found. Pages without JSON-LD may carry microdata (`itemtype="https://schema.org/JobPosting"`),
read the same way. The standard library's ``html.parser`` finds both: a full extractor
(RDFa, lxml) would add weight and nothing we use. Dates before 1990 or after 2100 are ignored.
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
        self.lines: list[int] = []  # the line of each block's <script> tag
        self._current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag != "script":
            return
        kind = next((v for k, v in attrs if k == "type"), "") or ""
        if kind.split(";")[0].strip().casefold() == "application/ld+json":
            self._current = []
            self.lines.append(self.getpos()[0])

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._current is not None:
            self.blocks.append("".join(self._current))
            self._current = None


def json_ld_blocks(page: str) -> list[str]:
    return _json_ld(page)[0]


def _json_ld(page: str) -> tuple[list[str], list[int]]:
    parser = _JsonLdBlocks()
    parser.feed(page)
    parser.close()
    return parser.blocks, parser.lines


class NotJson(ValueError):
    pass


def _load_block(text: str):
    """The block's JSON, or None when it is not JSON (skipped)."""
    try:
        return _parse_block(text)
    except NotJson:
        return None


def _parse_block(text: str):
    """The block's JSON; NotJson (saying where) when it is not valid JSON."""
    text = text.strip()
    # Some CMSs wrap the JSON in a comment or CDATA section.
    text = re.sub(r"^(?:<!--|/\*\s*<!\[CDATA\[\s*\*/|<!\[CDATA\[)", "", text).strip()
    text = re.sub(r"(?:-->|/\*\s*\]\]>\s*\*/|\]\]>)$", "", text).strip()
    try:
        return json.loads(text, strict=False)  # strict=False: raw newlines inside strings are common
    except ValueError as exc:
        raise NotJson(f"{getattr(exc, 'msg', exc)} at its line {getattr(exc, 'lineno', '?')}, "
                      f"column {getattr(exc, 'colno', '?')}") from None


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
        date = dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None
    return date if 1990 <= date.year <= 2100 else None  # a placeholder (0001-01-01, 9999-12-31) is no date


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
    return read_job_posting_report(page)[0]


def read_job_posting_report(page: str) -> tuple[JobPosting | None, list[str]]:
    """(the first JobPosting that names a role, or None; what was wrong with the JSON-LD blocks that are not JSON).

    JSON-LD first; microdata when the page has no posting in JSON-LD."""
    found: list[JobPosting] = []
    invalid: list[str] = []
    blocks, lines = _json_ld(page)
    for number, (block, line) in enumerate(zip(blocks, lines, strict=True), start=1):
        try:
            data = _parse_block(block)
        except NotJson as exc:
            invalid.append(f"JSON-LD block {number} (the <script> on line {line}) is not valid JSON: {exc}")
            continue
        nodes = list(_nodes(data))
        index = {}  # @id → the node that describes it (not a bare reference to it)
        for node in nodes:
            if isinstance(node.get("@id"), str) and not set(node) <= {"@id", "@type"}:
                index.setdefault(node["@id"], node)
        for node in nodes:
            if "JobPosting" in _types(node):
                found.append(_from_node(node, index))
    if not found:
        found = [_from_node(item, {}) for item in microdata_items(page) if "JobPosting" in _types(item)]
    with_role = [p for p in found if p.role]
    return (with_role or found or [None])[0], invalid


# --- microdata -------------------------------------------------------------------------------

_VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr")
)


class _Microdata(HTMLParser):
    """Items (itemscope/itemtype/itemprop) as JSON-LD-like mappings: {"@type": ..., prop: value}."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[dict] = []  # the top-level items
        self._stack: list[tuple[str, dict | None, list | None]] = []  # (tag, item opened here, text collector)
        self._props: list[tuple[dict, str, list]] = []  # open text-valued properties: (item, name, text)

    def _item(self) -> dict | None:
        return next((item for _, item, _ in reversed(self._stack) if item is not None), None)

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        parent = self._item()
        names = a.get("itemprop", "").split() if "itemprop" in a else []
        new_item = None
        if "itemscope" in a:
            new_item = {"@type": a.get("itemtype", "").split()}
            if parent is not None and names:
                for name in names:
                    parent.setdefault(name, new_item)
            elif parent is None:
                self.items.append(new_item)
        collector = None
        if names and parent is not None and new_item is None:
            value = (
                a.get("content")
                if "content" in a
                else (
                    a.get("href")
                    if tag in ("a", "link", "area")
                    else a.get("datetime")
                    if tag == "time" and "datetime" in a
                    else a.get("src")
                    if tag in ("img", "source", "embed")
                    else None
                )
            )
            if value is not None:
                for name in names:
                    parent.setdefault(name, value)
            elif tag not in _VOID:
                collector = []
                self._props.append((parent, " ".join(names), collector))
        if tag not in _VOID:
            self._stack.append((tag, new_item, collector))

    def handle_data(self, data):
        for _, _, text in self._props:
            text.append(data)

    def handle_endtag(self, tag):
        if not any(t == tag for t, _, _ in self._stack):
            return
        while self._stack:
            open_tag, _, collector = self._stack.pop()
            if collector is not None:
                item, names, text = self._props.pop()
                for name in names.split():
                    item.setdefault(name, " ".join("".join(text).split()))
            if open_tag == tag:
                break


def microdata_items(page: str) -> list[dict]:
    """Every microdata item on the page, nested ones included (each a JSON-LD-like mapping)."""
    parser = _Microdata()
    parser.feed(page)
    parser.close()
    return list(_nodes(parser.items))
