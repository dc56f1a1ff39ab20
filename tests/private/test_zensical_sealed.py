"""The private dashboard built with Zensical: `build-zensical` seals what Zensical made (`seal`'s own
function), the leak scan finds nothing, and the sealed site unlocks as the MkDocs one does.
One build for the module (BASIC and DISTINCT, encrypted, with hand-written pages in docs/ and the nav),
served on 127.0.0.1."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from playwright.sync_api import expect
from privatekit import DISTINCT, ENCRYPT, HAND_WRITTEN, JOB_SEARCH_WORDS, PASSPHRASE, PLAIN
from sitekit import BASIC, make_project, mkdocs_build, zensical_build
from test_sealed_site import leaks, pipeline_strings, public_frame
from test_unlock_browser import unlock

from generator.core.site.pages import public_src
from generator.core.site.sealing import derive_keys, opaque_name, page_aad, unseal

TWO_DAYS_LATER = dt.datetime(2026, 11, 27, 10, 0)
WITH_PASSPHRASE = {"FOLLOW_THROUGH_PASSPHRASE": PASSPHRASE}
# The user's own pages: one at the top (privatekit's), one in a folder with headings and links both ways, both in
# the nav under labels of the user's; every name, title, heading and label here is a leak if seen unsealed.
NOTES = {"negotiation-notes/gruntlewise-tactics.md": (
    "# Gruntlewise tactics\n\n## Zanzibarish gambit\n\n"
    "Back to [the crib](../interview-prep.md#salary-negotiation-crib).\n")}
CRIB_LINK = "\n\nSee [the gambit](negotiation-notes/gruntlewise-tactics.md#zanzibarish-gambit).\n"
NAV = "  - Negotiation prep:\n    - Crib sheet: interview-prep.md\n    - negotiation-notes/gruntlewise-tactics.md\n"
HAND_WRITTEN_TEXT = {"Salary negotiation crib", "salary-negotiation-crib", "Brindlewick", "interview-prep",
                     "Gruntlewise", "gruntlewise-tactics", "Zanzibarish", "negotiation-notes", "Negotiation prep",
                     "Crib sheet"}


@pytest.fixture(scope="module")
def sealed_zensical(tmp_path_factory, serve):
    folder = tmp_path_factory.mktemp("sealed-zensical")
    url = serve(folder / "site")
    root = make_project(folder / "repo", {**BASIC, **DISTINCT}, plugin_options=ENCRYPT, site_url=url)
    for name, text in {**HAND_WRITTEN, **NOTES}.items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(text + (CRIB_LINK if name in HAND_WRITTEN else ""), encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - Archive: archive.md\n",
                                                                 "  - Archive: archive.md\n" + NAV), encoding="utf-8")
    built = zensical_build(root, site=folder / "site", env=WITH_PASSPHRASE)
    assert built.result.returncode == 0, built.result.stderr
    built.url = url
    return built


def generator(root, *args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "generator", "-f", str(root / "mkdocs.yml"), *args],
        check=False,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_leak_scan_finds_nothing_in_the_sealed_zensical_site(sealed_zensical):
    site = sealed_zensical.site
    assert leaks(site, pipeline_strings(BASIC, words=False) | pipeline_strings(DISTINCT)) == []
    # Zensical's own search index holds nothing (its search box still loads it); the sealed Find index has the pages
    assert json.loads((site / "search.json").read_text(encoding="utf-8"))["items"] == []
    keys = derive_keys(PASSPHRASE, sealed_zensical.url)
    find = json.loads(unseal(keys.content_key, base64.b64encode((site / "search" / "find.sealed").read_bytes())))
    assert len(find) == len(BASIC) + len(DISTINCT) and any("Thaddeus Quimbleton" in e["x"] for e in find)
    titles = {
        re.search(r"<title>(.*?)</title>", p.read_text(encoding="utf-8")).group(1).strip()
        for p in site.rglob("*.html")
        if p.name != "404.html"
    }
    assert titles == {"Dashboard"}  # the shipped name is not shown: the neutral one
    assert not (site / "opportunities").exists() and not (site / "pipeline").exists()
    opaque = sorted(p.name for p in (site / "p").iterdir())  # opportunity and list pages alike
    assert len(opaque) > len(BASIC) + len(DISTINCT) and all(re.fullmatch(r"[a-z2-7]{24}", n) for n in opaque)
    today = json.loads(
        unseal(keys.content_key, re.search(r'data-ft-sealed="([^"]+)"', sealed_zensical.html())[1], page_aad(""))
    )
    assert "Quokkaworks Zanzibar" in today["html"] and "title" not in today


def test_hand_written_pages_get_opaque_paths_neutral_labels_and_no_headings_outside_the_seal(sealed_zensical):
    site = sealed_zensical.site
    # no file name, title, heading or nav label of the user's pages in any file (the seal's ciphertext aside)
    assert leaks(site, HAND_WRITTEN_TEXT) == []
    assert [(name, m.group(0)) for name, data in public_frame(site)
            for m in [JOB_SEARCH_WORDS.search(data) or JOB_SEARCH_WORDS.search(name.encode())] if m] == []
    # the nav names them as the plugin does: "Page N" in nav order, the section "Pages"
    nav = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", sealed_zensical.html()))
    assert "Pages Page 1 Page 2" in nav
    # both are there, sealed, at opaque paths, and their links (to each other's headings) follow them
    keys = derive_keys(PASSPHRASE, sealed_zensical.url)
    opened = {}
    for path in (site / "p").glob("*/index.html"):
        rel = path.relative_to(site).parent.as_posix() + "/"
        token = re.search(r'data-ft-sealed="([^"]+)"', path.read_text(encoding="utf-8"))[1]
        opened[rel] = json.loads(unseal(keys.content_key, token, page_aad(rel)))["html"]
    crib = next(rel for rel, html in opened.items() if "Brindlewick counteroffer rehearsal" in html)
    tactics = next(rel for rel, html in opened.items() if "Zanzibarish gambit" in html)
    # where the plugin publishes them (plugin._hand_written_at_opaque_paths), so links survive a change of builder
    namer = functools.partial(opaque_name, keys.path_key)
    assert (crib, tactics) == (public_src("interview-prep.md", namer)[:-3] + "/",
                               public_src("negotiation-notes/gruntlewise-tactics.md", namer)[:-3] + "/")
    assert re.search(rf'href="\.\./{tactics[2:-1]}/#zanzibarish-gambit"', opened[crib])
    assert re.search(rf'href="\.\./{crib[2:-1]}/#salary-negotiation-crib"', opened[tactics])
    assert f'href="./{crib}"' in sealed_zensical.html()  # the nav links the page where it is
    # docs/README.md stays out (exclude_docs), though renamed it would no longer match its pattern
    assert not any("docs_dir" in html for html in opened.values())


def test_the_publish_guard_passes_the_sealed_site_and_refuses_a_plain_one(sealed_zensical, tmp_path):
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"repository": {"private": True}}), encoding="utf-8")
    env = {**os.environ, "GITHUB_EVENT_PATH": str(event)}
    guard = [sys.executable, "-m", "generator", "publish", "guard"]
    ok = subprocess.run(
        [*guard, str(sealed_zensical.site)],
        check=False,
        cwd=sealed_zensical.root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0 and "encrypted" in ok.stdout
    plain_root = make_project(tmp_path / "plain", DISTINCT, plugin_options=PLAIN, site_url="https://me.example/")
    plain = zensical_build(plain_root, site=tmp_path / "plain-site")
    assert plain.result.returncode == 0, plain.result.stderr
    refused = subprocess.run(
        [*guard, str(plain.site)], check=False, cwd=plain_root, env=env, capture_output=True, text=True
    )
    assert refused.returncode == 1 and "Refusing to deploy a plain dashboard" in refused.stdout
    # and seal refuses the plain build rather than sealing pages whose folders name the companies
    sealing = generator(plain_root, "seal", str(plain.site), env=WITH_PASSPHRASE)
    assert sealing.returncode == 2 and "without the unlock script" in sealing.stderr
    assert "data-ft-sealed" not in (plain.site / "index.html").read_text(encoding="utf-8")


def test_seal_run_again_changes_nothing(sealed_zensical, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(sealed_zensical.site, copy)
    again = generator(sealed_zensical.root, "seal", str(copy), env=WITH_PASSPHRASE)
    assert again.returncode == 0, again.stderr
    assert "sealed 0 pages" in again.stderr
    assert {p.relative_to(copy): p.read_bytes() for p in copy.rglob("*") if p.is_file()} == {
        p.relative_to(sealed_zensical.site): p.read_bytes() for p in sealed_zensical.site.rglob("*") if p.is_file()
    }


def test_without_the_passphrase_nothing_is_built(tmp_path):
    root = make_project(tmp_path / "repo", DISTINCT, plugin_options=ENCRYPT, site_url="https://me.example/")
    built = zensical_build(root, site=tmp_path / "site", env={"FOLLOW_THROUGH_PASSPHRASE": ""})
    assert built.result.returncode == 2 and "never published unencrypted" in built.result.stderr
    assert not built.site.exists() and not list(tmp_path.glob(".build-zensical-*"))


def test_unlocked_the_groups_move_and_an_opportunity_opens(sealed_zensical, open_page):
    page, watch = open_page(clock=TWO_DAYS_LATER)
    page.goto(sealed_zensical.url)
    expect(page).to_have_title("Dashboard")
    assert "Globex" not in page.locator("body").inner_text()
    unlock(page)
    expect(page.locator(".ft-due", has_text="Globex")).to_be_visible(timeout=15_000)
    expect(page).to_have_title("Dashboard")  # unlocked too: the tab's title says nothing
    overdue = page.locator('[data-ft-group="overdue"] .ft-due .ft-opp strong').all_inner_texts()
    assert {"Globex", "Initech", "Acme Corp"} <= set(overdue)
    assert page.locator(".ft-due", has_text="Hooli").locator(".ft-rel").inner_text() == "due today"
    page.evaluate("window.__samePage = true")
    page.locator(".ft-due", has_text="Initech").locator("a.ft-opp").click()
    page.wait_for_url(re.compile(r"/p/[a-z2-7]{24}/$"))
    expect(page.locator(".md-content h1")).to_have_text(re.compile(r"^Initech"))
    assert page.locator(".ft-timeline--log .ft-event").count() == 2
    assert page.evaluate("window.__samePage === true")
    assert page.locator(".ft-lock").is_visible()
    # the user's own pages, under the "Pages" tab: unlocked, and linked to each other where they are published
    page.locator(".md-tabs__link", has_text="Pages").click()
    expect(page.locator(".md-content")).to_contain_text("Brindlewick counteroffer rehearsal", timeout=15_000)
    page.get_by_role("link", name="the gambit").click()
    expect(page.locator(".md-content h2")).to_have_text(re.compile(r"^Zanzibarish gambit"), timeout=15_000)
    assert re.search(r"/p/[a-z2-7]{24}/#zanzibarish-gambit$", page.url)
    watch.assert_clean()


def test_the_mkdocs_build_seals_with_the_same_step_hand_written_pages_included(tmp_path):
    """The plugin's post-build sealing is seal's function: a page of docs/ the plugin did not render is sealed too."""
    root = make_project(tmp_path / "repo", DISTINCT, plugin_options=ENCRYPT, site_url="https://me.example/")
    (root / "docs" / "thoughts.md").write_text(
        "# Thoughts\n\nAsk Thaddeus Quimbleton about Zorblax.\n", encoding="utf-8"
    )
    built = mkdocs_build(root, site=tmp_path / "site", env=WITH_PASSPHRASE)
    assert built.result.returncode == 0, built.result.stderr
    assert not (tmp_path / "site" / "thoughts").exists()  # a hand-written page gets an opaque path too
    keys = derive_keys(PASSPHRASE, "https://me.example/")
    opened = []
    for path in (tmp_path / "site" / "p").glob("*/index.html"):
        page = path.read_text(encoding="utf-8")
        assert "Quimbleton" not in page and 'data-ft-sealed="' in page
        token = re.search(r'data-ft-sealed="([^"]+)"', page)[1]
        opened.append(json.loads(unseal(keys.content_key, token, page_aad(f"p/{path.parent.name}/")))["html"])
    assert sum("Ask Thaddeus Quimbleton about Zorblax" in html for html in opened) == 1
