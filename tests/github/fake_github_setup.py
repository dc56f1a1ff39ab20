"""The stand-in GitHub's endpoints for `setup-github`: accounts, repositories, Actions secrets and variables,
deploy keys, Pages, git refs, Actions permissions; and a token that may lack permissions.

A mixin of ``FakeGitHub`` (fake_github.py): the same server, the same checks. Every request body is
validated against GitHub's REST description (githubkit-schemas, API 2022-11-28); bodies GitHub
describes as "any of" several shapes pass when one of them accepts it. Each repository holds its
own Actions key pair (a PyNaCl ``PrivateKey``), so a test can open the sealed secrets it was sent.
"""

from __future__ import annotations

import base64
import re
import urllib.parse
from dataclasses import dataclass, field

# (method, path pattern from the API root) -> the githubkit-schemas models of the body (any of them)
SETUP_BODY_MODELS = (
    ("POST", r"/user/repos", ("UserReposPostBody",)),
    ("POST", r"/orgs/[^/]+/repos", ("OrgsOrgReposPostBody",)),
    ("PUT", r"/repos/[^/]+/[^/]+/actions/secrets/[^/]+", ("ReposOwnerRepoActionsSecretsSecretNamePutBody",)),
    ("POST", r"/repos/[^/]+/[^/]+/actions/variables", ("ReposOwnerRepoActionsVariablesPostBody",)),
    ("PATCH", r"/repos/[^/]+/[^/]+/actions/variables/[^/]+", ("ReposOwnerRepoActionsVariablesNamePatchBody",)),
    ("POST", r"/repos/[^/]+/[^/]+/keys", ("ReposOwnerRepoKeysPostBody",)),
    ("POST", r"/repos/[^/]+/[^/]+/pages", ("ReposOwnerRepoPagesPostBodyAnyof0", "ReposOwnerRepoPagesPostBodyAnyof1")),
    ("PUT", r"/repos/[^/]+/[^/]+/pages", tuple(f"ReposOwnerRepoPagesPutBodyAnyof{n}" for n in range(5))),
    ("POST", r"/repos/[^/]+/[^/]+/git/refs", ("ReposOwnerRepoGitRefsPostBody",)),
    ("PUT", r"/repos/[^/]+/[^/]+/actions/permissions", ("ReposOwnerRepoActionsPermissionsPutBody",)),
    ("PUT", r"/repos/[^/]+/[^/]+/actions/permissions/selected-actions", ("SelectedActions",)),
)


def any_of_problems(names: tuple[str, ...], body) -> str | None:
    """None when one of the models accepts ``body``; else why the first refused it."""
    import pydantic
    from githubkit_schemas.v2022_11_28 import models

    first = None
    for name in names:
        try:
            getattr(models, name).model_validate(body)
            return None
        except pydantic.ValidationError as exc:
            first = first or "; ".join(f"{'.'.join(str(p) for p in e['loc'][:2])}: {e['msg']}" for e in exc.errors())
    return first


def setup_body_problems(method: str, path: str, body) -> str | None:
    for model_method, pattern, names in SETUP_BODY_MODELS:
        if model_method == method and re.fullmatch(pattern, path):
            return any_of_problems(names, body)
    return None


def permission_needed(method: str, path: str) -> str | None:
    """The fine-grained permission GitHub asks for on this route (X-Accepted-GitHub-Permissions)."""
    level = "read" if method == "GET" else "write"
    rules = (
        (r"/user/repos|/orgs/[^/]+/repos", "administration", "write"),
        (r"/repos/[^/]+/[^/]+/(keys|actions/permissions)(/.*)?", "administration", level),
        (r"/repos/[^/]+/[^/]+/actions/secrets(/.*)?", "secrets", level),
        (r"/repos/[^/]+/[^/]+/actions/variables(/.*)?", "actions_variables", level),
        (r"/repos/[^/]+/[^/]+/pages", "pages", level),
        (r"/repos/[^/]+/[^/]+/git/.*", "contents", level),
        (r"/repos/[^/]+/[^/]+/(labels|issues)(/.*)?", "issues", level),
    )
    for pattern, permission, needed in rules:
        if re.fullmatch(pattern, path):
            return f"{permission}={needed}"
    return None


