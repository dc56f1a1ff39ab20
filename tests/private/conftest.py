"""Fixtures of the private dashboard's tests: encrypted builds of fixture pipelines, served on 127.0.0.1.

The static server and open_page are the site tests' own (tests/site/conftest.py), re-exported
here; the browser is this folder's, started per module and closed before the site tests start
theirs (two live Playwright sessions do not mix). Projects are made with tests/site/sitekit.py.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SITE_TESTS = Path(__file__).resolve().parent.parent / "site"
sys.path.insert(0, str(SITE_TESTS))

from sitekit import BASIC, CHROMIUM, CHROMIUM_ARGS  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from privatekit import DISTINCT, build_encrypted  # noqa: E402

_spec = importlib.util.spec_from_file_location("site_fixtures", SITE_TESTS / "conftest.py")
_site_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_site_fixtures)
serve = _site_fixtures.serve
open_page = _site_fixtures.open_page


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def private_site(tmp_path_factory, serve):
    """BASIC and DISTINCT built encrypted, served; its site_url is the server's."""
    folder = tmp_path_factory.mktemp("private")
    url = serve(folder / "site")
    built = build_encrypted(folder, {**BASIC, **DISTINCT}, url)
    assert built.result.returncode == 0, built.result.stderr
    built.url = url
    return built
