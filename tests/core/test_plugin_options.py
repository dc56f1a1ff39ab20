"""The plugin's options, declared once (generator/plugin/config.py): MkDocs' config options with their
defaults, checked by the settings' own rule (the CLI's), and a JSON Schema that editors use for
mkdocs.yml, kept in sync with them and checked by check-jsonschema (a tool nobody here wrote)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands.schema import PLUGIN_SCHEMA_PATH, plugin_schema_text
from generator.core.settings import OPTION_KEYS, Settings, settings_from_options
from generator.plugin.config import FollowThroughConfig, options
from tests.conftest import ROOT


def check_jsonschema(*files: Path) -> subprocess.CompletedProcess:
    tool = Path(sys.executable).with_name("check-jsonschema")
    if not tool.exists():
        pytest.fail("check-jsonschema is missing: run scripts/setup (it is in the test extra)")
    return subprocess.run([str(tool), "--schemafile", str(ROOT / PLUGIN_SCHEMA_PATH), *map(str, files)],
                          check=False, capture_output=True, text=True, timeout=120)


def test_the_committed_schema_is_the_one_the_options_make():
    assert (ROOT / PLUGIN_SCHEMA_PATH).read_text(encoding="utf-8") == plugin_schema_text(), (
        "schema/mkdocs.schema.json is stale: run `.venv/bin/python -m generator schema --write`"
    )


def test_editors_use_it_for_mkdocs_yml_as_they_do_the_schema_for_pipeline_files():
    mapped = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    assert mapped[f"./{PLUGIN_SCHEMA_PATH}"] == ["mkdocs.yml", "mkdocs.yaml"]
    assert "./schema/opportunity.schema.json" in mapped


def test_the_shipped_mkdocs_yml_is_valid_and_a_wrong_option_is_not(tmp_path):
    assert check_jsonschema(ROOT / "mkdocs.yml").returncode == 0
    for wrong in ("pace: many", "skip_weekend: true", "privacy: {encrypt: yes please}", "cadence: [0]"):
        path = tmp_path / "mkdocs.yml"
        path.write_text(f"site_name: x\nplugins:\n  - search\n  - follow-through:\n      {wrong}\n", encoding="utf-8")
        assert check_jsonschema(path).returncode == 1, wrong


def test_the_options_are_the_settings_and_their_defaults_are_the_settings_defaults():
    assert list(options()) == list(OPTION_KEYS)
    assert all(option.description for option in options().values())
    config = FollowThroughConfig()
    config.load_dict({})
    assert config.validate() == ([], [])
    assert settings_from_options(dict(config)) == Settings()
    assert config.pace == Settings.pace and config.pipeline_dir == "pipeline"  # typed: attributes, not keys


@pytest.mark.parametrize(
    "options_given,message",
    [
        ({"pace": 0}, "pace: expected a whole number of follow-ups a day (1 or more); got 0"),
        ({"timezone": "Mars/Olympus"}, "timezone: 'Mars/Olympus' is not a known time zone"),
        ({"skip_weekend": True}, "unknown option 'skip_weekend'; expected one of: pipeline_dir"),
    ],
)
def test_mkdocs_validates_them_with_the_clis_messages(options_given, message):
    config = FollowThroughConfig()
    config.load_dict(options_given)
    failed, warnings = config.validate()
    assert len(failed) == 1 and str(failed[0][1]).startswith(f"mkdocs.yml: plugins: follow-through: {message}")
    assert warnings == []
