"""render_pages with a memo (as `mkdocs serve` keeps it) makes exactly the pages a fresh render makes,
after edits, renames, deletions and additions, on another day and with other settings (issue 19)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import textwrap

from sitekit import BASIC

from generator.adapters.message_templates import drafter_for
from generator.adapters.opportunity_files import load_pipeline
from generator.core.settings import Settings
from generator.core.site.pages import RenderOptions, render_pages

TODAY = dt.date(2026, 11, 25)


def _write(folder, opp_id, text):
    path = folder / f"{opp_id}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def _many(folder, count):
    for i in range(count):  # enough log entries for several Timeline pages and stage lists
        _write(folder, f"bulk/opp{i}", f"company: Bulk {i}\nrole: Engineer\nlog:\n"
               + "".join(f"  - {{date: 2026-{9 + k % 3:02d}-{1 + (i + k) % 27:02d}, type: follow-up, note: n{i}-{k}}}\n"
                         for k in range(3)))


def test_memo_gives_the_pages_a_fresh_render_gives(tmp_path):
    folder = tmp_path / "pipeline"
    for opp_id, text in BASIC.items():
        _write(folder, opp_id, text)
    _many(folder, 90)
    settings = Settings(root=tmp_path)
    memo, parsed = {}, {}

    def check(today=TODAY, settings=settings):
        with_memo = render_pages(
            load_pipeline(folder, today, memo=parsed),
            settings,
            today,
            RenderOptions(drafter=drafter_for(settings, today)),
            memo=memo,
        )
        options = RenderOptions(drafter=drafter_for(settings, today))
        fresh = render_pages(load_pipeline(folder, today), settings, today, options)
        assert with_memo.keys() == fresh.keys()
        assert [src for src in fresh if with_memo[src] != fresh[src]] == []
        return with_memo

    first = check()
    assert len(memo["pages"]) > 90
    check()  # nothing changed: every page from the memo
    acme = folder / "acme" / "backend.yml"
    acme.write_text(acme.read_text(encoding="utf-8").replace("Payments team.", "Ledger team."), encoding="utf-8")
    bulk = folder / "bulk" / "opp7.yml"
    bulk.write_text(bulk.read_text(encoding="utf-8").replace("n7-1", "changed note"), encoding="utf-8")
    check()  # edits alone: the same rows on every list page, one of them different
    (folder / "hooli.yml").rename(folder / "hooli-ml.yml")
    (folder / "oldco.yml").unlink()
    _write(folder, "umbrella", "company: Umbrella\nrole: SRE\nlog:\n  - {date: 2026-11-20, type: applied}\n")
    pages = check()
    assert "Ledger team" in pages["opportunities/acme/backend.md"].body
    assert "opportunities/hooli.md" in first and "opportunities/hooli.md" not in pages
    check(today=TODAY + dt.timedelta(days=3))
    check(settings=dataclasses.replace(settings, skip_weekends=False))
