"""The MkDocs plugin: its options are the generator's settings (see settings.py).

It adds the dashboard's pages to the build (``on_files``, with
``File.generated``), lists data errors as warnings so ``mkdocs build --strict``
fails on them, and has ``mkdocs serve`` watch the pipeline folder. The pages
themselves come from ``generator.site.pages``, a pure function.

With ``privacy: {encrypt: true}`` the built pages are sealed with the key derived
from ``FOLLOW_THROUGH_PASSPHRASE`` (``on_post_page``, ``on_post_build``: one step
after rendering, all in ``generator.site.encrypt``; ``on_post_build`` runs the same
``seal_site`` as ``python -m generator seal SITE``).

``FOLLOW_THROUGH_TODAY=YYYY-MM-DD`` pins the build's "today" (tests, benchmarks,
rebuilding a past day).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel

from .problems import UserError
from .settings import OPTION_KEYS, pinned_today, settings_from_options
from .site.pages import NAV_PAGES

log = logging.getLogger("mkdocs.plugins.follow-through")

LOCAL_CHECK_ENV = "FOLLOW_THROUGH_LOCAL_CHECK"  # `make check`: a plain build into a temporary folder it deletes
LOCAL_BANNER = (
    '<div class="ft-local-banner" role="note">Local preview, not sealed: only this computer sees it. '
    "A published build is sealed with FOLLOW_THROUGH_PASSPHRASE.</div>"
)
# The templates and assets of the dashboard, used when mkdocs.yml does not name them as custom_dir.
BUNDLED_OVERRIDES = Path(__file__).resolve().parent.parent / "overrides"


def today_from_env(settings) -> dt.date:
    try:
        pinned = pinned_today(os.environ)
    except UserError as exc:
        raise PluginError(str(exc)) from None
    return settings.today(pinned)


# The options are declared once, in settings.OPTION_KEYS; settings_from_options checks them all
# (with messages that say what is expected), so MkDocs only passes them through.
FollowThroughConfig = type(
    "FollowThroughConfig", (Config,), {name: c.Optional(c.Type(object)) for name in OPTION_KEYS}
)


def _loopback(host: str) -> bool:
    import ipaddress

    if host in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _in_temp_folder(path: str) -> bool:
    import tempfile

    temp = Path(tempfile.gettempdir()).resolve()
    return Path(path).resolve().is_relative_to(temp)


class FollowThroughPlugin(BasePlugin[FollowThroughConfig]):
    supports_multiple_instances = False
    command = "build"

    def on_startup(self, *, command, dirty):
        self.command = command

    def on_config(self, config):
        options = {k: v for k, v in self.config.items() if v is not None}
        try:
            self.settings = settings_from_options(
                options, root=Path(config.config_file_path).parent, site_url=config.site_url,
                repo_url=config.repo_url, edit_uri=config.edit_uri,
            )
        except UserError as exc:
            raise PluginError(str(exc)) from None
        self.use_templates = self._ensure_templates(config)
        self.keys = None
        self.sealed_pages: set[str] = set()  # dest paths on_post_page sealed: on_post_build need not read them again
        self.local_plain = False
        self.derivation = self._start_key_derivation(config) if self.settings.privacy.encrypt else None
        if self.derivation:  # the unlock script and its styles: only on a sealed site
            config.extra_css.append("assets/stylesheets/ft-private.css")
            config.extra_javascript.append("assets/javascripts/ft-private.js")
            self._neutral_frame(config)
        elif self.local_plain:
            config.extra_css.append("assets/stylesheets/ft-private.css")  # the banner's style
        return config

    def _neutral_frame(self, config) -> None:
        """Nothing outside the sealed content says "job search": a neutral name, no description, no author,
        no link to the (private) repository (the sealed pages carry it, see on_post_page)."""
        from .site.encrypt import public_site_name

        config.site_name = public_site_name(config.site_name)
        config.site_description = None
        config.site_author = None
        self.sealed_repo = (config.repo_url, config.repo_name)
        config.repo_url = None
        config.repo_name = None
        config.edit_uri = None
        config.edit_uri_template = None
        if isinstance(config.extra, dict):
            config.extra.pop("social", None)

    def _start_key_derivation(self, config):
        from .site import encrypt

        passphrase = os.environ.get(encrypt.PASSPHRASE_ENV)
        problem = encrypt.passphrase_problem(passphrase)
        if problem and self._local_plain_allowed(config):
            self.local_plain = True
            return None
        problem = problem or (None if self.settings.site_url else encrypt.SITE_URL_NEEDED)
        if problem:
            raise PluginError(problem)
        warning = encrypt.passphrase_warning(passphrase)
        if warning:
            log.warning(warning)
        return encrypt.KeyDerivation(passphrase, self.settings.site_url)

    def _local_plain_allowed(self, config) -> bool:
        """Without the passphrase, only two builds may be plain: `mkdocs serve` on a loopback address and
        `make check` into a temporary folder (it deletes it). Everything else that builds refuses."""
        if self.command == "serve":
            host = str(getattr(config.dev_addr, "host", "") or "")
            if _loopback(host):
                log.info("privacy: encrypt is on but FOLLOW_THROUGH_PASSPHRASE is not set: serving a LOCAL, "
                            "NOT SEALED preview on %s (only this computer can open it); published builds are sealed",
                            host)
                return True
            return False
        if self.command == "build" and os.environ.get(LOCAL_CHECK_ENV) == "1" and _in_temp_folder(config.site_dir):
            log.info("privacy: encrypt is on, no passphrase: a plain check build into the temporary folder %s",
                     config.site_dir)
            return True
        return False

    def _ensure_templates(self, config) -> bool:
        """Make the dashboard's templates findable: the project's overrides/ right after any custom_dir."""
        dirs = config.theme.dirs
        bundled = str(BUNDLED_OVERRIDES)
        if BUNDLED_OVERRIDES.is_dir() and bundled not in [str(Path(d).resolve()) for d in dirs]:
            custom = config.theme.custom_dir
            dirs.insert(1 if custom else 0, bundled)
        found = any((Path(d) / "today.html").is_file() for d in dirs)
        if not found:
            log.info("no dashboard templates found (overrides/today.html); pages use the theme's main.html")
        return found

    def on_serve(self, server, config, builder):
        if self.settings.pipeline_path.is_dir():
            server.watch(str(self.settings.pipeline_path))
        return server

    def on_files(self, files, config):
        from .drafts import Drafter
        from .pipeline import load_pipeline
        from .site.pages import Page, front_matter_text, render_pages

        today = today_from_env(self.settings)
        pipeline = load_pipeline(self.settings.pipeline_path, today, base=self.settings.root)
        for problem in pipeline.problems:
            if problem.is_error:
                log.warning("data error: %s", problem)
            else:
                log.info("%s", problem)
        placeholders = None
        if self.derivation:
            from .site.encrypt import Placeholders

            placeholders = Placeholders()
        pages = render_pages(
            pipeline,
            self.settings,
            today,
            directory_urls=config.use_directory_urls,
            use_templates=self.use_templates,
            namer=placeholders,
            drafter=(drafter := Drafter.for_settings(self.settings, today)),
        )
        for problem in drafter.problems:  # INFO, not WARNING: the default draft stands in, so --strict builds
            log.info("message template: %s", problem)
        public_nav = set(NAV_PAGES)
        if self.derivation:  # the key is needed from here on: the opaque names go in
            import functools

            from .site.encrypt import opaque_name
            from .site.pages import opportunity_src, page_url, public_src, renamed_nav

            self.keys = self.derivation.result()
            pages = placeholders.resolve_pages(pages, self.keys.path_key)
            namer = functools.partial(opaque_name, self.keys.path_key)
            public = {src: public_src(src, namer) for src in NAV_PAGES}
            public_nav = set(public.values())
            config.nav = renamed_nav(config.nav, public)
            self.opportunity_urls = {page_url(opportunity_src(o.id, namer), config.use_directory_urls)
                                     for o in pipeline.opportunities}
            self._hand_written_at_opaque_paths(files, pages, namer, config)
        # The bodies are HTML already (escaped by the templates): MkDocs need not parse them again
        # as Markdown; on_page_content puts each back. MkDocs reads only the front matter.
        self.bodies = {}
        for src_uri, page in pages.items():
            if isinstance(page, Page):
                self.bodies[src_uri] = page.body
                content = front_matter_text(page.front_matter)
            else:
                content = page
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            # Only the five main pages are in the nav; the rest are linked from them.
            inclusion = InclusionLevel.UNDEFINED if src_uri in public_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
        log.info(
            "follow-through: %d opportunities, %d errors, today %s", len(pipeline.opportunities),
            len(pipeline.errors), today,
        )
        return files

    def _hand_written_at_opaque_paths(self, files, pages, namer, config) -> None:
        """Pages written by hand in docs/ are published at opaque paths too (their links follow: MkDocs
        resolves them by source file); their nav labels become neutral in on_nav."""
        from .site.pages import public_src

        self.hand_written = set()
        for file in files.documentation_pages():
            if file.src_uri in pages or file.src_uri == "index.md":
                continue
            stem = public_src(file.src_uri, namer)[:-3]
            file.dest_uri = f"{stem}/index.html" if config.use_directory_urls else f"{stem}.html"
            for cached in ("url", "abs_dest_path"):
                file.__dict__.pop(cached, None)
            self.hand_written.add(file.src_uri)

    def on_nav(self, nav, config, files):
        if self.keys is None:
            return nav
        number = 0
        for page in nav.pages:
            if page.file.src_uri in getattr(self, "hand_written", ()):
                number += 1
                page.title = f"Page {number}"  # a user's own title would say what it is about
        for item in _sections(nav.items):
            item.title = "Pages"
        return nav

    def on_page_context(self, context, page, config, nav):
        if self.keys is not None:  # the table of contents (sidebar, skip link) would show headings outside the seal
            from mkdocs.structure.toc import TableOfContents

            page.toc = TableOfContents([])
        return context

    def on_page_markdown(self, markdown, page, config, files):
        if page.file.src_uri in getattr(self, "bodies", {}):
            return ""
        return markdown

    def on_page_content(self, html, page, config, files):
        body = getattr(self, "bodies", {}).get(page.file.src_uri)
        return body if body is not None else html

    def on_post_page(self, output, page, config):
        if self.local_plain:
            return _with_banner(output)
        if self.keys is None:
            return output
        import html as html_lib

        from mkdocs.utils import get_relative_url

        from .site.encrypt import NotAPage, seal_page, sealed_path

        root = get_relative_url(".", page.url).rstrip("/") + "/"
        repo_url, repo_name = getattr(self, "sealed_repo", (None, None))
        extra = (f'<p class="ft-repo"><a href="{html_lib.escape(repo_url)}">{html_lib.escape(repo_name or "Repository")}'
                 "</a></p>") if repo_url else ""
        try:  # every page is sealed, the hand-written ones too; none goes out plain
            sealed = seal_page(output, self.keys, config.site_name, root, sealed_path(page.url), extra,
                               self.settings.privacy.remember_days)
        except NotAPage as exc:
            raise PluginError(f"{page.file.src_uri}: cannot be sealed ({exc}); nothing was published plain") from None
        self.sealed_pages.add(page.file.dest_uri)
        return sealed

    def on_post_build(self, config):
        if self.keys is None:
            return
        from .site.encrypt import NotAPage, seal_site

        # The same step as `python -m generator seal SITE`: the pages sealed above are left as they are; any
        # other page and the search index (as the sealed Find index) are sealed here.
        try:
            seal_site(Path(config.site_dir), self.keys, config.site_name, sealed_already=self.sealed_pages,
                      opportunity_urls=getattr(self, "opportunity_urls", None),
                      remember_days=self.settings.privacy.remember_days, site_url=config.site_url)
        except NotAPage as exc:
            raise PluginError(f"cannot seal {exc}") from None


def _with_banner(output: str) -> str:
    import re

    match = re.search(r"<body[^>]*>", output)
    return output[: match.end()] + LOCAL_BANNER + output[match.end():] if match else LOCAL_BANNER + output


def _sections(items):
    from mkdocs.structure.nav import Section

    for item in items:
        if isinstance(item, Section):
            yield item
            yield from _sections(item.children)
