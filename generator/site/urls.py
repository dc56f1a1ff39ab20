"""The one place that turns an opportunity into its dashboard page's URL, for the site's own links
(the calendar feed) and for links from elsewhere (reminder issues, answers on `New:` issues)."""

from __future__ import annotations

from urllib.parse import quote

from .encrypt import MissingPassphrase, namer_for
from .pages import opportunity_src, page_url


def opportunity_path(opp_id: str, namer=None, directory_urls: bool = True) -> str:
    """The page's URL relative to the site root (an opaque name on the private dashboard: ``namer``)."""
    return page_url(opportunity_src(opp_id, namer), directory_urls)


def opportunity_url(site_url: str | None, opp_id: str, namer=None, directory_urls: bool = True) -> str | None:
    """The page's absolute URL; None without a ``site_url``."""
    if not site_url:
        return None
    return site_url + quote(opportunity_path(opp_id, namer, directory_urls), safe="/-_.~")


def dashboard_url(settings, opp_id: str) -> str | None:
    """The page as published with ``settings`` (FOLLOW_THROUGH_PASSPHRASE names the private
    dashboard's pages): its URL; the home page when that name cannot be made; None without site_url."""
    if not settings.site_url:
        return None
    try:
        namer = namer_for(settings)
    except MissingPassphrase:  # an encrypted site names its pages with the passphrase: link its home
        return settings.site_url
    return opportunity_url(settings.site_url, opp_id, namer)
