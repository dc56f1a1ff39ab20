"""`setup-github`, decided: from what exists on GitHub and the options, the steps to take (pure).

The shell (``generator/commands/setup_github.py``) asks GitHub what is there (``Found``), this
module says what the token needs, which steps are left to do, what is already in place and is
kept, and what is left for the user afterwards (push, the first run). A second run, where
everything is in place, plans no step; a run that failed half-way plans only what it did not do.
Nothing here reads the environment, the clock, a file or the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PUBLIC, PRIVATE_PAGES, FREE = "public", "private-pages", "free"
MODES = (PUBLIC, PRIVATE_PAGES, FREE)
PASSPHRASE = "FOLLOW_THROUGH_PASSPHRASE"
DEPLOY_KEY = "PAGES_DEPLOY_KEY"
PAGES_REPOSITORY = "PAGES_REPOSITORY"
DEPLOY_KEY_TITLE = "publish"  # the deploy key's title on the site repository (only its admins see it)
SITE_BRANCH = "gh-pages"
DEFAULT_SITE_NAME = "dashboard"  # a neutral name: it shows in the address and on the public profile
PAID_PLANS = ("pro", "team", "business", "enterprise", "business_plus", "enterprise_cloud")


@dataclass(frozen=True)
class Repo:
    """One repository as GitHub tells it; ``exists=False`` for one that is not there (yet)."""

    name: str  # OWNER/NAME
    exists: bool = True
    private: bool | None = None
    html_url: str = ""
    default_branch: str = "main"
    pages: str | None = None  # "workflow", "legacy" (from a branch), None: Pages not enabled
    pages_branch: str | None = None  # the branch a "legacy" Pages site is served from
    pages_path: str | None = None
    pages_url: str | None = None
    secrets: frozenset[str] = frozenset()
    variables: tuple[tuple[str, str], ...] = ()
    deploy_keys: tuple[tuple[int, str, bool], ...] = ()  # (id, title, read_only)
    branches: frozenset[str] = frozenset()  # of the ones asked about: the site branch
    label: bool = False
    actions_enabled: bool = True
    allowed_actions: str = "all"  # all | local_only | selected
    github_owned_allowed: bool = True  # when "selected"

    def variable(self, name: str) -> str | None:
        return dict(self.variables).get(name)


@dataclass(frozen=True)
class Settings:
    """The publishing settings in mkdocs.yml, as they are now."""

    site_url: str | None = None
    repo_url: str | None = None
    encrypt: bool = False


@dataclass(frozen=True)
class Found:
    data: Repo
    site: Repo | None  # the free plan's public repository; None in the other modes
    settings: Settings
    login: str  # the token's user
    github_host: str = "github.com"  # for the Pages address: github.com, or None-like on Enterprise


@dataclass(frozen=True)
class Options:
    mode: str
    replace: bool = False


@dataclass(frozen=True)
class Step:
    """One change: ``kind`` says which call makes it, ``repo`` where, ``name``/``value`` what."""

    kind: str
    repo: str
    text: str  # what it does, for the user
    name: str = ""
    value: str = ""
    ids: tuple[int, ...] = ()  # deploy keys to remove
    pages_of: str = ""  # site_url: the address this repository's Pages answers with, when it has one


@dataclass(frozen=True)
class Plan:
    mode: str
    steps: tuple[Step, ...]
    kept: tuple[str, ...]  # already in place, left as it is
    notes: tuple[str, ...] = ()  # in place but not as this run would make it: kept, said once
    left: tuple[str, ...] = field(default=())


def mode_for(private: bool | None, plan: str | None) -> str | None:
    """The mode a repository's visibility and its owner's plan suggest; None when it cannot tell."""
    if private is False:
        return PUBLIC
    if private is None or not plan:
        return None
    return PRIVATE_PAGES if plan.lower() in PAID_PLANS else FREE


def default_site_repo(data_repo: str, pages_repository: str | None) -> str:
    """The free plan's public repository: the variable's when set, else OWNER/dashboard."""
    if pages_repository and "/" in pages_repository:
        return pages_repository
    return f"{data_repo.partition('/')[0]}/{DEFAULT_SITE_NAME}"


def pages_address(repo: str, pages_url: str | None, host: str | None) -> str | None:
    """Where Pages serves ``repo``: the address GitHub gave, else github.io's own rule (None on Enterprise)."""
    if pages_url:
        return pages_url.rstrip("/") + "/"
    if host != "github.com":
        return None
    owner, _, name = repo.partition("/")
    if name.lower() == f"{owner.lower()}.github.io":
        return f"https://{owner.lower()}.github.io/"
    return f"https://{owner.lower()}.github.io/{name}/"


