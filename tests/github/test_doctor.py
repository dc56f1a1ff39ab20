"""The set-up report (`doctor`): the publish mode, and what is missing by name."""

from __future__ import annotations

import json

from generator.core.setup_report import FREE_PLAN, PRIVATE_PAGES, PUBLIC, Facts, report
from tests.github.test_workflows import workflow

BOTH = frozenset({"publish.yml", "remind.yml"})


def missing(found) -> list[str]:
    return [f"{n.kind} {n.name}" for n in found.missing]


def test_a_public_repository_needs_only_its_pages_source_which_cannot_be_seen_from_the_run():
    found = report(Facts(workflows=BOTH, in_actions=True, private=False))
    assert found.mode == PUBLIC and missing(found) == []
    assert [n.name for n in found.needs if n.present is None] == ["GitHub Actions"]


def test_a_private_repository_must_encrypt_or_say_plain_is_meant():
    assert missing(report(Facts(workflows=BOTH, in_actions=True, private=True))) == ["setting privacy.encrypt"]
    plain_meant = report(Facts(workflows=BOTH, in_actions=True, private=True, allow_plain=True))
    assert plain_meant.mode == PRIVATE_PAGES and missing(plain_meant) == []


def test_an_encrypted_site_needs_the_passphrase_secret_and_site_url():
    found = report(Facts(encrypt=True, workflows=BOTH, in_actions=True, private=True), "remind")
    assert missing(found) == ["secret FOLLOW_THROUGH_PASSPHRASE", "setting site_url"]
    ready = report(Facts(encrypt=True, site_url="https://me.github.io/jobs/", workflows=BOTH, in_actions=True,
                         private=True, secrets=frozenset({"FOLLOW_THROUGH_PASSPHRASE"})))
    assert missing(ready) == []


def test_the_free_plan_names_the_deploy_key_and_the_public_repositorys_pages_source():
    found = report(Facts(encrypt=True, site_url="https://me.github.io/site/", workflows=BOTH, in_actions=True,
                         private=True, pages_repository="me/site",
                         secrets=frozenset({"FOLLOW_THROUGH_PASSPHRASE"})), "publish")
    assert found.mode == FREE_PLAN
    assert missing(found) == ["secret PAGES_DEPLOY_KEY"]
    assert any(n.kind == "Pages source" and "me/site" in n.name and "gh-pages" in n.how for n in found.needs)
    assert found.error_line().startswith("::error::") and "\n" not in found.error_line()


def test_the_site_url_it_suggests_is_the_public_repositorys_address_on_the_free_plan():
    """A reader of the free-plan recipe was told `like https://you.github.io/jobs/` (the private repository)."""
    free = report(Facts(workflows=BOTH, pages_repository="Me/dashboard"), "publish")
    (need,) = [n for n in free.needs if n.name == "site_url"]
    assert "https://me.github.io/dashboard/" in need.how
    (need,) = [n for n in report(Facts(encrypt=True, workflows=BOTH)).needs if n.name == "site_url"]
    assert "https://you.github.io/jobs/" in need.how


def test_outside_actions_secrets_are_to_check_not_missing():
    found = report(Facts(encrypt=True, site_url="https://me.github.io/jobs/", workflows=BOTH))
    assert missing(found) == []
    assert any(n.name == "FOLLOW_THROUGH_PASSPHRASE" and n.present is None for n in found.needs)


def test_a_missing_workflow_is_named():
    assert missing(report(Facts(workflows=frozenset({"publish.yml"}), private=False))) == [
        "workflow .github/workflows/remind.yml"]


