"""Helpers of the site tests: projects built as a user builds them (`mkdocs build` in a
project folder), the fixture pipelines, and what a page must never do in the browser.

Screenshots go to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A copy of the samples the repository shipped with: the tests never read pipeline/, which users replace.
SAMPLES = ROOT / "tests" / "fixtures" / "site-pipeline"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
TODAY = "2026-11-25"  # a Wednesday; "today" of the samples and of every fixture here
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


@dataclass
class Built:
    """A project folder and the site `mkdocs build` made of it."""

    root: Path
    site: Path
    result: subprocess.CompletedProcess
    url: str = ""  # set once served

    def html(self, rel: str = "index.html") -> str:
        return (self.site / rel).read_text(encoding="utf-8")

    def pages(self) -> list[Path]:
        return sorted(self.site.rglob("*.html"))


def make_project(folder: Path, opportunities: dict[str, str] | Path, plugin_options: str = "",
                 site_url: str = "") -> Path:
    """A project like the repository: mkdocs.yml and overrides/ copied, a docs/ folder, pipeline files
    (``{id: YAML text}``, or a folder of them to copy)."""
    folder.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if plugin_options:
        shipped_privacy = "      privacy:\n        show_email: false\n        show_phone: false\n"
        config = config.replace(shipped_privacy, plugin_options)
    if site_url:  # Material's instant navigation needs it (its sitemap says which links are internal)
        config = f"site_url: {site_url}\n" + config
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "overrides", folder / "overrides", dirs_exist_ok=True)
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "docs" / "README.md").write_text("docs_dir\n", encoding="utf-8")
    if isinstance(opportunities, Path):
        shutil.copytree(opportunities, folder / "pipeline", dirs_exist_ok=True)
        opportunities = {}
    for opp_id, text in opportunities.items():
        path = folder / "pipeline" / f"{opp_id}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (folder / "pipeline").mkdir(exist_ok=True)
    return folder


def mkdocs_build(root: Path, *extra: str, today: str = TODAY, config: Path | None = None,
                 site: Path | None = None, env: dict | None = None) -> Built:
    site = site or (root / "site")
    env = {**os.environ, "FOLLOW_THROUGH_TODAY": today, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1", **(env or {})}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config or root / "mkdocs.yml"), "-d", str(site), *extra],
        cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    return Built(root, site, result)


def zensical_build(root: Path, *extra: str, today: str = TODAY, site: Path | None = None,
                   env: dict | None = None) -> Built:
    """The same project built with Zensical: `python -m generator build-zensical` (render, zensical build, seal)."""
    site = site or (root / "site")
    env = {**os.environ, "FOLLOW_THROUGH_TODAY": today, "NO_COLOR": "1", **(env or {})}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "-f", str(root / "mkdocs.yml"), "build-zensical", "--site-dir", str(site),
         *extra],
        cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    return Built(root, site, result)


_CHROMIUM: dict = {}


def shared_chromium():
    """One headless Chromium per test run for every folder's tests (tests/site, tests/private):
    Playwright's sync API allows one live session at a time."""
    if "browser" not in _CHROMIUM:
        from playwright.sync_api import sync_playwright

        _CHROMIUM["playwright"] = sync_playwright().start()
        _CHROMIUM["browser"] = _CHROMIUM["playwright"].chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    return _CHROMIUM["browser"]


def persistent_chromium(profile: Path):
    """A Chromium with a profile on disk (``profile``), as a user's browser keeps one: closed and launched again,
    it has what the origin stored (IndexedDB, localStorage), not what a tab held. Close it when done."""
    shared_chromium()  # the run's one Playwright session
    return _CHROMIUM["playwright"].chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, service_workers="block")


def close_chromium() -> None:
    if "browser" in _CHROMIUM:
        _CHROMIUM.pop("browser").close()
        _CHROMIUM.pop("playwright").stop()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


# --- fixture pipelines -------------------------------------------------------

