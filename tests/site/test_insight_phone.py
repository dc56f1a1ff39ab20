"""What-works chart labels on a 390 px phone, as Chromium renders them."""

from __future__ import annotations

RENDERED = """els => els.map(e => {
    const m = e.getScreenCTM();  // the SVG's scale on screen: a wide chart squeezed onto a phone shrinks its text
    return parseFloat(getComputedStyle(e).fontSize) * Math.hypot(m.a, m.b);
})"""


def test_what_works_labels_read_at_12px_or_more_on_a_phone(sample_site, open_page):
    page, watch = open_page(width=390)
    page.goto(sample_site.url + "activity/")
    labels = page.locator("#what-works svg.ft-rates text")
    assert labels.count() >= 8
    sizes = labels.evaluate_all(RENDERED)
    assert min(sizes) >= 12, f"smallest label {min(sizes):.1f} px"
    heights = labels.evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
    assert min(heights) >= 12, heights
    # and nothing runs off the side of the phone
    right = page.locator("#what-works svg.ft-rates").evaluate_all(
        "els => Math.max(...els.map(e => e.getBoundingClientRect().right))")
    assert right <= 390, right
    watch.assert_clean()
