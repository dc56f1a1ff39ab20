"""The nav and the hand-written pages of a sealed site: nothing outside the seal says what they are about.

Pages written by hand in docs/ are published at opaque paths too (their links follow: MkDocs resolves
them by source file), and their nav labels and the sections' become neutral words.
"""

from __future__ import annotations

from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Section

from generator.core.site.neutral import public_label
from generator.core.site.urls import public_src


def opaque_file(file: File, namer, directory_urls: bool) -> File:
    """The same hand-written page, published at its opaque path (a new File: MkDocs computes its URL)."""
    stem = public_src(file.src_uri, namer)[:-3]
    dest = f"{stem}/index.html" if directory_urls else f"{stem}.html"
    return File(file.src_path, file.src_dir, file.dest_dir, file.use_directory_urls, dest_uri=dest,
                inclusion=file.inclusion)


def hand_written_at_opaque_paths(files: Files, generated, namer, directory_urls: bool) -> set[str]:
    """Move every hand-written page (but the home page) to its opaque path; their source names."""
    moved = set()
    for file in list(files.documentation_pages()):
        if file.src_uri in generated or file.src_uri == "index.md":
            continue
        files.remove(file)
        files.append(opaque_file(file, namer, directory_urls))
        moved.add(file.src_uri)
    return moved


def neutral_labels(nav, hand_written: set[str]):
    """"Page 1", "Page 2" for the hand-written pages, "Pages" for every section (a user's own title
    would say what it is about)."""
    number = 0
    for page in nav.pages:
        if page.file.src_uri in hand_written:
            number += 1
            page.title = f"Page {number}"
        elif page.title:
            page.title = public_label(page.title)  # "Pipeline" says what this is
    for item in _sections(nav.items):
        item.title = "Pages"
    return nav


def _sections(items):
    for item in items:
        if isinstance(item, Section):
            yield item
            yield from _sections(item.children)
