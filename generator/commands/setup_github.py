"""`setup-github [--mode public|private-pages|free] [--repo OWNER/NAME] [--site-repo OWNER/NAME] [--yes]
[--replace] [--dry-run]`: the GitHub side of publishing in one run.

It asks GitHub what is there (reads only), says what the token needs and what it will do, asks
(in a terminal; `--yes` does not; `--dry-run` stops there), then makes each step and says so.
The decisions: generator/core/github/setup_plan.py; the calls: generator/adapters/github/.
The token (GITHUB_TOKEN, else `gh auth token`) is used for this run only: never written or printed.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass

from generator.adapters.github import setup_calls as calls
from generator.adapters.github.client import GitHub, GitHubError
from generator.adapters.mkdocs_yml import read_settings, write_settings
from generator.adapters.passphrase import MIN_LENGTH, choose
from generator.commands import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UserError, config_path_for
from generator.core.github import setup_plan as decide
from generator.core.github.setup_plan import (
    FREE,
    PRIVATE_PAGES,
    PUBLIC,
    Found,
    default_site_repo,
    missing_scope,
    mode_for,
    needs_passphrase,
)

REPO_PATTERN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")


def configure(parser) -> None:
    parser.add_argument("--mode", choices=("public", "private-pages", "free"),
                        help="public: a public repository, a plain site; private-pages: a private repository on a "
                        "plan with private Pages; free: private data, the sealed site on a second, public repository "
                        "(default: from the repository's visibility and its owner's plan)")
    parser.add_argument("--repo", metavar="OWNER/NAME", help="the repository with your data (default: origin)")
    parser.add_argument("--site-repo", metavar="OWNER/NAME",
                        help="free plan: the public repository that serves the site (default: OWNER/dashboard)")
    parser.add_argument("--yes", action="store_true", help="do not ask before changing anything")
    parser.add_argument("--replace", action="store_true",
                        help="replace the secrets, the deploy key pair, the variable and site_url/repo_url that are "
                        "already there (default: kept)")
    parser.add_argument("--dry-run", action="store_true", help="say what it would do; change nothing")


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _check_repo(text: str, option: str) -> str:
    if not REPO_PATTERN.fullmatch(text or ""):
        raise UserError(f"{option}: '{text}' is not OWNER/NAME (like you/jobs)")
    return text


def origin_repo(folder) -> str | None:
    """OWNER/NAME of the `origin` remote when it is on GitHub (SSH or HTTPS), else None."""
    try:
        done = subprocess.run(["git", "remote", "get-url", "origin"], check=False, cwd=folder,
                              capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"(?:github\.com[:/]|^[^:/]+:)([^/\s]+/[^/\s]+?)(?:\.git)?/?$", done.stdout.strip())
    return match.group(1) if done.returncode == 0 and match else None


def ask(question: str) -> str:
    print(question, end="", flush=True)
    return sys.stdin.readline().strip()


@dataclass(frozen=True)
class Chosen:
    repo: str
    meta: dict
    login: str
    mode: str
    site_repo: str | None


def choose_repo(args, client, login: str, folder) -> tuple[str, dict]:
    """--repo, else origin; the project's own repository (one the token cannot administer) is refused."""
    name = _check_repo(args.repo, "--repo") if args.repo else origin_repo(folder)
    if not name:
        raise UserError("no --repo, and `origin` is not a GitHub repository: say which holds your data "
                        "(--repo YOU/jobs)")
    meta = calls.repository(client, name)
    if meta is None:
        raise UserError(f"{name} does not exist or the token cannot see it: make it on GitHub (guide/publishing.md), "
                        "push your clone there, or say which with --repo OWNER/NAME")
    theirs = (meta.get("permissions") or {}).get("admin", True) and not meta.get("is_template")
    if args.repo or theirs or meta.get("private"):  # the project's own is public; a private one is the user's
        return name, meta
    where = f"origin is {name}, the project's own repository, not yours ({login} cannot administer it)"
    if args.yes or not interactive():
        raise UserError(f"{where}: say which repository holds your data with --repo {login}/NAME")
    typed = _check_repo(ask(f"{where}.\nWhich repository holds your data (OWNER/NAME)? "), "the repository")
    return choose_repo(_with(args, repo=typed), client, login, folder)


