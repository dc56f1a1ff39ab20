"""Fetch one job page (the only network I/O of intake): http and https only, bounded.

At most ``MAX_REDIRECTS`` redirects (each to http or https), ``MAX_BYTES`` of body,
``TIMEOUT`` seconds for the whole fetch, an HTML answer. Anything else is a
``FetchError`` with one line a user can act on.

On the runner (``from-issue``: a link someone typed into an issue), ``public_only()`` makes
every fetch, and every redirect, refuse a host that is or resolves to a loopback, link-local,
private or otherwise non-public address, before anything is sent to it; the connection then goes
to the very address that was checked (one lookup per host, no second one between the check and
the connection), with the Host header, SNI and certificate check for the name. A `new --url`
typed on your own machine may still read a page served there.
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import os
import re
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
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


Resolve = Callable[[str, int], "list[str]"]  # (host, port) → its addresses


def system_resolve(host: str, port: int) -> list[str]:
    """The addresses the system's resolver gives for the host, one of each."""
    return sorted({info[4][0] for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)})


class _Pins:
    """One fetch's checked addresses: each host is looked up once, checked (public, on the runner), and the
    connection goes to that address: no second lookup between the check and the connection (a name that
    answers public, then 127.0.0.1, cannot reach a local server). Redirects are checked the same way."""

    def __init__(self, resolve: Resolve, public: bool):
        self.resolve, self.public, self.checked = resolve, public, {}

    def address(self, url: str) -> str:
        parts = urllib.parse.urlsplit(url)
        host = (parts.hostname or "").strip("[]")
        port = parts.port or (443 if parts.scheme.casefold() == "https" else 80)
        return self.address_of(host, port, url)

    def address_of(self, host: str, port: int, url: str) -> str:
        if (host, port) not in self.checked:
            self.checked[(host, port)] = self._checked(host, port, url)
        return self.checked[(host, port)]

    def _checked(self, host: str, port: int, url: str) -> str:
        try:
            addresses = [host.split("%")[0]] if _is_ip(host) else list(self.resolve(host, port))
        except (OSError, UnicodeError, ValueError) as exc:
            raise FetchError(f"could not fetch {url}: cannot resolve {host} ({exc})") from None
        if not addresses:
            raise FetchError(f"could not fetch {url}: cannot resolve {host}")
        for text in addresses if self.public else ():
            address = ipaddress.ip_address(text.split("%")[0])
            address = getattr(address, "ipv4_mapped", None) or address
            if not address.is_global or address.is_multicast:
                raise FetchError(
                    f"{url} points to a private address ({address}): only a public job page is read here"
                )
        return addresses[0]


def check_public(url: str, resolve: Resolve = system_resolve) -> None:
    """A FetchError when the URL's host is, or resolves to, an address that is not public."""
    _Pins(resolve, True).address(url)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%")[0])
        return True
    except ValueError:
        return False


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the checked address; the Host header stays the URL's."""

    def __init__(self, host, *, pins: _Pins, **kwargs):
        super().__init__(host, **kwargs)
        self.pins = pins

    def connect(self):
        address = self.pins.address_of(self.host, self.port, f"http://{self.host}:{self.port}/")
        self.sock = socket.create_connection((address, self.port), self.timeout, self.source_address)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """Connects to the checked address, and checks the certificate for the URL's host name (SNI too)."""

    def __init__(self, host, *, pins: _Pins, **kwargs):
        super().__init__(host, **kwargs)
        self.pins = pins

    def connect(self):
        address = self.pins.address_of(self.host, self.port, f"https://{self.host}:{self.port}/")
        sock = socket.create_connection((address, self.port), self.timeout, self.source_address)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, pins: _Pins):
        super().__init__()
        self.pins = pins

    def http_open(self, req):
        return self.do_open(functools.partial(_PinnedHTTP, pins=self.pins), req)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, pins: _Pins, context: ssl.SSLContext | None = None):
        super().__init__(context=context or ssl.create_default_context())
        self.pins = pins

    def https_open(self, req):
        return self.do_open(functools.partial(_PinnedHTTPS, pins=self.pins), req, context=self._context)


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS
    max_repeats = MAX_REDIRECTS

    def __init__(self, pins: _Pins):
        super().__init__()
        self.pins = pins

    def http_error_302(self, req, fp, code, msg, headers):
        target = headers.get("Location") or headers.get("URI")
        if target:
            target = urllib.parse.urljoin(req.full_url, target)
            if urllib.parse.urlsplit(target).scheme.casefold() not in ("http", "https"):
                raise _Redirect(f"redirects to '{target}', which is not an http(s) link")
            if self.pins.public:
                try:
                    self.pins.address(target)  # checked now; its connection goes to this very address
                except FetchError as exc:
                    raise _Redirect(f"redirects to a page that is not read here ({exc})") from None
        visited = getattr(req, "redirect_dict", {})
        if sum(visited.values()) >= self.max_redirections:
            raise _Redirect(f"redirects more than {MAX_REDIRECTS} times; give the job page's own URL")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class _Redirect(Exception):
    """A redirect we do not follow; the message completes '<url> ...'."""


def _opener(pins: _Pins, context: ssl.SSLContext | None):
    handlers = [_Redirects(pins), _PinnedHTTPHandler(pins), _PinnedHTTPSHandler(pins, context)]
    if pins.public:
        handlers.append(urllib.request.ProxyHandler({}))  # a proxy would look the name up again itself
    return urllib.request.build_opener(*handlers)


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


def fetch_page(
    url: str, resolve: Resolve = system_resolve, context: ssl.SSLContext | None = None, public: bool | None = None
) -> Page:
    """GET the page; a FetchError says why when it is not an HTML page we could read in time.

    ``resolve`` looks a host up (once per host: the connection goes to the address checked);
    ``context`` checks https certificates (the system's trust store by default); ``public``: only public
    addresses (default: as ``public_only()`` set it)."""
    url = check_url(url)
    pins = _Pins(resolve, _PUBLIC_ONLY if public is None else public)
    if pins.public:
        pins.address(url)
    limit = timeout_seconds()
    deadline = time.monotonic() + limit
    opener = _opener(pins, context)
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
