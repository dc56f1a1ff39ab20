"""A stateful stand-in for the parts of the GitHub REST API that Follow-Through uses.

Served over real HTTP on 127.0.0.1 (a random port) by a ThreadingHTTPServer, under a
path prefix like GitHub Enterprise's ``/api/v3``. It keeps issues, labels, comments,
workflows and collaborators' permissions in memory, checks the token, paginates issues
and comments with ``per_page``/``page`` and a Link header like GitHub's, records every
request, and answers injected faults first (a fault with ``applied=True`` lets the
request change the state, then answers the fault: "applied, then failed").

Request bodies are checked against GitHub's REST description (API version 2022-11-28)
as the githubkit-schemas package ships it: what GitHub would refuse with a 422
(``state: shut``, ``state_reason: bogus``, a missing title) is refused here too, and
recorded in ``invalid`` so a test can assert the client never sent one.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .fake_github_setup import SetupRoutes


@dataclass
class Request:
    method: str
    path: str  # without the prefix and the query
    query: dict
    body: object
    answered: int = 0
    authorization: str = ""

    @property
    def is_write(self) -> bool:
        return self.method != "GET"


@dataclass
class Fault:
    status: int
    method: str = ".*"
    path: str = ".*"
    headers: dict = field(default_factory=dict)
    body: dict = field(default_factory=lambda: {"message": "Injected fault"})
    times: int = 1
    applied: bool = False  # the request takes effect before the fault is answered


# (method, path below /repos/OWNER/NAME) -> the githubkit-schemas model of the request body
BODY_MODELS = (
    ("POST", r"/issues", "ReposOwnerRepoIssuesPostBody"),
    ("PATCH", r"/issues/\d+", "ReposOwnerRepoIssuesIssueNumberPatchBody"),
    ("POST", r"/issues/\d+/comments", "ReposOwnerRepoIssuesIssueNumberCommentsPostBody"),
    ("POST", r"/labels", "ReposOwnerRepoLabelsPostBody"),
    ("POST", r"/actions/workflows/[^/]+/dispatches", "ReposOwnerRepoActionsWorkflowsWorkflowIdDispatchesPostBody"),
    ("POST", r"/issues/\d+/labels", "ReposOwnerRepoIssuesIssueNumberLabelsPostBodyOneof0"),
)


def _model(name: str):
    from githubkit_schemas.v2022_11_28 import models

    return getattr(models, name)


def body_problems(method: str, rest: str, body) -> str | None:
    """Why GitHub's REST description refuses this body; None when it accepts it (or has no model)."""
    for model_method, pattern, name in BODY_MODELS:
        if model_method == method and re.fullmatch(pattern, rest):
            import pydantic

            try:
                _model(name).model_validate(body)
            except pydantic.ValidationError as exc:
                return "; ".join(f"{'.'.join(str(p) for p in e['loc'][:1])}: {e['msg']}" for e in exc.errors())
            return None
    return None


