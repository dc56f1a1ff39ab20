"""Fixtures of the private dashboard's tests: encrypted builds of fixture pipelines, served on 127.0.0.1.

The static server and open_page are the site tests' own (tests/site/conftest.py), re-exported
here, and so is their browser (sitekit.shared_chromium: one Playwright session per run).
Projects are made with tests/site/sitekit.py, as a user makes them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SITE_TESTS = Path(__file__).resolve().parent.parent / "site"
sys.path.insert(0, str(SITE_TESTS))

from sitekit import BASIC, close_chromium, shared_chromium  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from privatekit import DISTINCT, HAND_WRITTEN, build_encrypted  # noqa: E402

_spec = importlib.util.spec_from_file_location("site_fixtures", SITE_TESTS / "conftest.py")
_site_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_site_fixtures)
serve = _site_fixtures.serve
open_page = _site_fixtures.open_page


@pytest.fixture(scope="session")
def chromium():
    yield shared_chromium()  # the site tests' browser: one Playwright session per run
    close_chromium()


@pytest.fixture(scope="session")
def private_site(tmp_path_factory, serve):
    """BASIC and DISTINCT and a hand-written page built encrypted (with a repo_url), served; its site_url is the
    server's."""
    folder = tmp_path_factory.mktemp("private")
    url = serve(folder / "site")
    built = build_encrypted(folder, {**BASIC, **DISTINCT}, url, docs=HAND_WRITTEN,
                            extra_config="repo_url: https://github.com/quimbleton/job-hunt-private\n")
    assert built.result.returncode == 0, built.result.stderr
    built.url = url
    return built
