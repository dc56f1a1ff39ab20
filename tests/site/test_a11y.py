"""Accessibility: axe-core (bundled by axe-playwright-python, nothing fetched) on every kind of page,
at 1280 and 390 px, light and dark. What the project styles has no violation; Material's own
findings are listed below, with the reason they stay, and not fixed here."""

from __future__ import annotations

import collections
import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe

# Every kind of page: Today, the board, a stage list, the Timeline, Activity, the Archive, and an
# opportunity that is overdue, one due ahead, one gone quiet and one closed.
PAGES = ["", "pipeline/", "pipeline/lead/", "timeline/", "activity/", "archive/",
         "opportunities/globex-data-engineer/", "opportunities/acme/backend/", "opportunities/stark-frontend/",
         "opportunities/soylent-python/"]

# Material for MkDocs' own markup, outside the dashboard's pages: (rule, class of the element, why it stays).
MATERIAL_ALLOWED = [
    ("aria-dialog-name", "md-search", "Material's search overlay has role=dialog without an accessible name"),
    ("aria-progressbar-name", "md-progress", "Material's instant-navigation progress bar has no accessible name"),
    ("region", "md-progress", "Material's progress bar sits outside every landmark"),
    ("color-contrast", "md-tabs__link", "Material's tabs: text at 70 % on the indigo header, 4.28:1"),
    ("color-contrast", "md-copyright", "Material's footer ('Made with Material for MkDocs'), 4.47:1"),
]


def _is_materials(rule: str, html: str) -> bool:
    opening = html.split(">", 1)[0]
    return any(rule == r and f'class="{cls}"' in opening for r, cls, _ in MATERIAL_ALLOWED)


@pytest.fixture(scope="module")
def axe():
    return Axe()


# Every page in both schemes and at both widths: the scheme changes colours only, the width layout
# only, so two modes cover every page each way; the other two modes check Today and an opportunity.
MODES = {(1280, "light"): PAGES, (390, "dark"): PAGES,
         (1280, "dark"): ["", "opportunities/acme/backend/"], (390, "light"): ["", "opportunities/acme/backend/"]}


@pytest.mark.parametrize("width, scheme", list(MODES), ids=[f"{w}-{s}" for w, s in MODES])
def test_no_accessibility_violation_in_what_the_dashboard_styles(sample_site, open_page, axe, width, scheme):
    # Three days after the build, so the "built N days ago" notice and moved labels are checked too.
    found, material = [], collections.Counter()
    for clock in (dt.datetime(2026, 11, 25, 9, 0), dt.datetime(2026, 11, 28, 9, 0)):
        page, watch = open_page(width=width, clock=clock, color_scheme=scheme)
        for path in MODES[width, scheme] if clock.day == 25 else [""]:
            response = page.goto(sample_site.url + path)  # waits for `load`: the page's scripts have run
            assert response.ok, path
            for fold in page.locator(".ft-fold > summary").all():
                fold.click()  # long notes open, as a reader would
            for violation in axe.run(page).response["violations"]:
                for node in violation["nodes"]:
                    if _is_materials(violation["id"], node["html"]):
                        material[violation["id"]] += 1
                        continue
                    summary = node.get("failureSummary", "").splitlines()[-1].strip()
                    found.append(f"{path or 'Today'} ({clock:%d %b}): {violation['id']} {node['target']}: {summary}")
        watch.assert_clean()
    print(f"\n{width} px {scheme}: Material's own findings, allowed: {dict(material)}")
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violation_with_data_errors_and_hostile_text(hostile_site, open_page, axe, scheme):
    """Today listing data errors, and pages whose text is markup shown as text."""
    found = []
    page, _watch = open_page(color_scheme=scheme)
    for path in ["", "pipeline/lead/", "archive/", "404.html"]:
        page.goto(hostile_site.url + path)
        for violation in axe.run(page).response["violations"]:
            for node in violation["nodes"]:
                if not _is_materials(violation["id"], node["html"]):
                    found.append(f"{path or 'Today'}: {violation['id']} {node['target']}: "
                                 f"{node.get('failureSummary', '').splitlines()[-1].strip()}")
    assert found == [], "\n".join(found)