def _with(args, **changes):
    return argparse.Namespace(**{**vars(args), **changes})


def choose_mode(args, meta: dict, plan_name: str | None) -> str:
    if args.mode:
        return args.mode
    guessed = mode_for(meta.get("private"), plan_name)
    if guessed:
        return guessed
    if args.yes or not interactive():
        raise UserError(f"{meta.get('full_name')} is private, and its owner's plan cannot be seen with this token: "
                        "say --mode private-pages (a plan with Pages from private repositories: Pro, Team, "
                        "Enterprise) or --mode free")
    answer = ask("Private repository: does its plan serve Pages from private repositories (Pro, Team, Enterprise)? "
                 "[y/N] ")
    return PRIVATE_PAGES if answer.lower().startswith("y") else FREE


def explain(plan, needs: str) -> None:
    print(needs)
    if plan.kept:
        print("In place, kept:")
        print("\n".join(f"  = {line}" for line in plan.kept))
    for note in plan.notes:
        print(f"  ! {note}")
    if plan.steps:
        print("To do:")
        print("\n".join(f"  {n}. {step.text}" for n, step in enumerate(plan.steps, 1)))


def run(args) -> int:
    config = config_path_for(args)
    token, source = calls.find_token(os.environ)
    if not token:
        raise UserError("no token: log in with the GitHub CLI (`gh auth login`), or set GITHUB_TOKEN to a token "
                        "(classic: repo and workflow scopes; fine-grained: Read and write on Administration, Contents, "
                        "Secrets, Variables, Pages and Issues); it is used for this run only (guide/publishing.md)")
    api_url = os.environ.get("GITHUB_API_URL") or None
    client = GitHub(token, api_url)
    print(f"Token: from {source} (used for this run only). GitHub: {client.base_url}")
    try:  # reads only: a permission missing here is named before anything changed
        chosen = _choose(args, client, config.parent)
        found = _found(client, chosen, read_settings(config), calls.api_host(api_url))
    except GitHubError as exc:
        raise _refused(exc) from None
    plan = decide.plan(found, decide.Options(chosen.mode, args.replace))
    creates = chosen.site_repo if found.site is not None and not found.site.exists else None
    repos = (chosen.repo, *([chosen.site_repo] if chosen.site_repo else []))
    print(f"Mode: {chosen.mode} ({chosen.repo}{' -> ' + chosen.site_repo if chosen.site_repo else ''})")
    explain(plan, decide.token_needs(chosen.mode, repos, creates))
    if not plan.steps:
        print("Nothing to change: everything is in place.")
        _say_left(plan)
        return EXIT_OK
    if args.dry_run:
        print("Dry run: nothing was changed.")
        return EXIT_OK
    if not args.yes and (not interactive() or not ask("Go ahead? [y/N] ").lower().startswith("y")):
        print("Nothing was changed." + ("" if interactive() else " (Not a terminal: run it with --yes to go ahead.)"))
        return EXIT_USAGE
    return _apply(plan, calls.Run(client, chosen.login), config)


def _choose(args, client, folder) -> Chosen:
    login, own_plan, scopes = calls.login_and_plan(client)
    repo, meta = choose_repo(args, client, login, folder)
    plan_name = calls.owner_plan(client, repo.partition("/")[0], login, own_plan)
    mode = choose_mode(args, meta, plan_name)
    lacking = missing_scope(scopes, mode)
    if lacking:
        held = ", ".join(sorted(scopes)) or "none"
        raise UserError(f"the token (a classic one) lacks the `{lacking}` scope for {repo} (it has: {held}); "
                        "add it on GitHub (Settings > Developer settings > Tokens) and run it again. "
                        "Nothing was changed")
    site = None
    if mode == FREE:
        variable = calls.maybe(client, f"/repos/{repo}/actions/variables/PAGES_REPOSITORY") or {}
        site = _check_repo(args.site_repo, "--site-repo") if args.site_repo else default_site_repo(
            repo, variable.get("value"))
        if site.lower() == repo.lower():
            raise UserError(f"--site-repo: {site} is the data repository; the site needs a second, public one")
    return Chosen(repo, meta, login, mode, site)


