"""Serving: a saved change rebuilds only the pages it touches.

The plugin instance lives as long as `mkdocs serve` (it defines ``on_startup``) and keeps, by the
digest of their inputs, the parsed pipeline files, the rendered bodies and each page's whole output
(``Kept``). A page whose inputs did not change is neither rendered again nor put through Material's
templates: its last output is printed as it is (``REUSED_TEMPLATE``).

`make serve` runs ``mkdocs serve --dirty``: MkDocs' own dirty build keeps the site folder and builds
only the files whose ``File.is_modified()`` says so. A generated page whose output stands is a
``KeptFile`` (not modified), so its file is not written again; the hand-written pages are always
built (the nav around them may have changed); what a build no longer makes (a deleted or renamed
opportunity's page) is removed here. A change to mkdocs.yml, overrides/ or docs/ renders every page
again (``frame_key``).
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import material
import mkdocs
from mkdocs.structure.files import File

REUSED_TEMPLATE = "ft-reused.html"  # a page's output kept from the last build, printed as it was


class KeptFile(File):
    """A generated page whose output from the last build stands: a dirty build skips it."""

    def is_modified(self) -> bool:
        return False


class RebuiltFile(File):
    """A hand-written page, built every time while serving (the nav around it may have changed)."""

    def is_modified(self) -> bool:
        return True


def always_rebuilt(file: File) -> File:
    """The same page, as a file a dirty build always writes."""
    return RebuiltFile(file.src_path, file.src_dir, file.dest_dir, file.use_directory_urls, dest_uri=file.dest_uri,
                       inclusion=file.inclusion)


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build that the nav may be stale; serving the dashboard, it is not
    (every page whose nav can change is built)."""

    def filter(self, record) -> bool:
        return "'dirty' build" not in record.getMessage()


def quiet_dirty_warning() -> None:
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _NoDirtyWarning) for f in logger.filters):
        logger.addFilter(_NoDirtyWarning())


@dataclass
class Kept:
    """What serving keeps from one build to the next."""

    memo: dict = field(default_factory=dict)  # rendered bodies (core.site.pages.render_pages' memo)
    parsed: dict = field(default_factory=dict)  # pipeline files as last read (opportunity_files.load_pipeline's memo)
    rendered: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # src_uri -> (inputs' key, output)
    last_outputs: set[Path] = field(default_factory=set)  # the files the last build wrote

    def forget_all_but(self, pages) -> None:
        """Renamed and deleted pages go."""
        self.rendered = {src: kept for src, kept in self.rendered.items() if src in pages}

    def output_if_unchanged(self, src_uri: str, key: bytes) -> str | None:
        last = self.rendered.get(src_uri)
        return last[1] if last is not None and last[0] == key else None

    def remove_stale_files(self, site: Path, outputs: set[Path]) -> None:
        """What the last build wrote and this one did not (the page of a deleted or renamed opportunity,
        a deleted hand-written page) goes, and the folders it leaves empty."""
        for path in self.last_outputs - outputs:
            try:
                path.unlink()
                folder = path.parent
                while folder != site and site in folder.parents and not any(folder.iterdir()):
                    folder.rmdir()
                    folder = folder.parent
            except OSError:
                pass
        self.last_outputs = outputs


def page_key(frame: bytes, src_uri: str, content: str, body: str) -> bytes:
    """What a page's output is made of: the frame, its name, its front matter and its body."""
    return hashlib.sha256(frame + src_uri.encode() + b"\0" + content.encode() + body.encode()).digest()


def frame_key(config) -> bytes:
    """What every page's frame is made of besides its own content: mkdocs.yml, the templates and assets
    of the dashboard (overrides/), the hand-written pages (the nav may list them), the server's address.
    A change to any of them renders every page again."""
    digest = hashlib.sha256(f"{config.site_url}\0{config.use_directory_urls}\0".encode())
    if config.config_file_path and os.path.isfile(config.config_file_path):
        digest.update(Path(config.config_file_path).read_bytes())
    # the installed themes: their files do not change while serving
    installed = (Path(material.__file__).resolve().parent, Path(mkdocs.__file__).resolve().parent)
    folders = [Path(d) for d in config.theme.dirs if not any(Path(d).resolve().is_relative_to(p) for p in installed)]
    folders.append(Path(config.docs_dir))
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\0".encode())
    return digest.digest()
