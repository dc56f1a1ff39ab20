"""The draft's Copy button in headless Chromium: the clipboard holds the draft, as a user pastes it."""

from __future__ import annotations

import pytest
from sitekit import make_project, mkdocs_build

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


@pytest.fixture(scope="module")
def site(tmp_path_factory, serve):
    folder = tmp_path_factory.mktemp("drafts")
    root = make_project(folder / "repo", OPPORTUNITIES, plugin_options=SHOW_EMAIL)
    built = mkdocs_build(root, "--strict", site=folder / "site")
    assert built.result.returncode == 0, built.result.stderr
    return serve(built.site)


def _page(open_page, site):
    page, watch = open_page(width=1200)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.rstrip("/"))
    return page, watch


def test_copy_puts_the_draft_on_the_clipboard(open_page, site):
    page, watch = _page(open_page, site)
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
    assert href.startswith("mailto:zoe@acme.example?subject=An%20idea%20for%20the%20Acme%20Corp%20team"
                           "&body=Hi%20Zo%C3%AB%2C")
    watch.assert_clean()


def test_today_folds_the_draft_and_copies_it(open_page, site):
    page, watch = _page(open_page, site)
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
    watch.assert_clean()
