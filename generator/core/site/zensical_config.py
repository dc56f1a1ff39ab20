"""The Zensical configuration of a dashboard build, derived from the project's mkdocs.yml (pure).

Zensical reads mkdocs.yml but runs no MkDocs plugin, so the build works from what
``render`` wrote: the same site settings and theme options, the rendered pages as
its docs folder, the dashboard's templates and assets as its ``custom_dir`` (it
honours Material's overrides: main.html's blocks, page templates, partials, assets),
and, on a sealed site, the unlock script and styles the plugin would add.
"""

from __future__ import annotations

import copy
import posixpath
import re
from collections.abc import Collection
from dataclasses import dataclass

from generator.core.site.neutral import UNLOCK_CSS as PRIVATE_CSS
from generator.core.site.neutral import UNLOCK_JS as PRIVATE_JS
from generator.core.site.neutral import public_label

# MkDocs-only keys: plugins (Zensical configures its own search under plugins: search), hooks
# (MkDocs Python), watch (the MkDocs serve loop).
DROPPED = ("plugins", "hooks", "watch")


@dataclass(frozen=True)
class Sealing:
    """A sealed site's pages: ``public_pages`` (source -> published page name) renames the nav's pages; those
    of ``hand_written`` (the sources of the user's own docs/ pages) get neutral labels, as the plugin gives them."""

    public_pages: dict | None = None
    hand_written: Collection[str] = ()


def zensical_config(mkdocs: dict, *, docs_dir: str, site_dir: str, custom_dir: str, sealed: Sealing | None) -> dict:
    """mkdocs.yml's settings (as config.read_config reads them) made into a Zensical build of the rendered pages.
    ``sealed``: None for a site that is not sealed."""
    # Imported here, as the two below: Zensical's configuration is for build-zensical and seal only, and these
    # load cryptography (10 ms), the page templates (Jinja, Markdown, icalendar: about 100 ms) and pathspec (21 ms).
    from generator.core.site.sealing import FRAME_KEYS_DROPPED, public_site_name

    dropped = DROPPED + (FRAME_KEYS_DROPPED if sealed else ())
    config = {k: copy.deepcopy(v) for k, v in mkdocs.items() if k not in dropped}
    if sealed:  # the public frame says nothing of a job search (the private dashboard's neutral frame)
        config["site_name"] = public_site_name(config.get("site_name"))
        public, hand_written = sealed.public_pages or {}, sealed.hand_written
        # Without a nav Zensical would list every page under its own title (a company's, a heading's)
        config["nav"] = (neutral_nav(config["nav"], public, set(hand_written)) if config.get("nav")
                         else default_sealed_nav(public, hand_written))
        # The table of contents (the sidebar, the skip link, toc.integrate's nav) would show the headings
        # outside the seal: Zensical takes it from the toc extension, which lists no heading at depth 0.
        config["markdown_extensions"] = without_toc(config.get("markdown_extensions"))
    config["docs_dir"] = docs_dir
    config["site_dir"] = site_dir
    theme = config.get("theme")
    theme = {"name": theme} if isinstance(theme, str) else dict(theme or {"name": "material"})
    theme["custom_dir"] = custom_dir
    # Material's look (Zensical's default is its "modern" one), unless the project chose.
    theme.setdefault("variant", "classic")
    config["theme"] = theme
    config["plugins"] = {"search": _search_options(mkdocs.get("plugins"))}
    if sealed:
        config["extra_css"] = [*(config.get("extra_css") or []), PRIVATE_CSS]
        config["extra_javascript"] = [*(config.get("extra_javascript") or []), PRIVATE_JS]
    return config


def neutral_nav(nav, public: dict, hand_written: set):
    """A sealed site's nav: the pages at their published names (``public``), the hand-written ones labelled
    "Page 1", "Page 2"... in nav order and every section "Pages" (a user's label says what a page is about);
    the dashboard's own labels and links elsewhere stay, as under the plugin (plugin/navigation.py)."""
    number = 0

    def page(label, src):
        nonlocal number
        if src in hand_written:
            number += 1
            return {f"Page {number}": public.get(src, src)}
        target = public.get(src, src)
        return target if label is None else {public_label(label): target}

    def walk(item):
        if isinstance(item, str):
            return page(None, item)
        if isinstance(item, dict) and len(item) == 1:
            (label, value), = item.items()
            if isinstance(value, list):
                return {"Pages": [walk(child) for child in value]}
            if isinstance(value, str):
                return page(label, value)
        return item

    return [walk(item) for item in nav] if isinstance(nav, list) else nav


