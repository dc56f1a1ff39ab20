"""Fetch one job page (the only network I/O of intake): http and https only, bounded.

At most ``MAX_REDIRECTS`` redirects (each to http or https), ``MAX_BYTES`` of body,
``TIMEOUT`` seconds for the whole fetch, an HTML answer. Anything else is a
``FetchError`` with one line a user can act on.

On the runner (``from-issue``: a link someone typed into an issue), ``public_only()`` makes
every fetch, and every redirect, refuse a host that is or resolves to a loopback, link-local,
private or otherwise non-public address, before anything is sent to it. A `new --url` typed
on your own machine may still read a page served there.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from generator.core.problems import ActionFailed

TIMEOUT = 10.0  # seconds, the whole fetch
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = "Follow-Through/0.1 (job posting reader; fetches one page a user asked for)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 64 * 1024


class FetchError(ActionFailed):
    """The page could not be fetched or is not a web page (exit 1)."""


@dataclass(frozen=True)
class Page:
    url: str  # where it ended up, after redirects
    text: str


def check_url(url: str) -> str:
    """The URL, trimmed, when it is an http(s) link to a host; else a FetchError."""
    url = (url or "").strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.casefold() not in ("http", "https") or not parts.hostname:
        raise FetchError(f"'{url}' is not a web link: give an http:// or https:// URL")
    return url


def timeout_seconds() -> float:
    """TIMEOUT, or FOLLOW_THROUGH_FETCH_TIMEOUT (seconds) when set: tests and slow networks."""
    value = os.environ.get("FOLLOW_THROUGH_FETCH_TIMEOUT")
    try:
        return float(value) if value else TIMEOUT
    except ValueError:
        return TIMEOUT


_PUBLIC_ONLY = False
ALLOW_PRIVATE_ENV = "FOLLOW_THROUGH_ALLOW_PRIVATE_URLS"  # tests, and a runner reading an intranet job board


def public_only() -> None:
    """From now on (in this process) fetch only from public addresses, unless ALLOW_PRIVATE_ENV=1."""
    global _PUBLIC_ONLY
    _PUBLIC_ONLY = os.environ.get(ALLOW_PRIVATE_ENV) != "1"


def check_public(url: str) -> None:
    """A FetchError when the URL's host is, or resolves to, an address that is not public."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").strip("[]")
    try:
        addresses = [host] if _is_ip(host) else sorted({info[4][0] for info in socket.getaddrinfo(
            host, parts.port or (443 if parts.scheme.casefold() == "https" else 80), proto=socket.IPPROTO_TCP)})
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise FetchError(f"could not fetch {url}: cannot resolve {host} ({exc})") from None
    for text in addresses:
        address = ipaddress.ip_address(text.split("%")[0])
        mapped = getattr(address, "ipv4_mapped", None)
        address = mapped or address
        if not address.is_global or address.is_multicast:
            raise FetchError(f"{url} points to a private address ({address}): only a public job page is read here")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%")[0])
        return True
    except ValueError:
        return False


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS
    max_repeats = MAX_REDIRECTS

    def http_error_302(self, req, fp, code, msg, headers):
        target = headers.get("Location") or headers.get("URI")
        if target:
            target = urllib.parse.urljoin(req.full_url, target)
            if urllib.parse.urlsplit(target).scheme.casefold() not in ("http", "https"):
                raise _Redirect(f"redirects to '{target}', which is not an http(s) link")
            if _PUBLIC_ONLY:
                try:
                    check_public(target)
                except FetchError as exc:
                    raise _Redirect(f"redirects to a page that is not read here ({exc})") from None
        visited = getattr(req, "redirect_dict", {})
        if sum(visited.values()) >= self.max_redirections:
            raise _Redirect(f"redirects more than {MAX_REDIRECTS} times; give the job page's own URL")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class _Redirect(Exception):
    """A redirect we do not follow; the message completes '<url> ...'."""


def _charset(content_type: str, head: bytes) -> str:
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.I)
    if not match:
        match = re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", head[:4096], re.I)
        name = match.group(1).decode("ascii") if match else "utf-8"
    else:
        name = match.group(1)
    try:
        "".encode(name)
        return name
    except LookupError:
        return "utf-8"


def fetch_page(url: str) -> Page:
    """GET the page; a FetchError says why when it is not an HTML page we could read in time."""
    url = check_url(url)
    if _PUBLIC_ONLY:
        check_public(url)
    limit = timeout_seconds()
    deadline = time.monotonic() + limit
    opener = urllib.request.build_opener(_Redirects())
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"}
    )
    try:
        with opener.open(request, timeout=limit) as answer:
            final = answer.geturl()
            content_type = answer.headers.get("Content-Type", "")
            kind = content_type.split(";")[0].strip().casefold()
            if kind and kind not in HTML_TYPES:
                raise FetchError(f"{url} is not a web page (it answered {kind}); give the job page's URL")
            length = answer.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_BYTES:
                raise FetchError(f"{url} is too big ({int(length) // (1024 * 1024)} MB; at most 5 MB is read)")
            body = _read_bounded(answer, url, deadline, limit)
    except FetchError:
        raise
    except _Redirect as exc:
        raise FetchError(f"{url} {exc}") from None
    except urllib.error.HTTPError as exc:
        raise FetchError(f"could not fetch {url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, FetchError):
            raise reason from None
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise FetchError(f"could not fetch {url}: no answer within {limit:g} seconds") from None
        raise FetchError(f"could not fetch {url}: {getattr(reason, 'strerror', None) or reason}") from None
    except TimeoutError:
        raise FetchError(f"could not fetch {url}: no answer within {limit:g} seconds") from None
    except (OSError, ValueError) as exc:  # connection reset, bad status line, a malformed URL
        raise FetchError(f"could not fetch {url}: {exc}") from None
    if not kind and not body.lstrip()[:1] == b"<":
        raise FetchError(f"{url} is not a web page (no content type, and not HTML); give the job page's URL")
    return Page(final, body.decode(_charset(content_type, body), errors="replace"))


def _read_bounded(answer, url: str, deadline: float, limit: float) -> bytes:
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(f"could not fetch {url}: no answer within {limit:g} seconds")
        chunk = answer.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_BYTES:
            raise FetchError(f"{url} is too big (more than 5 MB); give the job page's URL")
        chunks.append(chunk)
