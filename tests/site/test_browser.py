"""The dashboard in headless Chromium, served on 127.0.0.1: what a user sees and clicks."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import expect
from sitekit import make_project, mkdocs_build, screenshot

TWO_DAYS_LATER = dt.datetime(2026, 11, 27, 10, 0)  # local time of the browser; the build is of Wed 25 Nov


def _groups(page):
    return {
        group: page.locator(f'[data-ft-group="{group}"] .ft-due .ft-opp strong').all_inner_texts()
        for group in ("overdue", "today", "upcoming")
    }


def test_today_lists_overdue_above_due_today(basic_site, open_page):
    page, watch = open_page()
    page.goto(basic_site.url)
    items = page.locator(".ft-due")
    titles = items.locator(".ft-opp strong").all_inner_texts()
    assert titles.index("Globex") < titles.index("Initech")
    globex = page.locator(".ft-due", has_text="Globex")
    initech = page.locator(".ft-due", has_text="Initech")
    assert globex.bounding_box()["y"] < initech.bounding_box()["y"]
    assert globex.locator(".ft-rel").inner_text() == "2 days overdue"
    assert initech.locator(".ft-rel").inner_text() == "due today"
    assert "thank-you" in initech.inner_text() and "Maria Garcia" in initech.inner_text()
    # The notice is hidden in the HTML and the date script decides: wait until it has run (it marks the
    # page ft-dated), then the notice must still be hidden (built today: no notice).
    expect(page.locator("[data-ft-built].ft-dated")).to_have_count(1)
    expect(page.locator(".ft-stale")).to_have_count(1)
    expect(page.locator(".ft-stale")).to_be_hidden()
    watch.assert_clean()


def test_clicking_an_item_opens_its_page_with_the_log(basic_site, open_page):
    page, watch = open_page()
    page.goto(basic_site.url)
    page.evaluate("window.__samePage = true")
    page.locator(".ft-due", has_text="Initech").locator("a.ft-opp").click()
    page.wait_for_url("**/opportunities/initech/")
    expect(page.locator(".md-content h1")).to_have_text(re.compile(r"^Initech"))
    log = page.locator(".ft-timeline--log .ft-event")
    assert log.count() == 2
    assert "screen" in log.first.inner_text() and "Maria Garcia" in log.first.inner_text()
    assert page.locator(".ft-timeline--log strong", has_text="Kafka").count() == 1  # the note's Markdown
    # Material's instant navigation swapped the page in without a reload
    assert page.evaluate("window.__samePage === true")
    watch.assert_clean()


def test_search_finds_a_company(basic_site, open_page):
    page, watch = open_page()
    page.goto(basic_site.url)
    page.locator(".md-search__input").click()
    page.keyboard.type("Hooli", delay=20)
    result = page.locator(".md-search-result__item", has_text="Hooli").first
    result.wait_for(timeout=10_000)
    result.locator("a").first.click()
    page.wait_for_url("**/opportunities/hooli/**")
    expect(page.locator(".md-content h1")).to_have_text(re.compile(r"^Hooli"))
    watch.assert_clean()


def test_search_finds_an_opportunity_by_contact_and_by_a_word_of_its_notes(basic_site, open_page):
    """The small index (company, role, contacts, tags, ideas, notes) still finds what a person looks for."""
    page, watch = open_page()
    page.goto(basic_site.url)
    for query, company, path in [("Jane Doe", "Acme Corp", "acme/backend"), ("payments", "Acme Corp", "acme/backend"),
                                 ("kafka", "Initech", "initech"), ("Becker", "Globex", "globex")]:
        page.locator(".md-search__input").click()
        page.locator(".md-search__input").fill("")
        page.keyboard.type(query, delay=20)
        result = page.locator(".md-search-result__item", has_text=company).first
        result.wait_for(timeout=10_000)
        assert page.locator(f'.md-search-result__item a[href*="opportunities/{path}/"]').count() >= 1, query
        page.keyboard.press("Escape")
    watch.assert_clean()


def test_two_days_later_labels_and_groups_move(basic_site, open_page):
    page, watch = open_page(clock=TWO_DAYS_LATER)
    page.goto(basic_site.url)
    groups = _groups(page)
    # built Wed: Globex overdue, Initech today, Acme tomorrow, Hooli Fri; seen on Fri
    assert groups["overdue"] == ["Globex", "Initech", "Acme Corp"]
    assert groups["today"] == ["Hooli"]
    assert groups["upcoming"] == []
    rel = {name: page.locator(".ft-due", has_text=name).locator(".ft-rel").inner_text()
           for name in ("Globex", "Initech", "Acme Corp", "Hooli")}
    assert rel == {"Globex": "4 days overdue", "Initech": "2 days overdue", "Acme Corp": "1 day overdue",
                   "Hooli": "due today"}
    assert page.locator('[data-ft-group="overdue"] [data-ft-count]').inner_text() == "3"
    assert page.locator('[data-ft-group="upcoming"] .ft-empty').is_visible()
    stale = page.locator(".ft-stale")
    assert stale.is_visible() and "built 2 days ago" in stale.inner_text()
    # and on a page reached by instant navigation
    page.locator(".md-tabs__link", has_text="Pipeline").click()
    page.wait_for_url("**/pipeline/")
    expect(page.locator(".ft-card", has_text="Hooli").locator(".ft-rel")).to_have_text("due today")
    expect(page.locator(".ft-stale")).to_be_visible()
    watch.assert_clean()


def test_opportunity_page_relative_next_date_moves(basic_site, open_page):
    page, watch = open_page(clock=TWO_DAYS_LATER)
    page.goto(basic_site.url + "opportunities/acme/backend/")
    assert page.locator(".ft-next .ft-rel").inner_text() == "1 day overdue"
    assert "danger" in page.locator(".ft-next").get_attribute("class")  # built as "tomorrow" (tip)
    watch.assert_clean()


def test_every_sample_page_clean_and_screenshots(sample_site, open_page):
    """The README's dashboard: no console error, nothing fetched from elsewhere, readable at 390 px."""
    paths = ["", "pipeline/", "timeline/", "activity/", "archive/", "opportunities/acme/backend/"]
    for width in (1280, 390):
        page, watch = open_page(width=width, clock=dt.datetime(2026, 11, 25, 9, 0))
        for path in paths:
            page.goto(sample_site.url + path)
            page.wait_for_load_state("networkidle")
            name = (path.strip("/").replace("/", "-") or "today")
            screenshot(page, f"{name}-{width}")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path or 'Today'} scrolls sideways at {width} px"
        watch.assert_clean()


