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
from pathlib import Path

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


def _wait_for_log(log: Path, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in log.read_text(encoding="utf-8", errors="replace"):
            return True
        time.sleep(0.2)
    return False


def test_serve_rebuilds_when_a_pipeline_file_changes(tmp_path):
    root = make_project(tmp_path / "repo", {"globex": BASIC["globex"]})
    config = root / "mkdocs.yml"  # the plugin watches pipeline/ itself, without `watch:` in mkdocs.yml
    config.write_text(config.read_text(encoding="utf-8").replace("watch:\n  - pipeline\n", ""), encoding="utf-8")
    assert "watch:" not in config.read_text(encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "FOLLOW_THROUGH_TODAY": "2026-11-25", "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}/"
        assert _wait_for(url, "Globex", seconds=120), "the dashboard was not served"
        # MkDocs logs the watched folders once its watcher has them (the watches are in place when
        # observer.start() returns, before the first page is served): a change from now on is seen.
        # One save, as a user makes it; no second save to paper over a missed event.
        assert _wait_for_log(log, "Watching paths for changes", 30), log.read_text(encoding="utf-8")
        watched = next(line for line in log.read_text(encoding="utf-8").splitlines() if "Watching paths" in line)
        assert "'pipeline'" in watched, watched
        (root / "pipeline" / "umbrella.yml").write_text("company: Umbrella Health\nrole: SRE\n", encoding="utf-8")
        assert _wait_for_log(log, "Detected file changes", 30), "the new file in pipeline/ was not seen"
        # The rebuild's time depends on the machine's load: wait for its result with a generous deadline.
        assert _wait_for(url, "Umbrella Health", seconds=120), "a new file in pipeline/ did not rebuild the dashboard"
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
