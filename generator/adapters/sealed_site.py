"""A sealed site on disk: the private dashboard's key derived in a child process, the passphrase read from the
environment, and a built site sealed in place (every page, the 404 page, the search indexes), each file
replaced whole. The crypto and the page transforms are pure, in ``core/site/sealing.py``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from generator.core.site.sealing import (
    FIND_INDEX,
    ITERATIONS,
    PASSPHRASE_ENV,
    MissingPassphrase,
    NotAPage,
    SealOptions,
    SiteKeys,
    derive_keys,
    is_sealed,
    moved_404,
    namer_with,
    page_root,
    seal_page,
    seal_search_index,
    sealed_path,
)

# The builders' search indexes, emptied on a sealed site: the sealed Find index holds the opportunity pages' text.
MKDOCS_INDEX = "search/search_index.json"  # Material for MkDocs
ZENSICAL_INDEX = "search.json"  # Zensical


class KeyDerivation:
    """derive_keys in a child process (the same function, PyCA's PBKDF2), so the build goes on meanwhile.

    The passphrase reaches the child on its stdin, never its command line. Any failure of the
    child falls back to deriving here."""

    def __init__(self, passphrase: str, site_identity: str, iterations: int = ITERATIONS):
        self.args = (passphrase, site_identity, iterations)
        try:
            self.child = subprocess.Popen([sys.executable, "-m", "generator.adapters.sealed_site"],
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            self.child.stdin.write(json.dumps(self.args).encode("utf-8"))
            self.child.stdin.close()
        except OSError:
            self.child = None

    def result(self) -> SiteKeys:
        if self.child is not None:
            out = self.child.stdout.read()
            self.child.stdout.close()
            if self.child.wait() == 0 and out:
                salt, iterations, content, paths, key_id = json.loads(out)
                return SiteKeys(bytes.fromhex(salt), iterations, bytes.fromhex(content), bytes.fromhex(paths), key_id)
        return derive_keys(*self.args)


def _derive_for_parent() -> None:
    passphrase, site_identity, iterations = json.loads(sys.stdin.buffer.read())
    keys = derive_keys(passphrase, site_identity, iterations)
    json.dump([keys.salt.hex(), keys.iterations, keys.content_key.hex(), keys.path_key.hex(), keys.key_id], sys.stdout)


def namer_for(settings):
    """id -> opaque page name for an encrypted site (None for a plain one), from FOLLOW_THROUGH_PASSPHRASE,
    for links to its pages from elsewhere (reminder issues). Keyed by ``site_url``, as the build is."""
    return namer_with(settings, os.environ.get(PASSPHRASE_ENV))


def link_namer(settings):
    """The namer for links to the dashboard's pages (``core.site.urls.dashboard_url``): None on a plain site
    and on an encrypted one whose passphrase is not here (the links then lead to its home page)."""
    try:
        return namer_for(settings)
    except MissingPassphrase:
        return None


def _replace_file(path, data: bytes) -> None:
    """Write next to the file, then rename over it: a reader sees the old file or the new, never half of one."""
    temporary = path.with_name(f".{path.name}.sealing")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def seal_site(folder, keys: SiteKeys, options: SealOptions, sealed_already=frozenset(), opportunity_urls=None) -> int:
    """Seal a built site in place, whichever builder made it (MkDocs, Zensical): every page's article, title and
    header topic (pages sealed already, like those the plugin sealed as MkDocs rendered them, are left as they
    are; the root 404 page carries no content), and the builder's search index, which becomes the sealed
    Find index. ``sealed_already``: paths (relative, like "a/index.html") known to be sealed, not read again.
    ``opportunity_urls``: the pages the Find index holds (None: every page the builder indexed).
    Returns how many pages it sealed. Raises NotAPage, naming the file, for a page it cannot seal."""
    folder = Path(folder)
    sealed = 0
    for path in sorted(folder.rglob("*.html")):
        rel = path.relative_to(folder).as_posix()
        if rel == "404.html" or rel in sealed_already:
            continue
        text = path.read_text(encoding="utf-8")
        try:
            if is_sealed(text):
                continue
            out = seal_page(text, keys, options, page_root(rel), sealed_path(rel))
        except NotAPage as exc:
            raise NotAPage(f"{rel}: {exc}") from None
        _replace_file(path, out.encode("utf-8"))
        sealed += 1
    missing = folder / "404.html"
    if missing.is_file():
        moved = moved_404(missing.read_text(encoding="utf-8"), options.site_name, options.site_url)
        _replace_file(missing, moved.encode("utf-8"))
    _seal_search(folder, keys, opportunity_urls)
    return sealed


def _seal_search(folder, keys: SiteKeys, opportunity_urls=None) -> None:
    mkdocs_index, zensical_index, find = folder / MKDOCS_INDEX, folder / ZENSICAL_INDEX, folder / FIND_INDEX
    entries = []
    for index in (mkdocs_index, zensical_index):
        if index.is_file():
            entries.extend(json.loads(index.read_text(encoding="utf-8")).get("docs" if index is mkdocs_index else
                                                                                "items", []))
    if not entries and find.is_file():  # sealed before (seal run twice): the Find index is there already
        return
    _, sealed = seal_search_index(json.dumps({"docs": entries}), keys, opportunity_urls)
    find.parent.mkdir(parents=True, exist_ok=True)
    _replace_file(find, sealed)
    # Each builder's index stays, emptied: its search box fetches it on every page (a missing one is an error)
    for index, documents in ((mkdocs_index, "docs"), (zensical_index, "items")):
        if index.is_file():
            config = json.loads(index.read_text(encoding="utf-8")).get("config", {})
            config.pop("pipeline", None)  # lunr's word for its steps; the search is unused here, and the word public
            _replace_file(index, json.dumps({"config": config, documents: []}).encode("utf-8"))


if __name__ == "__main__":  # KeyDerivation's child
    _derive_for_parent()