def test_dark_mode_toggle(sample_site, open_page):
    page, watch = open_page()
    page.goto(sample_site.url)
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") != scheme
    watch.assert_clean()


def test_hostile_text_stays_text(hostile_site, open_page):
    page, watch = open_page()
    pages = ["", "pipeline/", "pipeline/lead/", "timeline/", "activity/", "archive/"]
    links = set()
    for path in pages:
        page.goto(hostile_site.url + path)
        page.wait_for_load_state("networkidle")
        for href in page.locator(".ft a.ft-opp").evaluate_all("els => els.map(e => e.href)"):
            links.add(href)
    assert len(links) == 2, links  # both hostile opportunities are on the dashboard
    for href in sorted(links):
        page.goto(href)
        page.wait_for_load_state("networkidle")
        for fold in page.locator(".ft-fold > summary").all():  # long notes fold: open them as a reader would
            fold.click()
        text = page.locator(".ft").inner_text()
        if "DROP TABLE" not in text:
            assert "<script>" in page.title()  # the page title shows the company name as text
            assert '<script>window.__pwned=1;alert("script")</script>' in text  # shown, not run
            assert "{{ 7*7 }}" in text and "{% raw %}" in text and "<!-- hidden -->" in text
            assert "<!-- a comment -->" in text
            hrefs = page.locator("a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
            assert not [h for h in hrefs if h.strip().lower().startswith(("javascript", "vbscript", "data", "&"))]
            assert "https://example.org/ok" in hrefs
        for handler in ("onerror", "onload", "onmouseover", "ontoggle"):
            assert page.locator(f".ft [{handler}]").count() == 0
        assert page.locator(".ft script, .ft iframe, .ft img, .ft style").count() == 0
    page.goto(hostile_site.url)
    errors = page.locator(".ft-errors").inner_text()
    assert "pipeline/evil/broken.yml:" in errors and "javascript:alert('<script>alert(3)</script>')" in errors
    page.locator(".md-search__input").click()
    page.keyboard.type("Mallory", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    expect(page.locator(".md-search-result__item").first).to_contain_text('<script>window.__pwned=1;')
    assert page.evaluate("window.__pwned === undefined")
    watch.assert_clean()


def test_today_in_the_browser_is_the_configured_timezone(tmp_path, serve, open_page):
    """Far east of UTC the day turns early: the labels follow mkdocs.yml's timezone, not the browser's."""
    url = serve(tmp_path / "site")
    root = make_project(tmp_path / "repo", {"initech": """\
        company: Initech
        role: Platform Engineer
        log:
          - {date: 2026-11-24, type: screen}
        """}, site_url=url)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("timezone: UTC", "timezone: Pacific/Kiritimati"))
    built = mkdocs_build(root, "--strict", site=tmp_path / "site")
    assert built.result.returncode == 0, built.result.stderr
    # 12:00 UTC on the build day is already 02:00 the next day in Kiritimati (UTC+14).
    page, watch = open_page(clock=dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC))
    page.goto(url)
    assert page.locator(".ft-due", has_text="Initech").locator(".ft-rel").inner_text() == "1 day overdue"
    watch.assert_clean()


