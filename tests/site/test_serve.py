"""`mkdocs serve` rebuilds the dashboard when a file in pipeline/ changes."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from sitekit import BASIC, ROOT, make_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, text: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _get(url):
            return True
        time.sleep(0.3)
    return False


def test_serve_rebuilds_when_a_pipeline_file_changes(tmp_path):
    root = make_project(tmp_path / "repo", {"globex": BASIC["globex"]})
    config = root / "mkdocs.yml"  # the plugin watches pipeline/ itself, without `watch:` in mkdocs.yml
    config.write_text(config.read_text(encoding="utf-8").replace("watch:\n  - pipeline\n", ""), encoding="utf-8")
    assert "watch:" not in config.read_text(encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "FOLLOW_THROUGH_TODAY": "2026-11-25", "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        assert _wait_for(url, "Globex"), "the dashboard was not served"
        new_file = root / "pipeline" / "umbrella.yml"
        rebuilt = False
        # The file watcher may start a moment after the first page is served, so a
        # change made in that moment is missed; a user saves again. So does the test,
        # every 10 s, for at most a minute.
        for attempt in range(6):
            new_file.write_text(f"company: Umbrella Health\nrole: SRE\n# save {attempt}\n", encoding="utf-8")
            if _wait_for(url, "Umbrella Health", seconds=10):
                rebuilt = True
                break
        assert rebuilt, "a new file in pipeline/ did not rebuild the dashboard"
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_make_serve_on_a_taken_port_says_so_in_one_line():
    """`make serve` when the port is in use: one line naming the port and how to pick another, no traceback."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # As a user types it: not a sub-make of `make test` (whose errors read `make[1]: ***`).
        env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
        make = subprocess.Popen(["make", "--no-print-directory", "serve", f"PORT={port}"], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            out, err = make.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(make.pid, signal.SIGTERM)
            make.communicate()
            raise AssertionError(f"make serve PORT={port} kept running on a taken port") from None
    assert make.returncode != 0
    assert "Traceback" not in out + err
    ours = [line for line in (out + err).splitlines() if line and not re.match(r"make(\[\d+\])?: \*\*\*", line)]
    assert ours == [f"port {port} is taken (is the dashboard already served?): "
                    f"pick another with make serve PORT={port + 1}"]
