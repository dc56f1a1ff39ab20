"""The built site as files: pages, calendar feed, privacy, noindex, strict mode, the render command."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys

import icalendar
import pytest
from sitekit import BASIC, ROOT, SAMPLES, TODAY, make_project, mkdocs_build

PAGES = ["index.html", "pipeline/index.html", "timeline/index.html", "activity/index.html", "archive/index.html"]


def _events(site):
    cal = icalendar.Calendar.from_ical((site / "followups.ics").read_bytes())
    return list(cal.walk("VEVENT"))


def test_every_page_is_built_with_short_nav(basic_site):
    for rel in PAGES + ["opportunities/acme/backend/index.html", "opportunities/globex/index.html"]:
        assert (basic_site.site / rel).is_file(), rel
    index = basic_site.html()
    nav = re.findall(r'class="md-tabs__link"', index)
    assert len(nav) == 5  # Today, Pipeline, Timeline, Activity, Archive; opportunities are linked, not listed
    assert "opportunities/acme/backend/" in index


def test_today_groups_and_labels(basic_site):
    html = basic_site.html()
    overdue = html.index('id="overdue"')
    today = html.index('id="today"')
    coming = html.index('id="coming-week"')
    assert overdue < html.index("Globex") < today < html.index("Initech") < coming < html.index("Hooli")
    assert "2 days overdue" in html and "due today" in html and "tomorrow" in html and "in 2 days" in html
    assert '<time datetime="2026-11-23">' in html
    assert 'data-ft-built="2026-11-25"' in html
    # suggested touch, contact and reason
    assert "thank-you" in html and "Maria Garcia" in html and "screen with Maria Garcia on 2026-11-24" in html
    # health against targets and the gone-quiet list
    assert re.search(r"Active</span><span[^>]*>4<small> / 10", html)
    assert "Stark Industries" in html.split('id="gone-quiet"')[1]


def test_opportunity_page_has_everything(basic_site):
    html = basic_site.html("opportunities/acme/backend/index.html")
    assert "<h1>Acme Corp" in html
    assert "Jane Doe" in html and "Recruiter" in html
    assert "Ingestion lag: a back-pressure design" in html
    assert "<strong>on-call load</strong>" in html  # notes are Markdown
    assert html.count('class="ft-event ft-event--') >= 5  # the log, as a timeline
    assert "Planned follow-ups" in html
    assert 'href="https://acme.example/jobs/123"' in html


def test_pipeline_board_archive_activity(basic_site):
    board = basic_site.html("pipeline/index.html")
    for stage in ("Lead", "Applied", "Screening", "Interviewing", "Offer"):
        assert f">{stage}</a>" in board
    assert 'class="ft-funnel"' in board and board.count("ft-funnel__bar") == 5
    assert "Oldco" not in board
    archive = basic_site.html("archive/index.html")
    assert "Oldco" in archive and "rejected" in archive
    activity = basic_site.html("activity/index.html")
    assert activity.count("<rect") > 360  # 52 weeks of days, and the bars
    assert "<script" not in activity.split('class="ft ')[1].split("</article>")[0]  # drawn at build time


def test_timeline_has_the_plan_ahead_and_all_activity_newest_first(basic_site):
    html = basic_site.html("timeline/index.html")
    ahead, past = html.split('id="activity"')
    assert "Scheduled ahead" in ahead and "Hooli" in ahead and '<time datetime="2026-11-27">' in ahead
    dates = list(__import__("re").findall(r'<time datetime="(\d{4}-\d\d-\d\d)"', past))
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == "2026-11-24" and dates[-1] == "2026-09-01"  # Stark's first touch, weeks ago
    assert "Oldco" in past  # closed ones' history too


def test_calendar_feed_one_event_per_open_followup(basic_site):
    events = _events(basic_site.site)
    uids = sorted(str(e["UID"]) for e in events)
    # open with a next follow-up: acme, globex, hooli, initech; stark has gone quiet, oldco is closed
    assert uids == ["acme/backend@follow-through", "globex@follow-through", "hooli@follow-through",
                    "initech@follow-through"]
    by_uid = {str(e["UID"]): e for e in events}
    initech = by_uid["initech@follow-through"]
    assert initech.decoded("DTSTART") == dt.date(2026, 11, 25)
    assert str(initech["SUMMARY"]) == "Follow up: Initech — Platform Engineer"
    assert "thank-you" in str(initech["DESCRIPTION"])
    assert by_uid["hooli@follow-through"].decoded("DTSTART") == dt.date(2026, 11, 27)


def test_calendar_uid_is_stable_across_days(basic_site, tmp_path):
    later = mkdocs_build(basic_site.root, today="2026-11-30", site=tmp_path / "later")
    assert later.result.returncode == 0, later.result.stderr
    before = {str(e["UID"]) for e in _events(basic_site.site)}
    after = {str(e["UID"]): e for e in _events(later.site)}
    assert before <= set(after)  # same events, updated, not duplicated
    assert len(after) == len(set(after))


def test_noindex_on_every_page(basic_site):
    for page in basic_site.pages():
        assert '<meta name="robots" content="noindex, nofollow">' in page.read_text(encoding="utf-8"), page


def test_contact_details_hidden_by_default(basic_site):
    for path in basic_site.site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".ics", ".xml", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for secret in ("tom@globex.example", "maria@initech.example", "555 0100 77"):
                assert secret not in text, f"{secret} in {path}"


def test_contact_details_shown_when_settings_say_so(tmp_path):
    options = "      privacy:\n        show_email: true\n        show_phone: true\n"
    root = make_project(tmp_path / "repo", {"globex": BASIC["globex"]}, plugin_options=options)
    built = mkdocs_build(root)
    assert built.result.returncode == 0, built.result.stderr
    html = built.html("opportunities/globex/index.html")
    assert 'href="mailto:tom@globex.example"' in html
    assert "+1 555 0100 77" in html


def test_data_errors_listed_on_today_and_strict_fails(tmp_path):
    root = make_project(tmp_path / "repo", {
        "ok": BASIC["globex"],
        "bad": """\
            company: Bad Co
            role: Engineer
            wait_untill: 2026-12-01
            log:
              - {date: 2026-13-01, type: applied}
            """,
    })
    built = mkdocs_build(root)
    assert built.result.returncode == 0, built.result.stderr
    html = built.html()
    assert "pipeline/bad.yml:" in html
    assert "wait_untill" in html and "did you mean" in html
    assert "Globex" in html
    strict = mkdocs_build(root, "--strict", site=tmp_path / "strict")
    assert strict.result.returncode != 0
    assert "pipeline/bad.yml" in strict.result.stderr


def test_builds_without_custom_dir_or_nav(tmp_path):
    """A bare mkdocs.yml (material + the plugin) still gets the dashboard's templates and noindex."""
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    (root / "pipeline").mkdir()
    (root / "pipeline" / "globex.yml").write_text("company: Globex\nrole: Data Engineer\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Bare\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - follow-through\n",
        encoding="utf-8",
    )
    built = mkdocs_build(root, "--strict")
    assert built.result.returncode == 0, built.result.stderr
    html = built.html()
    assert 'content="noindex, nofollow"' in html
    assert "dates.js" in html and "Globex" in html
    assert (built.site / "assets" / "javascripts" / "dates.js").is_file()


