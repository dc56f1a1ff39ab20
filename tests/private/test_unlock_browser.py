"""The encrypted dashboard in headless Chromium, served on 127.0.0.1: locked, unlocked, remembered, locked again."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import expect
from privatekit import PASSPHRASE
from sitekit import screenshot

TWO_DAYS_LATER = dt.datetime(2026, 11, 27, 10, 0)


from test_key_lifetime import ORIGIN_STORAGE  # noqa: E402 (every store of the origin)


def storage(page) -> dict:
    return page.evaluate(ORIGIN_STORAGE)


def stored_keys(page) -> list:
    return [r for r in storage(page)["records"] if r["keys"]]


def unlock(page, passphrase=PASSPHRASE, remember=False):
    form = page.locator("form.ft-unlock")
    expect(form).to_be_visible()
    form.locator('input[type="password"]').fill(passphrase)
    if remember:
        form.locator('input[name="remember"]').check()
    form.locator('button[type="submit"]').click()


def test_a_wrong_passphrase_says_so_and_shows_nothing(private_site, open_page):
    page, watch = open_page()
    page.goto(private_site.url)
    expect(page).to_have_title("Dashboard")
    unlock(page, "not the passphrase at all")
    expect(page.locator(".ft-unlock__error")).to_be_visible(timeout=15_000)
    expect(page.locator(".ft-unlock__error")).to_have_text(re.compile("Wrong passphrase"))
    text = page.locator("body").inner_text()
    assert "Globex" not in text and "Quokkaworks" not in text
    assert page.locator(".ft-lock").count() == 0
    assert page.locator('input[type="password"]').input_value() == ""
    watch.assert_clean()


def test_the_right_one_shows_today_and_the_dates_script_ran(private_site, open_page):
    page, watch = open_page()
    page.goto(private_site.url)
    unlock(page)
    globex = page.locator(".ft-due", has_text="Globex")
    expect(globex).to_be_visible(timeout=15_000)
    expect(page).to_have_title("Dashboard")  # neutral after unlocking too: a title shows in tabs and history
    assert globex.locator(".ft-rel").inner_text() == "2 days overdue"
    assert page.locator(".ft-lock").is_visible()
    screenshot(page, "private-today-unlocked")
    watch.assert_clean()


def test_remembered_device_stays_unlocked_after_reload_until_lock(private_site, open_page):
    page, watch = open_page()
    page.goto(private_site.url)
    unlock(page, remember=True)
    expect(page.locator(".ft-due", has_text="Globex")).to_be_visible(timeout=15_000)
    page.reload()
    expect(page.locator(".ft-due", has_text="Globex")).to_be_visible()
    assert not page.locator("form.ft-unlock").is_visible()
    # another tab of the same browser is unlocked too
    other = page.context.new_page()
    other.clock.set_system_time(dt.datetime(2026, 11, 25, 9, 0))
    other.goto(private_site.url)
    expect(other.locator(".ft-due", has_text="Globex")).to_be_visible()
    other.close()
    page.locator(".ft-lock").click()
    expect(page.locator("form.ft-unlock")).to_be_visible()
    assert "Globex" not in page.locator("body").inner_text()
    assert stored_keys(page) == []
    page.reload()
    expect(page.locator("form.ft-unlock")).to_be_visible()
    watch.assert_clean()


def test_without_remember_the_key_lives_in_the_page_only(private_site, open_page):
    page, watch = open_page()
    page.goto(private_site.url)
    unlock(page)
    expect(page.locator(".ft-due", has_text="Globex")).to_be_visible(timeout=15_000)
    assert stored_keys(page) == []
    other = page.context.new_page()  # another tab asks
    other.goto(private_site.url)
    expect(other.locator("form.ft-unlock")).to_be_visible()
    other.close()
    page.reload()  # and so does a reload
    expect(page.locator("form.ft-unlock")).to_be_visible()
    assert "Globex" not in page.locator("body").inner_text()
    watch.assert_clean()


def test_instant_navigation_to_an_opportunity_and_back(private_site, open_page):
    page, watch = open_page()
    page.goto(private_site.url)
    unlock(page)
    expect(page.locator(".ft-due", has_text="Initech")).to_be_visible(timeout=15_000)
    page.evaluate("window.__samePage = true")
    page.locator(".ft-due", has_text="Initech").locator("a.ft-opp").click()
    page.wait_for_url(re.compile(r"/p/[a-z2-7]{24}/$"))
    expect(page.locator(".md-content h1")).to_have_text(re.compile(r"^Initech"))
    expect(page).to_have_title("Dashboard")
    assert page.locator(".ft-timeline--log .ft-event").count() == 2
    assert page.evaluate("window.__samePage === true")  # Material swapped the page in, no reload
    page.go_back()
    expect(page.locator(".ft-due", has_text="Globex")).to_be_visible()
    assert page.evaluate("window.__samePage === true")
    page.locator(".md-tabs__link", has_text="Board").first.click()  # "Pipeline" on a plain site
    expect(page.locator(".md-content")).to_contain_text("Quokkaworks Zanzibar")
    watch.assert_clean()


def test_find_an_opportunity_by_contact_or_note_text(private_site, open_page):
    page, watch = open_page()
    page.goto(private_site.url)
    unlock(page)
    find = page.locator(".ft-find__input")
    expect(find).to_be_visible(timeout=15_000)
    find.fill("quimbleton")
    hit = page.locator(".ft-find__results a", has_text="Quokkaworks Zanzibar")
    expect(hit).to_be_visible()
    find.fill("flumphwidget")
    expect(hit).to_be_visible()
    find.fill("brulee nunez")  # without its accents, words in any order
    expect(page.locator(".ft-find__results a", has_text="Nebulacorp")).to_be_visible()
    find.fill("")
    find.blur()
    page.keyboard.press("/")  # Material's search key: to Find, not to Material's empty search
    expect(find).to_be_focused()
    assert not page.locator("#__search").is_checked()
    page.keyboard.type("Quokkaworks", delay=10)
    hit.click()
    page.wait_for_url(re.compile(r"/p/[a-z2-7]{24}/$"))
    expect(page.locator(".md-content h1")).to_have_text(re.compile(r"^Quokkaworks Zanzibar"))
    watch.assert_clean()


def test_two_days_later_the_groups_move_after_unlock(private_site, open_page):
    page, watch = open_page(clock=TWO_DAYS_LATER)
    page.goto(private_site.url)
    unlock(page)
    expect(page.locator(".ft-due", has_text="Globex")).to_be_visible(timeout=15_000)
    overdue = page.locator('[data-ft-group="overdue"] .ft-due .ft-opp strong').all_inner_texts()
    assert {"Globex", "Initech", "Acme Corp"} <= set(overdue)
    assert page.locator(".ft-due", has_text="Hooli").locator(".ft-rel").inner_text() == "due today"
    assert page.locator(".ft-stale").is_visible()  # built two days ago
    watch.assert_clean()


def test_phone_width_and_dark_mode(private_site, open_page):
    page, watch = open_page(width=390, height=844)
    page.emulate_media(color_scheme="dark")
    page.goto(private_site.url)
    expect(page.locator("form.ft-unlock")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    unlock(page)
    expect(page.locator(".ft-due", has_text="Globex")).to_be_visible(timeout=15_000)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert page.locator(".ft-lock").is_visible() and page.locator(".ft-find__input").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "private-today-phone-dark")
    watch.assert_clean()


def test_the_key_is_kept_as_a_non_extractable_cryptokey_never_a_string(private_site, open_page):
    import base64

    from generator.core.site.sealing import derive_keys

    page, watch = open_page()
    page.goto(private_site.url)
    unlock(page, remember=True)
    expect(page.locator(".ft-due", has_text="Globex")).to_be_visible(timeout=15_000)
    kept = storage(page)
    (record,) = kept["records"]
    assert record["keys"] == [{"type": "secret", "extractable": False, "usages": ["decrypt"]}]
    days = (record["expires"] - page.evaluate("Date.now()")) / 86_400_000
    assert 29 < days <= 30.01  # privacy.remember_days, 30 by default
    keys = derive_keys(PASSPHRASE, private_site.url)
    for secret in (keys.content_key, keys.path_key):
        for form in (base64.b64encode(secret).decode(), secret.hex()):
            assert not [s for s in kept["strings"] if form in s]
    # no key of any kind as text: nothing like 32 bytes in base64 or hex
    assert not [s for s in kept["strings"] if re.search(r"[A-Za-z0-9+/_-]{43}|[0-9a-f]{64}", s)], kept["strings"]
    watch.assert_clean()


def test_after_a_passphrase_change_a_remembered_device_says_so(tmp_path, serve, open_page):
    from privatekit import build_encrypted
    from sitekit import BASIC

    url = serve(tmp_path / "site")
    assert build_encrypted(tmp_path, BASIC, url).result.returncode == 0
    page, watch = open_page()
    page.goto(url)
    unlock(page, remember=True)
    expect(page.locator(".ft-due", has_text="Globex")).to_be_visible(timeout=15_000)
    old_link = page.locator(".ft-due", has_text="Initech").locator("a.ft-opp").get_attribute("href")
    import shutil

    shutil.rmtree(tmp_path / "site")
    rebuilt = build_encrypted(tmp_path, BASIC, url, passphrase=PASSPHRASE + " new")
    assert rebuilt.result.returncode == 0, rebuilt.result.stderr
    page.reload()
    notice = page.locator(".ft-unlock__notice")
    expect(notice).to_have_text("The passphrase changed: enter the new one.")
    expect(page.locator("form.ft-unlock")).to_be_visible()
    assert "Globex" not in page.locator("body").inner_text()
    unlock(page, PASSPHRASE + " new")
    expect(page.locator(".ft-due", has_text="Globex")).to_be_visible(timeout=15_000)
    # an old link is gone; GitHub Pages answers it with 404.html, which says links moved (this test server
    # answers with its own page, so 404.html is opened as Pages would show it)
    assert page.goto(url + old_link.lstrip("./")).status == 404
    page.goto(url + "404.html")
    expect(page.locator(".md-content")).to_contain_text("links change when its passphrase or its address changes")
    assert watch.page_errors == [] and watch.foreign_requests == []  # the 404 itself is a console error


def test_a_page_swapped_onto_another_path_is_refused(tmp_path, serve, open_page):
    from privatekit import build_encrypted
    from sitekit import BASIC

    url = serve(tmp_path / "site")
    assert build_encrypted(tmp_path, BASIC, url).result.returncode == 0
    site = tmp_path / "site"
    index = site / "index.html"
    other = next(p for p in (site / "p").rglob("index.html"))
    token = re.search(r'data-ft-sealed="([^"]+)"', other.read_text(encoding="utf-8")).group(1)
    text = index.read_text(encoding="utf-8")
    index.write_text(re.sub(r'data-ft-sealed="[^"]+"', f'data-ft-sealed="{token}"', text, count=1), encoding="utf-8")
    page, watch = open_page()
    page.goto(url)
    unlock(page, remember=True)
    error = page.locator(".ft-unlock__error")
    expect(error).to_contain_text("moved here from another address", timeout=15_000)
    assert page.locator(".ft-due").count() == 0 and page.locator(".ft-lock").count() == 0
    page.reload()  # a remembered key: still refused, and said so
    expect(page.locator(".ft-unlock__notice")).to_contain_text("moved here from another address")
    assert page.locator(".ft-due").count() == 0
    watch.assert_clean()
