"""The search index: one entry per opportunity (``site.search``), added to the index Material wrote.

Material indexes none of the generated pages (their front matter says ``search: exclude``); after
the build, the entries made here go into ``search/search_index.json`` in place of them.
"""

from __future__ import annotations

from pathlib import Path

from generator.core.site.pages import PAGES
from generator.core.site.search import merged_index, search_entries
from generator.core.site.urls import opportunity_path, page_url

LIST_TITLES = {"today": "Today", "pipeline": "Pipeline", "timeline": "Timeline", "activity": "Activity",
               "archive": "Archive"}


def entries(pipeline, settings, directory_urls: bool, namer) -> list[dict]:
    """The index entries of the opportunities and the list pages (at their placeholder names when sealed)."""
    return search_entries(
        pipeline.opportunities, settings,
        page_url=lambda opp: opportunity_path(opp.id, namer, directory_urls),
        list_pages=[(page_url(src, directory_urls), LIST_TITLES[kind]) for kind, src in PAGES.items()],
    )


def write_index(index: Path, found: list[dict], generated_pages, directory_urls: bool) -> None:
    """Merge the entries into the index Material wrote (replacing it at once: no half-written file)."""
    generated = {page_url(src, directory_urls) for src in generated_pages}
    text = merged_index(index.read_text(encoding="utf-8"), found, generated)
    tmp = index.with_name(index.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(index)