def test_render_command_pages_build_with_another_builder(tmp_path):
    """`render DIR` writes plain Markdown pages a builder without our plugin can publish."""
    out = tmp_path / "docs"
    project = make_project(tmp_path / "repo", SAMPLES)
    run = subprocess.run(
        [sys.executable, "-m", "generator", "render", str(out), "--today", TODAY],
        cwd=project, capture_output=True, text=True, timeout=120, check=False,
    )
    assert run.returncode == 0, run.stderr
    index = (out / "index.md").read_text(encoding="utf-8")
    assert index.startswith("---\n") and "template: today.html" in index
    assert (out / "opportunities" / "acme" / "backend.md").is_file()
    assert (out / "followups.ics").is_file()
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: Plain\ndocs_dir: docs\ntheme:\n  name: material\n  font: false\n"
        f"  custom_dir: {ROOT / 'overrides'}\n",
        encoding="utf-8",
    )
    built = mkdocs_build(tmp_path, config=config, site=tmp_path / "site")
    assert built.result.returncode == 0, built.result.stderr
    html = built.html()
    assert "Vandelay Industries" in html and 'id="overdue"' in html
    assert (built.site / "followups.ics").is_file()


def test_render_command_reports_data_errors(tmp_path, project):
    project.opportunity("bad", "company: Bad\n")
    run = project.run("render", str(tmp_path / "out"), "--today", TODAY)
    assert run.returncode == 0
    assert "pipeline/bad.yml:" in run.stderr
    assert "pipeline/bad.yml:" in (tmp_path / "out" / "index.md").read_text(encoding="utf-8")
    strict = project.run("render", str(tmp_path / "out2"), "--today", TODAY, "--strict")
    assert strict.returncode == 1


@pytest.mark.parametrize("rel", PAGES)
def test_sample_pages_are_small(sample_site, rel):
    assert (sample_site.site / rel).stat().st_size < 100_000


def _broken_links(site) -> list[str]:
    """Relative links inside the dashboard's bodies that lead to no file of the built site."""
    from html.parser import HTMLParser
    from urllib.parse import unquote, urlsplit

    class Hrefs(HTMLParser):
        def __init__(self):
            super().__init__()
            self.depth, self.found = 0, []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "div" and "ft" in (attrs.get("class") or "").split():
                self.depth = 1
            elif self.depth and tag == "div":
                self.depth += 1
            if self.depth and tag == "a" and attrs.get("href"):
                self.found.append(attrs["href"])

        def handle_endtag(self, tag):
            if self.depth and tag == "div":
                self.depth -= 1

    broken, checked = [], 0
    for page in site.rglob("*.html"):
        parser = Hrefs()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in parser.found:
            parts = urlsplit(href)
            if parts.scheme or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} -> {href}")
    assert checked > 30  # the dashboard links its pages to each other
    return broken


