"""`mkdocs serve --dirty` (what `make serve` runs) keeps the pages a change does not touch, and still
serves what a clean build makes: files edited, renamed, deleted and added in pipeline/, then a setting
changed (issue 19). Kept means not written again: the untouched pages' files keep their inode and
modification time (issue 25: the plugin's own "pages kept" line said so whether or not MkDocs honoured it)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from sitekit import BASIC, TODAY, make_project, mkdocs_build

LIVERELOAD = re.compile(rb"<script>\s*var livereload = .*?</script>(?=</body>)", re.DOTALL)  # what serve adds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return LIVERELOAD.sub(b"", response.read())
    except urllib.error.HTTPError as exc:
        return None if exc.code == 404 else b"HTTP %d" % exc.code
    except OSError:
        return b"unreachable"


def _served_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                  if p.is_file() and (p.suffix in (".html", ".ics", ".json") or p.name == "sitemap.xml"))


def _differences(base: str, clean: Path) -> list[str]:
    wrong = []
    for rel in _served_files(clean):
        url = base + (rel.removesuffix("index.html"))
        if _get(url) != (clean / rel).read_bytes():
            wrong.append(rel)
    return wrong


def _same_as_clean_build(root: Path, base: str, tmp: Path, gone: list[str] = (), seconds: float = 90) -> None:
    clean = mkdocs_build(root, site=tmp)
    assert clean.result.returncode == 0, clean.result.stderr
    deadline = time.monotonic() + seconds
    while True:
        wrong = _differences(base, tmp)
        wrong += [path for path in gone if _get(base + path) is not None]
        if not wrong or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert wrong == [], f"served pages differ from a clean build: {wrong[:10]}"


def _serve(root: Path, port: int, env: dict, log) -> subprocess.Popen:
    """`mkdocs serve --dirty`, as `make serve` runs it."""
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                            cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)


def _written(path: Path) -> tuple[int, int]:
    """(inode, modification time): a file written again has a new one of either."""
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns


def test_a_saved_edit_writes_only_the_pages_it_touches(tmp_path):
    """The files of the pages an edit does not touch are not written again (MkDocs' dirty build skips
    them); the edited opportunity's page and the list pages are. Fails when MkDocs stops honouring it."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    root = make_project(tmp_path / "repo", BASIC, site_url=base)
    temp = tmp_path / "tmp"  # where `mkdocs serve` makes its site folder (mkdtemp)
    temp.mkdir()
    env = {**os.environ, "FOLLOW_THROUGH_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1",
           "TMPDIR": str(temp)}
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")  # noqa: SIM115 (open while the server runs)
    server = _serve(root, port, env, log)
    try:
        _same_as_clean_build(root, base, tmp_path / "clean0")
        [site] = [p for p in temp.iterdir() if p.name.startswith("mkdocs_")]
        untouched = site / "opportunities" / "globex" / "index.html"
        edited = site / "opportunities" / "acme" / "backend" / "index.html"
        before = {path: _written(path) for path in (untouched, edited, site / "index.html")}
        time.sleep(1.5)  # the watcher starts a moment after the first build
        acme = root / "pipeline" / "acme" / "backend.yml"
        acme.write_text(acme.read_text(encoding="utf-8").replace("Payments team.", "Payments and ledger team."),
                        encoding="utf-8")
        deadline = time.monotonic() + 90
        while b"Payments and ledger team." not in (_get(base + edited.relative_to(site).parent.as_posix() + "/")
                                                     or b"") and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _written(edited) != before[edited]  # the edited page: written again
        assert _written(site / "index.html") != before[site / "index.html"]  # Today lists it: written again
        assert _written(untouched) == before[untouched]  # untouched: the same file, not written again
        log.seek(0)  # MkDocs warns of a dirty build's stale nav; the dashboard builds every page whose nav can change
        assert "'dirty' build" not in log.read(), "make serve's first build warned about --dirty"
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_served_pages_match_a_clean_build_after_edits_renames_deletions_and_a_setting(tmp_path):
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    root = make_project(tmp_path / "repo", BASIC, site_url=base)
    env = {**os.environ, "FOLLOW_THROUGH_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")  # noqa: SIM115 (open while the server runs)
    server = _serve(root, port, env, log)
    try:
        _same_as_clean_build(root, base, tmp_path / "clean0")
        time.sleep(1.5)  # the watcher starts a moment after the first build
        pipeline = root / "pipeline"
        acme = pipeline / "acme" / "backend.yml"
        acme.write_text(acme.read_text(encoding="utf-8").replace("Payments team.", "Payments and ledger team."),
                        encoding="utf-8")
        (pipeline / "hooli.yml").rename(pipeline / "hooli-ml.yml")  # a new id: a new page, the old one gone
        (pipeline / "oldco.yml").unlink()
        (pipeline / "umbrella.yml").write_text("company: Umbrella Health\nrole: SRE\nlog:\n"
                                               "  - {date: 2026-11-20, type: applied}\n", encoding="utf-8")
        _same_as_clean_build(root, base, tmp_path / "clean1", gone=["opportunities/hooli/", "opportunities/oldco/"])

        config = root / "mkdocs.yml"  # a setting: every page again
        config.write_text(config.read_text(encoding="utf-8").replace("active: 10", "active: 4"), encoding="utf-8")
        _same_as_clean_build(root, base, tmp_path / "clean2")
        main = root / "overrides" / "main.html"  # a template: every page again
        main.write_text(main.read_text(encoding="utf-8").replace("{% block footer %}", "{% block footer %}"
                                                                 "<!-- template changed -->"), encoding="utf-8")
        # serve does not watch the templates (without --watch-theme): the next save in pipeline/ shows them
        (pipeline / "umbrella.yml").write_text("company: Umbrella Health\nrole: SRE\n", encoding="utf-8")
        _same_as_clean_build(root, base, tmp_path / "clean3")
        assert "<!-- template changed -->" in (_get(base + "opportunities/globex/") or b"").decode()
    finally:
        server.terminate()
        server.wait(timeout=20)
    log.seek(0)
    output = log.read()
    assert "Traceback" not in output
    kept = [int(n) for n in re.findall(r"(\d+) of \d+ pages kept from the last build", output)]
    assert kept and max(kept) >= 4, output[-3000:]  # unchanged opportunity pages were reused
