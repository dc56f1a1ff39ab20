"""Fixtures of the site tests: one build per fixture pipeline, one static server each, one browser."""

from __future__ import annotations

import datetime
import functools
import http.server
import threading
from pathlib import Path

import pytest
from sitekit import (
    BASIC,
    CHROMIUM,
    HOSTILE,
    SAMPLES,
    Built,
    Watch,
    _QuietHandler,
    close_chromium,
    make_project,
    mkdocs_build,
    shared_chromium,
)


@pytest.fixture(scope="session")
def serve():
    """serve(site_folder) -> the base URL of a static server for its site, on 127.0.0.1 and a free port."""
    servers = []

    def start(site: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def basic_site(tmp_path_factory, serve) -> Built:
    folder = tmp_path_factory.mktemp("basic")
    url = serve(folder / "site")  # served before it is built, so the build knows its site_url
    root = make_project(folder / "repo", BASIC, site_url=url)
    built = mkdocs_build(root, "--strict", site=folder / "site")
    assert built.result.returncode == 0, built.result.stderr
    built.url = url
    return built


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory, serve) -> Built:
    """The samples the repository ships (a copy in tests/fixtures), with its own mkdocs.yml: what `make serve`
    shows a fresh clone."""
    folder = tmp_path_factory.mktemp("sample")
    url = serve(folder / "site")
    root = make_project(folder / "repo", SAMPLES, site_url=url)
    built = mkdocs_build(root, "--strict", site=folder / "site")
    assert built.result.returncode == 0, built.result.stderr
    built.url = url
    return built


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory, serve) -> Built:
    folder = tmp_path_factory.mktemp("hostile")
    url = serve(folder / "site")
    root = make_project(folder / "repo", HOSTILE, site_url=url)
    built = mkdocs_build(root, site=folder / "site")
    assert built.result.returncode == 0, built.result.stderr
    built.url = url
    return built


# --- the browser ---------------------------------------------------------------

@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup --test (installs Debian's chromium)")
    yield shared_chromium()
    close_chromium()


BUILD_DAY = datetime.datetime(2026, 11, 25, 9, 0)  # the morning of the fixtures' FOLLOW_THROUGH_TODAY


@pytest.fixture
def open_page(chromium):
    """open_page(width=1280, clock=BUILD_DAY, color_scheme="light") -> (page, watch): a fresh context that
    only talks to 127.0.0.1; "dark" makes Material pick its dark scheme (mkdocs.yml follows the system's)."""
    contexts = []

    def make(width: int = 1280, height: int = 900, clock=BUILD_DAY, color_scheme: str = "light"):
        context = chromium.new_context(viewport={"width": width, "height": height}, service_workers="block",
                                       color_scheme=color_scheme)
        contexts.append(context)
        page = context.new_page()
        watch = Watch()
        page.clock.set_system_time(clock)  # the browser's "today" is pinned too, never the real one

        def route(r):
            url = r.request.url
            if url.startswith(("http://127.0.0.1:", "data:", "blob:")):
                r.continue_()
            else:
                watch.foreign_requests.append(url)
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: watch.page_errors.append(str(e)))

        def dialog(d):
            watch.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)
        return page, watch

    yield make
    for context in contexts:
        context.close()