def test_no_broken_links(basic_site):
    assert _broken_links(basic_site.site) == []


def test_no_broken_links_with_file_urls(tmp_path):
    root = make_project(tmp_path / "repo", BASIC)
    config = root / "mkdocs.yml"
    config.write_text("use_directory_urls: false\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    built = mkdocs_build(root, "--strict")
    assert built.result.returncode == 0, built.result.stderr
    assert (built.site / "opportunities" / "acme" / "backend.html").is_file()
    assert 'href="opportunities/acme/backend.html"' in built.html()
    assert _broken_links(built.site) == []


def test_emoji_and_text_outside_the_bmp_survive_every_output(tmp_path):
    """🚆 (U+1F686) and 𝔘 (U+1D518) in a company and role: page title, heading, search index, calendar."""
    root = make_project(tmp_path / "repo", {"rail": """\
        company: "Rail \U0001F686 Co"
        role: "Ingénieur 𝔘𝔫𝔦"
        log:
          - {date: 2026-11-20, type: applied}
        """})
    built = mkdocs_build(root, "--strict")
    assert built.result.returncode == 0, built.result.stderr
    page = built.html("opportunities/rail/index.html")
    assert "<title>Rail \U0001F686 Co — Ingénieur 𝔘𝔫𝔦 - Follow-Through</title>" in page
    assert "<h1>Rail \U0001F686 Co" in page
    index = json.loads((built.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {doc["title"] for doc in index["docs"]}
    assert "Rail \U0001F686 Co — Ingénieur 𝔘𝔫𝔦" in titles
    (event,) = _events(built.site)
    assert str(event["SUMMARY"]) == "Follow up: Rail \U0001F686 Co — Ingénieur 𝔘𝔫𝔦"


def _text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", fragment).split())


def test_next_without_a_contact_reads_cleanly(basic_site):
    html = basic_site.html("opportunities/hooli/index.html")
    title = _text(html.split('<p class="admonition-title">Next:', 1)[1].split("</p>", 1)[0])
    assert title == "check-in on Fri 27 Nov 2026 (in 2 days)"
    acme = basic_site.html("opportunities/acme/backend/index.html")
    assert "Next: check-in to Jane Doe on" in _text(acme) or "Next: value-add to Jane Doe on" in _text(acme)


def test_timeline_says_what_is_overdue_before_the_plan(basic_site):
    ahead = basic_site.html("timeline/index.html").split('id="ahead"')[1].split('id="activity"')[0]
    assert "1 already overdue" in ahead
    assert ahead.index("already overdue") < ahead.index('class="ft-event ft-event--planned"')


def test_a_long_note_folds_and_a_short_one_does_not(basic_site):
    stark = basic_site.html("opportunities/stark/index.html")
    folded = stark.split('<details class="ft-fold">', 1)[1].split("</details>", 1)[0]
    assert "<summary>What I know about the team" in folded and "END-OF-LONG-NOTE" in folded
    acme = basic_site.html("opportunities/acme/backend/index.html")
    assert "<details" not in acme and "<strong>on-call load</strong>" in acme


def test_calendar_control_subscribes_when_the_site_has_an_address(basic_site, tmp_path):
    host = basic_site.url.split("://", 1)[1]
    button = r'<a class="md-button ft-button" href="([^"]+)"[^>]*>.*?</svg>\s*([^<]+)</a>'
    link = re.search(button, basic_site.html(), re.S)
    assert link.group(1) == f"webcal://{host}followups.ics"
    assert link.group(2).strip() == "Subscribe to the follow-ups calendar"
    root = make_project(tmp_path / "repo", {"globex": BASIC["globex"]})  # no site_url
    built = mkdocs_build(root)
    link = re.search(r'<a class="md-button ft-button" href="([^"]+)" download[^>]*>.*?</svg>\s*([^<]+)</a>',
                     built.html(), re.S)
    assert link.group(1) == "followups.ics"
    assert link.group(2).strip() == "Download the follow-ups calendar (.ics)"


def test_search_index_holds_each_opportunity_once_and_no_list_page_text(basic_site):
    index = json.loads(basic_site.html("search/search_index.json"))
    docs = {doc["location"]: doc for doc in index["docs"]}
    assert docs["opportunities/acme/backend/"]["title"] == "Acme Corp — Senior Backend Engineer"
    acme = docs["opportunities/acme/backend/"]["text"]
    assert "Jane Doe" in acme and "Payments team" in acme and "back-pressure" in acme
    assert [loc for loc in docs if "#" in loc] == []  # no sections: one entry a page
    for listing in ("", "pipeline/", "timeline/", "activity/", "archive/"):
        assert docs[listing]["text"] == ""  # the list pages by their title only
    assert not [loc for loc in docs if loc.startswith("pipeline/") and loc != "pipeline/"]
    text = json.dumps(index)
    assert "globex.example" not in text and "555 0100" not in text  # show_email / show_phone are off


def test_hostile_text_in_the_search_index_is_escaped(hostile_site):
    index = json.loads(hostile_site.html("search/search_index.json"))
    for doc in index["docs"]:
        assert "<" not in doc["title"] + doc["text"], doc
