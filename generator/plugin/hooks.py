"""The MkDocs plugin's events: its options are the generator's settings (``config.py``, ``settings.py``).

It adds the dashboard's pages to the build (``on_files``: ``pages.py``), lists data errors as warnings
so ``mkdocs build --strict`` fails on them, and has ``mkdocs serve`` watch the pipeline folder. The
pages themselves come from ``generator.core.site.pages``, a pure function. With ``privacy: {encrypt: true}``
the built pages are sealed (``seal_on_build.py``); the search index holds one entry per opportunity
(``search_index.py``); serving, a saved change rebuilds only what it touches (``caching.py``).

``FOLLOW_THROUGH_TODAY=YYYY-MM-DD`` pins the build's "today" (tests, benchmarks, rebuilding a past day).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import os
from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File
from mkdocs.structure.toc import TableOfContents

from generator.adapters.message_templates import drafter_for
from generator.adapters.mkdocs_config import read_today
from generator.adapters.opportunity_files import load_pipeline
from generator.core.problems import UserError
from generator.core.settings import pinned_today, settings_from_options
from generator.core.site.neutral import DATES_SCRIPT
from generator.core.site.pages import NAV_PAGES, RenderOptions, compiled_once, renamed_nav, render_pages
from generator.core.site.pages import Page as PageText
from generator.core.site.urls import opportunity_path, public_src
from generator.plugin import search_index as search
from generator.plugin.caching import (
    REUSED_TEMPLATE,
    Kept,
    KeptFile,
    always_rebuilt,
    frame_key,
    page_key,
    quiet_dirty_warning,
)
from generator.plugin.config import FollowThroughConfig
from generator.plugin.generated_files import GeneratedPage, compact_script, file_content, generated_file, nav_titles
from generator.plugin.navigation import hand_written_at_opaque_paths, neutral_labels

log = logging.getLogger("mkdocs.plugins.follow-through")

# The templates and assets of the dashboard, used when mkdocs.yml does not name them as custom_dir.
BUNDLED_OVERRIDES = Path(__file__).resolve().parent.parent.parent / "overrides"


def today_from_env(settings) -> dt.date:
    try:
        pinned = pinned_today(os.environ)
    except UserError as exc:
        raise PluginError(str(exc)) from None
    return read_today(settings, pinned)


def ensure_templates(config) -> bool:
    """Make the dashboard's templates findable: the project's overrides/ right after any custom_dir."""
    dirs = config.theme.dirs
    bundled = str(BUNDLED_OVERRIDES)
    if BUNDLED_OVERRIDES.is_dir() and bundled not in [str(Path(d).resolve()) for d in dirs]:
        dirs.insert(1 if config.theme.custom_dir else 0, bundled)
    found = any((Path(d) / "today.html").is_file() for d in dirs)
    if not found:
        log.info("no dashboard templates found (overrides/today.html); pages use the theme's main.html")
    return found


class FollowThroughPlugin(BasePlugin[FollowThroughConfig]):
    supports_multiple_instances = False
    command = "build"
    dirty = False
    kept: Kept | None = None  # serving: what one build keeps for the next

    def on_startup(self, *, command, dirty):
        """(Defining it keeps this instance for all the builds of one `mkdocs serve`.) Serving, the pages
        of the last build are kept (``caching``); with ``--dirty`` (`make serve`) MkDocs writes only the
        pages whose output changed."""
        self.command = command
        self.dirty = dirty
        self.kept = Kept() if command == "serve" else None
        if command == "serve" and dirty:  # before the first build, which MkDocs would warn about too
            quiet_dirty_warning()

    def on_config(self, config):
        try:
            self.settings = settings_from_options(
                dict(self.config), root=Path(config.config_file_path).parent, site_url=config.site_url,
                repo_url=config.repo_url, edit_uri=config.edit_uri,
            )
        except UserError as exc:
            raise PluginError(str(exc)) from None
        self.use_templates = ensure_templates(config)
        self.sealing = None
        self.bodies: dict[str, str] = {}
        self.reused: dict[str, str] = {}  # serving: pages whose last output still stands
        self.input_keys: dict[str, bytes] = {}  # serving: what each page's output is made of
        self.hand_written: set[str] = set()
        self.opportunity_urls = None
        if self.settings.privacy.encrypt:
            from generator.plugin.seal_on_build import (
                Sealing,  # here: it loads `cryptography` (0.1 s), which a plain build does not need
            )

            self.sealing = Sealing(self.settings, self.command, config)
            self.sealing.configure(config)
        return config

    @property
    def sealed(self) -> bool:
        return self.sealing is not None and self.sealing.on

    def on_serve(self, server, config, builder):
        if self.settings.pipeline_path.is_dir():
            server.watch(str(self.settings.pipeline_path))
        if not self.dirty:
            log.info("follow-through: serving without --dirty, a change writes every page again "
                     "(`make serve` runs `mkdocs serve --dirty`: only the pages it touches)")
        return server

    def on_files(self, files, config):
        today = today_from_env(self.settings)
        reuse = self.kept is not None and not self.sealed  # sealed pages: always afresh
        pipeline = self._load(today, reuse)
        placeholders = None
        if self.sealed:
            # Here: sealing loads cryptography (10 ms), which a plain build does not need
            from generator.core.site.sealing import Placeholders

            placeholders = Placeholders()
        pages = self._render(pipeline, today, config, placeholders, reuse)
        self.search_entries = search.entries(pipeline, self.settings, config.use_directory_urls, placeholders)
        public_nav = set(NAV_PAGES)
        if self.sealed:  # the key is needed from here on: the opaque names go in
            pages, public_nav = self._at_opaque_paths(pages, placeholders, pipeline, files, config)
        self._add_pages(files, pages, config, public_nav, reuse)
        if self.kept is not None:  # hand-written pages are built every time: the nav around them may have changed
            for file in [f for f in files.documentation_pages() if f.src_uri not in self.bodies]:
                files.remove(file)
                files.append(always_rebuilt(file))
        self.files = files
        log.info(
            "follow-through: %d opportunities, %d errors, today %s%s", len(pipeline.opportunities),
            len(pipeline.errors), today,
            f"; {len(self.reused)} of {len(self.bodies)} pages kept from the last build" if reuse else "",
        )
        return files

    def _load(self, today: dt.date, reuse: bool):
        """The pipeline, its data errors as warnings (``mkdocs build --strict`` fails on them)."""
        pipeline = load_pipeline(self.settings.pipeline_path, today, base=self.settings.root,
                                 memo=self.kept.parsed if reuse else None)
        for problem in pipeline.problems:
            if problem.is_error:
                log.warning("data error: %s", problem)
            else:
                log.info("%s", problem)
        return pipeline

    def _render(self, pipeline, today: dt.date, config, placeholders, reuse: bool) -> dict:
        drafter = drafter_for(self.settings, today)
        options = RenderOptions(directory_urls=config.use_directory_urls, use_templates=self.use_templates,
                                namer=placeholders, drafter=drafter)
        pages = render_pages(pipeline, self.settings, today, options, memo=self.kept.memo if reuse else None)
        for problem in drafter.problems:  # INFO, not WARNING: the default draft stands in, so --strict builds
            log.info("message template: %s", problem)
        return pages

    def _at_opaque_paths(self, pages, placeholders, pipeline, files, config) -> tuple[dict, set[str]]:
        """The private dashboard: every page's placeholder name resolved to its opaque one; the nav, the
        search entries and the hand-written pages follow.
        (the pages by their published names, the published names of the nav's pages)"""
        # Here: sealing loads cryptography (10 ms), which a plain build does not need
        from generator.core.site.sealing import opaque_name

        path_key = self.sealing.key().path_key
        pages = placeholders.resolve_pages(pages, path_key)
        namer = functools.partial(opaque_name, path_key)
        public = {src: public_src(src, namer) for src in NAV_PAGES}
        config.nav = renamed_nav(config.nav, public)
        self.opportunity_urls = {opportunity_path(o.id, namer, config.use_directory_urls)
                                 for o in pipeline.opportunities}
        self.hand_written = hand_written_at_opaque_paths(files, pages, namer, config.use_directory_urls)
        for entry in self.search_entries:
            entry["location"] = placeholders.resolve(entry["location"], path_key)
        return pages, set(public.values())

    def _add_pages(self, files, pages: dict, config, public_nav: set[str], reuse: bool) -> None:
        """The generated pages into ``files`` (in place of any file of the same name). MkDocs reads only the
        front matter; the body is on the page (``GeneratedPage``). Serving, a page whose last output stands
        is noted in ``reused`` and, but for the nav's pages (the other pages' tabs take their titles from
        them), is a ``KeptFile``: a dirty build does not write it again."""
        frame = frame_key(config) if reuse else b""
        if reuse:
            self.kept.forget_all_but(pages)
        titles = nav_titles(config.nav)
        for src_uri, page in pages.items():
            content = file_content(page)
            if isinstance(page, PageText):
                self.bodies[src_uri] = page.body
                if reuse:
                    self._note_reuse(src_uri, page_key(frame, src_uri, content, page.body))
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            kind = KeptFile if src_uri in self.reused and src_uri not in NAV_PAGES else File
            file = generated_file(config, src_uri, content, src_uri in public_nav, kind)
            if isinstance(page, PageText):
                GeneratedPage(titles.get(src_uri), file, config, page.body)
            files.append(file)

    def _note_reuse(self, src_uri: str, key: bytes) -> None:
        self.input_keys[src_uri] = key
        output = self.kept.output_if_unchanged(src_uri, key)
        if output is not None:
            self.reused[src_uri] = output

    def on_nav(self, nav, config, files):
        return neutral_labels(nav, self.hand_written) if self.sealed else nav

    def on_page_context(self, context, page, config, nav):
        if self.sealed:  # the table of contents (sidebar, skip link) would show headings outside the seal
            page.toc = TableOfContents([])
        return context

    def on_env(self, env, config, files):
        with contextlib.suppress(Exception):  # main.html puts the date script inline on every page: without
            source = env.loader.get_source(env, DATES_SCRIPT)[0]  # its comments (4 KB less a page)
            env.globals["ft_dates_script"] = compact_script(source)
        if self.kept is not None:  # Material's templates compiled once while serving, not every build
            env.bytecode_cache = compiled_once()
        if self.reused:
            env.loader = ChoiceLoader([DictLoader({REUSED_TEMPLATE: "{{ page.content }}"}), env.loader])
        return env

    def on_page_content(self, html, page, config, files):
        output = self.reused.get(page.file.src_uri)
        if output is not None:  # the whole page as last built: the reused template prints it as it is
            page.meta["template"] = REUSED_TEMPLATE
            return output
        return html

    def on_post_page(self, output, page, config):
        key = self.input_keys.get(page.file.src_uri)
        if key is not None:
            self.kept.rendered[page.file.src_uri] = (key, output)
        return self.sealing.page(output, page, config) if self.sealing else output

    @event_priority(-100)  # after the search plugin wrote its index, wherever mkdocs.yml lists it
    def on_post_build(self, config):
        site = Path(config.site_dir)
        if self.kept is not None:  # (also once sealed: no plain page of before may stay)
            self.kept.remove_stale_files(site, {Path(f.abs_dest_path) for f in self.files})
        index = site / "search" / "search_index.json"
        if index.is_file():
            search.write_index(index, self.search_entries, self.bodies, config.use_directory_urls)
        if self.sealing:
            self.sealing.site(config, self.opportunity_urls)
