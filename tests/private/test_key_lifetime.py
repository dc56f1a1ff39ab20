"""How long the browser keeps the key (spec: "The private dashboard"), in Chromium with a profile on disk.

Not remembered, the key lives in the page's memory only: closed and opened again, the browser holds nothing
another page of the origin could use. The check runs on the site's 404 page, where no dashboard code runs (on
a user's you.github.io any of their Pages sites could run such a script): it looks for any key in IndexedDB
(every database, every store), localStorage, sessionStorage and the caches. Remembered, the key is there and
the dashboard opens without asking.
"""

from __future__ import annotations

from playwright.sync_api import expect
from privatekit import PASSPHRASE
from sitekit import persistent_chromium

# Everything the origin stored that a script of it can read; CryptoKeys anywhere in a record are described.
ORIGIN_STORAGE = """async () => {
    const strings = [];
    for (const s of [localStorage, sessionStorage]) for (const k of Object.keys(s)) strings.push(k + "=" + s.getItem(k));
    const cacheNames = window.caches ? await caches.keys() : [];
    const records = [], databases = [];
    const keysIn = (value) => value instanceof CryptoKey ? [value]
        : value && typeof value === "object" ? Object.values(value).filter((v) => v instanceof CryptoKey) : [];
    for (const info of await indexedDB.databases()) {
        databases.push(info.name);
        const db = await new Promise((ok, fail) => {
            const open = indexedDB.open(info.name);
            open.onsuccess = () => ok(open.result);
            open.onerror = () => fail(open.error);
        });
        for (const store of db.objectStoreNames) {
            const all = await new Promise((ok) => {
                const request = db.transaction(store).objectStore(store).getAll();
                request.onsuccess = () => ok(request.result);
            });
            for (const value of all) {
                records.push({db: info.name, store, keys: keysIn(value).map((k) => ({
                    type: k.type, extractable: k.extractable, usages: k.usages})),
                    expires: value && value.expires});
            }
        }
        db.close();
    }
    return {strings, caches: cacheNames, databases, records};
}"""  # noqa: E501 (a script as written)


def unlock(page, remember: bool) -> None:
    form = page.locator("form.ft-unlock")
    expect(form).to_be_visible(timeout=15_000)
    form.locator('input[type="password"]').fill(PASSPHRASE)
    if remember:
        form.locator('input[name="remember"]').check()
    form.locator('button[type="submit"]').click()
    expect(page.locator(".ft-due", has_text="Globex")).to_be_visible(timeout=15_000)


def closed_and_reopened(profile, url: str, remember: bool) -> dict:
    """Unlock in one browser, close it, open it again on the same profile: what the 404 page's script finds,
    and whether the home page then opens without asking."""
    browser = persistent_chromium(profile)
    page = browser.new_page()
    page.goto(url)
    unlock(page, remember)
    browser.close()
    browser = persistent_chromium(profile)
    try:
        page = browser.new_page()
        page.goto(url + "404.html")
        found = page.evaluate(ORIGIN_STORAGE)
        page.goto(url)
        page.locator(".ft-due, form.ft-unlock:not([hidden])").first.wait_for(timeout=15_000)
        found["asks"] = page.locator("form.ft-unlock").is_visible()
        found["shows"] = page.locator(".ft-due", has_text="Globex").count() > 0
    finally:
        browser.close()
    return found


def test_a_key_not_remembered_is_nowhere_once_the_browser_is_closed(private_site, tmp_path):
    found = closed_and_reopened(tmp_path / "profile", private_site.url, remember=False)
    assert [r for r in found["records"] if r["keys"]] == [], found  # no key a page of the origin could use
    assert found["records"] == [] and found["caches"] == []
    assert [s for s in found["strings"] if ".__palette=" not in s] == []  # Material's colour choice only
    assert found["asks"] and not found["shows"]


def test_a_remembered_key_outlives_the_browser(private_site, tmp_path):
    found = closed_and_reopened(tmp_path / "profile", private_site.url, remember=True)
    (record,) = found["records"]
    assert record["keys"] == [{"type": "secret", "extractable": False, "usages": ["decrypt"]}]
    assert found["shows"] and not found["asks"]


# A record as the previous version kept it: its database, its labels (another key id), remembered; and one
# it kept for a tab (the record that outlived the browser).
PLANT_EARLIER = """async (salt) => {
    const key = await crypto.subtle.generateKey({name: "AES-GCM", length: 256}, false, ["decrypt"]);
    const db = await new Promise((ok) => {
        const open = indexedDB.open("follow-through", 1);
        open.onupgradeneeded = () => open.result.createObjectStore("keys");
        open.onsuccess = () => ok(open.result);
    });
    await new Promise((ok) => {
        const tx = db.transaction("keys", "readwrite");
        tx.objectStore("keys").put({key, kid: "AAAAAAAAAAAAAAAA", expires: Date.now() + 86400000, tab: null}, salt);
        tx.objectStore("keys").put({key, kid: "AAAAAAAAAAAAAAAA", expires: 0, tab: "gone"}, "another site");
        tx.oncomplete = ok;
    });
    db.close();
}"""

def test_a_device_remembered_under_the_earlier_labels_is_told_the_dashboard_was_updated(private_site, open_page):
    page, watch = open_page()
    page.goto(private_site.url)
    salt = page.locator(".ft-sealed").get_attribute("data-ft-salt")
    page.evaluate(PLANT_EARLIER, salt)
    page.reload()
    notice = page.locator(".ft-unlock__notice")
    expect(notice).to_have_text("The dashboard was updated: enter the passphrase again.")
    assert "passphrase changed" not in page.locator("body").inner_text()
    # both records gone (this site's, and the key kept for a closed tab), and with them the database
    page.wait_for_function("indexedDB.databases().then(all => !all.some(d => d.name === 'follow-through'))")
    unlock(page, remember=False)
    watch.assert_clean()
