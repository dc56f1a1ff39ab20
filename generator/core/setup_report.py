"""The set-up report: which way this repository publishes, and what that needs that is missing.

Pure: ``report(facts, workflow)`` turns what is known (the settings in mkdocs.yml, the workflow
files, the GitHub Actions environment) into a publish mode and a list of needs, each named as
the user sets it on GitHub (secret, variable, Pages source, a setting in mkdocs.yml). The
``doctor`` command gathers the facts and prints; publish.yml and remind.yml run it first, so a
missing secret fails there in one line instead of deep inside a later step.
"""

from __future__ import annotations

from dataclasses import dataclass

PUBLIC = "public"
PRIVATE_PAGES = "private"
FREE_PLAN = "free-plan"


def _example_address(facts, mode: str) -> str:
    """Where the dashboard will be served: on the free plan, the public repository's Pages address."""
    owner, _, name = (facts.pages_repository if mode == FREE_PLAN else "").partition("/")
    return f"https://{owner.lower()}.github.io/{name}/" if owner and name else "https://you.github.io/jobs/"

SECRETS_PAGE = "Settings > Secrets and variables > Actions"
PASSPHRASE = "FOLLOW_THROUGH_PASSPHRASE"
DEPLOY_KEY = "PAGES_DEPLOY_KEY"
PAGES_REPOSITORY = "PAGES_REPOSITORY"
WORKFLOWS = {"publish": "publish.yml", "remind": "remind.yml"}
MAIL_PASSWORD = "FOLLOW_THROUGH_MAIL_PASSWORD"


@dataclass(frozen=True)
class Facts:
    encrypt: bool = False
    allow_plain: bool = False
    site_url: str | None = None
    workflows: frozenset[str] = frozenset()  # file names in .github/workflows/
    in_actions: bool = False  # in GitHub Actions, a secret's presence is known (the step passes it)
    repository: str | None = None  # GITHUB_REPOSITORY
    private: bool | None = None  # the repository's visibility; None: not known here
    pages_repository: str = ""  # the PAGES_REPOSITORY variable ('' when unset)
    secrets: frozenset[str] = frozenset()  # names of the secrets that are set
    # This repository's Pages, as GitHub's API tells it: "workflow" (GitHub Actions), "legacy" (from a
    # branch), "off" (Pages not enabled); None when it could not be asked (locally, no permission).
    pages_source: str | None = None
    # Asked of GitHub with a token (`doctor --repo`, locally): the secrets' names and the variable are then known,
    # and on the free plan how the public repository serves Pages ("gh-pages", "other", "off") and its deploy key.
    on_github: bool = False
    site_pages: str | None = None
    deploy_key: bool | None = None
    mail_imap: bool = False  # mkdocs.yml has mail: imap: (host and user)
    mail_me: bool = False  # mkdocs.yml has mail: me: (your own addresses)


@dataclass(frozen=True)
class Need:
    kind: str  # secret | variable | setting | Pages source | workflow
    name: str
    how: str  # where to set it, and what it is for
    present: bool | None  # None: cannot be seen from here (check it by hand)

    def line(self) -> str:
        state = {True: "ok     ", False: "MISSING", None: "check  "}[self.present]
        return f"  {state}  {self.kind} {self.name}: {self.how}"


@dataclass(frozen=True)
class Report:
    mode: str
    mode_text: str
    needs: tuple[Need, ...]

    @property
    def missing(self) -> list[Need]:
        return [need for need in self.needs if need.present is False]

    def error_line(self) -> str | None:
        """One line for the workflow log (a GitHub annotation), or None when nothing is missing."""
        if not self.missing:
            return None
        names = ", ".join(f"{need.kind} {need.name}" for need in self.missing)
        return (
            f"::error::Set-up incomplete ({self.mode_text}): missing {names}. "
            "Run `follow-through doctor` or see the job summary"
        )

    def text(self) -> str:
        lines = [f"Publish mode: {self.mode_text}", *(need.line() for need in self.needs)]
        mail = [need for need in self.missing if _for_mail(need)]
        if len(mail) < len(self.missing):
            lines.append(f"{len(self.missing) - len(mail)} missing: `follow-through setup-github` sets them up "
                         "(guide/publishing.md)")
        if mail:  # setup-github does not touch mail: the settings and the secret are the user's (guide/mail.md)
            lines.append(f"{len(mail)} missing for mail: each line above says where it goes (guide/mail.md)")
        if not self.missing:
            lines.append("Nothing missing that can be seen from here.")
        return "\n".join(lines)

    def markdown(self) -> str:
        """The job summary ($GITHUB_STEP_SUMMARY)."""
        mark = {True: "ok", False: "**missing**", None: "check by hand"}
        rows = [f"| {mark[n.present]} | {n.kind} | `{n.name}` | {n.how} |" for n in self.needs]
        return "\n".join(
            [
                "## Set-up report",
                "",
                f"Publish mode: **{self.mode_text}**",
                "",
                "| state | kind | name | what to do |",
                "| --- | --- | --- | --- |",
                *rows,
                "",
                "The recipes, one per mode: `guide/publishing.md` in this repository.",
                "",
            ]
        )


