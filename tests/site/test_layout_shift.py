"""A page does not jump after it first appears: layout-shift entries (PerformanceObserver), opened on the
build day and days later, on a desktop and a phone width (issue 19)."""

from __future__ import annotations

import datetime as dt

import pytest
from sitekit import RECORD_SHIFTS, TODAY

BUILD_MORNING = dt.datetime.fromisoformat(TODAY + "T09:00")
# Every shift after the first paint, as Lighthouse counts them (input-driven ones excepted).
PAGES = ["", "opportunities/acme/backend/", "activity/"]


def shifts(open_page, url: str, width: int, days_later: int):
    page, watch = open_page(width=width, height=900 if width > 500 else 844,
                            clock=BUILD_MORNING + dt.timedelta(days=days_later))
    page.add_init_script(RECORD_SHIFTS)
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(400)  # late scripts and fonts would shift now
    found = page.evaluate("window.__ftShifts")
    watch.assert_clean()
    return page, found


@pytest.mark.parametrize("days_later", [0, 5, 9])
@pytest.mark.parametrize("width", [1280, 390])
def test_today_an_opportunity_and_activity_do_not_move(sample_site, open_page, width, days_later):
    for path in PAGES:
        page, found = shifts(open_page, sample_site.url + path, width, days_later)
        total = sum(s["value"] for s in found)
        assert total < 0.02, f"{path or 'Today'} at {width} px, {days_later} days on: {total:.3f} {found}"
        if days_later >= 5:
            assert page.locator(".ft-stale").first.is_visible()  # the notice is there, and moved nothing
        page.context.close()
