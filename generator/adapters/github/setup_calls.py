"""`setup-github` over HTTP: ask GitHub what is there, and make each planned step.

The decisions are in ``generator/core/github/setup_plan.py``; this module only talks to GitHub
(through the project's small REST client) and makes the keys: the deploy key pair with PyCA
``cryptography`` (ed25519, OpenSSH format), the secrets as libsodium sealed boxes to the
repository's public key with PyNaCl, as GitHub requires. A POST that GitHub answered 5xx is looked
for before it is sent again (the client's ``lookup``), so a half-failed run never doubles a
repository, a key or a variable.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import urllib.parse
from dataclasses import dataclass, field

from generator.adapters.github.client import GitHub, GitHubError
from generator.core.github.reminder_plan import LABEL, LABEL_COLOR, LABEL_DESCRIPTION
from generator.core.github.setup_plan import DEPLOY_KEY_TITLE, SITE_BRANCH, Repo, Step

LABEL_PATH = "labels/follow-up"


def find_token(environ) -> tuple[str | None, str]:
    """The token for this run: GITHUB_TOKEN, else the GitHub CLI's (`gh auth token`); never stored."""
    token = environ.get("GITHUB_TOKEN", "").strip()
    if token:
        return token, "GITHUB_TOKEN"
    gh = shutil.which("gh")
    if gh:
        try:
            done = subprocess.run([gh, "auth", "token"], check=False, capture_output=True, text=True, timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            return None, ""
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.strip(), "the GitHub CLI (gh auth token)"
    return None, ""


def maybe(client: GitHub, path: str, params: dict | None = None):
    """GET, or None when GitHub answers 404 (not there, or not visible to the token)."""
    try:
        return client.get(path, params)
    except GitHubError as exc:
        if exc.status == 404:
            return None
        raise


def login_and_plan(client: GitHub) -> tuple[str, str | None, frozenset[str] | None]:
    """The token's login, that user's plan (GET /user shows it to the user only), and a classic token's
    scopes (its X-OAuth-Scopes; None for a fine-grained token, which GitHub does not describe)."""
    answer = client.request("GET", "/user")
    me = answer.data if isinstance(answer.data, dict) else {}
    scopes = answer.header("x-oauth-scopes")
    listed = None if scopes is None else frozenset(s.strip() for s in scopes.split(",") if s.strip())
    return str(me.get("login", "")), (me.get("plan") or {}).get("name"), listed


def owner_plan(client: GitHub, owner: str, login: str, own_plan: str | None) -> str | None:
    """The plan of the repository's owner: the user's own, or an organisation's when the token may see it."""
    if owner.lower() == login.lower():
        return own_plan
    org = maybe(client, f"/orgs/{owner}")
    return ((org.get("plan") or {}).get("name")) if isinstance(org, dict) else None


def repository(client: GitHub, name: str) -> dict | None:
    answer = maybe(client, f"/repos/{name}")
    return answer if isinstance(answer, dict) else None


def survey(client: GitHub, name: str, meta: dict | None, data: bool, sealed: bool) -> Repo:
    """What is set up on one repository: Pages, and on the data repository secrets, variable, label, Actions;
    on the site repository its deploy keys and branch. Reads only: a token that may not read is refused here,
    before anything changed."""
    if meta is None:
        return Repo(name, exists=False)
    base = f"/repos/{name}"
    pages = maybe(client, f"{base}/pages") or {}
    source = pages.get("source") or {}
    found = {
        "name": name, "private": meta.get("private"), "html_url": meta.get("html_url", ""),
        "default_branch": meta.get("default_branch") or "main",
        "pages": pages.get("build_type") or ("legacy" if pages else None),
        "pages_branch": source.get("branch"), "pages_path": source.get("path"), "pages_url": pages.get("html_url"),
    }
    if data:
        found.update(_data_side(client, base, sealed))
    else:
        keys = client.paginate(f"{base}/keys")
        found["deploy_keys"] = tuple((k["id"], k.get("title") or "", bool(k.get("read_only"))) for k in keys)
        branch = maybe(client, f"{base}/git/ref/heads/{SITE_BRANCH}")
        found["branches"] = frozenset([SITE_BRANCH] if branch else [])
    return Repo(**found)


def _data_side(client: GitHub, base: str, sealed: bool) -> dict:
    found: dict = {"label": maybe(client, f"{base}/{LABEL_PATH}") is not None}
    actions = client.get(f"{base}/actions/permissions") or {}
    found["actions_enabled"] = bool(actions.get("enabled"))
    found["allowed_actions"] = actions.get("allowed_actions") or "all"
    if found["allowed_actions"] == "selected":
        selected = client.get(f"{base}/actions/permissions/selected-actions") or {}
        found["github_owned_allowed"] = bool(selected.get("github_owned_allowed"))
    if sealed:
        listed = client.get(f"{base}/actions/secrets", {"per_page": 100}) or {}
        found["secrets"] = frozenset(s.get("name") for s in listed.get("secrets") or [])
        variable = maybe(client, f"{base}/actions/variables/PAGES_REPOSITORY")
        if variable:
            found["variables"] = (("PAGES_REPOSITORY", str(variable.get("value", ""))),)
    return found


# --- the keys ----------------------------------------------------------------------------------


def deploy_key_pair(comment: str) -> tuple[str, str]:
    """(private half, public half) of a new ed25519 key, both in OpenSSH format, as ssh-keygen writes them."""
    # Here: cryptography (7 ms of start-up) is for setup-github's deploy key; doctor imports this module too
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
    ).decode("ascii")
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    return private, f"{public.decode('ascii')} {comment}"


