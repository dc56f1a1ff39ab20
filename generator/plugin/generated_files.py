"""The generated pages into MkDocs' files: each page's front matter as the file's content, its body
(HTML already, escaped by our templates) on a ``GeneratedPage``, which MkDocs renders without a
Markdown pass. Only the five main pages are in the nav; the rest are linked from them.
"""

from __future__ import annotations

import re

from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.core.site.pages import Page as PageText
from generator.core.site.pages import front_matter_text

_IDS = re.compile(r'\sid="([^"]+)"')
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_LINE_COMMENT = re.compile(r"(?:(?<=[;{}),])|^)[ \t]*//[^\n]*", re.MULTILINE)  # not "//" inside a string or regex


def compact_script(source: str) -> str:
    """Our own scripts without comments, indentation and blank lines (they hold no "/*" or "//" in a string)."""
    text = _LINE_COMMENT.sub("", _BLOCK_COMMENT.sub("", source))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


class GeneratedPage(Page):
    """A page made from pipeline/: its body is HTML already, with no Markdown to convert (and no Markdown
    instance to make, a page at a time); the anchors are its ids (MkDocs checks links to them)."""

    def __init__(self, title: str | None, file: File, config, body: str):
        super().__init__(title, file, config)
        self.body = body

    def render(self, config, files) -> None:
        self.content = self.body
        self.toc = get_toc([])
        self.present_anchor_ids = set(_IDS.findall(self.body))
        self.links_to_anchors = {}


def nav_titles(nav) -> dict[str, str]:
    """{source file: its label} from mkdocs.yml's `nav:` (what MkDocs would title the page by)."""
    found: dict[str, str] = {}
    for item in nav or ():
        if isinstance(item, dict):
            for label, target in item.items():
                if isinstance(target, str):
                    found[target] = label
                elif isinstance(target, list):
                    found.update(nav_titles(target))
    return found


def file_content(page) -> str | bytes:
    """A generated file's content: a page's front matter (its body goes on its GeneratedPage), or the
    feed's bytes. Material indexes none of the generated pages: the plugin's search part adds them."""
    if not isinstance(page, PageText):
        return page
    return front_matter_text({**page.front_matter, "search": {"exclude": True}})


def generated_file(config, src_uri: str, content, in_nav: bool, kind: type[File] = File) -> File:
    inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
    return kind.generated(config, src_uri, content=content, inclusion=inclusion)
