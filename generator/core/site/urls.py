"""The one place that names the dashboard's pages and turns them into URLs: where each page's file
goes (an opportunity's, any page's on the private dashboard), the URL MkDocs gives that file, and
an opportunity page's absolute URL, for the site's own links (the pages, the calendar feed, the
search entries) and for links from elsewhere (reminder issues, answers on `New:` issues)."""

from __future__ import annotations

from urllib.parse import quote

CALENDAR = "followups.ics"
SEALED_CALENDAR = "calendar.ics"  # the private dashboard's feed: its file name says nothing either
NEUTRAL_DIR = "p"  # the private dashboard's pages: p/<opaque>/, nothing in a URL says what they hold
_PAGE_MARK = "\0page\0"  # a page's name is keyed apart from any opportunity id (an id never holds NUL)


def opportunity_src(opp_id: str, namer=None) -> str:
    """Where an opportunity's page goes; ids may hold '/' (folders). The private dashboard's
    ``namer`` gives an opaque name instead (a keyed hash of the id: site/encrypt.py)."""
    if namer is not None:
        return f"{NEUTRAL_DIR}/{namer(opp_id)}.md"
    head, _, last = opp_id.rpartition("/")
    if last.lower() in ("index", "readme"):  # MkDocs gives these names to folder pages
        last += "-"
    return f"opportunities/{head + '/' if head else ''}{last}.md"


def public_src(src: str, namer=None) -> str:
    """Where a page of the dashboard is published. Plain: where it was named. Private (``namer``): every
    page but the home page and the calendar at an opaque path (``p/<keyed hash of its name>``), the same
    every build while the passphrase and site_url are; no "pipeline/offer" or "opportunities/" in a URL; the
    calendar feed at a neutral name."""
    if namer is not None and src == CALENDAR:
        return SEALED_CALENDAR
    if namer is None or src == "index.md" or src.startswith(NEUTRAL_DIR + "/"):
        return src
    return f"{NEUTRAL_DIR}/{namer(_PAGE_MARK + src)}.md"


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a Markdown file, relative to the site root."""
    stem = src[:-3] if src.endswith(".md") else src
    if not src.endswith(".md"):
        return src
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def opportunity_path(opp_id: str, namer=None, directory_urls: bool = True) -> str:
    """The page's URL relative to the site root (an opaque name on the private dashboard: ``namer``)."""
    return page_url(opportunity_src(opp_id, namer), directory_urls)


def opportunity_url(site_url: str | None, opp_id: str, namer=None, directory_urls: bool = True) -> str | None:
    """The page's absolute URL; None without a ``site_url``."""
    if not site_url:
        return None
    return site_url + quote(opportunity_path(opp_id, namer, directory_urls), safe="/-_.~")


def dashboard_url(settings, opp_id: str, namer=None) -> str | None:
    """The page as published with ``settings``: its URL (``namer``, keyed with the passphrase, names the
    private dashboard's pages: adapters.sealed_site.link_namer); the home page of an encrypted site when
    there is no namer (its page names cannot be made); None without site_url."""
    if not settings.site_url:
        return None
    if settings.privacy.encrypt and namer is None:  # an encrypted site names its pages with the passphrase
        return settings.site_url
    return opportunity_url(settings.site_url, opp_id, namer)
