"""With encrypt: true and no passphrase: `mkdocs serve` on loopback and `make check` build plain, and say so;
every other build refuses."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from privatekit import DISTINCT, ENCRYPT, build_encrypted
from sitekit import make_project


def test_a_check_build_into_a_temporary_folder_is_plain(tmp_path):
    built = build_encrypted(tmp_path, DISTINCT, "https://me.example/", passphrase=None)
    assert built.result.returncode != 0  # an ordinary build refuses
    (tmp_path / "elsewhere").mkdir()
    outside = build_encrypted(tmp_path / "o", DISTINCT, "https://me.example/", passphrase=None)
    env = {"FOLLOW_THROUGH_LOCAL_CHECK": "1", "TMPDIR": str(tmp_path / "elsewhere")}
    from sitekit import mkdocs_build

    refused = mkdocs_build(outside.root, "--strict", site=tmp_path / "o" / "site2", env=env)
    assert refused.result.returncode != 0
    checked = mkdocs_build(outside.root, "--strict", site=tmp_path / "elsewhere" / "site",
                           env={"FOLLOW_THROUGH_LOCAL_CHECK": "1", "TMPDIR": str(tmp_path / "elsewhere")})
    assert checked.result.returncode == 0, checked.result.stderr
    assert "Quokkaworks Zanzibar" in (tmp_path / "elsewhere" / "site" / "index.html").read_text(encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(root, addr, env=None):
    env = {k: v for k, v in os.environ.items() if k != "FOLLOW_THROUGH_PASSPHRASE"} | (env or {}) | {
        "NO_MKDOCS_2_WARNING": "1", "FOLLOW_THROUGH_TODAY": "2026-11-25"}
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "--dev-addr", addr],
                            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_serve_on_loopback_is_a_plain_local_preview_and_says_so(tmp_path):
    root = make_project(tmp_path / "repo", DISTINCT, plugin_options=ENCRYPT, site_url="https://me.example/")
    port = _free_port()
    server = _serve(root, f"127.0.0.1:{port}")
    try:
        page = None
        for _ in range(120):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.5)
        assert page is not None
        assert "Local preview, not sealed" in page and "Quokkaworks Zanzibar" in page
    finally:
        server.terminate()
        out = server.communicate(timeout=30)[0]
    assert "LOCAL, NOT SEALED preview" in out


def test_serve_on_another_address_refuses_without_the_passphrase(tmp_path):
    root = make_project(tmp_path / "repo", DISTINCT, plugin_options=ENCRYPT, site_url="https://me.example/")
    server = _serve(root, f"0.0.0.0:{_free_port()}")
    try:
        out = server.communicate(timeout=120)[0]
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode != 0
    assert "FOLLOW_THROUGH_PASSPHRASE is not set" in out


def test_render_names_pages_as_the_sealed_site_does(tmp_path):
    from privatekit import PASSPHRASE

    root = make_project(tmp_path / "repo", DISTINCT, plugin_options=ENCRYPT, site_url="https://me.example/")
    env = {**os.environ, "FOLLOW_THROUGH_PASSPHRASE": PASSPHRASE}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "render", str(tmp_path / "out"), "--today", "2026-11-25"],
        check=False,
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    names = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert "index.md" in names and "calendar.ics" in names
    assert all(n in ("index.md", "calendar.ics") or n.startswith("p/") for n in names), names