@dataclass
class FakeRepo:
    full_name: str
    private: bool = True
    default_branch: str = "main"
    refs: dict = field(default_factory=dict)  # "heads/main" -> sha
    pages: dict | None = None
    secrets: dict = field(default_factory=dict)  # name -> {"encrypted_value", "key_id"}
    variables: dict = field(default_factory=dict)  # name -> value
    keys: list = field(default_factory=list)  # deploy keys
    actions: dict = field(default_factory=lambda: {"enabled": True, "allowed_actions": "all"})
    selected_actions: dict = field(default_factory=lambda: {"github_owned_allowed": False, "verified_allowed": False,
                                                            "patterns_allowed": []})
    is_template: bool = False
    admin: bool = True
    key_pair: object = None  # nacl.public.PrivateKey: the Actions secrets' key

    def __post_init__(self):
        from nacl.public import PrivateKey

        self.key_pair = self.key_pair or PrivateKey.generate()

    @property
    def key_id(self) -> str:
        return base64.b16encode(bytes(self.key_pair.public_key)[:8]).decode()

    def meta(self, host: str) -> dict:
        owner, _, name = self.full_name.partition("/")
        return {
            "full_name": self.full_name, "name": name, "owner": {"login": owner},
            "private": self.private, "visibility": "private" if self.private else "public",
            "html_url": f"https://{host}/{self.full_name}", "default_branch": self.default_branch,
            "is_template": self.is_template,
            "permissions": {"admin": self.admin, "maintain": self.admin, "push": self.admin, "triage": True,
                            "pull": True},
        }


