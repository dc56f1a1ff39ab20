"""The encrypted build, file by file: nothing from the pipeline is readable without the passphrase."""

from __future__ import annotations

import gzip
import html
import json
import re
import string
import textwrap
from pathlib import Path
from urllib.parse import quote

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from privatekit import DISTINCT, JOB_SEARCH_WORDS, PASSPHRASE, PLAIN, build_encrypted
from sitekit import BASIC

from generator.core.site.sealing import PAD_SIZES, derive_keys, page_aad, unseal

NOT_TEXT = {"stage", "outcome", "priority", "type", "channel", "date", "added", "next", "wait_until", "cadence"}


def pipeline_strings(opportunities: dict[str, str], words: bool = True) -> set[str]:
    """Every string a user typed: ids, their folder and file names, and every text value of the YAML;
    with ``words``, each longer word of them too (for made-up names: real words are in any site's chrome)."""
    found: set[str] = set()

    def walk(value, key=None):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key not in NOT_TEXT:
            found.add(value.strip())
            if words:
                found.update(w.strip(".,:;!?()") for w in value.split() if len(w.strip(".,:;!?()")) >= 6)

    for opp_id, text in opportunities.items():
        found.add(opp_id)
        found.update(part for part in opp_id.split("/") if len(part) >= 4)
        walk(yaml.safe_load(textwrap.dedent(text)))
    return {s for s in found if s}


def forms(text: str) -> set[bytes]:
    """The ways a string can appear in a published file: as is, HTML-escaped, URL-quoted, JSON-escaped."""
    variants = {text, html.escape(text), html.escape(text, quote=False), quote(text), quote(text, safe="/"),
                json.dumps(text)[1:-1], text.lower()}
    return {v.encode("utf-8") for v in variants if v}


def site_bytes(site: Path):
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            yield path.relative_to(site).as_posix(), data


def leaks(site: Path, secrets: set[str]) -> list[tuple[str, str]]:
    """Secrets found in any file but the ciphertexts themselves (random bytes in base64: a short name like
    "acme" turns up in them by chance, a few times in a hundred builds)."""
    found = []
    needles = {s: forms(s) for s in secrets}
    for name, raw in site_bytes(site):
        if name == "search/find.sealed":
            continue
        data = re.sub(rb'data-ft-sealed="[A-Za-z0-9+/=]*"', b"", raw)
        for secret, variants in needles.items():
            if any(v in data or v in name.encode("utf-8") for v in variants):
                found.append((name, secret))
    return found


HAND_WRITTEN_TEXT = {"Salary negotiation crib", "salary-negotiation-crib", "Brindlewick counteroffer rehearsal",
                     "Brindlewick", "interview-prep",
                     "quimbleton/job-hunt-private"}


def test_no_file_of_the_encrypted_site_holds_any_string_of_the_pipeline(private_site):
    secrets = pipeline_strings(BASIC, words=False) | pipeline_strings(DISTINCT) | HAND_WRITTEN_TEXT
    assert leaks(private_site.site, secrets) == []
    assert not [name for name, data in site_bytes(private_site.site) if b"ft-pending-" in data]
    # the pages are there, sealed: the right key opens them and finds the names
    keys = derive_keys(PASSPHRASE, private_site.url)
    today = private_site.html()
    sealed = re.search(r'data-ft-sealed="([^"]+)"', today).group(1)
    opened = json.loads(unseal(keys.content_key, sealed, page_aad("")))
    assert "Quokkaworks Zanzibar" in opened["html"] and "title" not in opened
    assert "https://github.com/quimbleton/job-hunt-private" in opened["html"]  # the repository: sealed only


def public_frame(site: Path):
    """(name, bytes) of what anyone sees: every file but the scripts and styles, sealed content taken out."""
    for name, data in site_bytes(site):
        if name.startswith("assets/") or name == "search/find.sealed":
            continue
        yield name, re.sub(rb'data-ft-sealed="[^"]*"', b"", data)


def test_the_public_frame_says_nothing_of_a_job_search(private_site):
    found = [(name, m.group(0)) for name, data in public_frame(private_site.site)
             for m in [JOB_SEARCH_WORDS.search(data) or JOB_SEARCH_WORDS.search(name.encode())] if m]
    assert found == []
    names = [name for name, _ in site_bytes(private_site.site)]
    assert not [n for n in names if re.search(r"opportunit|pipeline|offer|interview|screening", n)]
    index = private_site.html()
    assert "<title>Dashboard</title>" in index and 'name="description"' not in index
    assert "github.com" not in index and "md-source" not in index


