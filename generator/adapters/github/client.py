"""A small GitHub REST client on urllib: token, base URL, pagination, bounded retries.

- The base URL comes from ``GITHUB_API_URL`` (GitHub Enterprise: ``https://HOST/api/v3``),
  default ``https://api.github.com``; the token from ``GITHUB_TOKEN``.
- ``paginate`` follows ``Link: <...>; rel="next"`` (and only to the same host: the
  token is never sent elsewhere).
- Rate limits (429, or 403 with ``X-RateLimit-Remaining: 0`` / ``Retry-After`` /
  a "rate limit" message) wait for ``Retry-After`` or ``X-RateLimit-Reset``; 5xx
  and dropped connections back off exponentially. A rate limit that asks for a
  longer wait than ``max_wait`` seconds (env ``FOLLOW_THROUGH_MAX_WAIT``, default
  60) stops with a message saying when to try again (retrying early would only be
  refused again); backoffs are capped at it. At most ``retries`` retries (env
  ``FOLLOW_THROUGH_RETRIES``, default 4).
- A write answered 5xx may have been applied: ``post`` looks for what it meant to create
  (a comment, an issue, a workflow run started by a dispatch) before it sends it again.
- A redirect to another origin (scheme, host, port) is not followed with the token.
- On the public API, writes are spaced a second apart, as GitHub asks
  (env ``FOLLOW_THROUGH_WRITE_INTERVAL``).
- A 401, or a 403 that is not a rate limit, stops with a message naming the
  permission the token lacks.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from generator.core.github.reminder_plan import AUTOMATION_ENV, automation_from, by_automation
from generator.core.problems import ActionFailed

DEFAULT_API_URL = "https://api.github.com"
USER_AGENT = "follow-through"


class GitHubError(ActionFailed):
    """GitHub said no, or could not be reached; the message says what to do (exit 1)."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status
        self.permission: str | None = None  # a 403's X-Accepted-GitHub-Permissions, as `name: level`


class ServerError(GitHubError):
    """5xx (or no answer) after every retry: the request may or may not have been applied."""


def _origin(url: str) -> tuple[str, str]:
    parsed = urllib.parse.urlsplit(url)
    return parsed.scheme, parsed.netloc.lower()


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects, but never carry the token to another origin."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and _origin(newurl) != _origin(req.full_url):
            for name in list(new.headers):
                if name.lower() == "authorization":
                    del new.headers[name]
        return new


_OPENER = urllib.request.build_opener(_SameOriginRedirects)


@dataclass
class Response:
    status: int
    headers: dict  # lower-cased names
    data: object

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


def _env_float(name: str, default: float) -> float:
    try:
        return max(0.0, float(os.environ.get(name, default)))
    except ValueError:
        return default


def _next_link(link_header: str | None) -> str | None:
    for part in (link_header or "").split(","):
        match = re.match(r'\s*<([^>]*)>\s*;(.*)', part)
        if match and re.search(r'rel\s*=\s*"?next"?', match.group(2)):
            return match.group(1)
    return None


