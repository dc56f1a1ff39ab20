"""The JSON Schema stays in step with the validator; settings come from mkdocs.yml."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator.adapters.mkdocs_config import load_settings
from generator.commands.schema import SCHEMA_PATH, schema_text
from generator.core.problems import UserError
from generator.core.settings import settings_from_options

ROOT = Path(__file__).resolve().parents[2]


def test_committed_schema_is_current():
    assert (ROOT / SCHEMA_PATH).read_text(encoding="utf-8") == schema_text(), (
        "schema is stale: run `python -m generator schema --write`"
    )


def test_schema_rejects_what_the_validator_rejects():
    schema = json.loads(schema_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"company": "A", "role": "B", "wait_untill": "2026-01-01"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"company": "A"}, schema)


def test_settings_defaults_without_options():
    s = settings_from_options(None)
    assert (s.timezone, s.skip_weekends, s.default_gaps) == ("UTC", True, (7, 7, 10, 14))
    assert (s.targets.active, s.privacy.show_email, s.privacy.show_phone) == (10, False, False)


def test_settings_read_from_mkdocs_yml_with_material_tags(tmp_path, monkeypatch):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\n"
        "site_url: !ENV [FT_SITE_URL, 'https://me.example/jobs']\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n"
        "  - search\n"
        "  - follow-through:\n"
        "      timezone: Europe/London\n"
        "      cadence: {default: [5, 5], interviewing: [3]}\n"
        "      targets: {active: 12}\n"
        "      privacy: {show_email: true}\n"
    )
    s = load_settings(tmp_path / "mkdocs.yml")
    assert s.timezone == "Europe/London" and s.default_gaps == (5, 5)
    assert s.gaps_for("interviewing") == (3,) and s.gaps_for("applied") == (5, 5)
    assert s.targets.active == 12 and s.targets.new_per_week == 3
    assert s.privacy.show_email and not s.privacy.show_phone
    assert s.site_url == "https://me.example/jobs/"
    assert s.pipeline_path == tmp_path / "pipeline"


@pytest.mark.parametrize(
    "options,message",
    [
        ({"timezone": "Mars/Olympus"}, "timezone: 'Mars/Olympus' is not a known time zone"),
        ({"cadence": [7, "x"]}, "cadence: expected a list of whole numbers of days"),
        ({"cadence": {"interviwing": [3]}}, "cadence: unknown option 'interviwing'"),
        ({"targets": {"active": -1}}, "targets: active: expected a whole number"),
        ({"skip_weekend": True}, "unknown option 'skip_weekend'"),
    ],
)
def test_bad_settings_are_clear_errors(options, message):
    with pytest.raises(UserError, match=message.replace("(", r"\(")):
        settings_from_options(options)


def test_bad_settings_through_the_cli(project):
    project.write("mkdocs.yml", "site_name: t\nplugins:\n  - follow-through:\n      timezone: Nowhere/Land\n")
    result = project.run("due")
    assert result.returncode == 2
    assert result.stderr.startswith("error: mkdocs.yml: plugins: follow-through: timezone: 'Nowhere/Land'")


def _mkdocs_build(project, options: str):
    import os
    import subprocess
    import sys

    (project.root / "docs").mkdir(exist_ok=True)
    project.write("mkdocs.yml", "site_name: t\ntheme: {name: material, font: false}\nplugins:\n"
                  "  - follow-through:\n" + options, dedent=False)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict"], check=False, cwd=project.root,
                          capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, timeout=300)


def test_the_site_checks_options_as_the_cli_does(project):
    """Options are declared once: the plugin's messages are the settings' messages, the same as `due` gives."""
    options = "      skip_weekends: 'yes'\n"
    build = _mkdocs_build(project, options)
    assert build.returncode != 0
    assert "skip_weekends: expected true or false; got 'yes'" in build.stderr
    assert "skip_weekends: expected true or false; got 'yes'" in project.run("due").stderr


def test_every_option_reaches_the_site(project):
    project.opportunity("acme", "company: Acme\nrole: Backend\ncontacts: [{name: Jo, email: jo@acme.example}]\n")
    build = _mkdocs_build(project, "      privacy: {show_email: true}\n      targets: {active: 1}\n")
    assert build.returncode == 0, build.stderr
    page = next((project.root / "site").rglob("acme*/index.html")).read_text(encoding="utf-8")
    assert "jo@acme.example" in page


def test_schedule_agenda_and_site_import_no_file_reading():
    """The settings record is pure; reading mkdocs.yml lives in generator.adapters.mkdocs_config."""
    import subprocess
    import sys

    code = (
        "import sys, generator.core.schedule, generator.core.agenda, generator.core.site.model\n"
        "import generator.core.settings\n"
        "print(sorted(m for m in sys.modules if m in\n"
        "             ('yaml', 'generator.adapters.mkdocs_config', 'generator.adapters.opportunity_files')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
