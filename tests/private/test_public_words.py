"""A sealed build's public bytes name neither the tool nor a job search (spec: "The private dashboard").

Every file of ours in the built site is scanned: pages (the frame around the sealed content, the 404
page, comments), our scripts and stylesheets (comments, messages, labels, identifiers), file names,
the sitemap, the search index and the calendar feed. Material's own files (the same on every Material
site: its bundle, its stylesheets, its search workers) are told apart by comparing them with the
installed theme's files, byte for byte; anything else is ours. The sealed payloads themselves (random
bytes in base64, where a short word turns up by chance) are taken out first.

What counts as naming the tool: its name in any spelling ("Follow-Through", "follow_through",
"followthrough", "follow through"), any case. The two letters "ft" of our class names do not: they are
in any English text ("left", "soft") and name nothing a reader could look up.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import material

THEME = Path(material.__file__).parent / "templates"
# The spec's words, case-insensitive, in prose and in identifiers (followUp, follow_up, FollowThrough ...)
TOOL_WORDS = re.compile(
    rb"pipeline|opportunit|follow[-_ ]?ups?|follow[-_ ]?through|job|interview|offer|recruiter", re.I)
SEALED_PAYLOAD = re.compile(rb'(data-[a-z-]*sealed=")[A-Za-z0-9+/=]*"')
SEALED_FILES = {"search/find.sealed"}  # random bytes: AES-GCM of the Find index


def material_files() -> dict[str, bytes]:
    return {p.relative_to(THEME).as_posix(): p.read_bytes() for p in THEME.rglob("*") if p.is_file()}


def ours(site: Path):
    """(path, bytes) of every file of the built site that is not one of Material's own, unchanged."""
    theirs = material_files()
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if theirs.get(name) == data or name in SEALED_FILES:
            continue
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        yield name, SEALED_PAYLOAD.sub(rb'\1"', data)


def named(site: Path) -> list[tuple[str, str]]:
    found = []
    for name, data in ours(site):
        for where in (name.encode(), data):
            for match in TOOL_WORDS.finditer(where):
                context = where[max(0, match.start() - 40): match.end() + 40]
                found.append((name, context.decode("utf-8", "replace")))
    return found


def test_no_public_byte_of_ours_names_the_tool_or_a_job_search(private_site):
    found = named(private_site.site)
    assert found == [], "\n".join(f"{name}: …{context}…" for name, context in found)


def test_the_scan_sees_our_assets_and_pages_and_leaves_only_material_aside(private_site):
    names = {name for name, _ in ours(private_site.site)}
    assert {"index.html", "404.html", "sitemap.xml", "calendar.ics", "search/search_index.json"} <= names
    assert any(n.endswith(".js") and n.startswith("assets/javascripts/") and "bundle" not in n for n in names)
    assert any(n.endswith(".css") and n.startswith("assets/stylesheets/") for n in names)
    assert not any("bundle." in n for n in names)  # Material's own, unchanged: aside
    # the scan would see a word of the list if one were there
    planted = private_site.site / "planted.txt"
    planted.write_text("a Follow_Through followUp", encoding="utf-8")
    try:
        assert [n for n, _ in named(private_site.site) if n == "planted.txt"] == ["planted.txt"] * 2
    finally:
        planted.unlink()