class SetupRoutes:
    """Mixed into FakeGitHub: ``self.repo``, ``self.pages``, ``self.labels``, ``self.lock`` come from there."""

    HOST = "github.example"

    def _setup_state(self) -> None:
        self.login = self.repo.partition("/")[0]
        self.plans: dict[str, str | None] = {self.login: "free"}  # owner -> plan name (None: not shown)
        self.orgs: set[str] = set()
        self.repos: dict[str, FakeRepo] = {self.repo: FakeRepo(self.repo)}
        self.token_lacks: set[str] = set()  # fine-grained permissions the token has not been granted
        self.classic_scopes: str | None = None  # a classic token's X-OAuth-Scopes (None: a fine-grained token)
        self._sha = 0xA000

    # --- for the tests ------------------------------------------------------------------------

    def secret_value(self, repo: str, name: str) -> str:
        """Open a secret the stand-in was sent, with the repository's private key."""
        from nacl.public import SealedBox

        sealed = base64.b64decode(self.repos[repo].secrets[name]["encrypted_value"])
        return SealedBox(self.repos[repo].key_pair).decrypt(sealed).decode("utf-8")

    def add_repo(self, full_name: str, **kwargs) -> FakeRepo:
        repo = FakeRepo(full_name, **kwargs)
        if not repo.refs:
            repo.refs[f"heads/{repo.default_branch}"] = self._new_sha()
        self.repos[full_name] = repo
        return repo

    def _new_sha(self) -> str:
        self._sha += 1
        return f"{self._sha:040x}"

    # --- routing ------------------------------------------------------------------------------

    def _setup_route(self, method: str, path: str, query: dict, body):
        needed = permission_needed(method, path)
        if needed and needed.partition("=")[0] in self.token_lacks:
            return 403, {"message": "Resource not accessible by personal access token"}, {
                "X-Accepted-GitHub-Permissions": needed}
        why = setup_body_problems(method, path, body)
        if why is not None:
            self.invalid.append((method, path, why))
            return 422, {"message": f"Invalid request.\n\n{why}", "status": "422"}, {}
        answer = self._account_route(method, path, body)
        if answer is not None:
            return answer
        match = re.fullmatch(r"/repos/([^/]+/[^/]+)(/.*)?", path)
        if not match:
            return None
        repo = self.repos.get(match.group(1))
        if repo is None:
            return (404, {"message": "Not Found"}, {}) if match.group(1) != self.repo else None
        rest = urllib.parse.unquote(match.group(2) or "")
        for route in (self._repo_route, self._secrets_route, self._variables_route, self._keys_route,
                      self._pages_route, self._refs_route, self._actions_route):
            answer = route(repo, method, rest, body)
            if answer is not None:
                return answer
        return None  # FakeGitHub's own routes (issues, labels, workflows) for its repository

    def _account_route(self, method: str, path: str, body):
        if path == "/user" and method == "GET":
            scopes = {} if self.classic_scopes is None else {"X-OAuth-Scopes": self.classic_scopes}
            return 200, {"login": self.login, "type": "User", "plan": self._plan(self.login)}, scopes
        match = re.fullmatch(r"/orgs/([^/]+)", path)
        if match and method == "GET":
            if match.group(1) not in self.orgs:
                return 404, {"message": "Not Found"}, {}
            return 200, {"login": match.group(1), **({"plan": self._plan(match.group(1))}
                                                      if self.plans.get(match.group(1)) else {})}, {}
        match = re.fullmatch(r"/user/repos|/orgs/([^/]+)/repos", path)
        if match and method == "POST":
            owner = match.group(1) or self.login
            if match.group(1) and owner not in self.orgs:
                return 404, {"message": "Not Found"}, {}
            full_name = f"{owner}/{body['name']}"
            if full_name in self.repos:
                return 422, {"message": "Repository creation failed.",
                             "errors": [{"message": "name already exists on this account"}]}, {}
            private = body.get("private", False) or body.get("visibility") == "private"
            made = self.add_repo(full_name, private=private)
            if not body.get("auto_init"):
                made.refs.clear()
            return 201, made.meta(self.HOST), {}
        return None

    def _plan(self, owner: str):
        name = self.plans.get(owner)
        return {"name": name, "space": 976562499, "private_repos": 10000} if name else None

    def _repo_route(self, repo: FakeRepo, method: str, rest: str, body):
        if rest == "" and method == "GET":
            return 200, repo.meta(self.HOST), {}
        return None

    def _secrets_route(self, repo: FakeRepo, method: str, rest: str, body):
        if rest == "/actions/secrets/public-key" and method == "GET":
            key = base64.b64encode(bytes(repo.key_pair.public_key)).decode()
            return 200, {"key_id": repo.key_id, "key": key}, {}
        if rest == "/actions/secrets" and method == "GET":
            listed = [{"name": n, "created_at": "2026-12-07T08:00:00Z", "updated_at": "2026-12-07T08:00:00Z"}
                      for n in sorted(repo.secrets)]
            return 200, {"total_count": len(listed), "secrets": listed}, {}
        match = re.fullmatch(r"/actions/secrets/([^/]+)", rest)
        if match and method == "PUT":
            if body.get("key_id") != repo.key_id:
                return 422, {"message": "Bad key_id"}, {}
            created = match.group(1) not in repo.secrets
            repo.secrets[match.group(1)] = dict(body)
            return (201, {}, {}) if created else (204, None, {})
        if match and method == "GET":
            if match.group(1) not in repo.secrets:
                return 404, {"message": "Not Found"}, {}
            return 200, {"name": match.group(1), "created_at": "2026-12-07T08:00:00Z",
                         "updated_at": "2026-12-07T08:00:00Z"}, {}
        return None

    def _variables_route(self, repo: FakeRepo, method: str, rest: str, body):
        if rest == "/actions/variables" and method == "POST":
            if body["name"] in repo.variables:
                return 409, {"message": "Already exists"}, {}
            repo.variables[body["name"]] = body["value"]
            return 201, {}, {}
        match = re.fullmatch(r"/actions/variables/([^/]+)", rest)
        if match:
            name = match.group(1)
            if name not in repo.variables:
                return 404, {"message": "Not Found"}, {}
            if method == "GET":
                return 200, {"name": name, "value": repo.variables[name]}, {}
            if method == "PATCH":
                repo.variables[name] = body.get("value", repo.variables[name])
                return 204, None, {}
        return None

    def _keys_route(self, repo: FakeRepo, method: str, rest: str, body):
        if rest == "/keys" and method == "GET":
            return 200, list(repo.keys), {}
        if rest == "/keys" and method == "POST":
            if any(k["key"] == body["key"].rsplit(" ", 1)[0] for k in repo.keys):
                return 422, {"message": "Validation Failed", "errors": [{"message": "key is already in use"}]}, {}
            key = {"id": max([k["id"] for k in repo.keys] + [100]) + 1, "key": " ".join(body["key"].split()[:2]),
                   "title": body.get("title"), "read_only": body.get("read_only", True), "verified": True}
            repo.keys.append(key)
            return 201, key, {}
        match = re.fullmatch(r"/keys/(\d+)", rest)
        if match and method == "DELETE":
            before = len(repo.keys)
            repo.keys[:] = [k for k in repo.keys if k["id"] != int(match.group(1))]
            return (204, None, {}) if len(repo.keys) < before else (404, {"message": "Not Found"}, {})
        return None

    def _pages_of(self, repo: FakeRepo):
        return self.pages if repo.full_name == self.repo else repo.pages

    def _set_pages(self, repo: FakeRepo, pages) -> None:
        if repo.full_name == self.repo:
            self.pages = pages
        else:
            repo.pages = pages

    def _pages_route(self, repo: FakeRepo, method: str, rest: str, body):
        if rest != "/pages":
            return None
        now = self._pages_of(repo)
        if method == "GET":
            return (200, now, {}) if now is not None else (404, {"message": "Not Found"}, {})
        if method == "POST":
            if now is not None:
                return 409, {"message": "GitHub Pages is already enabled."}, {}
            if repo.private and self.plans.get(repo.full_name.partition("/")[0]) == "free":
                return 422, {"message": "Your current plan does not support GitHub Pages for this repository."}, {}
            source = body.get("source")
            if source and f"heads/{source['branch']}" not in repo.refs:
                return 422, {"message": "The branch does not exist"}, {}
            owner, _, name = repo.full_name.partition("/")
            pages = {"url": f"http://api/{repo.full_name}/pages", "status": None, "cname": None, "custom_404": False,
                     "html_url": f"https://{owner}.pages.{self.HOST}/{name}/", "public": True,
                     "build_type": body.get("build_type") or "legacy", "https_enforced": True}
            if pages["build_type"] == "legacy":
                pages["source"] = {"branch": source["branch"], "path": source.get("path", "/")}
            self._set_pages(repo, pages)
            return 201, pages, {}
        if method == "PUT":
            if now is None:
                return 404, {"message": "Not Found"}, {}
            now = dict(now, build_type=body.get("build_type", now.get("build_type")))
            if isinstance(body.get("source"), dict):
                now["source"] = dict(body["source"])
            self._set_pages(repo, now)
            return 204, None, {}
        return None

    def _refs_route(self, repo: FakeRepo, method: str, rest: str, body):
        match = re.fullmatch(r"/git/ref/(heads/.+)", rest)
        if match and method == "GET":
            sha = repo.refs.get(match.group(1))
            if sha is None:
                return (409, {"message": "Git Repository is empty."}, {}) if not repo.refs else (
                    404, {"message": "Not Found"}, {})
            return 200, {"ref": f"refs/{match.group(1)}", "object": {"sha": sha, "type": "commit"}}, {}
        if rest == "/git/refs" and method == "POST":
            ref = body["ref"].removeprefix("refs/")
            if ref in repo.refs:
                return 422, {"message": "Reference already exists"}, {}
            if body["sha"] not in repo.refs.values():
                return 422, {"message": "Object does not exist"}, {}
            repo.refs[ref] = body["sha"]
            return 201, {"ref": body["ref"], "object": {"sha": body["sha"], "type": "commit"}}, {}
        return None

    def _actions_route(self, repo: FakeRepo, method: str, rest: str, body):
        if rest == "/actions/permissions":
            if method == "GET":
                return 200, dict(repo.actions), {}
            if method == "PUT":
                repo.actions = {"enabled": body["enabled"], **(
                    {"allowed_actions": body.get("allowed_actions", "all")} if body["enabled"] else {})}
                return 204, None, {}
        if rest == "/actions/permissions/selected-actions":
            if method == "GET":
                return 200, dict(repo.selected_actions), {}
            if method == "PUT":
                repo.selected_actions = dict(body)
                return 204, None, {}
        return None