def token_needs(mode: str, repos: tuple[str, ...], creates: str | None) -> str:
    """What the token must be allowed, in the words of GitHub's token pages."""
    where = "all repositories" if creates else ", ".join(repos)
    scope = "Administration, Contents, Secrets, Variables, Pages and Issues"
    made = f" (it makes {creates}, so the token needs all repositories)" if creates else ""
    return (
        "The token needs: classic: the `repo` and `workflow` scopes; fine-grained: "
        f"{where}, with Read and write on {scope}{made}."
    )


def missing_scope(scopes: frozenset[str] | None, mode: str) -> str | None:
    """The classic scope the token lacks for this mode (None: none lacking, or a fine-grained token)."""
    if scopes is None or "repo" in scopes or (mode == PUBLIC and "public_repo" in scopes):
        return None
    return "repo"


def plan(found: Found, options: Options) -> Plan:
    """Everything still to do, in the order it is done; what is in place is kept (``--replace`` redoes it)."""
    steps: list[Step] = []
    kept: list[str] = []
    notes: list[str] = []
    sealed = options.mode in (PRIVATE_PAGES, FREE)
    if options.mode == FREE:
        _site_repository(found, options, steps, kept)
    if sealed:
        _secret(found.data, PASSPHRASE, "the passphrase that opens the dashboard", options, steps, kept)
    if options.mode == FREE:
        _deploy_key(found, options, steps, kept)
        _variable(found, options, steps, kept, notes)
    else:
        _workflow_pages(found.data, steps, kept)
    _actions(found.data, steps, kept)
    _label(found.data, steps, kept)
    _settings(found, options, steps, kept, notes)
    return Plan(options.mode, tuple(steps), tuple(kept), tuple(notes), _left(found, options))


def _site_repository(found: Found, options: Options, steps: list[Step], kept: list[str]) -> None:
    site = found.site
    if not site.exists:
        steps.append(Step("create-repo", site.name, f"make the public repository {site.name} with a first commit"))
    else:
        kept.append(f"the public repository {site.name}")
    if SITE_BRANCH in site.branches:
        kept.append(f"the {SITE_BRANCH} branch of {site.name}")
    else:
        steps.append(Step("branch", site.name, f"make the {SITE_BRANCH} branch of {site.name} from its first commit",
                          name=SITE_BRANCH))
    serving = site.pages == "legacy" and site.pages_branch == SITE_BRANCH and site.pages_path in (None, "/")
    if serving:
        kept.append(f"Pages of {site.name}, served from {SITE_BRANCH}")
    else:
        verb = "switch Pages of" if site.pages else "turn on Pages for"
        steps.append(Step("pages-branch" if not site.pages else "pages-branch-update", site.name,
                          f"{verb} {site.name}: served from the {SITE_BRANCH} branch, / (root)", name=SITE_BRANCH))


def _secret(repo: Repo, name: str, what: str, options: Options, steps: list[Step], kept: list[str]) -> None:
    if name in repo.secrets and not options.replace:
        kept.append(f"the secret {name} of {repo.name} (--replace replaces it)")
        return
    verb = "replace" if name in repo.secrets else "set"
    steps.append(Step("secret", repo.name, f"{verb} the secret {name} of {repo.name}: {what}", name=name))


def _deploy_key(found: Found, options: Options, steps: list[Step], kept: list[str]) -> None:
    """A new key pair only when a half is missing (the registered key, or the secret), or with --replace."""
    site = found.site
    ours = tuple(key_id for key_id, title, _ in site.deploy_keys if title == DEPLOY_KEY_TITLE)
    writable = any(title == DEPLOY_KEY_TITLE and not read_only for _, title, read_only in site.deploy_keys)
    in_secret = DEPLOY_KEY in found.data.secrets
    if writable and in_secret and not options.replace:
        kept.append(f"the deploy key '{DEPLOY_KEY_TITLE}' of {site.name} and the secret {DEPLOY_KEY} "
                    f"of {found.data.name} (--replace makes a new pair)")
        return
    removed = f", in place of the old one{'s' if len(ours) > 1 else ''}" if ours else ""
    steps.append(Step("deploy-key", site.name,
                      f"make a deploy key pair on this computer: its public half a deploy key '{DEPLOY_KEY_TITLE}' "
                      f"with write access to {site.name}{removed}, its private half the secret {DEPLOY_KEY} of "
                      f"{found.data.name}",
                      name=DEPLOY_KEY, value=found.data.name, ids=ours))


