"""`mkdocs build` with a user's broken message template: located, and the dashboard still builds."""

from __future__ import annotations

import html
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
from sitekit import make_project, mkdocs_build

INITECH = {
    "initech": """\
        company: Initech
        role: Platform Engineer
        contacts: [{name: Maria Garcia}]
        log:
          - {date: 2026-11-10, type: applied}
        """,
}


def test_a_broken_template_is_reported_and_the_default_draft_shown(tmp_path):
    root = make_project(tmp_path / "repo", INITECH)
    (root / "overrides" / "messages" / "check-in.md").write_text(
        "Subject: Hi\n\n{{ greeting }}\n{{ contact.nickname }}\n", encoding="utf-8")
    built = mkdocs_build(root, "--strict", site=tmp_path / "site")
    assert built.result.returncode == 0, built.result.stderr  # a template never stops the dashboard
    assert "overrides/messages/check-in.md:4: warning: " in built.result.stderr
    assert "has no attribute 'nickname'" in built.result.stderr
    today = html.unescape(built.html())
    assert "1 problem in your message templates" in today
    assert "overrides/messages/check-in.md:4: warning:" in today
    page = html.unescape(built.html("opportunities/initech/index.html"))
    assert "Subject: Platform Engineer at Initech: next steps?" in page  # the built-in default


def test_the_users_own_template_is_used_on_the_site(tmp_path):
    root = make_project(tmp_path / "repo", INITECH)
    (root / "overrides" / "messages" / "check-in.md").write_text(
        "Subject: Hello from {{ company }}\n\n{{ greeting }} my own words.\n", encoding="utf-8")
    built = mkdocs_build(root, "--strict", site=tmp_path / "site")
    assert built.result.returncode == 0, built.result.stderr
    page = html.unescape(built.html("opportunities/initech/index.html"))
    assert "Subject: Hello from Initech\n\nHi Maria, my own words." in page
    assert not (built.site / "messages").exists()  # templates are not published
