"""Benchmark a saved edit under `mkdocs serve`: how soon the open page in the browser shows it.

Run: `.venv/bin/python bench/serve_bench.py [--edits E] [N ...]` (default 250 and 1000, E = 5).
For each N it makes the synthetic project of bench/site_bench.py (N opportunities) and a bare
Material site of N plain pages as large as an average opportunity page, serves both
(ours with `mkdocs serve --dirty`, as `make serve` runs it; the bare site with `mkdocs serve`;
one after the other, each on its own port), opens one page of each in headless
Chromium, then E times: saves a change to the file behind that page (ours: a word in the
opportunity's notes; bare: a paragraph of the page) and times from the save until the open page
shows it (the watcher, the rebuild, the live reload, the browser). It prints the median and range
of each, the ratio, and the size of `search/search_index.json` of a clean build of each.

Targets (issue 19): at 250, under 1 s and at most 0.5x the bare site; at 1,000 at most 0.5x too;
the index at most 1 MB at 1,000. The machine is shared: the figures are noisy; both sites are
measured in the same run, taking turns, so a busy moment hits both.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import site_bench

CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """`mkdocs serve` of one project, its page to watch, and how to change that page's source."""

    def __init__(self, name: str, root: Path, page: str, source: Path, edit, serve_args: tuple[str, ...] = ()):
        self.name, self.root, self.page, self.source, self.edit = name, root, page, source, edit
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = {**os.environ, "FOLLOW_THROUGH_TODAY": site_bench.TODAY.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
        self.log = open(root / "serve.log", "w", encoding="utf-8")  # noqa: SIM115 (open while the server runs)
        command = [sys.executable, "-m", "mkdocs", "serve", *serve_args, "-a", f"127.0.0.1:{self.port}"]
        self.process = subprocess.Popen(command, cwd=root, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_ready(self, seconds: float = 300) -> None:
        import urllib.request

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + self.page, timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise SystemExit(f"{self.name}: mkdocs serve did not come up (see {self.root / 'serve.log'})")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def edit_note(path: Path, marker: str) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^notes: \|\n(  Bench-\w+\n)?", f"notes: |\n  {marker}\n", text, count=1, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")


def edit_markdown(path: Path, marker: str) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\n\nBench-\w+\n$", "\n", text)
    path.write_text(text + f"\n\n{marker}\n", encoding="utf-8")


def timed_edits(browser, served: list[Served], edits: int) -> dict[str, list[float]]:
    pages = {}
    for s in served:
        page = browser.new_page()
        page.goto(s.url + s.page)
        pages[s.name] = page
    time.sleep(3)  # the watchers start a moment after the first build
    took: dict[str, list[float]] = {s.name: [] for s in served}
    for number in range(edits):
        for s in served:  # taking turns
            marker = f"Bench-{s.name}-{number}-{int(time.time() * 1000) % 100000}"
            start = time.perf_counter()
            s.edit(s.source, marker)
            pages[s.name].get_by_text(marker).first.wait_for(timeout=120_000)
            took[s.name].append(time.perf_counter() - start)
            time.sleep(1.5)  # let the server settle before the next save
    for page in pages.values():
        page.close()
    return took


def index_size(root: Path) -> int:
    site_bench.build(root)
    return (root / "site" / "search" / "search_index.json").stat().st_size


def bench(n: int, edits: int, browser) -> tuple:
    with tempfile.TemporaryDirectory() as tmp:
        ours_root, bare_root = Path(tmp) / "ours", Path(tmp) / "bare"
        ours_root.mkdir()
        site_bench.make_project(ours_root, n)
        site_bench.make_bare(bare_root, n, site_bench.average_page_bytes(ours_root))
        sizes = index_size(ours_root), index_size(bare_root)
        i = 3 if n > 3 else 0
        served = [
            Served("ours", ours_root, f"opportunities/group{i % 50}/opp{i}/",
                   ours_root / "pipeline" / f"group{i % 50}" / f"opp{i}.yml", edit_note, ("--dirty",)),  # as make serve
            Served("bare", bare_root, f"pages/group{i % 50}/page{i}/",
                   bare_root / "docs" / "pages" / f"group{i % 50}" / f"page{i}.md", edit_markdown),
        ]
        try:
            for s in served:
                s.wait_ready()
            took = timed_edits(browser, served, edits)
        finally:
            for s in served:
                s.stop()
        return took["ours"], took["bare"], sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[250, 1000])
    parser.add_argument("--edits", type=int, default=5, help="saves timed per site (default 5); the median counts")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    def spread(values):
        return f"{statistics.median(values):5.2f}s ({min(values):.2f}-{max(values):.2f})"

    print(f"{'opportunities':>13}  {'edit -> browser, ours':>24}  {'bare Material':>24}  {'ratio':>6}  "
          f"{'index, ours':>12}  {'index, bare':>12}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        for n in sorted(args.sizes):
            ours, bare, (ours_index, bare_index) = bench(n, args.edits, browser)
            print(f"{n:>13,}  {spread(ours):>24}  {spread(bare):>24}  "
                  f"{statistics.median(ours) / statistics.median(bare):>5.2f}x  "
                  f"{ours_index / 1e6:>9.2f} MB  {bare_index / 1e6:>9.2f} MB", flush=True)
        browser.close()
    print(f"(median of {args.edits} saves each, from the save to the text in the open page; "
          "a shared machine: noisy, both sites measured taking turns)")


if __name__ == "__main__":
    main()