def _variable(found: Found, options: Options, steps: list[Step], kept: list[str], notes: list[str]) -> None:
    data, wanted = found.data, found.site.name
    now = data.variable(PAGES_REPOSITORY)
    if now == wanted:
        kept.append(f"the variable {PAGES_REPOSITORY} = {wanted} of {data.name}")
    elif now is None or options.replace:
        verb = "set" if now is None else "replace"
        steps.append(Step("variable", data.name, f"{verb} the variable {PAGES_REPOSITORY} of {data.name}: {wanted}",
                          name=PAGES_REPOSITORY, value=wanted))
    else:
        notes.append(f"the variable {PAGES_REPOSITORY} of {data.name} is {now}, not {wanted}: kept "
                     "(--replace sets it)")


def _workflow_pages(repo: Repo, steps: list[Step], kept: list[str]) -> None:
    if repo.pages == "workflow":
        kept.append(f"Pages of {repo.name}, built by the workflow (GitHub Actions)")
    elif repo.pages:
        steps.append(Step("pages-workflow-update", repo.name,
                          f"switch Pages of {repo.name} from a branch to the workflow (GitHub Actions)"))
    else:
        steps.append(Step("pages-workflow", repo.name,
                          f"turn on Pages for {repo.name}, built by the workflow (GitHub Actions)"))


def _actions(repo: Repo, steps: list[Step], kept: list[str]) -> None:
    allowed = repo.allowed_actions == "all" or (repo.allowed_actions == "selected" and repo.github_owned_allowed)
    if repo.actions_enabled and allowed:
        kept.append(f"Actions of {repo.name}: enabled, GitHub's own actions allowed")
        return
    what = "enable Actions" if not repo.actions_enabled else "allow GitHub's own actions"
    steps.append(Step("actions", repo.name, f"{what} in {repo.name} (default workflow permissions left as they are)",
                      value=repo.allowed_actions))


def _label(repo: Repo, steps: list[Step], kept: list[str]) -> None:
    if repo.label:
        kept.append(f"the label follow-up of {repo.name}")
    else:
        steps.append(Step("label", repo.name, f"make the label follow-up in {repo.name}", name="follow-up"))


def wanted_settings(found: Found, mode: str) -> Settings:
    """site_url, repo_url and encrypt as this mode publishes them."""
    served = found.site if mode == FREE else found.data
    site_url = pages_address(served.name, served.pages_url, found.github_host)
    return Settings(site_url=site_url, repo_url=found.data.html_url or None, encrypt=mode != PUBLIC)


def _settings(found: Found, options: Options, steps: list[Step], kept: list[str], notes: list[str]) -> None:
    want, now = wanted_settings(found, options.mode), found.settings
    served = (found.site if options.mode == FREE else found.data).name
    pages_made = any(s.kind.startswith("pages") and s.repo == served for s in steps)
    for key in ("site_url", "repo_url"):
        wanted, present = getattr(want, key), getattr(now, key)
        if key == "site_url" and pages_made and (not present or options.replace):
            # the address Pages answers with once it is on (a custom domain, Enterprise), else github.io's rule
            shown = wanted or "the address Pages gives"
            steps.append(Step("setting", "mkdocs.yml", f"write site_url: {shown} in mkdocs.yml", name=key,
                              value=wanted or "", pages_of=served))
        elif wanted is None:
            if not present:
                notes.append(f"{key} in mkdocs.yml: not set, and its address is not known here: set it by hand")
        elif present == wanted:
            kept.append(f"{key}: {present} in mkdocs.yml")
        elif present and not options.replace:
            notes.append(f"{key} in mkdocs.yml is {present}, not {wanted}: kept (--replace sets it)")
        else:
            steps.append(Step("setting", "mkdocs.yml", f"write {key}: {wanted} in mkdocs.yml", name=key, value=wanted))
    if want.encrypt and not now.encrypt:
        steps.append(Step("setting", "mkdocs.yml", "write privacy.encrypt: true in mkdocs.yml",
                          name="privacy.encrypt", value="true"))
    elif want.encrypt:
        kept.append("privacy.encrypt: true in mkdocs.yml")


def _left(found: Found, options: Options) -> tuple[str, ...]:
    address = wanted_settings(found, options.mode).site_url or "the address the deploy job prints"
    left = ["commit mkdocs.yml and your pipeline/, then `git push`: Actions > Publish dashboard runs on the push"]
    if options.mode == FREE:
        left.append(f"its first run pushes the sealed site to {found.site.name}; a minute later {address} shows "
                    "the passphrase form")
    elif options.mode == PRIVATE_PAGES:
        left.append(f"its first run deploys the sealed site: open {address} and enter the passphrase")
    else:
        left.append(f"its first run deploys the dashboard to {address}")
    left.append("Actions > Remind opens the reminder issues (Run workflow to see it at once)")
    left.append(f"to check it all at any time: `follow-through doctor --repo {found.data.name}`")
    return tuple(left)


def needs_passphrase(steps: tuple[Step, ...]) -> bool:
    return any(step.kind == "secret" and step.name == PASSPHRASE for step in steps)
