"""The draft's Copy button in headless Chromium: the clipboard holds the draft, as a user pastes it."""

from __future__ import annotations

import datetime
import functools
import http.server
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
from sitekit import CHROMIUM, CHROMIUM_ARGS, make_project, mkdocs_build  # noqa: E402

OPPORTUNITIES = {
    "acme": """\
        company: Acme Corp
        role: Backend Engineer
        contacts: [{name: "Zoë <b>O'Brien</b> 😀", role: Recruiter, email: zoe@acme.example}]
        ideas: ["**Kafka** lag & <script>window.__pwned=1</script>: a back-pressure design"]
        log:
          - {date: 2026-11-10, type: applied}
          - {date: 2026-11-12, type: interview, with: "Zoë <b>O'Brien</b> 😀", note: "Talked about *lag*"}
          - {date: 2026-11-13, type: thank-you}
        """,
}
SHOW_EMAIL = "      privacy:\n        show_email: true\n        show_phone: false\n"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("drafts")
    root = make_project(folder / "repo", OPPORTUNITIES, plugin_options=SHOW_EMAIL)
    built = mkdocs_build(root, "--strict", site=folder / "site")
    assert built.result.returncode == 0, built.result.stderr
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup --browser")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _page(browser, site):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, service_workers="block")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.rstrip("/"))
    page = context.new_page()
    page.clock.set_system_time(datetime.datetime(2026, 11, 25, 9, 0))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append(d.message), d.dismiss()))
    return context, page, errors


def test_copy_puts_the_draft_on_the_clipboard(browser, site):
    context, page, errors = _page(browser, site)
    page.goto(site + "opportunities/acme/")
    draft = page.locator("#draft")
    shown = draft.locator(".ft-draft__text").inner_text()
    assert shown.startswith("Subject: An idea for the Acme Corp team\n\nHi Zoë,\n\n")
    assert "Kafka lag & <script>window.__pwned=1</script>: a back-pressure design" in shown  # as text
    draft.locator("button[data-ft-copy]").click()
    page.locator(".ft-copy__status", has_text="Copied").wait_for(timeout=5000)
    assert page.evaluate("navigator.clipboard.readText()") == shown
    assert page.evaluate("window.__pwned === undefined")
    href = draft.locator("a.ft-mailto").get_attribute("href")
    assert href.startswith("mailto:zoe@acme.example?subject=An%20idea%20for%20the%20Acme%20Corp%20team&body=Hi%20Zo%C3%AB%2C")
    assert errors == []
    context.close()


def test_today_folds_the_draft_and_copies_it(browser, site):
    context, page, errors = _page(browser, site)
    page.goto(site)
    item = page.locator(".ft-due", has_text="Acme Corp")
    fold = item.locator("details.ft-draft")
    assert not fold.locator(".ft-draft__text").is_visible()  # folded
    fold.locator("summary").click()
    text = fold.locator(".ft-draft__text").inner_text()
    assert text.startswith("Subject: An idea for the Acme Corp team")
    fold.locator("button[data-ft-copy]").click()
    fold.locator(".ft-copy__status", has_text="Copied").wait_for(timeout=5000)
    assert page.evaluate("navigator.clipboard.readText()") == text
    assert errors == []
    context.close()