def test_every_html_page_is_sealed_hand_written_ones_too(private_site):
    pages = [p for p in private_site.site.rglob("*.html") if p.name != "404.html"]
    assert pages and all("data-ft-sealed=" in p.read_text(encoding="utf-8") for p in pages)
    keys = derive_keys(PASSPHRASE, private_site.url)
    opened = []
    for page in pages:
        path = page.relative_to(private_site.site).as_posix().removesuffix("index.html")
        token = re.search(r'data-ft-sealed="([^"]+)"', page.read_text(encoding="utf-8")).group(1)
        opened.append(json.loads(unseal(keys.content_key, token, page_aad(path)))["html"])
        assert re.fullmatch(r"(p/[a-z2-7]{24}/(\d+/)?)?", path), path
    assert sum("Brindlewick counteroffer rehearsal" in h for h in opened) == 1
    missing = (private_site.site / "404.html").read_text(encoding="utf-8")
    assert "links change when its passphrase or its address changes" in missing


def test_sealed_pages_come_in_a_few_sizes_and_are_bound_to_their_path(private_site):
    import base64

    from cryptography.exceptions import InvalidTag

    sizes = set()
    for page in private_site.site.rglob("*.html"):
        match = re.search(r'data-ft-sealed="([^"]+)"', page.read_text(encoding="utf-8"))
        if match:
            sizes.add(len(base64.b64decode(match.group(1))) - 12 - 16)  # nonce and tag
    assert sizes <= set(PAD_SIZES), sizes
    keys = derive_keys(PASSPHRASE, private_site.url)
    token = re.search(r'data-ft-sealed="([^"]+)"', private_site.html()).group(1)
    try:
        unseal(keys.content_key, token, page_aad("p/aaaaaaaaaaaaaaaaaaaaaaaa/"))
        raise AssertionError("the home page's content opened at another path")
    except InvalidTag:
        pass


def test_links_to_the_files_on_github_are_sealed_too(tmp_path):
    built = build_encrypted(tmp_path, DISTINCT, "https://me.example/", extra_config="repo_url: https://github.com/me/jobs\n")
    assert built.result.returncode == 0, built.result.stderr
    assert leaks(built.site, pipeline_strings(DISTINCT)) == []


def test_the_same_pipeline_built_plain_is_full_of_them(tmp_path):
    """The search above finds what is there: the plain build of the same files has every kind of leak."""
    built = build_encrypted(tmp_path, {**BASIC, **DISTINCT}, options=PLAIN, passphrase=None)
    assert built.result.returncode == 0, built.result.stderr
    found = {secret for _, secret in leaks(built.site, pipeline_strings(DISTINCT))}
    assert {"Quokkaworks Zanzibar", "Thaddeus Quimbleton", "Flumphwidget jitterbug", "quokkaworks/zanzibar-platform",
            "Nebulacorp Ültrafine 𝔊𝔬𝔱𝔥𝔦𝔠", "Snorkelvane reorg"} <= found


def test_titles_paths_search_index_sitemap_and_calendar_say_nothing(private_site):
    site = private_site.site
    assert {p.name for p in site.iterdir()} >= {"index.html", "404.html", "sitemap.xml", "calendar.ics"}
    titles = {re.search(r"<title>(.*?)</title>", p.read_text(encoding="utf-8")).group(1) for p in private_site.pages()}
    assert titles == {"Dashboard"}
    opaque = sorted(p.name for p in (site / "p").iterdir())
    assert len(opaque) > len(BASIC) + len(DISTINCT)  # opportunities, and every other page but the home page
    assert all(re.fullmatch(r"[a-z2-7]{24}", name) for name in opaque)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []
    ics = (site / "calendar.ics").read_bytes().decode("utf-8").replace("\r\n ", "").replace("\r\n", "\n")
    summaries = re.findall(r"^SUMMARY:(.*)$", ics, re.M)
    assert summaries and set(summaries) <= {f"Due: {t}" for t in
                                             ("first-contact", "thank-you", "value-add", "check-in", "share-update")}
    assert "Due: thank-you" in summaries
    for uid in re.findall(r"^UID:(.*)$", ics, re.M):
        assert re.fullmatch(r"[a-z2-7]{24}@dashboard", uid)
        assert uid.split("@")[0] in opaque  # the event's page, at its opaque path
    assert "DESCRIPTION" in ics and private_site.url + "p/" in ics
    assert "X-WR-CALNAME:Dashboard" in ics


