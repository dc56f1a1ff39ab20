"""The README and the guide: short front door, links that resolve, a reference and a layout in sync."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "guide").glob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|<img[^>]*\bsrc=\"([^\"]+)\"")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    found: set[str] = set()
    for line in FENCE.sub("", page.read_text(encoding="utf-8")).splitlines():
        if m := re.match(r"#{1,6}\s+(.*)", line):
            slug, n = github_slug(m.group(1)), 0
            while (slug if n == 0 else f"{slug}-{n}") in found:
                n += 1
            found.add(slug if n == 0 else f"{slug}-{n}")
    return found


def links(page: Path) -> list[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    text = re.sub(r"`[^`\n]*`", "", text)  # code spans are not links
    return [m.group(1) or m.group(2) for m in LINK.finditer(text)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(page):
    broken = []
    for target in links(page):
        if re.match(r"[a-z]+:", target):
            continue  # http(s), mailto: not checked offline
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(f"{target}: no such file")
        elif anchor and file.suffix == ".md" and anchor not in anchors(file):
            broken.append(f"{target}: no heading #{anchor} in {file.relative_to(ROOT)}")
    assert not broken, f"{page.relative_to(ROOT)}: " + "; ".join(broken)


def test_the_readme_reads_in_five_minutes():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 200
    for what in ("make serve", "make test", ".venv/bin/follow-through", "docs/screenshots/", "guide/publishing.md"):
        assert what in text


def test_no_section_markers_are_left():
    for page in PAGES:
        assert not re.search(r"<!--\s*[\w-]+:(begin|end)\s*-->", page.read_text(encoding="utf-8")), page


def test_the_command_reference_is_generated_from_the_commands():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "command_reference.py"), "--check"],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    from generator.cli import COMMANDS

    reference = (ROOT / "guide" / "commands.md").read_text(encoding="utf-8")
    assert all(f"\n## {name}\n" in reference for name in COMMANDS)


def _tracked_top_level() -> set[str]:
    if (ROOT / ".git").exists():
        done = subprocess.run(["git", "ls-files"], check=False, cwd=ROOT, capture_output=True, text=True, timeout=30)
        if done.returncode == 0 and done.stdout:
            return {line.split("/")[0] for line in done.stdout.splitlines()}
    ignored = {".git", ".venv", "site", "build", ".pytest_cache", ".hypothesis", "test-artifacts", "__pycache__"}
    return {p.name for p in ROOT.iterdir() if p.name not in ignored and not p.name.endswith(".egg-info")}


def _layout_paths() -> list[str]:
    text = (ROOT / "guide" / "development.md").read_text(encoding="utf-8")
    table = text.split("## Layout", 1)[1].split("\n#", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    return [path for row in rows for path in re.findall(r"`([^`]+)`", row.split("|")[1])]


def test_the_layout_table_matches_the_tree():
    listed = _layout_paths()
    assert not [p for p in listed if not (ROOT / p.rstrip("/")).exists()], "rows naming no file"
    names = {p.rstrip("/") for p in listed}
    unlisted = sorted(name for name in _tracked_top_level() if name not in names)
    assert not unlisted, f"top-level entries missing from guide/development.md's layout: {unlisted}"
    package = ROOT / "generator"
    modules = {
        f"generator/{p.name}"
        for p in package.iterdir()
        if p.name != "__pycache__" and (p.suffix == ".py" or (p.is_dir() and any(p.iterdir())))
    }
    missing = sorted(m for m in modules if m not in names)
    assert not missing, f"modules missing from guide/development.md's layout: {missing}"


def test_vs_code_maps_pipeline_files_to_the_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    schemas = settings["yaml.schemas"]  # the opportunity files' schema, and mkdocs.yml's (the plugin's options)
    assert set(schemas) == {"./schema/opportunity.schema.json", "./schema/mkdocs.schema.json"}
    assert all((ROOT / schema).is_file() for schema in schemas)
    assert set(schemas["./schema/opportunity.schema.json"]) == {"pipeline/**/*.yml", "pipeline/**/*.yaml"}
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]