def test_in_actions_the_command_writes_the_summary_and_one_error_line_first(project, tmp_path):
    project.write(".github/workflows/publish.yml", "name: Publish\n")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"repository": {"private": True}}), encoding="utf-8")
    summary = tmp_path / "summary.md"
    done = project.run("doctor", "--for", "publish", env={
        "GITHUB_ACTIONS": "true", "GITHUB_EVENT_PATH": str(event), "GITHUB_STEP_SUMMARY": str(summary),
        "PAGES_REPOSITORY": "me/site", "HAS_FOLLOW_THROUGH_PASSPHRASE": "true", "HAS_PAGES_DEPLOY_KEY": "false",
    })
    assert done.returncode == 1
    first, *rest = done.stdout.splitlines()
    assert first.startswith("::error::") and "secret PAGES_DEPLOY_KEY" in first and "setting privacy.encrypt" in first
    assert "Publish mode: free plan" in rest[0]
    table = summary.read_text(encoding="utf-8")
    assert "| **missing** | secret | `PAGES_DEPLOY_KEY` |" in table
    assert "| ok | secret | `FOLLOW_THROUGH_PASSPHRASE` |" in table


def test_locally_the_report_says_what_to_check_and_exits_0(project):
    project.write(".github/workflows/publish.yml", "name: Publish\n")
    project.write(".github/workflows/remind.yml", "name: Remind\n")
    done = project.run("doctor")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "::error::" not in done.stdout
    assert "check    Pages source GitHub Actions" in done.stdout


def _step_names(name: str, job: str) -> list[str]:
    return [step.get("name") or step.get("uses", "") for step in workflow(name)["jobs"][job]["steps"]]


def test_publish_and_remind_run_the_report_right_after_installing():
    for name, job in (("publish.yml", "build"), ("remind.yml", "remind")):
        steps = workflow(name)["jobs"][job]["steps"]
        names = _step_names(name, job)
        at = names.index("Set-up report")
        assert names[at - 1].startswith("Install"), names
        assert all(not (s.get("name") or "").startswith(("Check", "Build", "Sync")) for s in steps[:at])
        assert f"--for {name.removesuffix('.yml')}" in steps[at]["run"]


def test_the_pages_source_is_missing_when_github_says_it_is_not_actions():
    from_a_branch = report(Facts(workflows=BOTH, in_actions=True, private=False, pages_source="legacy"))
    assert missing(from_a_branch) == ["Pages source GitHub Actions"]
    assert "Deploy from a branch" in from_a_branch.missing[0].how
    assert missing(report(Facts(workflows=BOTH, in_actions=True, private=False, pages_source="off"))) == [
        "Pages source GitHub Actions"]
    assert missing(report(Facts(workflows=BOTH, in_actions=True, private=False, pages_source="workflow"))) == []


def _actions_env(github, tmp_path, private: bool) -> dict:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"repository": {"private": private}}), encoding="utf-8")
    return github.env(GITHUB_ACTIONS="true", GITHUB_EVENT_PATH=str(event), GITHUB_REPOSITORY=github.repo,
                      GITHUB_STEP_SUMMARY=str(tmp_path / "summary.md"))


def test_in_actions_the_report_asks_github_how_pages_is_set_up(project, github, tmp_path):
    project.write(".github/workflows/publish.yml", "name: Publish\n")
    env = _actions_env(github, tmp_path, private=False)
    off = project.run("doctor", "--for", "publish", env=env)  # the stand-in has no Pages yet: 404
    assert off.returncode == 1
    assert "missing Pages source GitHub Actions" in off.stdout.splitlines()[0]
    assert "(Pages is not enabled yet)" in off.stdout
    github.pages = {"build_type": "legacy", "source": {"branch": "main", "path": "/"}}
    assert "(it is set to Deploy from a branch)" in project.run("doctor", "--for", "publish", env=env).stdout
    github.pages = {"build_type": "workflow"}
    ready = project.run("doctor", "--for", "publish", env=env)
    assert ready.returncode == 0, ready.stdout + ready.stderr
    assert "ok       Pages source GitHub Actions" in ready.stdout
    assert [r.path for r in github.requests] == ["/repos/octo/jobs/pages"] * 3
