"""Reminder titles and bodies round-trip any Unicode (emoji, characters outside the BMP) through
the stand-in GitHub: what comes back is what was sent, so a rerun changes nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.adapters.github.client import GitHub
from generator.adapters.github.reminder_sync import sync
from generator.adapters.opportunity_files import load_pipeline
from generator.core.settings import Settings

from .fake_github import FakeGitHub

TODAY = dt.date(2026, 11, 25)
# What a YAML file can hold: no surrogates, controls, private use or unassigned code points.
CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn", "Zl", "Zp")) | st.sampled_from(
    "🚀😀𝔘𝔫𝔦𝔠𝔬𝔡𝔢中文é👩‍💻"
)
NAMES = st.text(CHARS, min_size=1, max_size=40).filter(lambda t: t.split())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(company=NAMES, role=NAMES)
def test_titles_and_bodies_round_trip_any_unicode(tmp_path_factory, company, role):
    root = tmp_path_factory.mktemp("unicode")
    (root / "pipeline").mkdir()
    (root / "pipeline" / "opp.yml").write_text(
        f"company: {json.dumps(company, ensure_ascii=False)}\nrole: {json.dumps(role, ensure_ascii=False)}\n"
        "added: 2026-11-25\n",
        encoding="utf-8",
    )
    pipeline = load_pipeline(root / "pipeline", TODAY)
    assert not pipeline.errors, pipeline.errors
    fake = FakeGitHub().start()
    try:
        client = GitHub(fake.token, fake.url)
        config = Settings(root=root)
        with contextlib.redirect_stdout(io.StringIO()):
            first = sync(client, fake.repo, pipeline, config, TODAY)
        [issue] = fake.issues.values()
        assert first["create"] == 1
        assert " ".join(company.split()) in issue["title"] and " ".join(role.split()) in issue["title"]
        with contextlib.redirect_stdout(io.StringIO()):
            again = sync(client, fake.repo, pipeline, config, TODAY)
        assert (again["create"], again["update"], again["keep"]) == (0, 0, 1)
        assert fake.invalid == []
    finally:
        fake.stop()
