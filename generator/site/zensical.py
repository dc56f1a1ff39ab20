"""The Zensical configuration of a dashboard build, derived from the project's mkdocs.yml (pure).

Zensical reads mkdocs.yml but runs no MkDocs plugin, so the build works from what
``render`` wrote: the same site settings and theme options, the rendered pages as
its docs folder, the dashboard's templates and assets as its ``custom_dir`` (it
honours Material's overrides: main.html's blocks, page templates, partials, assets),
and, on a sealed site, the unlock script and styles the plugin would add.
"""

from __future__ import annotations

import copy

PRIVATE_CSS = "assets/stylesheets/ft-private.css"
PRIVATE_JS = "assets/javascripts/ft-private.js"
# MkDocs-only keys: plugins (Zensical configures its own search under plugins: search), hooks
# (MkDocs Python), watch (the MkDocs serve loop).
DROPPED = ("plugins", "hooks", "watch")


def zensical_config(mkdocs: dict, *, docs_dir: str, site_dir: str, custom_dir: str, sealed: bool,
                    public_pages: dict | None = None) -> dict:
    """mkdocs.yml's settings (as config.read_config reads them) made into a Zensical build of the rendered pages.
    ``public_pages`` (a sealed site: source -> published page name) renames the nav's pages."""
    from .encrypt import FRAME_KEYS_DROPPED, public_site_name
    from .pages import renamed_nav

    dropped = DROPPED + (FRAME_KEYS_DROPPED if sealed else ())
    config = {k: copy.deepcopy(v) for k, v in mkdocs.items() if k not in dropped}
    if sealed:  # the public frame says nothing of a job search (the private dashboard's neutral frame)
        config["site_name"] = public_site_name(config.get("site_name"))
        if config.get("nav") and public_pages:
            config["nav"] = renamed_nav(config["nav"], public_pages)
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


def _search_options(plugins) -> dict:
    """The search plugin's options Zensical knows (its index is on by default; a sealed site's is removed by seal)."""
    entries = plugins.items() if isinstance(plugins, dict) else [
        next(iter(p.items())) if isinstance(p, dict) else (p, None) for p in (plugins or [])]
    for name, options in entries:
        if name == "search" and isinstance(options, dict):
            return {k: v for k, v in options.items() if k in ("enabled", "separator")}
    return {}