def sealed_for(public_key_b64: str, value: str) -> str:
    """``value`` in a libsodium sealed box to the repository's public key, base64: what GitHub stores."""
    # Here: PyNaCl (6 ms of start-up) is for setup-github's secrets; doctor imports this module too
    from nacl import encoding, public

    box = public.SealedBox(public.PublicKey(public_key_b64.encode("ascii"), encoding.Base64Encoder()))
    return base64.b64encode(box.encrypt(value.encode("utf-8"))).decode("ascii")


# --- the steps -----------------------------------------------------------------------------------


@dataclass
class Run:
    """What the steps share while they run: the client, the token's login, the secrets' values."""

    client: GitHub
    login: str
    passphrase: str | None = None
    pages_url: dict[str, str] = field(default_factory=dict)  # repository -> the address Pages gave
    default_branch: dict[str, str] = field(default_factory=dict)


def put_secret(run: Run, repo: str, name: str, value: str) -> None:
    key = run.client.get(f"/repos/{repo}/actions/secrets/public-key")
    body = {"encrypted_value": sealed_for(key["key"], value), "key_id": key["key_id"]}
    run.client.request("PUT", f"/repos/{repo}/actions/secrets/{urllib.parse.quote(name)}", body=body)


def create_repo(run: Run, step: Step) -> None:
    owner, _, name = step.repo.partition("/")
    body = {"name": name, "auto_init": True, "has_issues": False, "has_projects": False, "has_wiki": False}
    if owner.lower() == run.login.lower():
        path, body = "/user/repos", {**body, "private": False}
    else:
        path, body = f"/orgs/{owner}/repos", {**body, "visibility": "public"}
    made = run.client.post(path, body, lookup=lambda: repository(run.client, step.repo))
    run.default_branch[step.repo] = (made or {}).get("default_branch") or "main"


def make_branch(run: Run, step: Step) -> None:
    """gh-pages from the first commit (the one auto_init made); GitHub may need a moment to show it."""
    client, base = run.client, f"/repos/{step.repo}"
    branch = run.default_branch.get(step.repo) or (repository(client, step.repo) or {}).get("default_branch", "main")
    head = None
    for attempt in range(5):
        head = maybe(client, f"{base}/git/ref/heads/{urllib.parse.quote(branch)}")
        if head:
            break
        client.sleep(min(2.0**attempt, client.max_wait))
    if not head:
        raise GitHubError(f"{step.repo} has no first commit on {branch} yet; run it again in a minute")
    body = {"ref": f"refs/heads/{SITE_BRANCH}", "sha": head["object"]["sha"]}
    client.post(f"{base}/git/refs", body, lookup=lambda: maybe(client, f"{base}/git/ref/heads/{SITE_BRANCH}"))


def pages(run: Run, step: Step) -> None:
    client, path = run.client, f"/repos/{step.repo}/pages"
    body = (
        {"build_type": "workflow"} if step.kind.startswith("pages-workflow")
        else {"build_type": "legacy", "source": {"branch": SITE_BRANCH, "path": "/"}}
    )
    if step.kind.endswith("-update"):
        client.request("PUT", path, body=body)
    elif step.kind == "pages-branch":
        client.post(path, {"source": body["source"]}, lookup=lambda: maybe(client, path))
    else:
        client.post(path, body, lookup=lambda: maybe(client, path))
    site = maybe(client, path) or {}
    if site.get("html_url"):
        run.pages_url[step.repo] = site["html_url"]


