"""The MkDocs plugin: its options are the generator's settings (see settings.py).

It adds the dashboard's pages to the build (``on_files``, with
``File.generated``), lists data errors as warnings so ``mkdocs build --strict``
fails on them, and has ``mkdocs serve`` watch the pipeline folder. The pages
themselves come from ``generator.core.site.pages``, a pure function.

With ``privacy: {encrypt: true}`` the built pages are sealed with the key derived
from ``FOLLOW_THROUGH_PASSPHRASE`` (``on_post_page``, ``on_post_build``: one step
after rendering: the crypto in ``generator.core.site.sealing``; ``on_post_build`` runs the same
``adapters.sealed_site.seal_site`` as ``python -m generator seal SITE``).

The search index holds one entry per opportunity (``generator.core.site.search``): Material
indexes none of the generated pages, ``on_post_build`` adds the entries.

Serving (``mkdocs serve``), a saved change rebuilds only what it touches: the plugin instance
lives as long as the server (it defines ``on_startup``) and keeps the parsed pipeline files,
the rendered bodies and each page's whole output, by the digest of their inputs; the rebuilds
keep the site folder (MkDocs' dirty build) and skip the pages whose output stands. A change
to mkdocs.yml, overrides/ or docs/ renders every page again.

``FOLLOW_THROUGH_TODAY=YYYY-MM-DD`` pins the build's "today" (tests, benchmarks,
rebuilding a past day).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import os
import re
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, InclusionLevel

from generator.adapters.mkdocs_config import read_today
from generator.core.problems import UserError
from generator.core.settings import OPTION_KEYS, pinned_today, settings_from_options
from generator.core.site.neutral import DATES_SCRIPT, UNLOCK_CSS, UNLOCK_JS, public_label
from generator.core.site.pages import NAV_PAGES

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
    return read_today(settings, pinned)


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


REUSED_TEMPLATE = "ft-reused.html"  # a page's output kept from the last build, as it was


def _render_generated(page, body: str, config=None, files=None) -> None:
    """Page.render for a generated page: its body is HTML already (escaped by our templates), with no
    Markdown to convert; the anchors are its ids (MkDocs checks links to them)."""
    from mkdocs.structure.toc import get_toc

    page.content = body
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set(_IDS.findall(body))
    page.links_to_anchors = {}


_IDS = re.compile(r'\sid="([^"]+)"')


_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_LINE_COMMENT = re.compile(r"(?:(?<=[;{}),])|^)[ \t]*//[^\n]*", re.MULTILINE)  # not "//" inside a string or regex


def compact_script(source: str) -> str:
    """Our own scripts without comments, indentation and blank lines (they hold no "/*" or "//" in a string)."""
    text = _LINE_COMMENT.sub("", _BLOCK_COMMENT.sub("", source))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _unmodified() -> bool:
    return False


def _modified() -> bool:
    return True


class _NoDirtyWarning(logging.Filter):
    def filter(self, record) -> bool:
        return "'dirty' build" not in record.getMessage()


def _keep_site_between_builds() -> None:
    """`mkdocs serve` rebuilds into a folder it empties first, then writes every page again. Serving the
    dashboard, it keeps the folder instead (MkDocs' own ``dirty`` build): the pages whose output stands
    (``File.is_modified`` false) are not written again, and the plugin removes what a build no longer
    makes (``_remove_stale_files``). Only for the rebuilds of this serving process."""
    from mkdocs.commands import serve

    if getattr(serve.build, "keeps_site", False):
        return
    full_build = serve.build

    def build_keeping_site(config, *, serve_url=None, dirty=False):
        return full_build(config, serve_url=serve_url, dirty=True)

    build_keeping_site.keeps_site = True
    serve.build = build_keeping_site
    logging.getLogger("mkdocs.commands.build").addFilter(_NoDirtyWarning())


class FollowThroughPlugin(BasePlugin[FollowThroughConfig]):
    supports_multiple_instances = False
    command = "build"

    def on_startup(self, *, command, dirty):
        """(Defining it keeps this instance for all the builds of one `mkdocs serve`.) Serving, the pages
        of the last build are kept: an opportunity page whose inputs did not change is neither rendered
        again (pages.render_pages' memo) nor put through Material's templates (``rendered``)."""
        self.command = command
        self.serving = command == "serve"
        self.memo: dict = {}
        self.parsed: dict = {}  # pipeline files as last read and parsed (pipeline.load_pipeline's memo)
        self.rendered: dict[str, tuple[bytes, str]] = {}  # src_uri -> (key of its inputs, HTML output)

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
            config.extra_css.append(UNLOCK_CSS)
            config.extra_javascript.append(UNLOCK_JS)
            self._neutral_frame(config)
        elif self.local_plain:
            config.extra_css.append(UNLOCK_CSS)  # the banner's style
        return config

    def _neutral_frame(self, config) -> None:
        """Nothing outside the sealed content says "job search": a neutral name, no description, no author,
        no link to the (private) repository (the sealed pages carry it, see on_post_page)."""
        from generator.core.site.sealing import public_site_name

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
        from generator.adapters.sealed_site import KeyDerivation
        from generator.core.site import sealing as encrypt

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
        return KeyDerivation(passphrase, self.settings.site_url)

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
        if not self.derivation:
            _keep_site_between_builds()
        return server

    def on_files(self, files, config):
        today = today_from_env(self.settings)
        reuse = getattr(self, "serving", False) and not self.derivation  # sealed pages: always afresh
        pipeline = self._load(today, reuse)
        placeholders = None
        if self.derivation:
            from generator.core.site.sealing import Placeholders

            placeholders = Placeholders()
        pages = self._render(pipeline, today, config, placeholders, reuse)
        self.search_entries = self._search_entries(pipeline, config.use_directory_urls, placeholders)
        public_nav = set(NAV_PAGES)
        if self.derivation:  # the key is needed from here on: the opaque names go in
            pages, public_nav = self._at_opaque_paths(pages, placeholders, pipeline, files, config)
        self._add_pages(files, pages, config, public_nav, reuse)
        self.files = files
        log.info(
            "follow-through: %d opportunities, %d errors, today %s%s", len(pipeline.opportunities),
            len(pipeline.errors), today,
            f"; {len(self.reused)} of {len(self.bodies)} pages kept from the last build" if reuse else "",
        )
        return files

    def _load(self, today: dt.date, reuse: bool):
        """The pipeline, its data errors as warnings (``mkdocs build --strict`` fails on them)."""
        from generator.adapters.opportunity_files import load_pipeline

        pipeline = load_pipeline(self.settings.pipeline_path, today, base=self.settings.root,
                                 memo=self.parsed if reuse else None)
        for problem in pipeline.problems:
            if problem.is_error:
                log.warning("data error: %s", problem)
            else:
                log.info("%s", problem)
        return pipeline

    def _render(self, pipeline, today: dt.date, config, placeholders, reuse: bool) -> dict:
        from generator.adapters.message_templates import drafter_for
        from generator.core.site.pages import RenderOptions, render_pages

        drafter = drafter_for(self.settings, today)
        options = RenderOptions(directory_urls=config.use_directory_urls, use_templates=self.use_templates,
                                namer=placeholders, drafter=drafter)
        pages = render_pages(pipeline, self.settings, today, options, memo=self.memo if reuse else None)
        for problem in drafter.problems:  # INFO, not WARNING: the default draft stands in, so --strict builds
            log.info("message template: %s", problem)
        return pages

    def _at_opaque_paths(self, pages, placeholders, pipeline, files, config) -> tuple[dict, set[str]]:
        """The private dashboard: every page's placeholder name resolved to its opaque one (the key is
        needed from here on); the nav, the search entries and the hand-written pages follow.
        (the pages by their published names, the published names of the nav's pages)"""
        from generator.core.site.pages import renamed_nav
        from generator.core.site.sealing import opaque_name
        from generator.core.site.urls import opportunity_path, public_src

        self.keys = self.derivation.result()
        pages = placeholders.resolve_pages(pages, self.keys.path_key)
        namer = functools.partial(opaque_name, self.keys.path_key)
        public = {src: public_src(src, namer) for src in NAV_PAGES}
        config.nav = renamed_nav(config.nav, public)
        self.opportunity_urls = {opportunity_path(o.id, namer, config.use_directory_urls)
                                 for o in pipeline.opportunities}
        self._hand_written_at_opaque_paths(files, pages, namer, config)
        for entry in self.search_entries:
            entry["location"] = placeholders.resolve(entry["location"], self.keys.path_key)
        return pages, set(public.values())

    def _add_pages(self, files, pages: dict, config, public_nav: set[str], reuse: bool) -> None:
        """The generated pages into ``files`` (in place of any file of the same name). The bodies are HTML
        already (escaped by the templates): MkDocs need not parse them again as Markdown; on_page_content
        puts each back. MkDocs reads only the front matter."""
        self.bodies = {}
        self.input_keys: dict[str, bytes] = {}  # serving: what each page's output is made of
        self.reused: dict[str, str] = {}  # serving: pages whose last output still stands
        frame = self._frame_key(config) if reuse else b""
        if reuse:  # renamed and deleted pages go
            self.rendered = {src: kept for src, kept in self.rendered.items() if src in pages}
        for src_uri, page in pages.items():
            content = self._content(src_uri, page, frame, reuse)
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            # Only the five main pages are in the nav; the rest are linked from them.
            inclusion = InclusionLevel.UNDEFINED if src_uri in public_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, src_uri, content=content, inclusion=inclusion)
            if src_uri in self.reused and src_uri not in NAV_PAGES:
                # Its page from the last build stands: a build that keeps the site (serving) skips it.
                # (Nav pages are always built: the other pages' tabs take their titles from them.)
                file.is_modified = _unmodified
            files.append(file)
        if reuse:  # hand-written pages are built every time: the nav around them may have changed
            for file in files.documentation_pages():
                if file.src_uri not in self.bodies:
                    file.is_modified = _modified

    def _content(self, src_uri: str, page, frame: bytes, reuse: bool) -> str | bytes:
        """A generated file's content: a page's front matter (its body is kept aside) or the feed's bytes.
        Serving, a page whose output from the last build still stands is noted in ``reused``."""
        from generator.core.site.pages import Page, front_matter_text

        if not isinstance(page, Page):
            return page
        self.bodies[src_uri] = page.body
        # Material indexes none of the generated pages: on_post_build adds search_entries.
        content = front_matter_text({**page.front_matter, "search": {"exclude": True}})
        if reuse:
            key = hashlib.sha256(frame + src_uri.encode() + b"\0" + content.encode() + page.body.encode()).digest()
            self.input_keys[src_uri] = key
            last = self.rendered.get(src_uri)
            if last is not None and last[0] == key:
                self.reused[src_uri] = last[1]
        return content

    def _hand_written_at_opaque_paths(self, files, pages, namer, config) -> None:
        """Pages written by hand in docs/ are published at opaque paths too (their links follow: MkDocs
        resolves them by source file); their nav labels become neutral in on_nav."""
        from generator.core.site.urls import public_src

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
            elif page.title:
                page.title = public_label(page.title)  # "Pipeline" says what this is
        for item in _sections(nav.items):
            item.title = "Pages"
        return nav

    def on_page_context(self, context, page, config, nav):
        if self.keys is not None:  # the table of contents (sidebar, skip link) would show headings outside the seal
            from mkdocs.structure.toc import TableOfContents

            page.toc = TableOfContents([])
        return context

    def _search_entries(self, pipeline, directory_urls: bool, namer) -> list[dict]:
        from generator.core.site.pages import PAGES
        from generator.core.site.search import search_entries
        from generator.core.site.urls import opportunity_path, page_url

        titles = {"today": "Today", "pipeline": "Pipeline", "timeline": "Timeline", "activity": "Activity",
                  "archive": "Archive"}
        return search_entries(
            pipeline.opportunities, self.settings,
            page_url=lambda opp: opportunity_path(opp.id, namer, directory_urls),
            list_pages=[(page_url(src, directory_urls), titles[kind]) for kind, src in PAGES.items()],
        )

    def _frame_key(self, config) -> bytes:
        """What every page's frame is made of besides its own content: mkdocs.yml, the templates and assets
        of the dashboard (overrides/), the hand-written pages (the nav may list them), the server's address.
        A change to any of them renders every page again."""
        digest = hashlib.sha256(f"{config.site_url}\0{config.use_directory_urls}\0".encode())
        if config.config_file_path and os.path.isfile(config.config_file_path):
            digest.update(Path(config.config_file_path).read_bytes())
        import material
        import mkdocs

        installed = (Path(material.__file__).resolve().parent, Path(mkdocs.__file__).resolve().parent)
        folders = [
            Path(d) for d in config.theme.dirs if not any(Path(d).resolve().is_relative_to(p) for p in installed)
        ]
        folders.append(Path(config.docs_dir))
        for folder in folders:
            for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
                if path.is_file():
                    stat = path.stat()
                    digest.update(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\0".encode())
        return digest.digest()

    def on_env(self, env, config, files):
        try:  # main.html puts the date script inline on every page: without its comments (4 KB less a page)
            source = env.loader.get_source(env, DATES_SCRIPT)[0]
            env.globals["ft_dates_script"] = compact_script(source)
        except Exception:
            pass
        if getattr(self, "serving", False):  # Material's templates compiled once while serving, not every build
            from generator.core.site.pages import compiled_once

            env.bytecode_cache = compiled_once()
        if getattr(self, "reused", None):
            from jinja2 import ChoiceLoader, DictLoader

            env.loader = ChoiceLoader([DictLoader({REUSED_TEMPLATE: "{{ page.content }}"}), env.loader])
        return env

    def on_pre_page(self, page, config, files):
        body = getattr(self, "bodies", {}).get(page.file.src_uri)
        if body is not None:  # no Markdown to convert (and no Markdown instance to make, a page at a time)
            page.render = functools.partial(_render_generated, page, body)
        return page

    def on_page_markdown(self, markdown, page, config, files):
        if page.file.src_uri in getattr(self, "bodies", {}):
            return ""
        return markdown

    def on_page_content(self, html, page, config, files):
        src_uri = page.file.src_uri
        output = getattr(self, "reused", {}).get(src_uri)
        if output is not None:  # the whole page as last built: the reused template prints it as it is
            page.meta["template"] = REUSED_TEMPLATE
            return output
        body = getattr(self, "bodies", {}).get(src_uri)
        return body if body is not None else html

    def on_post_page(self, output, page, config):
        key = getattr(self, "input_keys", {}).get(page.file.src_uri)
        if key is not None:
            self.rendered[page.file.src_uri] = (key, output)
        if self.local_plain:
            return _with_banner(output)
        if self.keys is None:
            return output
        import html as html_lib

        from mkdocs.utils import get_relative_url

        from generator.core.site.sealing import NotAPage, SealOptions, seal_page, sealed_path

        root = get_relative_url(".", page.url).rstrip("/") + "/"
        repo_url, repo_name = getattr(self, "sealed_repo", (None, None))
        extra = (
            (
                f'<p class="ft-repo"><a href="{html_lib.escape(repo_url)}">{html_lib.escape(repo_name or "Repository")}'
                "</a></p>"
            )
            if repo_url
            else ""
        )
        try:  # every page is sealed, the hand-written ones too; none goes out plain
            options = SealOptions(config.site_name, remember_days=self.settings.privacy.remember_days)
            sealed = seal_page(output, self.keys, options, root, sealed_path(page.url), extra)
        except NotAPage as exc:
            raise PluginError(f"{page.file.src_uri}: cannot be sealed ({exc}); nothing was published plain") from None
        self.sealed_pages.add(page.file.dest_uri)
        return sealed

    @event_priority(-100)  # after the search plugin wrote its index, wherever mkdocs.yml lists it
    def on_post_build(self, config):
        site = Path(config.site_dir)
        if getattr(self, "serving", False):  # (also once sealed: no plain page of before may stay)
            self._remove_stale_files(site)
        index = site / "search" / "search_index.json"
        if index.is_file():
            self._write_search_index(index, config)
        if self.keys is None:
            return
        from generator.adapters.sealed_site import seal_site
        from generator.core.site.sealing import NotAPage, SealOptions

        # The same step as `python -m generator seal SITE`: the pages sealed above are left as they are; any
        # other page and the search index (as the sealed Find index) are sealed here.
        try:
            options = SealOptions(config.site_name, self.settings.privacy.remember_days, config.site_url)
            seal_site(Path(config.site_dir), self.keys, options, sealed_already=self.sealed_pages,
                      opportunity_urls=getattr(self, "opportunity_urls", None))
        except NotAPage as exc:
            raise PluginError(f"cannot seal {exc}") from None

    def _remove_stale_files(self, site: Path) -> None:
        """Serving keeps the site folder between builds: what the last build wrote and this one did not
        (the page of a deleted or renamed opportunity, a deleted hand-written page) goes."""
        outputs = {Path(f.abs_dest_path) for f in getattr(self, "files", ())}
        for path in getattr(self, "last_outputs", set()) - outputs:
            try:
                path.unlink()
                folder = path.parent
                while folder != site and site in folder.parents and not any(folder.iterdir()):
                    folder.rmdir()
                    folder = folder.parent
            except OSError:
                pass
        self.last_outputs = outputs

    def _write_search_index(self, index: Path, config) -> None:
        from generator.core.site.search import merged_index
        from generator.core.site.urls import page_url

        generated = {page_url(src, config.use_directory_urls) for src in getattr(self, "bodies", {})}
        text = merged_index(index.read_text(encoding="utf-8"), getattr(self, "search_entries", []), generated)
        tmp = index.with_name(index.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(index)


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
