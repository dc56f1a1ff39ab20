"""The JSON Schema (what editors use) and `check` judge every file of the corpus alike.

tests/core/corpus/*.yml: deliberately wrong or unusual files, each opening with
`# expect: valid|invalid` (check's verdict; warnings do not fail check) and, where JSON Schema
cannot say what `check` says, `# differs: KEY` naming one of KNOWN_DIFFERENCES (listed in
guide/file-format.md). Both tools run on every file, as a user runs them: `check` over a project holding the
corpus, `check-jsonschema` (a tool nobody here wrote) on the committed schema.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands.schema import SCHEMA_PATH
from tests.conftest import ROOT

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(CORPUS.glob("*.yml"))

# What JSON Schema cannot say; guide/file-format.md lists the same.
KNOWN_DIFFERENCES = {
    "anchors-aliases": "anchors and aliases are refused by check (they can blow a file up); a schema sees the "
    "expanded value",
    "tags": "YAML tags (!!str) are refused by check; a schema sees the tagged value",
    "number-forms": "check takes days only as plain digits; a YAML 1.2 reader also makes 7.0 and 0x10 whole "
    "numbers",
    "closing-entry-order": "an outcome stays allowed only when the closing entry is the latest; "
    "a schema cannot order the log by date",
}


def header(path: Path) -> dict[str, str]:
    text = path.read_bytes().decode("utf-8", "replace").lstrip("\ufeff")
    return dict(re.findall(r"^# (expect|differs): (\S+)", text, re.MULTILINE))


def check_verdicts(project) -> dict[str, str]:
    shutil.rmtree(project.pipeline)
    shutil.copytree(CORPUS, project.pipeline)
    result = project.run("check", "--today", "2026-11-25")
    assert "Traceback" not in result.stderr
    failed = {line.split(":", 1)[0] for line in result.stdout.splitlines() if ": warning: " not in line}
    return {p.name: "invalid" if f"pipeline/{p.name}" in failed else "valid" for p in CASES}


def schema_verdicts() -> dict[str, str]:
    tool = Path(sys.executable).with_name("check-jsonschema")
    if not tool.exists():
        pytest.fail("check-jsonschema is missing: run scripts/setup (it is in the test extra)")
    result = subprocess.run(
        [str(tool), "--schemafile", str(ROOT / SCHEMA_PATH), "-o", "json", *[p.name for p in CASES]],
        check=False,
        cwd=CORPUS,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    failed = {e["filename"] for e in report.get("errors", []) + report.get("parse_errors", [])}
    return {p.name: "invalid" if p.name in failed else "valid" for p in CASES}


def test_the_corpus_is_big_enough_and_every_case_says_its_verdict():
    assert len(CASES) >= 44
    for path in CASES:
        found = header(path)
        assert found.get("expect") in ("valid", "invalid"), path.name
        assert found.get("differs", "anchors-aliases") in KNOWN_DIFFERENCES, path.name


def test_check_and_the_json_schema_agree_on_every_case(project):
    by_check, by_schema = check_verdicts(project), schema_verdicts()
    wrong, disagree, known = [], [], []
    for path in CASES:
        expected = header(path)
        if by_check[path.name] != expected["expect"]:
            wrong.append(f"{path.name}: check says {by_check[path.name]}, expected {expected['expect']}")
        if "differs" in expected:
            known.append(path.name)
            if by_schema[path.name] == by_check[path.name]:
                disagree.append(f"{path.name}: listed as a known difference, but both now say {by_check[path.name]}")
        elif by_schema[path.name] != by_check[path.name]:
            disagree.append(f"{path.name}: check says {by_check[path.name]}, the schema {by_schema[path.name]}")
    assert not wrong, "\n".join(wrong)
    assert not disagree, "\n".join(disagree)
    agreed = len(CASES) - len(known)
    print(f"\ncheck and the JSON Schema agree on {agreed} of {agreed} cases ({len(known)} known differences)")


def test_the_guide_lists_every_known_difference():
    guide = (ROOT / "guide" / "file-format.md").read_text(encoding="utf-8")
    for key in KNOWN_DIFFERENCES:
        assert f"`{key}`" in guide, key