def deploy_key(run: Run, step: Step) -> None:
    """A new pair: its public half registered (write access), its private half the secret; the old keys go."""
    client, base = run.client, f"/repos/{step.repo}"
    private, public = deploy_key_pair(f"{DEPLOY_KEY_TITLE}@{step.repo}")
    wanted = public.rsplit(" ", 1)[0]

    def registered():
        return next((k for k in client.paginate(f"{base}/keys") if str(k.get("key", "")).startswith(wanted)), None)

    client.post(f"{base}/keys", {"title": DEPLOY_KEY_TITLE, "key": public, "read_only": False}, lookup=registered)
    put_secret(run, step.value, step.name, private)
    for key_id in step.ids:
        try:
            client.request("DELETE", f"{base}/keys/{key_id}")
        except GitHubError as exc:
            if exc.status != 404:
                raise


def variable(run: Run, step: Step) -> None:
    client, base = run.client, f"/repos/{step.repo}/actions/variables"
    if maybe(client, f"{base}/{step.name}") is None:
        client.post(base, {"name": step.name, "value": step.value},
                    lookup=lambda: maybe(client, f"{base}/{step.name}"))
    else:
        client.patch(f"{base}/{step.name}", {"name": step.name, "value": step.value})


def actions(run: Run, step: Step) -> None:
    """Actions on, GitHub's own actions allowed; a list of allowed actions the user made is kept and added to."""
    client, base = run.client, f"/repos/{step.repo}/actions/permissions"
    if step.value in ("all", "") or step.value is None:
        client.request("PUT", base, body={"enabled": True, "allowed_actions": "all"})
        return
    selected = {"github_owned_allowed": True, "verified_allowed": False, "patterns_allowed": []}
    if step.value == "selected":
        now = client.get(f"{base}/selected-actions") or {}
        selected.update({k: now[k] for k in ("verified_allowed", "patterns_allowed") if k in now})
    client.request("PUT", base, body={"enabled": True, "allowed_actions": "selected"})
    client.request("PUT", f"{base}/selected-actions", body={**selected, "github_owned_allowed": True})


def label(run: Run, step: Step) -> None:
    body = {"name": LABEL, "color": LABEL_COLOR, "description": LABEL_DESCRIPTION}
    run.client.post(f"/repos/{step.repo}/labels", body,
                    lookup=lambda: maybe(run.client, f"/repos/{step.repo}/{LABEL_PATH}"))


def secret(run: Run, step: Step) -> None:
    if run.passphrase is None:
        raise GitHubError(f"no value for the secret {step.name}")
    put_secret(run, step.repo, step.name, run.passphrase)


STEPS = {
    "create-repo": create_repo, "branch": make_branch, "pages-branch": pages, "pages-branch-update": pages,
    "pages-workflow": pages, "pages-workflow-update": pages, "deploy-key": deploy_key, "variable": variable,
    "actions": actions, "label": label, "secret": secret,
}


def doctor_facts(client: GitHub, name: str) -> dict:
    """For `doctor --repo`: the repository's visibility, secrets' names, variable and Pages; on the free plan the
    public repository's Pages and deploy key. A part the token may not read stays unknown (None)."""
    meta = repository(client, name)
    if meta is None:
        raise GitHubError(f"{name} does not exist or the token cannot see it (doctor --repo OWNER/NAME)", 404)
    found: dict = {"private": meta.get("private"), "on_github": True}
    data = _readable(lambda: survey(client, name, meta, data=True, sealed=True))
    if data is None:
        return {**found, "on_github": False}
    found["secrets"] = data.secrets
    found["pages_source"] = data.pages or "off"
    site = data.variable("PAGES_REPOSITORY") or ""
    found["pages_repository"] = site
    if site:
        repo = _readable(lambda: survey(client, site, repository(client, site), data=False, sealed=True))
        if repo is not None:
            serving = repo.pages == "legacy" and repo.pages_branch == SITE_BRANCH
            found["site_pages"] = "gh-pages" if serving else ("other" if repo.pages else "off")
            found["deploy_key"] = any(not read_only for _, _, read_only in repo.deploy_keys)  # any title: by hand too
    return found


def _readable(read):
    try:
        return read()
    except GitHubError as exc:
        if exc.status in (403, 404):
            return None
        raise


def api_host(api_url: str | None) -> str | None:
    """github.com for the public API (where Pages addresses follow github.io's rule), else None."""
    return "github.com" if (api_url or "https://api.github.com").rstrip("/") == "https://api.github.com" else None


def environ_passphrase() -> str | None:
    value = os.environ.get("FOLLOW_THROUGH_PASSPHRASE")
    return value if value and value.strip() else None