def _shown_groups(page):
    """The companies each group of Today shows (hidden items left out), in order."""
    return {
        group: page.locator(f'[data-ft-group="{group}"] .ft-due').evaluate_all(
            "els => els.filter(e => e.offsetParent !== null).map(e => e.querySelector('.ft-opp strong').textContent)")
        for group in ("overdue", "today", "upcoming")
    }


# Built Wed 25 Nov: one follow-up due this week, three due 8, 9 and 14 days after the build.
TWO_WEEKS = {
    "soon": "company: Soon Co\nrole: Engineer\nlog:\n  - {date: 2026-11-20, type: applied}\n",
    "day8": "company: Day Eight\nrole: Engineer\nnext: 2026-12-03\nlog:\n  - {date: 2026-11-20, type: applied}\n",
    "day9": "company: Day Nine\nrole: Engineer\nnext: 2026-12-04\nlog:\n  - {date: 2026-11-20, type: applied}\n",
    "day14": "company: Day Fourteen\nrole: Engineer\nnext: 2026-12-09\nlog:\n  - {date: 2026-11-20, type: applied}\n",
}


def test_today_stays_right_for_two_weeks_after_the_build(tmp_path, serve, open_page):
    url = serve(tmp_path / "site")
    root = make_project(tmp_path / "repo", TWO_WEEKS, site_url=url)
    built = mkdocs_build(root, "--strict", site=tmp_path / "site")
    assert built.result.returncode == 0, built.result.stderr

    page, watch = open_page()
    page.goto(url)
    assert _shown_groups(page) == {"overdue": [], "today": [], "upcoming": ["Soon Co"]}

    page, watch = open_page(clock=dt.datetime(2026, 11, 30, 10, 0))  # 5 days on: Monday
    page.goto(url)
    assert _shown_groups(page) == {"overdue": ["Soon Co"], "today": [], "upcoming": ["Day Eight", "Day Nine"]}
    assert page.locator('[data-ft-group="upcoming"] [data-ft-count]').inner_text() == "2"
    expect(page.locator(".md-content h1 .ft-date")).to_have_text("Monday 30 November 2026")

    page, watch = open_page(clock=dt.datetime(2026, 12, 4, 10, 0))  # 9 days on: Friday
    page.goto(url)
    assert _shown_groups(page) == {"overdue": ["Soon Co", "Day Eight"], "today": ["Day Nine"],
                                   "upcoming": ["Day Fourteen"]}
    assert page.locator(".ft-due", has_text="Day Eight").locator(".ft-rel").inner_text() == "1 day overdue"
    assert page.locator("[data-ft-due-now]").inner_text() == "3"
    expect(page.locator(".md-content h1 .ft-date")).to_have_text("Friday 4 December 2026")
    assert "built 9 days ago" in page.locator(".ft-stale").inner_text()
    watch.assert_clean()


def test_coming_week_keeps_the_reason_and_the_idea(basic_site, open_page):
    page, watch = open_page()
    page.goto(basic_site.url)
    acme = page.locator('[data-ft-group="upcoming"] .ft-due', has_text="Acme Corp")
    expect(acme.locator(".ft-due__why")).to_be_visible()
    expect(acme.locator(".ft-due__idea")).to_contain_text("Ingestion lag: a back-pressure design")
    watch.assert_clean()


