"""Where the data is: suffixes in any case, ids from paths, one did-you-mean (spec: Repository layout)."""

from __future__ import annotations

import json
from pathlib import Path

from generator.adapters.opportunity_files import opportunity_id
from generator.core.problems import did_you_mean

GOOD = "company: Acme Corp\nrole: Backend Engineer\nadded: 2026-11-20\n"


def test_any_case_of_the_suffix_is_an_opportunity(project):
    project.write("pipeline/Upper.YML", GOOD)
    project.write("pipeline/mixed.Yaml", "company: Initech\nrole: Platform\nadded: 2026-11-20\n")
    result = project.run("due", "--json", "--today", "2026-11-25")
    assert result.returncode == 0, result.stderr
    assert sorted(i["id"] for i in json.loads(result.stdout)) == ["Upper", "mixed"]
    assert project.run("check").stderr.strip() == "checked 2 files: no problems"


def test_the_same_id_in_two_cases_of_suffix_is_a_duplicate(project):
    project.write("pipeline/acme.yml", GOOD)
    project.write("pipeline/acme.YML", GOOD)
    result = project.run("check")
    assert result.returncode == 1
    assert "duplicate id 'acme'" in result.stdout


def test_opportunity_id_is_the_path_below_the_pipeline_without_suffix():
    assert opportunity_id(Path("pipeline/acme/backend.yml"), Path("pipeline")) == "acme/backend"
    assert opportunity_id(Path("pipeline/Upper.YML"), Path("pipeline")) == "Upper"


def test_did_you_mean_names_the_closest_choice_or_nothing():
    assert did_you_mean("wait_untill", ["next", "wait_until"]) == "; did you mean 'wait_until'?"
    assert did_you_mean("salary", ["next", "wait_until"]) == ""


def _run_in(folder: Path, *args: str):
    import os
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "generator", *args], check=False, cwd=folder, capture_output=True, text=True,
        env={**os.environ, "NO_COLOR": "1"}, timeout=120,
    )


def test_commands_find_mkdocs_yml_in_a_folder_above(project):
    project.write("pipeline/acme/backend.yml", GOOD)
    result = _run_in(project.pipeline / "acme", "due", "--json", "--today", "2026-11-25")
    assert result.returncode == 0, result.stderr
    assert [i["id"] for i in json.loads(result.stdout)] == ["acme/backend"]


def test_outside_a_project_commands_fail_with_one_clear_line(tmp_path):
    outside = tmp_path / "somewhere"
    outside.mkdir()
    for args in (("due",), ("check",), ("new", "Acme", "Backend")):
        result = _run_in(outside, *args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert result.stdout == "", "never 'nothing due' outside a project"
        assert result.stderr.startswith("error: no mkdocs.yml in this folder or any folder above it")
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert list(outside.iterdir()) == [], "nothing written (no ./pipeline/)"


def test_a_named_config_that_does_not_exist_is_one_line(tmp_path):
    result = _run_in(tmp_path, "-f", "nope/mkdocs.yml", "due")
    assert result.returncode == 2
    assert result.stderr.strip() == "error: nope/mkdocs.yml: no such file"
