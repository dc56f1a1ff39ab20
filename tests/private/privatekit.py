"""What the private dashboard's tests share: the passphrase, the fixture pipeline of made-up names,
and an encrypted build of a project made as a user makes it (tests/site/sitekit.py)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "site"))

from sitekit import make_project, mkdocs_build

PASSPHRASE = "quartz lantern meadow orbit"
ENCRYPT = "      privacy:\n        encrypt: true\n"
PLAIN = "      privacy:\n        show_email: false\n        show_phone: false\n"

# Names nobody else uses, in every field a user types (and outside ASCII and the BMP), so a
# search of the built files for them finds only real leaks.
DISTINCT = {
    "quokkaworks/zanzibar-platform": """\
        company: Quokkaworks Zanzibar
        role: Vermilion Pipewrangler
        priority: high
        url: https://quokkaworks.example/jobs/77123
        location: Ouagadougou Annex
        source: Xylophonic Meetupery
        tags: [ferrocene, blorptag]
        contacts:
          - name: Thaddeus Quimbleton
            role: Kraken Whisperer
            email: thaddeus@quokkaworks.example
            phone: "+44 20 7946 0958"
            linkedin: https://www.linkedin.com/in/quimbleton
        ideas: ["Sprocket gyroscopic refactorium"]
        notes: |
          Zorblax quibbleflux.
        log:
          - {date: 2026-11-10, type: applied}
          - {date: 2026-11-24, type: interview, with: Thaddeus Quimbleton, note: Flumphwidget jitterbug}
        """,
    "nébula/ḧyperspace-🦜": """\
        company: Nebulacorp Ültrafine 𝔊𝔬𝔱𝔥𝔦𝔠
        role: Ŝurveyor of Ḧyperspace 🦜
        contacts: [{name: Ørjan Ñúñez-Brûlée, email: orjan@nebula.example}]
        ideas: ["Parrotology 🦜 for 𝔐𝔞𝔯𝔰"]
        log:
          - {date: 2026-11-16, type: applied, note: "Wrote to Ørjan about 𝔚𝔦𝔡𝔤𝔢𝔱𝔰"}
        """,
    "grimsby-closed": """\
        company: Grimsby Fandangle
        role: Obsidianish Ledgerkeeper
        stage: closed
        outcome: rejected
        log:
          - {date: 2026-10-01, type: applied}
          - {date: 2026-10-10, type: rejection, note: Snorkelvane reorg}
        """,
}


# A page the user wrote by hand in docs/: sealed too, at an opaque path, with a neutral nav label.
HAND_WRITTEN = {"interview-prep.md": "# Salary negotiation crib\n\nBrindlewick counteroffer rehearsal.\n"}
JOB_SEARCH_WORDS = re.compile(
    rb"job[ -]?search|\bjobs?\b|career|recruit|interview|opportunit|\boffers?\b|hiring|\bapplied\b|"
    rb"application(?!/)|r[e\xc3\xa9]sum[e\xc3\xa9]|salary|negotiat|follow-ups? due today", re.I)


def build_encrypted(folder: Path, opportunities: dict, url: str = "", passphrase: str | None = PASSPHRASE,
                    options: str = ENCRYPT, extra_config: str = "", docs: dict | None = None, args=()):
    root = make_project(folder / "repo", opportunities, plugin_options=options, site_url=url)
    for name, text in (docs or {}).items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    if extra_config:
        config = root / "mkdocs.yml"
        config.write_text(extra_config + config.read_text(encoding="utf-8"), encoding="utf-8")
    env = {"FOLLOW_THROUGH_PASSPHRASE": passphrase} if passphrase is not None else {}
    return mkdocs_build(root, *args, site=folder / "site", env=env)
