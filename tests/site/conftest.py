"""Fixtures of the site tests: one build per fixture pipeline, one static server each, one browser."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from sitekit import ROOT, BASIC, CHROMIUM, CHROMIUM_ARGS, HOSTILE, Built, Watch, _QuietHandler, make_project, mkdocs_build


@pytest.fixture(scope="session")
def serve():
    """serve(built) -> the base URL of a static server for its site, on 127.0.0.1 and a free port."""
    servers = []

    def start(built: Built) -> str:
        handler = functools.partial(_QuietHandler, directory=str(built.site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        built.url = f"http://127.0.0.1:{server.server_address[1]}/"
        return built.url

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def basic_site(tmp_path_factory, serve) -> Built:
    root = make_project(tmp_path_factory.mktemp("basic") / "repo", BASIC)
    built = mkdocs_build(root, "--strict")
    assert built.result.returncode == 0, built.result.stderr
    serve(built)
    return built


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory, serve) -> Built:
    """The repository's own samples, built from its own mkdocs.yml: what `make serve` shows."""
    site = tmp_path_factory.mktemp("sample") / "site"
    built = mkdocs_build(ROOT, "--strict", site=site)
    assert built.result.returncode == 0, built.result.stderr
    serve(built)
    return built


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory, serve) -> Built:
    root = make_project(tmp_path_factory.mktemp("hostile") / "repo", HOSTILE)
    built = mkdocs_build(root)
    assert built.result.returncode == 0, built.result.stderr
    serve(built)
    return built


# --- the browser ---------------------------------------------------------------

@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup --browser (installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium):
    """open_page(width=1280, clock=None) -> (page, watch): a fresh context that only talks to 127.0.0.1."""
    contexts = []

    def make(width: int = 1280, height: int = 900, clock=None):
        context = chromium.new_context(viewport={"width": width, "height": height}, service_workers="block")
        contexts.append(context)
        page = context.new_page()
        watch = Watch()
        if clock is not None:
            page.clock.set_fixed_time(clock)

        def route(r):
            url = r.request.url
            if url.startswith("http://127.0.0.1:") or url.startswith(("data:", "blob:")):
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


