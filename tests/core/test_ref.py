"""`ref` on a log entry: where it came from (`mid:…`, `ics:…`), one or a list; checked with its place; kept by edits."""

from __future__ import annotations

import json
import textwrap

import jsonschema
import yaml

from generator.commands.schema import SCHEMA_PATH
from generator.core.validate import validate_text
from tests.conftest import ROOT

FILE = """\
company: Acme Corp
role: Backend Engineer
# the log, as mail and I wrote it
log:
  - {date: 2026-11-10, type: applied, ref: mid:0123456789abcdef}  # from the mailbox
  - {date: 2026-11-12, type: follow-up, ref: [mid:1111111111111111, "mid:2222222222222222"]}
"""


def as_json(text: str):
    """The file as an editor's JSON Schema check sees it: dates as text."""
    return json.loads(json.dumps(yaml.safe_load(text), default=str))


def problems(text: str) -> list[str]:
    return [str(p) for p in validate_text("acme", "pipeline/acme.yml", textwrap.dedent(text))[1]]


def test_one_ref_or_a_list_of_them():
    opp, found = validate_text("acme", "pipeline/acme.yml", FILE)
    assert found == []
    assert [e.ref for e in opp.log] == [("mid:0123456789abcdef",), ("mid:1111111111111111", "mid:2222222222222222")]


def test_a_bad_ref_is_an_error_with_file_line_and_column():
    assert problems("""\
        company: A
        role: B
        log:
          - {date: 2026-11-10, type: applied, ref: []}
        """) == ["pipeline/acme.yml:4:44: log[0].ref: expected a ref (like mid:0123456789abcdef) or a list of refs, "
                 "found []"]
    assert problems("""\
        company: A
        role: B
        log:
          - date: 2026-11-10
            type: applied
            ref: [mid:1, {mid: 2}]
        """) == ["pipeline/acme.yml:6:18: log[0].ref[1]: expected a ref (like mid:0123456789abcdef), found a mapping"]


def test_a_misspelt_ref_key_gets_a_did_you_mean():
    found = problems("""\
        company: A
        role: B
        log:
          - {date: 2026-11-10, type: applied, reff: mid:1}
        """)
    assert len(found) == 1 and "unknown key 'reff'" in found[0] and "did you mean 'ref'" in found[0]


def test_the_committed_schema_takes_a_ref_and_a_list_and_refuses_an_empty_list():
    schema = json.loads((ROOT / SCHEMA_PATH).read_text())
    jsonschema.validate(as_json(FILE), schema)
    bad = as_json(FILE)
    bad["log"][0]["ref"] = []
    try:
        jsonschema.validate(bad, schema)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("an empty ref list passed the schema")


def test_log_keeps_the_refs_and_comments_of_the_file(project):
    path = project.opportunity("acme", FILE)
    result = project.run("log", "acme", "reply", "--date", "2026-11-20", "--today", "2026-11-20")
    assert result.returncode == 0, result.stderr
    assert path.read_text() == FILE + "  - {date: 2026-11-20, type: reply}\n"
    assert project.run("check", "--today", "2026-11-20").returncode == 0