def mode_of(facts: Facts) -> tuple[str, str]:
    if facts.pages_repository:
        return FREE_PLAN, (
            f"free plan: private data here, the encrypted site pushed to {facts.pages_repository} (its gh-pages branch)"
        )
    if facts.private is True:
        return PRIVATE_PAGES, "private repository, Pages served from it (a plan with private Pages)"
    if facts.private is False:
        return PUBLIC, "public repository, Pages served from it"
    unseen = (  # a fresh reader on the free plan took this guess for the answer: say how to get the answer
        "a guess: the repository's visibility and variables cannot be seen from here; "
        "`follow-through doctor --repo OWNER/NAME` asks GitHub"
    )
    if facts.encrypt:
        return PRIVATE_PAGES, f"encrypted site on this repository's Pages ({unseen})"
    return PUBLIC, f"plain site on this repository's Pages ({unseen})"


def _secret(facts: Facts, name: str, what: str) -> Need:
    present = (name in facts.secrets) if facts.in_actions or facts.on_github else None
    return Need("secret", name, f"{SECRETS_PAGE} > New repository secret: {what}", present)


def report(facts: Facts, workflow: str | None = None) -> Report:
    """What ``workflow`` ("publish", "remind"; None: both) needs in this repository's mode."""
    mode, mode_text = mode_of(facts)
    if workflow == "mail":
        return Report(mode, mode_text, tuple(mail_needs(facts)))
    wanted = [workflow] if workflow else list(WORKFLOWS)
    needs: list[Need] = []
    for name in wanted:
        needs.append(
            Need(
                "workflow",
                f".github/workflows/{WORKFLOWS[name]}",
                "keep it from the template",
                WORKFLOWS[name] in facts.workflows,
            )
        )
    needs.extend(_privacy_needs(facts, mode))
    if "publish" in wanted:
        needs.extend(_free_plan_pages_needs(facts) if mode == FREE_PLAN else [_pages_source_need(facts)])
    if workflow is None and facts.mail_imap:  # reading mail is set up: say what else it needs
        needs.extend(mail_needs(facts))
    return Report(mode, mode_text, tuple(needs))


def _for_mail(need: Need) -> bool:
    return need.name in (".github/workflows/mail.yml", "mail.imap", "mail.me", MAIL_PASSWORD) or (
        need.name == "repository visibility" and "mail" in need.how)


def mail_needs(facts: Facts) -> list[Need]:
    """What `mail` in mail.yml needs: the workflow, the settings, the password's secret, a private repository."""
    visibility = None if facts.private is None else facts.private is True
    return [
        Need("workflow", ".github/workflows/mail.yml", "keep it from the template", "mail.yml" in facts.workflows),
        Need("setting", "mail.imap", "`mail: {imap: {host: ..., user: ...}}` under the follow-through plugin in "
             "mkdocs.yml: the account mail reads (guide/mail.md)", facts.mail_imap),
        Need("setting", "mail.me", "`mail: {me: [you@example.org]}`: your own addresses, so your sent mail is "
             "told from theirs", facts.mail_me),
        _secret(facts, MAIL_PASSWORD, "an app password for that account, never your main one (guide/mail.md)"),
        Need("setting", "repository visibility", "Settings > General > Danger Zone: private; mail refuses to run "
             "in a public repository (its logs and commits would be public)", visibility),
    ]


def _privacy_needs(facts: Facts, mode: str) -> list[Need]:
    """Encryption when the site would be public; then its passphrase and the address the key is salted with."""
    needs: list[Need] = []
    sealed = facts.encrypt or mode == FREE_PLAN
    if mode == FREE_PLAN or (facts.private is True and not facts.allow_plain):
        needs.append(
            Need(
                "setting",
                "privacy.encrypt",
                "`privacy: {encrypt: true}` under the follow-through "
                "plugin in mkdocs.yml: a Pages site is public on every plan short of Enterprise",
                facts.encrypt,
            )
        )
    if sealed:
        needs.append(_secret(facts, PASSPHRASE, "the passphrase that opens the dashboard (four or more random words)"))
        needs.append(
            Need(
                "setting",
                "site_url",
                "your dashboard's address in mkdocs.yml (the key is salted with it), like "
                + _example_address(facts, mode),
                bool(facts.site_url),
            )
        )
    return needs


def _free_plan_pages_needs(facts: Facts) -> list[Need]:
    """On the free plan the site is served from a second, public repository, pushed to with a deploy key."""
    return [
        Need(
            "variable",
            PAGES_REPOSITORY,
            f"{SECRETS_PAGE} > Variables: the public repository that serves the site, as OWNER/NAME",
            "/" in facts.pages_repository,
        ),
        _secret(
            facts,
            DEPLOY_KEY,
            f"the private half of a deploy key with write access, "
            f"added to {facts.pages_repository} (Settings > Deploy keys)",
        ),
        Need(
            "deploy key",
            f"of {facts.pages_repository}",
            "Settings > Deploy keys: the public half of PAGES_DEPLOY_KEY, with write access",
            facts.deploy_key,
        ),
        Need(
            "Pages source",
            f"of {facts.pages_repository}",
            "Settings > Pages > Deploy from a branch: gh-pages, / (root)",
            None if facts.site_pages is None else facts.site_pages == "gh-pages",
        ),
    ]


def _pages_source_need(facts: Facts) -> Need:
    how = "Settings > Pages > Build and deployment > Source: GitHub Actions"
    if facts.pages_source == "legacy":
        how += " (it is set to Deploy from a branch)"
    elif facts.pages_source == "off":
        how += " (Pages is not enabled yet)"
    present = None if facts.pages_source is None else facts.pages_source == "workflow"
    return Need("Pages source", "GitHub Actions", how, present)
