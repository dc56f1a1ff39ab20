"""Where the data is: suffixes in any case, ids from paths, one did-you-mean (spec: Repository layout)."""

from __future__ import annotations

import json
from pathlib import Path

from generator.pipeline import opportunity_id
from generator.problems import did_you_mean

GOOD = "company: Acme Corp\nrole: Backend Engineer\n"


def test_any_case_of_the_suffix_is_an_opportunity(project):
    project.write("pipeline/Upper.YML", GOOD)
    project.write("pipeline/mixed.Yaml", "company: Initech\nrole: Platform\n")
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
