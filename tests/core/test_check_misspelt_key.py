"""A misspelt required key is one error, the did-you-mean (issue 26: `compnay:` gave two)."""

from __future__ import annotations


def test_a_misspelt_required_key_is_one_error(project):
    project.opportunity("acme", "compnay: Acme Corp\nrole: Backend Engineer\n")
    result = project.run("check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "pipeline/acme.yml:1:1: unknown key 'compnay'; did you mean 'company'?"
    ]


def test_a_missing_required_key_with_no_look_alike_is_still_named(project):
    project.opportunity("acme", "employer: Acme Corp\nrole: Backend Engineer\n")
    out = project.run("check").stdout
    assert "unknown key 'employer'" in out and "'company' is required" in out