def _found(client, chosen: Chosen, settings, host):
    sealed = chosen.mode != PUBLIC
    data = calls.survey(client, chosen.repo, chosen.meta, data=True, sealed=sealed)
    site = None
    if chosen.site_repo:
        meta = calls.repository(client, chosen.site_repo)
        if meta is not None and meta.get("private"):
            raise UserError(f"{chosen.site_repo} is private: the free plan serves Pages from public repositories "
                            "only. Make it public, or name another with --site-repo")
        site = calls.survey(client, chosen.site_repo, meta, data=False, sealed=True)
    return Found(data, site, settings, chosen.login, host)


def _apply(plan, run, config) -> int:
    """Each step in order, said as it is done; a failure says what was done and what a re-run finishes."""
    if needs_passphrase(plan.steps):
        run.passphrase = _passphrase()
    done: list[str] = []
    settings = [step for step in plan.steps if step.kind == "setting"]
    try:
        for step in plan.steps:
            if step.kind != "setting":
                calls.STEPS[step.kind](run, step)
                done.append(step.text)
                print(f"  done: {step.text}")
        if settings:
            written = _write_settings(config, settings, run)
            done.extend(step.text for step in settings)
            print("\n".join(f"  done: write {key}: {value} in mkdocs.yml" for key, value in written.items()))
    except (GitHubError, UserError) as exc:
        left = [s.text for s in plan.steps if s.text not in done]
        print(f"Stopped: {_one_line(exc)}{_hint(exc, plan)}", file=sys.stderr)
        print(f"Done: {len(done)} of {len(plan.steps)}. Not done yet:", file=sys.stderr)
        print("\n".join(f"  - {text}" for text in left), file=sys.stderr)
        print("Run `follow-through setup-github` again to finish: what is done is kept.", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"Done: {len(done)} change{'s' if len(done) != 1 else ''}.")
    _say_left(plan, next(iter(run.pages_url.values()), None))
    return EXIT_OK


def _refused(exc):
    """A read GitHub refused: which permission, on which repository, and that nothing was changed."""
    if exc.status != 403:
        return exc
    where = re.search(r"/repos/([^/\s]+/[^/\s]+)", str(exc))
    repo = where.group(1) if where else "the account"
    needed = exc.permission or "the permission its message names"
    return GitHubError(f"the token lacks `{needed}` on {repo} ({exc}); grant it and run it again. "
                       "Nothing was changed", exc.status)


def _hint(exc, plan) -> str:
    """GitHub refuses Pages on a private repository whose plan has none: the free plan's way is the answer."""
    if plan.mode == "private-pages" and getattr(exc, "status", None) == 422 and "/pages" in str(exc):
        return " (a plan without Pages for private repositories: run it with --mode free)"
    return ""


def _one_line(exc) -> str:
    permission = getattr(exc, "permission", None)
    if permission:
        return f"the token lacks `{permission}` ({exc})"
    return str(exc)


def _passphrase() -> str:
    value, made = choose(interactive())
    if len(value) < MIN_LENGTH:
        raise UserError(f"FOLLOW_THROUGH_PASSPHRASE is {len(value)} characters long: use {MIN_LENGTH} or more "
                        "(four or more random words; the build stops on a shorter one). Nothing was changed")
    if made:
        print("The passphrase that opens your dashboard, shown this once (GitHub never shows a secret again):\n")
        print(f"    {value}\n")
        print("Keep it in your password manager now: you type it to open the dashboard.")
    return value


def _write_settings(config, steps, run) -> dict[str, str]:
    changes = {}
    for step in steps:
        value = (run.pages_url.get(step.pages_of) or step.value) if step.pages_of else step.value
        if not value:
            raise UserError("Pages gave no address to write as site_url: set it in mkdocs.yml by hand")
        changes[step.name] = value.rstrip("/") + "/" if step.name == "site_url" else value
    write_settings(config, changes)
    return changes


def _say_left(plan, address: str | None = None) -> None:
    print("What is left:")
    unknown = "the address the deploy job prints"  # the plan's words when Pages had not said it yet
    print("\n".join(f"  - {line.replace(unknown, address) if address else line}" for line in plan.left))