def default_sealed_nav(public: dict, hand_written) -> list:
    """The nav of a sealed site whose mkdocs.yml has none: the dashboard's pages, then the hand-written ones
    (by their source path) as "Page 1", "Page 2"..."""
    # Here, as sealing in zensical_config(): the page templates (Jinja, Markdown, icalendar: about 100 ms) that
    # seal, which imports this module, would load for nothing when mkdocs.yml has a nav.
    from generator.core.site.pages import PAGES

    labels = {"today": "Today", "pipeline": public_label("Pipeline"), "timeline": "Timeline", "activity": "Activity",
              "archive": "Archive"}
    nav = [{labels[kind]: public.get(src, src)} for kind, src in PAGES.items()]
    return nav + [{f"Page {n}": public.get(src, src)} for n, src in enumerate(sorted(hand_written), 1)]


def without_toc(extensions):
    """markdown_extensions (a list or a mapping, as Zensical reads them; None: Zensical's defaults) with the toc
    extension's depth at 0: headings keep their ids (links to them still work) but none is listed."""
    if extensions is None:
        try:  # imported here: Zensical is in the test set only, not in the runtime lock
            from zensical.config import DEFAULT_MARKDOWN_EXTENSIONS as extensions
        except ImportError:  # not installed: the build says so before it gets here
            extensions = {}
    if isinstance(extensions, dict):
        out = copy.deepcopy(extensions)
        out["toc"] = {**(out.get("toc") or {}), "toc_depth": 0}
        return out
    out, found = [], False
    for item in extensions or []:
        if item == "toc" or (isinstance(item, dict) and "toc" in item):
            options = item.get("toc") if isinstance(item, dict) else None
            out.append({"toc": {**(options or {}), "toc_depth": 0}})
            found = True
            continue
        out.append(copy.deepcopy(item))
    return out if found else [*out, {"toc": {"toc_depth": 0}}]


def published(paths, exclude_docs: str | None, draft_docs: str | None = None) -> list[str]:
    """The files of docs/ (relative paths) a build publishes: not excluded by exclude_docs or draft_docs (as
    MkDocs reads them, gitignore patterns), nor hidden (".*") or templates/, as MkDocs leaves them out."""
    # Here, as the imports in zensical_config() and default_sealed_nav(): pathspec, 11 to 21 ms of start-up
    import pathspec

    lines = [".*", "/templates/", *(exclude_docs or "").splitlines(), *(draft_docs or "").splitlines()]
    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    return [path for path in paths if not spec.match_file(path)]


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_TARGET = re.compile(r"(\]\(\s*)(<[^>\n]*>|[^\s)]+)")
_REFERENCE_TARGET = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*)(<[^>\n]*>|\S+)")
_HTML_TARGET = re.compile(r"""(\b(?:href|src)=)("[^"\n]*"|'[^'\n]*')""")
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|#)")


def relinked(markdown: str, src: str, moved: dict) -> str:
    """A Markdown page of docs/ (at ``src``) with its relative links following the pages that moved
    (``moved``: source -> published path), its own move included: MkDocs resolves links by source file,
    Zensical by the published folder. Fenced code is left as it is."""
    out, fence = [], None
    for line in markdown.splitlines(keepends=True):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if opened:
            fence = opened.group(1)
            out.append(line)
            continue
        relinked = line
        for target in (_INLINE_TARGET, _REFERENCE_TARGET, _HTML_TARGET):
            relinked = target.sub(lambda m: m.group(1) + _moved_target(m.group(2), src, moved), relinked)
        out.append(relinked)
    return "".join(out)


def _moved_target(target: str, src: str, moved: dict) -> str:
    quote = target[0] + target[-1] if target[:1] in "<\"'" and len(target) > 1 else ""
    url = target[1:-1] if quote else target
    if not url or _EXTERNAL.match(url):
        return target
    end = min([i for i in (url.find("#"), url.find("?")) if i >= 0], default=len(url))
    path, rest = url[:end], url[end:]
    if not path:
        return target
    old = posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
    if old.startswith("../"):  # outside docs/: not a page of the site
        return target
    new, home = moved.get(old, old), posixpath.dirname(moved.get(src, src))
    if new == old and home == posixpath.dirname(src):
        return target
    relative = posixpath.relpath(new, home or ".") + ("/" if path.endswith("/") else "")
    return f"{quote[:1]}{relative}{rest}{quote[1:]}"


def _search_options(plugins) -> dict:
    """The search plugin's options Zensical knows (its index is on by default; a sealed site's is removed by seal)."""
    entries = plugins.items() if isinstance(plugins, dict) else [
        next(iter(p.items())) if isinstance(p, dict) else (p, None) for p in (plugins or [])]
    for name, options in entries:
        if name == "search" and isinstance(options, dict):
            return {k: v for k, v in options.items() if k in ("enabled", "separator")}
    return {}