def _timestamp(text) -> float | None:
    """Seconds since the epoch of GitHub's `2026-11-25T14:02:00Z`; None when it is not one."""
    try:
        return dt.datetime.fromisoformat(str(text).replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def _permission_for(method: str, path: str) -> str:
    """The fine-grained permission a request needs, for the error message."""
    write = method.upper() != "GET"
    if "/actions/" in path:
        scope = "actions"
    elif "/contents" in path or "/git/" in path:
        scope = "contents"
    else:
        scope = "issues"  # issues, labels, comments
    return f"{scope}: {'write' if write else 'read'}"


@dataclass(frozen=True)
class Clock:
    """How the client waits and tells the time: tests pass their own, so nothing really waits."""

    sleep: Callable[[float], object] = time.sleep
    now: Callable[[], float] = time.time


class GitHub:
    def __init__(
        self,
        token: str | None,
        base_url: str | None = None,
        max_wait: float | None = None,
        retries: int | None = None,
        timeout: float = 30.0,
        clock: Clock | None = None,
    ):
        self.token = token
        self.base_url = (base_url or DEFAULT_API_URL).rstrip("/")
        parsed = urllib.parse.urlsplit(self.base_url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise GitHubError(f"GITHUB_API_URL: '{self.base_url}' is not an http(s) address like {DEFAULT_API_URL}")
        self._origin = (parsed.scheme, parsed.netloc)
        self.max_wait = _env_float("FOLLOW_THROUGH_MAX_WAIT", 60.0) if max_wait is None else max_wait
        self.retries = int(_env_float("FOLLOW_THROUGH_RETRIES", 4)) if retries is None else retries
        self.timeout = timeout
        clock = clock or Clock()
        self.sleep = clock.sleep  # injected by tests, with the time: no real waiting, no real time
        self.clock = clock.now
        # GitHub asks for a second between writes (secondary rate limits); only on the public API,
        # where they are documented, so a local or Enterprise server is not slowed down.
        public = self.base_url == DEFAULT_API_URL
        self.write_interval = _env_float("FOLLOW_THROUGH_WRITE_INTERVAL", 1.0 if public else 0.0)
        self._last_write = 0.0

    @classmethod
    def from_env(cls, **kwargs) -> GitHub:
        token = os.environ.get("GITHUB_TOKEN", "").strip()
        if not token:
            raise GitHubError(
                "GITHUB_TOKEN is not set. In a workflow pass it with "
                "`env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}`; locally, export a token "
                "with the Issues (read and write) permission on the repository"
            )
        return cls(token, os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL, **kwargs)

    # --- one request ---------------------------------------------------------------------

    def _url(self, path_or_url: str, params: dict | None = None) -> str:
        if path_or_url.startswith(("http://", "https://")):
            url = path_or_url
            parsed = urllib.parse.urlsplit(url)
            if (parsed.scheme, parsed.netloc) != self._origin:
                raise GitHubError(f"GitHub pointed to another host ({parsed.netloc}); not sending the token there")
        else:
            url = self.base_url + "/" + path_or_url.lstrip("/")
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        return url

    def _send(self, method: str, url: str, body) -> Response:
        if method != "GET" and self.write_interval > 0:
            pause = self._last_write + self.write_interval - time.monotonic()
            if pause > 0:
                self.sleep(pause)
            self._last_write = time.monotonic()
        data = None
        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": USER_AGENT,
        }
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with _OPENER.open(request, timeout=self.timeout) as answer:
                status, raw, head = answer.status, answer.read(), answer.headers
        except urllib.error.HTTPError as exc:
            status, raw, head = exc.code, exc.read(), exc.headers
        text = raw.decode("utf-8", errors="replace")
        try:
            parsed = json.loads(text) if text.strip() else None
        except ValueError:
            parsed = text
        return Response(status, {k.lower(): v for k, v in head.items()}, parsed)

    @staticmethod
    def _message(response: Response) -> str:
        if isinstance(response.data, dict) and response.data.get("message"):
            return str(response.data["message"])
        return str(response.data or "")[:200]

    def _rate_limit_wait(self, response: Response) -> float | None:
        """Seconds to wait when the answer is a rate limit; None when it is not one."""
        status = response.status
        message = self._message(response).casefold()
        limited = status == 429 or (
            status == 403
            and (
                response.header("x-ratelimit-remaining") == "0"
                or response.header("retry-after") is not None
                or "rate limit" in message
            )
        )
        if not limited:
            return None
        retry_after = response.header("retry-after")
        if retry_after is not None:
            try:
                return max(0.0, float(retry_after))
            except ValueError:
                when = email.utils.parsedate_to_datetime(retry_after) if retry_after else None
                if when is not None:
                    return max(0.0, when.timestamp() - self.clock())
        reset = response.header("x-ratelimit-reset")
        if reset is not None:
            try:
                return max(0.0, float(reset) - self.clock()) + 1.0
            except ValueError:
                pass
        return min(60.0, self.max_wait)  # GitHub's advice for secondary limits without a header: a minute

    def _wait(self, seconds: float) -> None:
        seconds = min(seconds, self.max_wait)
        if seconds > 0:
            self.sleep(seconds)

    def request(
        self, method: str, path: str, params: dict | None = None, body=None, retry_server_errors: bool = True
    ) -> Response:
        """One call with bounded retries; raises GitHubError on anything but 2xx (and 404 when asked)."""
        url = self._url(path, params)
        shown = f"{method} {urllib.parse.urlsplit(url).path}"
        attempt = 0
        while True:
            try:
                response = self._send(method, url, body)
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                if attempt >= self.retries or not retry_server_errors:
                    raise ServerError(f"cannot reach GitHub at {self.base_url} ({shown}): {reason}") from None
                self._wait(2.0**attempt)
                attempt += 1
                continue
            if 200 <= response.status < 300:
                return response
            wait = self._rate_limit_wait(response)
            if wait is not None:
                if wait > self.max_wait:
                    raise GitHubError(
                        f"GitHub rate limit on {shown}: it asks to wait {wait:.0f} s, longer than the "
                        f"{self.max_wait:.0f} s allowed (FOLLOW_THROUGH_MAX_WAIT); run it again after that "
                        "(scheduled runs catch up the next day)",
                        response.status,
                    )
                if attempt >= self.retries:
                    raise GitHubError(
                        f"GitHub rate limit on {shown}: still limited after {_times(attempt + 1, 'try', 'tries')}; "
                        "run it again later (scheduled runs catch up the next day)",
                        response.status,
                    )
                self._wait(wait)
                attempt += 1
                continue
            if response.status >= 500:
                if attempt >= self.retries or not retry_server_errors:
                    raise ServerError(
                        f"GitHub answered {response.status} to {shown} {_times(attempt + 1)}: "
                        f"{self._message(response)}",
                        response.status,
                    )
                self._wait(min(2.0**attempt, 30.0))
                attempt += 1
                continue
            raise self._error(method, url, shown, response)

    def _error(self, method: str, url: str, shown: str, response: Response) -> GitHubError:
        message = self._message(response)
        status = response.status
        path = urllib.parse.urlsplit(url).path
        if status == 401:
            return GitHubError(
                f"GitHub refused the token (401 {message or 'Bad credentials'}) on {shown}: "
                "GITHUB_TOKEN is missing, expired or mistyped",
                status,
            )
        if status == 403:
            accepted = response.header("x-accepted-github-permissions")
            needed = accepted.replace("=", ": ") if accepted else _permission_for(method, path)
            refused = GitHubError(
                f"GitHub refused {shown} (403 {message or 'Forbidden'}): the token lacks the "
                f"`{needed}` permission. In the workflow, add it under `permissions:`; "
                "for a personal access token, grant it on this repository",
                status,
            )
            refused.permission = needed if accepted else None  # as GitHub named it (setup-github says it)
            return refused
        if status == 404:
            return GitHubError(
                f"GitHub answered 404 to {shown}: the repository does not exist or the token cannot see it "
                "(check --repo OWNER/NAME and the token's repository access)",
                status,
            )
        return GitHubError(f"GitHub answered {status} to {shown}: {message}", status)

    # --- helpers -------------------------------------------------------------------------------

    def get(self, path: str, params: dict | None = None):
        return self.request("GET", path, params).data

    def post(self, path: str, body: dict, lookup=None):
        """POST once; after a 5xx, look for what was meant to be created before sending it again,
        so a half-failed POST never doubles. Comments, issues and workflow dispatches are looked
        up here, for every caller (``lookup()`` overrides: it returns what was made, or None)."""
        lookup = lookup or self._lookup_for(path, body)
        if lookup is None:
            return self.request("POST", path, body=body).data
        for attempt in range(self.retries + 1):
            try:
                return self.request("POST", path, body=body, retry_server_errors=False).data
            except ServerError:
                if attempt >= self.retries:
                    raise
                self._wait(min(2.0**attempt, 30.0))
                found = lookup()
                if found is not None:
                    return found
        raise AssertionError("unreachable")

    def _lookup_for(self, path: str, body):
        """How to find what this POST creates, if a 5xx left it made; None when it creates nothing
        that can double (a label: a second one is refused with 422)."""
        route = urllib.parse.urlsplit(self._url(path)).path[len(urllib.parse.urlsplit(self.base_url).path) :]
        ours = automation_logins()
        if re.fullmatch(r"/repos/[^/]+/[^/]+/issues/\d+/comments", route):
            return lambda: next(
                (
                    c
                    for c in self.paginate(path)
                    if isinstance(c, dict) and by_automation(c, ours) and c.get("body") == body.get("body")
                ),
                None,
            )
        if re.fullmatch(r"/repos/[^/]+/[^/]+/issues", route):
            return lambda: next(
                (
                    i
                    for i in self.paginate(path, {"state": "open"})
                    if isinstance(i, dict)
                    and by_automation(i, ours)
                    and i.get("title") == body.get("title")
                    and i.get("body") == body.get("body")
                    and i.get("pull_request") is None
                ),
                None,
            )
        if re.fullmatch(r"/repos/[^/]+/[^/]+/actions/workflows/[^/]+/dispatches", route):
            return self._dispatched(path, body)
        return None

    def _dispatched(self, path: str, body):
        """The look-up of a dispatch: the run whose name shows this dispatch's own id (an input the
        workflow puts in its `run-name:`), started in the last 120 s (clocks a little apart). Another
        run's dispatch is never taken for this one; without an id nothing can tell, so none is looked up."""
        inputs = body.get("inputs") if isinstance(body, dict) else None
        own = next(iter(inputs.values()), None) if isinstance(inputs, dict) and len(inputs) == 1 else None
        if not isinstance(own, str) or len(own) < 8:
            return None
        since = self.clock() - 120
        runs_path = path[: path.rindex("/dispatches")] + "/runs"

        def started():
            answer = self.get(runs_path, {"event": "workflow_dispatch", "branch": body.get("ref"), "per_page": 30})
            runs = answer.get("workflow_runs") if isinstance(answer, dict) else None
            for run in runs or ():
                when = _timestamp(run.get("created_at")) if isinstance(run, dict) else None
                if when is not None and when >= since and own in str(run.get("display_title") or ""):
                    return run
            return None

        return started

    def patch(self, path: str, body: dict):
        return self.request("PATCH", path, body=body).data

    def paginate(self, path: str, params: dict | None = None, limit_pages: int = 1000):
        """Every item of a list endpoint, following Link rel="next"."""
        url: str | None = self._url(path, {"per_page": 100, **(params or {})})
        pages = 0
        while url and pages < limit_pages:
            response = self.request("GET", url)
            pages += 1
            if not isinstance(response.data, list):
                raise GitHubError(f"GitHub answered GET {path} with something that is not a list")
            yield from response.data
            following = _next_link(response.header("link"))
            url = urllib.parse.urljoin(url, following) if following else None


def automation_logins() -> tuple[str, ...]:
    """Who writes as the automation: GitHub's bots and the logins in FOLLOW_THROUGH_AUTOMATION."""
    return automation_from(os.environ.get(AUTOMATION_ENV, ""))
def _times(count: int, one: str = "once", many: str = "times") -> str:
    """'once' / '4 times' (or '1 try' / '3 tries'): never "1 times"."""
    if count == 1:
        return one if one == "once" else f"1 {one}"
    return f"{count} {many}"