def test_on_a_phone_charts_open_on_the_latest_weeks_and_labels_are_readable(sample_site, open_page):
    page, watch = open_page(width=390)
    page.goto(sample_site.url + "activity/")
    page.wait_for_load_state("networkidle")
    charts = page.locator(".ft-chart--scroll")
    assert charts.count() == 3
    for index in range(3):
        chart = charts.nth(index)
        left, client, width = chart.evaluate("e => [e.scrollLeft, e.clientWidth, e.scrollWidth]")
        assert width > client and left + client >= width - 1, (index, left, client, width)
        smallest = chart.locator("text").evaluate_all(
            "els => Math.min(...els.map(e => e.getBoundingClientRect().height))")
        assert smallest >= 10, f"chart {index}: labels {smallest:.1f} px high"
    page.goto(sample_site.url + "pipeline/")
    labels = page.locator(".ft-funnel .ft-funnel__stage")
    assert labels.count() == 5
    assert min(labels.evaluate_all("els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")) >= 12
    assert labels.first.bounding_box()["height"] >= 12
    watch.assert_clean()


def test_with_repo_url_the_page_fetches_nothing_from_github(tmp_path, serve, open_page):
    """Material's repository widget would fetch stars and forks from api.github.com; ours links only."""
    url = serve(tmp_path / "site")
    root = make_project(tmp_path / "repo", {"acme": "company: Acme\nrole: Engineer\nstage: lead\n"}, site_url=url)
    config = root / "mkdocs.yml"
    config.write_text("repo_url: https://github.com/octo/jobs\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    built = mkdocs_build(root, "--strict", site=tmp_path / "site")
    assert built.result.returncode == 0, built.result.stderr
    page, watch = open_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    link = page.locator("a.md-source").first
    assert link.get_attribute("href") == "https://github.com/octo/jobs"
    assert "GitHub" in link.inner_text()  # MkDocs names a github.com repo_url so
    watch.assert_clean()  # no request to api.github.com (or anywhere off 127.0.0.1)


def test_an_overdue_item_moves_to_gone_quiet_on_its_day(tmp_path, serve, open_page):
    """Applied 14 Oct: the cadence runs out 14 Nov, the grace (14 days) ends 28 Nov; quiet from 29 Nov."""
    url = serve(tmp_path / "site")
    root = make_project(tmp_path / "repo", {
        "fading": "company: Fading Co\nrole: Engineer\nlog:\n  - {date: 2026-10-14, type: applied}\n",
        "soon": "company: Soon Co\nrole: Engineer\nlog:\n  - {date: 2026-11-20, type: applied}\n",
    }, site_url=url)
    built = mkdocs_build(root, "--strict", site=tmp_path / "site")
    assert built.result.returncode == 0, built.result.stderr

    page, watch = open_page(clock=dt.datetime(2026, 11, 28, 10, 0))
    page.goto(url)
    assert _shown_groups(page)["overdue"] == ["Fading Co", "Soon Co"]
    assert page.locator("[data-ft-quiet-count]").inner_text() == "0"

    page, watch = open_page(clock=dt.datetime(2026, 11, 29, 10, 0))
    page.goto(url)
    assert _shown_groups(page)["overdue"] == ["Soon Co"]
    quiet = page.locator("#gone-quiet")
    expect(quiet.locator(".ft-due", has_text="Fading Co")).to_be_visible()
    assert quiet.locator(".ft-due .ft-rel").inner_text() == "gone quiet"
    assert page.locator("[data-ft-quiet-count]").inner_text() == "1"
    expect(quiet.locator(".ft-empty")).to_be_hidden()
    watch.assert_clean()


def test_the_coming_week_stays_in_date_order_after_the_date_script(tmp_path, serve, open_page):
    """Finding (issue 26): an item 7 days out with someone to write to was listed above tomorrow's. The build
    and the date script (which sorts each group again) keep the coming week in date order, people first
    within a day."""
    url = serve(tmp_path / "site")
    root = make_project(tmp_path / "repo", {
        "tomorrow": "company: Faceless Co\nrole: Engineer\nlog:\n  - {date: 2026-11-19, type: applied}\n",
        "named": ("company: Globex\nrole: Engineer\ncontacts:\n  - name: Tom Becker\n"
                  "log:\n  - {date: 2026-11-19, type: applied}\n"),
        "later": ("company: Acme\nrole: Engineer\ncontacts:\n  - name: Dana Whitfield\n"
                  "log:\n  - {date: 2026-11-25, type: applied}\n"),
    }, site_url=url)
    built = mkdocs_build(root, "--strict", site=tmp_path / "site")
    assert built.result.returncode == 0, built.result.stderr
    page, watch = open_page()
    page.goto(url)
    expect(page.locator("[data-ft-built].ft-dated")).to_have_count(1)
    assert _shown_groups(page)["upcoming"] == ["Globex", "Faceless Co", "Acme"]
    watch.assert_clean()