def test_paths_and_uids_stay_across_builds_and_change_with_the_passphrase(tmp_path):
    def paths_and_uids(folder, passphrase):
        # a long address: the feed's lines fold inside the page names
        url = "https://a-rather-long-user-name.github.io/a-long-repository-name-for-the-job-search/"
        built = build_encrypted(folder, DISTINCT, url, passphrase)
        assert built.result.returncode == 0, built.result.stderr
        ics = (built.site / "calendar.ics").read_bytes().decode("utf-8")
        assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
        for link in re.findall(re.escape(url) + r"(\S+)", ics.replace("\r\n ", "")):
            assert (built.site / link / "index.html").is_file()
        return sorted(p.name for p in (built.site / "p").iterdir()), re.findall(r"^UID:(.*)$", ics, re.M)

    first = paths_and_uids(tmp_path / "a", PASSPHRASE)
    assert first == paths_and_uids(tmp_path / "b", PASSPHRASE)
    other = paths_and_uids(tmp_path / "c", PASSPHRASE + " again")
    assert set(first[0]).isdisjoint(other[0]) and set(first[1]).isdisjoint(other[1])


def test_without_the_passphrase_the_build_fails_and_writes_no_plain_site(tmp_path):
    built = build_encrypted(tmp_path, DISTINCT, passphrase=None)
    assert built.result.returncode != 0
    assert "FOLLOW_THROUGH_PASSPHRASE is not set" in built.result.stderr
    assert "never published unencrypted" in built.result.stderr
    assert not (built.site / "index.html").exists()


def test_a_short_passphrase_builds_with_a_warning_and_strict_stops(tmp_path):
    built = build_encrypted(tmp_path, DISTINCT, "https://me.example/", passphrase="hunter2hunt")
    assert built.result.returncode == 0, built.result.stderr
    assert "FOLLOW_THROUGH_PASSPHRASE is 11 characters long" in built.result.stderr
    assert "12 or more" in built.result.stderr
    strict = build_encrypted(tmp_path / "strict", DISTINCT, "https://me.example/", passphrase="hunter2hunt",
                             args=("--strict",))
    assert strict.result.returncode != 0 and "--strict" in strict.result.stderr
    long_enough = build_encrypted(tmp_path / "ok", DISTINCT, "https://me.example/", passphrase="hunter2hunte")
    assert "characters long" not in long_enough.result.stderr


def test_encryption_needs_the_site_url_its_key_is_salted_with(tmp_path):
    built = build_encrypted(tmp_path, DISTINCT)
    assert built.result.returncode != 0
    assert "privacy: encrypt needs site_url in mkdocs.yml" in built.result.stderr
    assert not (built.site / "index.html").exists()


# Names as users type them anywhere in the world: letters and digits of every script, emoji and
# letters outside the Basic Multilingual Plane, at least one character beyond ASCII each.
NAME_CHARS = st.characters(categories=("L", "N", "So"), exclude_characters="\x85\u2028\u2029\ufeff")
NAMES = st.text(NAME_CHARS, min_size=6, max_size=14).filter(
    lambda s: any(ord(c) > 127 for c in s) and not set(s) <= set(string.digits))


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(names=st.lists(NAMES, min_size=5, max_size=5, unique_by=str.casefold))
def test_generated_names_do_not_leak(tmp_path_factory, names):
    company, role, contact, note, file_name = names
    opportunities = {
        f"gen/{file_name}": f"""\
            company: {json.dumps(company, ensure_ascii=False)}
            role: {json.dumps(role, ensure_ascii=False)}
            contacts: [{{name: {json.dumps(contact, ensure_ascii=False)}}}]
            log:
              - {{date: 2026-11-20, type: call, with: {json.dumps(contact, ensure_ascii=False)}, note: {json.dumps(note, ensure_ascii=False)}}}
            """,  # noqa: E501 (a file as a user writes it)
    }
    built = build_encrypted(tmp_path_factory.mktemp("generated"), opportunities, "https://me.example/")
    assert built.result.returncode == 0, built.result.stderr
    assert leaks(built.site, set(names) | {f"gen/{file_name}"}) == []
