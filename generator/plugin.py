"""The MkDocs plugin: its options are the generator's settings (see settings.py).

It adds the dashboard's pages to the build (``on_files``, with
``File.generated``), lists data errors as warnings so ``mkdocs build --strict``
fails on them, and has ``mkdocs serve`` watch the pipeline folder. The pages
themselves come from ``generator.site.pages``, a pure function.

With ``privacy: {encrypt: true}`` the built pages are sealed with the key derived
from ``FOLLOW_THROUGH_PASSPHRASE`` (``on_post_page``, ``on_post_build``: one step
after rendering, all in ``generator.site.encrypt``).

The search index holds one entry per opportunity (``generator.site.search``): Material
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

from .problems import UserError
from .settings import OPTION_KEYS, settings_from_options

log = logging.getLogger("mkdocs.plugins.follow-through")

TODAY_ENV = "FOLLOW_THROUGH_TODAY"
NAV_PAGES = ("index.md", "pipeline.md", "timeline.md", "activity.md", "archive.md", "followups.ics")
# The templates and assets of the dashboard, used when mkdocs.yml does not name them as custom_dir.
BUNDLED_OVERRIDES = Path(__file__).resolve().parent.parent / "overrides"


def today_from_env(settings) -> dt.date:
    pinned = os.environ.get(TODAY_ENV, "").strip()
    if pinned:
        try:
            if len(pinned) != 10:
                raise ValueError
            return dt.date.fromisoformat(pinned)
        except ValueError:
            raise PluginError(f"{TODAY_ENV}: '{pinned}' is not a date (YYYY-MM-DD)") from None
    return settings.today()


# The options are declared once, in settings.OPTION_KEYS; settings_from_options checks them all
# (with messages that say what is expected), so MkDocs only passes them through.
FollowThroughConfig = type(
    "FollowThroughConfig", (Config,), {name: c.Optional(c.Type(object)) for name in OPTION_KEYS}
)


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


DATES_SCRIPT = "assets/javascripts/follow-through.js"
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

    def on_startup(self, *, command, dirty):
        """(Defining it keeps this instance for all the builds of one `mkdocs serve`.) Serving, the pages
        of the last build are kept: an opportunity page whose inputs did not change is neither rendered
        again (pages.render_pages' memo) nor put through Material's templates (``rendered``)."""
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
        self.derivation = self._start_key_derivation() if self.settings.privacy.encrypt else None
        if self.derivation:  # the unlock script and its styles: only on a sealed site
            config.extra_css.append("assets/stylesheets/ft-private.css")
            config.extra_javascript.append("assets/javascripts/ft-private.js")
        return config

    def _start_key_derivation(self):
        from .site import encrypt

        passphrase = os.environ.get(encrypt.PASSPHRASE_ENV)
        problem = encrypt.passphrase_problem(passphrase) or (None if self.settings.site_url else encrypt.SITE_URL_NEEDED)
        if problem:
            raise PluginError(problem)
        warning = encrypt.passphrase_warning(passphrase)
        if warning:
            log.warning(warning)
        return encrypt.KeyDerivation(passphrase, self.settings.site_url)

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
        from .drafts import Drafter
        from .pipeline import load_pipeline
        from .site.pages import Page, front_matter_text, render_pages

        today = today_from_env(self.settings)
        reuse = getattr(self, "serving", False) and not self.derivation  # sealed pages: always afresh
        pipeline = load_pipeline(self.settings.pipeline_path, today, base=self.settings.root,
                                 memo=self.parsed if reuse else None)
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
            drafter=(drafter := Drafter.for_settings(self.settings)),
            memo=self.memo if reuse else None,
        )
        for problem in drafter.problems:  # INFO, not WARNING: the default draft stands in, so --strict builds
            log.info("message template: %s", problem)
        self.search_entries = self._search_entries(pipeline, config.use_directory_urls, placeholders)
        if self.derivation:  # the key is needed from here on: the opaque names go in
            self.keys = self.derivation.result()
            pages = placeholders.resolve_pages(pages, self.keys.path_key)
            for entry in self.search_entries:
                entry["location"] = placeholders.resolve(entry["location"], self.keys.path_key)
        # The bodies are HTML already (escaped by the templates): MkDocs need not parse them again
        # as Markdown; on_page_content puts each back. MkDocs reads only the front matter.
        self.bodies = {}
        self.input_keys: dict[str, bytes] = {}  # serving: what each page's output is made of
        self.reused: dict[str, str] = {}  # serving: pages whose last output still stands
        frame = self._frame_key(config) if reuse else b""
        if reuse:  # renamed and deleted pages go
            self.rendered = {src: kept for src, kept in self.rendered.items() if src in pages}
        for src_uri, page in pages.items():
            if isinstance(page, Page):
                self.bodies[src_uri] = page.body
                # Material indexes none of the generated pages: on_post_build adds search_entries.
                content = front_matter_text({**page.front_matter, "search": {"exclude": True}})
                if reuse:
                    key = hashlib.sha256(frame + src_uri.encode() + b"\0" + content.encode() + page.body.encode()).digest()
                    self.input_keys[src_uri] = key
                    last = self.rendered.get(src_uri)
                    if last is not None and last[0] == key:
                        self.reused[src_uri] = last[1]
            else:
                content = page
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            # Only the five main pages are in the nav; the rest are linked from them.
            inclusion = InclusionLevel.UNDEFINED if src_uri in NAV_PAGES else InclusionLevel.NOT_IN_NAV
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
        self.files = files
        log.info(
            "follow-through: %d opportunities, %d errors, today %s%s", len(pipeline.opportunities),
            len(pipeline.errors), today,
            f"; {len(self.reused)} of {len(self.bodies)} pages kept from the last build" if reuse else "",
        )
        return files

    def _search_entries(self, pipeline, directory_urls: bool, namer) -> list[dict]:
        from .site.pages import PAGES, opportunity_src, page_url
        from .site.search import search_entries

        titles = {"today": "Today", "pipeline": "Pipeline", "timeline": "Timeline", "activity": "Activity",
                  "archive": "Archive"}
        return search_entries(
            pipeline.opportunities, self.settings,
            page_url=lambda opp: page_url(opportunity_src(opp.id, namer), directory_urls),
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
        folders = [Path(d) for d in config.theme.dirs if not any(Path(d).resolve().is_relative_to(p) for p in installed)]
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
        except Exception:  # noqa: BLE001  (main.html then includes the file as it is)
            pass
        if getattr(self, "serving", False):  # Material's templates compiled once while serving, not every build
            from .site.pages import compiled_once

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
        if self.keys is None or page.file.src_uri not in getattr(self, "bodies", {}):
            return output
        from mkdocs.utils import get_relative_url

        from .site.encrypt import seal_page

        root = get_relative_url(".", page.url).rstrip("/") + "/"
        return seal_page(output, self.keys, config.site_name, root)

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
        from .site.encrypt import FIND_INDEX, seal_search_index

        text = index.read_text(encoding="utf-8") if index.is_file() else '{"docs": []}'
        public, sealed = seal_search_index(text, self.keys)
        (site / FIND_INDEX).parent.mkdir(parents=True, exist_ok=True)
        (site / FIND_INDEX).write_bytes(sealed)
        if index.is_file():
            index.write_text(public, encoding="utf-8")

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
        from .site.pages import page_url
        from .site.search import merged_index

        generated = {page_url(src, config.use_directory_urls) for src in getattr(self, "bodies", {})}
        text = merged_index(index.read_text(encoding="utf-8"), getattr(self, "search_entries", []), generated)
        tmp = index.with_name(index.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(index)
