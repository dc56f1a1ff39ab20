"""The site's search index: what a person searches for, once per opportunity. Pure.

Material's own index carries every word of every page, and the list pages (Today, Timeline,
the stage lists, Archive) repeat what the opportunity pages hold: megabytes at 1,000
opportunities. The plugin keeps the generated pages out of Material's index (``search:
exclude``) and adds these entries instead: per opportunity its company and role (the title),
location, tags, contacts (e-mail and phone only where the settings show them), ideas,
notes and the words of the log's notes; per list page its title alone, so "Timeline" still finds the Timeline.

The text is HTML-escaped: Material's search shows titles and text as HTML.
"""

from __future__ import annotations

import html
import json
import re

from generator.core.site.text import Redactor, clean

# Markdown's marks, so "**on-call**" is found as "on-call"; links keep their words.
_MARKS = re.compile(r"[*_`#>\[\]<]+|\]\([^)]*\)")


def _flat(text) -> str:
    return " ".join(clean(text).split())


def _plain(markdown) -> str:
    """A Markdown note's words without its marks."""
    return _flat(_MARKS.sub(" ", clean(markdown)))


def opportunity_text(opp, show_email: bool, show_phone: bool, redact: Redactor) -> str:
    """The words of one opportunity a person searches for, as plain text (not yet escaped)."""
    parts = [opp.location or "", " ".join(opp.tags)]
    for contact in opp.contacts:
        parts += [contact.name, contact.role or ""]
        if show_email and contact.email:
            parts.append(contact.email)
        if show_phone and contact.phone:
            parts.append(contact.phone)
    parts += list(opp.ideas)
    text = " ".join(p for p in (*map(_flat, parts), _plain(opp.notes)) if p)
    # The log's notes add the words not said above, once each: the index needs the terms (search
    # matches words, not phrases), and the full notes would double its size; the page has them.
    seen = {w.casefold().strip(".,;:!?()\"'") for w in text.split()}
    extra = []
    for entry in opp.log:
        for word in _plain(entry.note).split():
            key = word.casefold().strip(".,;:!?()\"'")
            if key and key not in seen:
                seen.add(key)
                extra.append(word)
    return redact(" ".join([text, *extra]).strip())


def search_entries(opportunities, settings, *, page_url, list_pages) -> list[dict]:
    """Entries of Material's ``search_index.json`` (location, title, text).

    ``page_url(opp)``: the opportunity page's URL from the site root; ``list_pages``: (URL, title)
    of the pages listed by their title alone."""
    privacy = settings.privacy
    phones = [c.phone for o in opportunities for c in o.contacts if c.phone]
    redact = Redactor(privacy.show_email, privacy.show_phone, phones)
    entries = [{"location": url, "title": html.escape(title), "text": ""} for url, title in list_pages]
    for opp in opportunities:
        title = redact(_flat(f"{opp.company} — {opp.role}"))
        text = opportunity_text(opp, privacy.show_email, privacy.show_phone, redact)
        entries.append({"location": page_url(opp), "title": html.escape(title), "text": html.escape(text)})
    return entries


def merged_index(index_json: str, entries: list[dict], generated: set[str]) -> str:
    """Material's index with ``entries`` in place of whatever it holds for the generated pages
    (``generated``: their URLs; normally Material indexed none of them, as they say ``search: exclude``).
    Hand-written pages keep their entries."""
    index = json.loads(index_json) if index_json else {}
    kept = [d for d in index.get("docs", []) if d.get("location", "").split("#", 1)[0] not in generated]
    index.setdefault("config", {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"]})
    index["docs"] = entries + kept
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))
