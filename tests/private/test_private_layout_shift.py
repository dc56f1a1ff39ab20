"""The unlocked private dashboard does not jump either: a remembered device reloads Today, an opportunity
page and Activity days after the build (issue 19)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect
from privatekit import PASSPHRASE
from sitekit import RECORD_SHIFTS

BUILD_MORNING = dt.datetime(2026, 11, 25, 9, 0)


@pytest.mark.parametrize("days_later", [0, 5, 9])
def test_unlocked_pages_do_not_move_days_later(private_site, open_page, days_later):
    page, watch = open_page(clock=BUILD_MORNING + dt.timedelta(days=days_later))
    page.goto(private_site.url)
    form = page.locator("form.ft-unlock")
    form.locator('input[type="password"]').fill(PASSPHRASE)
    form.locator('input[name="remember"]').check()
    form.locator('button[type="submit"]').click()
    expect(page.locator(".ft-due", has_text="Globex")).to_be_visible(timeout=15_000)
    links = {"today": private_site.url,
             "opportunity": page.locator(".ft-due", has_text="Acme Corp").locator("a.ft-opp").get_attribute("href"),
             # the sealed site's pages are at opaque paths: Activity is where its tab leads
             "activity": page.locator("a.md-tabs__link", has_text="Activity").get_attribute("href")}
    page.add_init_script(RECORD_SHIFTS)
    for name, href in links.items():
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
            page.goto(href if "://" in href else private_site.url + href)
            expect(page.locator("[data-ft-built].ft-dated")).to_be_attached(timeout=15_000)
            page.wait_for_timeout(300)
            found = page.evaluate("window.__ftShifts")
            total = sum(s["value"] for s in found)
            assert total < 0.02, f"{name} at {width} px, {days_later} days on: {total:.3f} {found}"
            if days_later >= 5:
                assert page.locator(".ft-stale").first.is_visible()
    watch.assert_clean()