class FakeGitHub(SetupRoutes):  # SetupRoutes: the endpoints setup-github uses (fake_github_setup.py)
    def __init__(self, token: str = "test-token", prefix: str = "/api/v3", repo: str = "octo/jobs"):
        self.token = token
        self.prefix = prefix
        self.repo = repo
        self.issues: dict[int, dict] = {}
        self.comments: dict[int, list[dict]] = {}
        self.labels: dict[str, dict] = {}
        self.requests: list[Request] = []
        self.faults: list[Fault] = []
        self.invalid: list[tuple[str, str, str]] = []  # (method, path, why) refused by the REST description
        self.workflows: dict[str, dict] = {}  # file name -> {"state": ...}
        self.pages: dict | None = None  # GET /pages: None answers 404 (Pages not enabled)
        self.dispatches: list[tuple[str, dict]] = []  # (workflow file, body)
        self.runs: dict[str, list[dict]] = {}  # file name -> the runs dispatches started, newest first
        # login -> admin | maintain | write | triage | read | none; the owner of octo/jobs is an admin
        self.permissions: dict[str, str] = {repo.partition("/")[0]: "admin"}
        self._next = 1
        self._comment_id = 1000
        self._setup_state()
        self.lock = threading.RLock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    # --- control ------------------------------------------------------------------------

    def start(self) -> FakeGitHub:
        for _, _, name in BODY_MODELS:  # load the schemas now (a second or two), not inside a timed request
            _model(name)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{self.prefix}"

    def env(self, **extra) -> dict:
        return {
            "GITHUB_API_URL": self.url,
            "GITHUB_TOKEN": self.token,
            "FOLLOW_THROUGH_MAX_WAIT": "0.05",
            **extra,
        }

    def add_issue(
        self,
        title: str,
        body: str = "",
        labels=("follow-up",),
        state: str = "open",
        pull_request: bool = False,
        user: str = "someone",
    ) -> int:
        with self.lock:
            number = self._next
            self._next += 1
            for name in labels:
                self.labels.setdefault(name, {"name": name, "color": "ededed", "description": ""})
            self.issues[number] = {
                "number": number,
                "title": title,
                "body": body,
                "state": state,
                "state_reason": None,
                "labels": [{"name": n} for n in labels],
                "user": {"login": user},
                "html_url": f"https://github.example/{self.repo}/issues/{number}",
                **({"pull_request": {"url": "x"}} if pull_request else {}),
            }
            self.comments[number] = []
            return number

    def add_comment(self, number: int, body: str, login: str = "someone") -> dict:
        with self.lock:
            self._comment_id += 1
            comment = {"id": self._comment_id, "body": body, "user": {"login": login}}
            self.comments[number].append(comment)
            return comment

    def inject(
        self,
        status: int,
        method: str = ".*",
        path: str = ".*",
        headers: dict | None = None,
        body=None,
        times: int = 1,
        applied: bool = False,
    ) -> Fault:
        fault = Fault(status, method, path, headers or {}, body or {"message": "Injected fault"}, times, applied)
        with self.lock:
            self.faults.append(fault)
        return fault

    def writes(self) -> list[Request]:
        return [r for r in self.requests if r.is_write]

    def open_issues(self, label: str = "follow-up") -> list[dict]:
        return [
            i for i in self.issues.values() if i["state"] == "open" and any(lb["name"] == label for lb in i["labels"])
        ]

    # --- HTTP --------------------------------------------------------------------------------

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _answer_the_request(self, status: int, data=None, headers: dict | None = None):
                raw = b"" if data is None else json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(raw)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(raw)

            def _handle(self, method: str):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                split = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(split.query))
                path = split.path
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode(errors="replace")
                request = Request(
                    method,
                    path[len(fake.prefix) :] if path.startswith(fake.prefix) else path,
                    query,
                    body,
                    authorization=self.headers.get("Authorization", ""),
                )
                with fake.lock:
                    fake.requests.append(request)
                    status, data, headers = fake._route(self, method, path, query, body)
                request.answered = status
                self._answer_the_request(status, data, headers)

            def do_GET(self):
                self._handle("GET")

            def do_POST(self):
                self._handle("POST")

            def do_PATCH(self):
                self._handle("PATCH")

            def do_PUT(self):
                self._handle("PUT")

            def do_DELETE(self):
                self._handle("DELETE")

        return Handler

    def _route(self, handler, method: str, full_path: str, query: dict, body):
        if not full_path.startswith(self.prefix + "/"):
            return 404, {"message": "Not Found"}, {}
        auth = handler.headers.get("Authorization", "")
        if auth not in (f"Bearer {self.token}", f"token {self.token}"):
            return 401, {"message": "Bad credentials"}, {}
        path = full_path[len(self.prefix) :]
        for fault in self.faults:
            if fault.times > 0 and re.fullmatch(fault.method, method) and re.search(fault.path, path):
                fault.times -= 1
                if fault.applied:
                    self._serve(method, full_path, path, query, body)
                return fault.status, fault.body, dict(fault.headers)
        return self._serve(method, full_path, path, query, body)

    def _serve(self, method: str, full_path: str, path: str, query: dict, body):
        answer = self._setup_route(method, path, query, body)
        if answer is not None:
            return answer
        base = f"/repos/{self.repo}"
        if not path.startswith(base + "/"):
            return 404, {"message": "Not Found"}, {}
        rest = path[len(base) :]
        why = body_problems(method, rest, body)
        if why is not None:
            self.invalid.append((method, rest, why))
            return 422, {"message": f"Invalid request.\n\n{why}", "status": "422"}, {}
        # Each route answers, or says None: not mine; the first to answer wins.
        for route in (self._workflow_route, self._permission_route, self._issues_route, self._issue_route,
                      self._labels_route):
            answer = route(method, full_path, rest, query, body)
            if answer is not None:
                return answer
        return 404, {"message": "Not Found"}, {}

    def _workflow_route(self, method: str, full_path: str, rest: str, query: dict, body):
        match = re.fullmatch(r"/actions/workflows/([^/]+)(/enable|/dispatches|/runs)?", rest)
        if match:
            return self._workflow(method, match.group(1), match.group(2), body)
        return None

    def _permission_route(self, method: str, full_path: str, rest: str, query: dict, body):
        match = re.fullmatch(r"/collaborators/([^/]+)/permission", rest)
        if match and method == "GET":
            login = urllib.parse.unquote(match.group(1))
            permission = self.permissions.get(login, "none")
            role = {"maintain": "maintain", "triage": "triage"}.get(permission, permission)
            return (
                200,
                {
                    "permission": {"maintain": "write", "triage": "read"}.get(permission, permission),
                    "role_name": role,
                    "user": {"login": login},
                },
                {},
            )
        return None

    def _issues_route(self, method: str, full_path: str, rest: str, query: dict, body):
        if rest == "/pages" and method == "GET":
            return (200, self.pages, {}) if self.pages is not None else (404, {"message": "Not Found"}, {})
        if rest == "/issues" and method == "GET":
            return self._list(full_path, query)
        if rest == "/issues" and method == "POST":
            if not isinstance(body, dict) or not body.get("title"):
                return 422, {"message": "Validation Failed"}, {}
            labels = [n if isinstance(n, str) else n["name"] for n in body.get("labels") or []]
            number = self.add_issue(body["title"], body.get("body") or "", labels, user="github-actions[bot]")
            return 201, self.issues[number], {}
        return None

    def _issue_route(self, method: str, full_path: str, rest: str, query: dict, body):
        match = re.fullmatch(r"/issues/(\d+)", rest)
        if match:
            issue = self.issues.get(int(match.group(1)))
            if issue is None:
                return 404, {"message": "Not Found"}, {}
            if method == "GET":
                return 200, issue, {}
            if method == "PATCH":
                for key in ("title", "body", "state", "state_reason"):
                    if isinstance(body, dict) and key in body:
                        issue[key] = body[key]
                return 200, issue, {}
        match = re.fullmatch(r"/issues/(\d+)/comments", rest)
        if match:
            number = int(match.group(1))
            if number not in self.issues:
                return 404, {"message": "Not Found"}, {}
            if method == "POST":
                if not body.get("body"):
                    return 422, {"message": "Validation Failed"}, {}
                return 201, self.add_comment(number, body["body"], "github-actions[bot]"), {}
            if method == "GET":
                return self._page(full_path, query, self.comments[number])
        return None

    def _labels_route(self, method: str, full_path: str, rest: str, query: dict, body):
        match = re.fullmatch(r"/issues/(\d+)/labels", rest)
        if match and method == "POST":
            issue = self.issues.get(int(match.group(1)))
            if issue is None:
                return 404, {"message": "Not Found"}, {}
            for name in body.get("labels") or []:
                self.labels.setdefault(name, {"name": name, "color": "ededed", "description": ""})
                if all(lb["name"] != name for lb in issue["labels"]):
                    issue["labels"].append({"name": name})
            return 200, issue["labels"], {}
        match = re.fullmatch(r"/labels/([^/]+)", rest)
        if match and method == "GET":
            name = urllib.parse.unquote(match.group(1))
            if name in self.labels:
                return 200, self.labels[name], {}
            return 404, {"message": "Not Found"}, {}
        if rest == "/labels" and method == "POST":
            name = body.get("name") if isinstance(body, dict) else None
            if not name:
                return 422, {"message": "Validation Failed"}, {}
            if name in self.labels:
                return 422, {"message": "Validation Failed", "errors": [{"code": "already_exists"}]}, {}
            self.labels[name] = {
                "name": name,
                "color": body.get("color", "ededed"),
                "description": body.get("description", ""),
            }
            return 201, self.labels[name], {}
        return None

    def _workflow(self, method: str, name: str, action: str | None, body):
        workflow = self.workflows.get(name)
        if workflow is None:
            return 404, {"message": "Not Found"}, {}
        if action is None and method == "GET":
            return 200, {"id": 1, "path": f".github/workflows/{name}", **workflow}, {}
        if action == "/enable" and method == "PUT":
            workflow["state"] = "active"
            workflow["enabled"] = workflow.get("enabled", 0) + 1
            return 204, None, {}
        if action == "/dispatches" and method == "POST":
            if workflow["state"] != "active":
                return 422, {"message": "Cannot trigger a 'workflow_dispatch' on a disabled workflow"}, {}
            inputs = body.get("inputs") or {}
            unexpected = sorted(set(inputs) - set(workflow.get("inputs", ())))
            if unexpected:  # GitHub's words for an input the workflow does not declare
                return 422, {"message": f"Unexpected inputs provided: {unexpected}"}, {}
            self.dispatches.append((name, body))
            self.runs.setdefault(name, []).insert(
                0,
                {
                    "id": len(self.dispatches),
                    "event": "workflow_dispatch",
                    "head_branch": body.get("ref"),
                    "display_title": run_name(workflow.get("run_name"), inputs) or workflow.get("name", name),
                    "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                },
            )
            return 204, None, {}
        if action == "/runs" and method == "GET":
            runs = self.runs.get(name, [])
            return 200, {"total_count": len(runs), "workflow_runs": runs}, {}
        return 404, {"message": "Not Found"}, {}

    def _list(self, full_path: str, query: dict):
        state = query.get("state", "open")
        wanted = [n for n in query.get("labels", "").split(",") if n]
        creator = query.get("creator")
        found = [
            i
            for i in sorted(self.issues.values(), key=lambda i: -i["number"])
            if (state == "all" or i["state"] == state)
            and all(any(lb["name"] == w for lb in i["labels"]) for w in wanted)
            and (creator is None or i["user"]["login"] == creator)
        ]
        return self._page(full_path, query, found)

    def _page(self, full_path: str, query: dict, found: list):
        per_page = min(int(query.get("per_page", 30)), 100)
        page = int(query.get("page", 1))
        last = max(1, -(-len(found) // per_page))
        chunk = found[(page - 1) * per_page : page * per_page]
        links = []

        def link(p, rel):
            q = dict(query, page=str(p), per_page=str(per_page))
            url = f"http://127.0.0.1:{self.server.server_address[1]}{full_path}?{urllib.parse.urlencode(q)}"
            return f'<{url}>; rel="{rel}"'

        if page < last:
            links += [link(page + 1, "next"), link(last, "last")]
        if page > 1:
            links += [link(1, "first"), link(page - 1, "prev")]
        return 200, chunk, ({"Link": ", ".join(links)} if links else {})


def run_name(template: str | None, inputs: dict) -> str:
    """A workflow's `run-name:` as GitHub shows it in `display_title`, for the two forms of expression
    a run-name uses here: `${{ inputs.NAME }}` and `${{ inputs.NAME && format('… {0} …', inputs.NAME) || '' }}`
    (an input not given is empty; an empty name leaves GitHub's own)."""
    if not template:
        return ""

    def evaluate(match) -> str:
        expression = match.group(1).strip()
        plain = re.fullmatch(r"inputs\.([\w-]+)", expression)
        if plain:
            return str(inputs.get(plain.group(1), ""))
        guarded = re.fullmatch(r"inputs\.([\w-]+) && format\('([^']*)', inputs\.\1\) \|\| ''", expression)
        assert guarded, f"the fake cannot evaluate {expression!r}"
        value = str(inputs.get(guarded.group(1), ""))
        return guarded.group(2).replace("{0}", value) if value else ""

    return re.sub(r"\$\{\{(.*?)\}\}", evaluate, template).strip()


def workflow_as_shipped(path) -> dict:
    """A workflow of .github/workflows/ as the fake serves it: active, its name, its dispatch inputs, its run-name."""
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    triggers = data.get("on", data.get(True)) or {}
    dispatch = (triggers.get("workflow_dispatch") if isinstance(triggers, dict) else None) or {}
    return {"state": "active", "name": data.get("name"), "inputs": tuple(dispatch.get("inputs") or ()),
            "run_name": data.get("run-name")}


def reset_in(seconds: float) -> str:
    """An X-RateLimit-Reset value `seconds` from now."""
    return str(int(time.time() + seconds))
