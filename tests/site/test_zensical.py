"""The dashboard built with Zensical (`python -m generator build-zensical`), as a user would after
Material for MkDocs' end of life: the same pages and feed, and the same behaviour in the browser.
One build for the module (the fixture pipeline BASIC), served on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect
from sitekit import BASIC, TODAY, make_project, zensical_build

from generator.core.site.zensical_config import Sealing, neutral_nav, published, relinked, without_toc, zensical_config

TWO_DAYS_LATER = dt.datetime(2026, 11, 27, 10, 0)


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory, serve):
    folder = tmp_path_factory.mktemp("zensical")
    url = serve(folder / "site")
    root = make_project(folder / "repo", BASIC, site_url=url)
    built = zensical_build(root, site=folder / "site")
    assert built.result.returncode == 0, built.result.stderr
    built.url = url
    return built


def _groups(page):
    return {
        group: page.locator(f'[data-ft-group="{group}"] .ft-due .ft-opp strong').all_inner_texts()
        for group in ("overdue", "today", "upcoming")
    }


def test_every_page_and_the_calendar_feed_are_there(zensical_site, tmp_path):
    site = zensical_site.site
    for page in ("index.html", "pipeline/index.html", "timeline/index.html", "activity/index.html",
                 "archive/index.html", *(f"opportunities/{opp_id}/index.html" for opp_id in BASIC)):
        assert (site / page).is_file(), page
    # the feed render writes, byte for byte
    rendered = tmp_path / "rendered"
    subprocess.run([sys.executable, "-m", "generator", "-f", str(zensical_site.root / "mkdocs.yml"), "render",
                    str(rendered), "--today", TODAY], check=True, capture_output=True)
    ics = (site / "followups.ics").read_bytes()
    assert ics == (rendered / "followups.ics").read_bytes()
    assert ics.count(b"BEGIN:VEVENT") == 4 and f"{zensical_site.url}opportunities/initech/".encode() in ics
    # the dashboard's own frame and scripts, from overrides/ (Zensical honours custom_dir)
    today = zensical_site.html()
    assert 'content="noindex, nofollow"' in today and "assets/javascripts/dates.js" in today
    assert (site / "assets" / "javascripts" / "dates.js").is_file()
    # the draft templates in overrides/messages/ are read by render, never published; nothing is left beside the site
    assert not (site / "messages").exists()
    # Zensical's search index follows show_email/show_phone (false here), as the pages do
    index = (site / "search.json").read_text(encoding="utf-8")
    assert "Tom Becker" in index and "tom@globex.example" not in index and "555 0100" not in index
    assert not list(site.parent.glob(".build-zensical-*"))


def test_today_groups_on_the_build_day_and_two_days_later(zensical_site, open_page):
    page, watch = open_page()
    page.goto(zensical_site.url)
    assert _groups(page) == {"overdue": ["Globex"], "today": ["Initech"], "upcoming": ["Acme Corp", "Hooli"]}
    assert page.locator(".ft-due", has_text="Globex").locator(".ft-rel").inner_text() == "2 days overdue"
    assert not page.locator(".ft-stale").is_visible()
    watch.assert_clean()

    page, watch = open_page(clock=TWO_DAYS_LATER)
    page.goto(zensical_site.url)
    assert _groups(page) == {"overdue": ["Globex", "Initech", "Acme Corp"], "today": ["Hooli"], "upcoming": []}
    assert page.locator('[data-ft-group="overdue"] [data-ft-count]').inner_text() == "3"
    assert "built 2 days ago" in page.locator(".ft-stale").inner_text()
    watch.assert_clean()


def test_an_opportunity_page_opens_from_today_with_its_log(zensical_site, open_page):
    page, watch = open_page(clock=TWO_DAYS_LATER)
    page.goto(zensical_site.url)
    page.evaluate("window.__samePage = true")
    page.locator(".ft-due", has_text="Initech").locator("a.ft-opp").click()
    page.wait_for_url("**/opportunities/initech/")
    expect(page.locator(".md-content h1")).to_have_text(re.compile(r"^Initech"))
    log = page.locator(".ft-timeline--log .ft-event")
    assert log.count() == 2 and "Maria Garcia" in log.first.inner_text()
    assert page.evaluate("window.__samePage === true")  # instant navigation, as under Material
    page.goto(zensical_site.url + "opportunities/acme/backend/")
    assert page.locator(".ft-next .ft-rel").inner_text() == "1 day overdue"  # the date script ran here too
    watch.assert_clean()


def test_the_config_keeps_the_theme_and_drops_what_only_mkdocs_runs():
    mkdocs = {"site_name": "Jobs", "watch": ["pipeline"], "hooks": ["x.py"], "extra_css": ["mine.css"],
              "theme": {"name": "material", "custom_dir": "overrides", "features": ["navigation.instant"]},
              "plugins": [{"search": {"separator": "[ ]+", "lang": "en"}}, {"follow-through": {"timezone": "UTC"}}]}
    plain = zensical_config(mkdocs, docs_dir="docs", site_dir="site", custom_dir="/tmp/o", sealed=None)
    assert plain["theme"] == {"name": "material", "custom_dir": "/tmp/o", "features": ["navigation.instant"],
                              "variant": "classic"}
    assert plain["plugins"] == {"search": {"separator": "[ ]+"}}
    assert "watch" not in plain and "hooks" not in plain and plain["extra_css"] == ["mine.css"]
    assert mkdocs["theme"]["custom_dir"] == "overrides"  # the project's settings are not changed
    sealed = zensical_config(mkdocs, docs_dir="docs", site_dir="site", custom_dir="/tmp/o", sealed=Sealing())
    assert sealed["extra_css"] == ["mine.css", "assets/stylesheets/unlock.css"]
    assert sealed["extra_javascript"] == ["assets/javascripts/unlock.js"]


def test_a_sealed_config_names_the_hand_written_pages_neutrally_and_lists_no_headings():
    mkdocs = {"site_name": "Jobs", "nav": [{"Today": "index.md"}, {"Pipeline": "pipeline.md"},
                                           {"Prep": [{"Crib": "prep/crib.md"}, "prep/notes.md",
                                                     {"GitHub": "https://github.com/me/jobs"}]}, "salary.md"],
              "markdown_extensions": ["admonition", {"toc": {"permalink": True}}]}
    public = {"pipeline.md": "p/aaa.md", "prep/crib.md": "p/bbb.md", "prep/notes.md": "p/ccc.md",
              "salary.md": "p/ddd.md"}
    hand_written = {"prep/crib.md", "prep/notes.md", "salary.md"}
    sealed = zensical_config(mkdocs, docs_dir="docs", site_dir="site", custom_dir="o",
                             sealed=Sealing(public, hand_written))
    assert sealed["nav"] == [{"Today": "index.md"}, {"Board": "p/aaa.md"},
                             {"Pages": [{"Page 1": "p/bbb.md"}, {"Page 2": "p/ccc.md"}, {"GitHub": "https://github.com/me/jobs"}]},
                             {"Page 3": "p/ddd.md"}]
    assert sealed["markdown_extensions"] == ["admonition", {"toc": {"permalink": True, "toc_depth": 0}}]
    plain = zensical_config(mkdocs, docs_dir="docs", site_dir="site", custom_dir="o", sealed=None)
    assert plain["nav"] == mkdocs["nav"] and plain["markdown_extensions"] == mkdocs["markdown_extensions"]
    # no nav of the user's: Zensical would list every page by its own title (a company's): the dashboard's are listed
    unlisted = zensical_config({"site_name": "Jobs"}, docs_dir="docs", site_dir="site", custom_dir="o",
                               sealed=Sealing(public, hand_written))
    assert unlisted["nav"][:2] == [{"Today": "index.md"}, {"Board": "p/aaa.md"}]
    assert unlisted["nav"][-3:] == [{"Page 1": "p/bbb.md"}, {"Page 2": "p/ccc.md"}, {"Page 3": "p/ddd.md"}]
    assert without_toc(["toc"]) == [{"toc": {"toc_depth": 0}}] and without_toc([]) == [{"toc": {"toc_depth": 0}}]
    assert without_toc({"toc": None, "abbr": {}}) == {"toc": {"toc_depth": 0}, "abbr": {}}
    assert without_toc(None)["toc"] == {"permalink": True, "toc_depth": 0}  # Zensical's defaults, kept
    assert neutral_nav([{"Offer": "offer.md"}], {}, set()) == [{"Page": "offer.md"}]  # a public label: neutral


def test_a_moved_page_links_where_its_targets_are_published():
    moved = {"prep/crib.md": "p/bbb.md", "salary.md": "p/ddd.md", "pipeline.md": "p/aaa.md"}
    page = ("See [notes](../salary.md#ask \"Ask\") and ![chart](img/chart.png), [board](<../pipeline.md>),\n"
            "[out](https://example.com/x.md), [here](#top), [root](/abs.md), <a href='../salary.md'>s</a>\n"
            "[ref]: ../salary.md\n"
            "```md\n[code](../salary.md)\n```\n")
    assert relinked(page, "prep/crib.md", moved) == (
        "See [notes](ddd.md#ask \"Ask\") and ![chart](../prep/img/chart.png), [board](<aaa.md>),\n"
        "[out](https://example.com/x.md), [here](#top), [root](/abs.md), <a href='ddd.md'>s</a>\n"
        "[ref]: ddd.md\n"
        "```md\n[code](../salary.md)\n```\n")
    assert relinked("[a](other.md)", "kept.md", {}) == "[a](other.md)"  # nothing moved: as it was
    assert published(["README.md", "a.md", ".hidden.md", "screenshots/x.png", "drafts/d.md", "templates/t.html"],
                     "README.md\nscreenshots/\n", "drafts/") == ["a.md"]


def test_follow_through_today_pins_the_build_and_today_beats_it(tmp_path):
    root = make_project(tmp_path / "repo", {"acme": BASIC["acme/backend"]})
    wrong = zensical_build(root, site=tmp_path / "site", today="tomorrow")
    assert wrong.result.returncode == 2 and not (tmp_path / "site").exists()
    assert "FOLLOW_THROUGH_TODAY: 'tomorrow' is not a date (YYYY-MM-DD)" in wrong.result.stderr
    given = zensical_build(root, "--today", "2026-11-27", site=tmp_path / "site")  # FOLLOW_THROUGH_TODAY is 11-25
    assert given.result.returncode == 0, given.result.stderr
    assert 'data-ft-built="2026-11-27"' in given.html()


def test_a_failed_build_leaves_the_site_as_it_was(tmp_path):
    root = make_project(tmp_path / "repo", {"acme": BASIC["acme/backend"]})
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("yesterday's site", encoding="utf-8")
    (root / "overrides" / "today.html").write_text("{% extends 'main.html' %}{% block content %}{{ nope(",
                                                    encoding="utf-8")
    built = zensical_build(root, site=site)
    assert built.result.returncode == 1
    assert "zensical build failed" in built.result.stderr and "Traceback" not in built.result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "yesterday's site"
    assert not list(tmp_path.glob(".build-zensical-*"))


def test_zensical_search_finds_a_company(zensical_site, open_page):
    """Zensical's own search (a new dialog, not Material's): it indexes the rendered pages, one entry each."""
    page, watch = open_page()
    page.goto(zensical_site.url)
    page.locator(".md-search__button").click()
    page.get_by_role("combobox", name="Search").fill("Hooli")
    result = page.get_by_role("option").filter(has_text="Hooli").first
    expect(result).to_have_attribute("href", re.compile(r"/opportunities/hooli/\?h=Hooli$"))
    result.click()
    page.wait_for_url("**/opportunities/hooli/**")
    expect(page.locator(".md-content h1")).to_have_text(re.compile(r"^Hooli"))
    watch.assert_clean()


def test_dark_mode_and_a_draft_copied_from_today(zensical_site, open_page):
    page, watch = open_page(color_scheme="dark")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=zensical_site.url.rstrip("/"))
    page.goto(zensical_site.url)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"  # follows the system
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    fold = page.locator(".ft-due", has_text="Initech").locator("details.ft-draft")
    fold.locator("summary").click()
    text = fold.locator(".ft-draft__text").inner_text()
    assert text.startswith("Subject:") and "Maria" in text
    fold.locator("button[data-ft-copy]").click()
    fold.locator(".ft-copy__status", has_text="Copied").wait_for(timeout=5000)
    assert page.evaluate("navigator.clipboard.readText()") == text
    watch.assert_clean()


def test_strict_data_errors_and_a_site_folder_holding_the_project_build_nothing(tmp_path):
    root = make_project(tmp_path / "repo", {"acme": BASIC["acme/backend"], "broken": "company: [unclosed\n"})
    strict = zensical_build(root, "--strict", site=tmp_path / "site")
    assert strict.result.returncode == 1 and "broken.yml" in strict.result.stderr
    assert "1 data errors; nothing was written" in strict.result.stderr and not (tmp_path / "site").exists()
    for folder in (root, tmp_path):  # replacing the old site would take the project with it
        refused = zensical_build(root, site=folder)
        assert refused.result.returncode == 2 and "holds the project (mkdocs.yml)" in refused.result.stderr
    assert (root / "mkdocs.yml").is_file() and not list(tmp_path.rglob(".build-zensical-*"))