# Due dates relative to 2026-11-25 (Wed): Globex overdue (Mon 23rd), Initech today (thank-you
# after a screen on the 24th), Acme tomorrow, Hooli in 2 days (Fri 27th); Stark gone quiet;
# Oldco closed.
BASIC = {
    "globex": """\
        company: Globex
        role: Data Engineer
        contacts: [{name: Tom Becker, role: Recruiter, email: tom@globex.example, phone: "+1 555 0100 77"}]
        log:
          - {date: 2026-11-16, type: applied}
        """,
    "initech": """\
        company: Initech
        role: Platform Engineer
        contacts: [{name: Maria Garcia, email: maria@initech.example}]
        log:
          - {date: 2026-11-10, type: applied}
          - {date: 2026-11-24, type: screen, with: Maria Garcia, note: "Asked about **Kafka** lag"}
        """,
    "acme/backend": """\
        company: Acme Corp
        role: Senior Backend Engineer
        priority: high
        url: https://acme.example/jobs/123
        contacts: [{name: Jane Doe, role: Recruiter, linkedin: "https://www.linkedin.com/in/jane"}]
        ideas: ["Ingestion lag: a back-pressure design"]
        notes: |
          Payments team. Cares about **on-call load**.
        log:
          - {date: 2026-11-05, type: applied}
          - {date: 2026-11-11, type: reply, with: Jane Doe}
          - {date: 2026-11-12, type: interview, with: Jane Doe, note: Talked about ingestion lag}
          - {date: 2026-11-13, type: thank-you, with: Jane Doe}
          - {date: 2026-11-19, type: follow-up, with: Jane Doe}
        cadence: [7, 7, 7]
        """,
    "hooli": """\
        company: Hooli
        role: ML Platform Engineer
        next: 2026-11-27
        log:
          - {date: 2026-11-20, type: applied}
        """,
    "stark": """\
        company: Stark Industries
        role: Frontend Engineer
        contacts: [{name: Pepper Lin}]
        notes: |
          What I know about the team, written up after a long call. START-OF-LONG-NOTE\n""" + \
        "          They ship the design system every two weeks and want help with accessibility.\n" * 12 + """\
          END-OF-LONG-NOTE
        log:
          - {date: 2026-09-01, type: applied}
          - {date: 2026-09-08, type: follow-up}
          - {date: 2026-09-15, type: follow-up}
          - {date: 2026-09-25, type: follow-up}
        """,
    "oldco": """\
        company: Oldco
        role: Python Developer
        stage: closed
        outcome: rejected
        log:
          - {date: 2026-10-01, type: applied}
          - {date: 2026-10-10, type: rejection}
        """,
}

# Every field a user types carries something that would run, load or template if it were not escaped.
XSS = '<script>window.__pwned=1;alert("script")</script>'
IMG = '"><img src=x onerror="window.__pwned=1;alert(1)">'
HOSTILE = {
    "evil/<b>one</b>": f"""\
        company: '{XSS}'
        role: '{IMG}'
        url: "https://evil.example/\\"><script>window.__pwned=1;alert('url')</script>"
        location: "{{{{ 7*7 }}}} {{% raw %}} {{{{ config }}}}"
        source: "<!-- hidden --> <style>body{{display:none}}</style>"
        tags: ["<svg onload=alert(1)>", "{{{{7*7}}}}"]
        contacts:
          - name: '<a href="javascript:alert(1)">Jane</a>'
            role: "<iframe src=https://evil.example/></iframe>"
            email: 'x@evil.example"><script>alert(1)</script>'
            linkedin: 'https://www.linkedin.com/in/x" onmouseover="alert(1)'
          - name: "Mallory"
            phone: "<b>+1 555</b>"
        ideas:
          - "[click me](javascript:alert(1)) and ![pic](https://evil.example/pixel.png)"
          - "<img src=https://evil.example/tracker.gif>"
        notes: |
          # Heading <script>alert(1)</script>
          [link](javascript:alert(1)) [ok](https://example.org/ok) [entity](&#x6A;avascript:alert(1))
          <a href="javascript:alert(1)">raw</a> <img src=x onerror=alert(1)>
          ![remote](https://evil.example/beacon.png)
          <https://example.org/auto> {{% raw %}}{{{{ lipsum }}}}{{% endraw %}}
          <!-- a comment --> <details open ontoggle=alert(1)>x</details>
          [ref][r]

          [r]: javascript:alert(1)
        log:
          - date: 2026-11-20
            type: applied
            with: '<script>alert("with")</script>'
            note: '<svg/onload=alert(1)> `<b>code</b>` [x](vbscript:msgbox(1)) <iframe src=//evil.example>'
        """,
    "evil/broken": """\
        company: Broken <script>alert(3)</script>
        role: x
        url: "javascript:alert('<script>alert(3)</script>')"
        wait_untill: <img src=x onerror=alert(1)>
        """,
    "evil/two": f"""\
        company: "Robert'); DROP TABLE--"
        role: '</textarea></title></noscript></style>{XSS}'
        stage: closed
        outcome: ghosted
        log:
          - {{date: 2026-11-01, type: applied, note: "</div></div><script>alert(2)</script>"}}
        """,
}


@dataclass
class Watch:
    """What a page did that a user would notice or should never happen."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def assert_clean(self):
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.page_errors == [], f"script errors: {self.page_errors}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.foreign_requests == [], f"requests left 127.0.0.1: {self.foreign_requests}"


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# Every layout shift a page makes, from its first paint (the layout-shift tests of the plain and private sites).
RECORD_SHIFTS = """
window.__ftShifts = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__ftShifts.push({
    value: e.value,
    nodes: (e.sources || []).map(s => s.node ? (s.node.id || s.node.className || s.node.nodeName) : "?")});
}).observe({type: "layout-shift", buffered: true});
"""
