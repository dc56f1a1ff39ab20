"""Publishing steps publish.yml calls: the privacy guard and the push to a separate Pages repository.

    python -m generator publish guard [SITE]           # refuse a plain site built from a private repository
    python -m generator publish push SITE --to REMOTE  # the site as one commit on REMOTE's gh-pages

(the command: generator/commands/publish.py; ``python -m generator.adapters.pages_push ...`` still works:
the old way to run it, which moved with this module when it was renamed from ``publish``).

``guard`` reads the repository's visibility from the workflow's event file
(``GITHUB_EVENT_PATH``: ``repository.private``) and the settings from mkdocs.yml.
``push`` uses plain git (tested against a local bare repository); with
``PAGES_DEPLOY_KEY`` in the environment it authenticates with that SSH key only.
Each push replaces the branch with a single commit: the public repository keeps no
history of the dashboard (no record of how it grew, day by day).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.core.problems import ActionFailed, UserError
from generator.core.settings import Settings

SEALED_MARK = b"data-ft-sealed="
PUBLIC_404 = b'data-ft-public="404"'  # the sealed site's 404 page: fixed, neutral text of the plugin's own


@dataclass(frozen=True)
class Verdict:
    ok: bool
    message: str  # a GitHub annotation line (::error::, ::warning::, ::notice::)


def guard_verdict(private: bool | None, encrypt: bool, allow_plain: bool, sealed: bool,
                  plain_page: str | None = None) -> Verdict:
    """May this site be deployed? ``private`` None means the visibility is unknown (treated as private).
    ``plain_page``: the first HTML file of the site that is not sealed (None when every one is), as the
    path the user gave with the file below it (``site/notes/index.html``)."""
    if encrypt:
        if not sealed or plain_page is not None:
            where = plain_page or "index.html"
            return Verdict(False, "::error::privacy.encrypt is true but the built site is not encrypted "
                                  f"({where} has no sealed content); nothing was deployed")
        return Verdict(True, "::notice::The dashboard is encrypted: only the passphrase opens it")
    if private is False:
        return Verdict(True, "::notice::This dashboard is PUBLIC: anyone can read your companies, contacts and notes. "
                             "To publish it encrypted, set privacy: encrypt: true in mkdocs.yml and a "
                             "FOLLOW_THROUGH_PASSPHRASE secret (see the README, 'The private dashboard')")
    if allow_plain:
        return Verdict(
            True,
            "::warning::Publishing a plain (unencrypted) dashboard from a private repository, as "
            "privacy.allow_plain says: GitHub Pages sites are public on every plan short of Enterprise",
        )
    where = "a private repository" if private else "a repository whose visibility is unknown"
    return Verdict(
        False,
        f"::error::Refusing to deploy a plain dashboard built from {where}: GitHub Pages would "
        "show your job search to anyone. Fix: add a FOLLOW_THROUGH_PASSPHRASE secret (Settings > "
        "Secrets and variables > Actions) and set privacy: encrypt: true under the follow-through "
        "plugin in mkdocs.yml; or, if a public dashboard is really meant, privacy: allow_plain: true",
    )


def repository_private(event_path: str | None) -> bool | None:
    if not event_path:
        return None
    try:
        event = json.loads(Path(event_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    private = (event.get("repository") or {}).get("private") if isinstance(event, dict) else None
    return private if isinstance(private, bool) else None


def first_plain_page(site: Path) -> str | None:
    """The first HTML file (in path order) without sealed content: every page must be sealed, hand-written
    ones included; the 404 page may carry only the plugin's neutral text."""
    for path in sorted(site.rglob("*.html")):
        data = path.read_bytes()
        if SEALED_MARK in data:
            continue
        if path.relative_to(site).as_posix() == "404.html" and PUBLIC_404 in data:
            continue
        return path.relative_to(site).as_posix()
    return None


def guard(site: Path, settings: Settings) -> Verdict:
    """The verdict on the built ``site``, for the repository the workflow runs in (GITHUB_EVENT_PATH)."""
    index = site / "index.html"
    sealed = index.is_file() and SEALED_MARK in index.read_bytes()
    plain = first_plain_page(site) if settings.privacy.encrypt else None
    verdict = guard_verdict(
        repository_private(os.environ.get("GITHUB_EVENT_PATH")),
        settings.privacy.encrypt,
        settings.privacy.allow_plain,
        sealed,
        _in_folder(site, plain if plain or sealed else "index.html"),
    )
    return verdict


def _in_folder(site: Path, rel: str | None) -> str | None:
    """A file of the site as the user named the folder (``site/a.html``, ``out/a.html``): the file refused."""
    return None if rel is None else (site / rel).as_posix()


def unsealed_push(site: Path, allow_plain: bool) -> str | None:
    """Why ``push`` refuses ``site`` (None when it may go): it pushes to a public Pages repository, so on its
    own, whether or not the guard ran before it, it sends only a site whose every page is sealed, unless
    privacy.allow_plain says a plain site is meant."""
    if allow_plain:
        return None
    index = site / "index.html"
    plain = first_plain_page(site) if index.is_file() and SEALED_MARK in index.read_bytes() else "index.html"
    if plain is None:
        return None
    return (f"refusing to push {_in_folder(site, plain)}: it has no sealed content, and the Pages repository is "
            "public. Build the encrypted site (privacy: encrypt: true and FOLLOW_THROUGH_PASSPHRASE), or set "
            "privacy: allow_plain: true in mkdocs.yml if a plain, public dashboard is really meant")


def _git(*args: str, cwd: Path, env: dict) -> None:
    result = subprocess.run(["git", *args], check=False, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise ActionFailed(f"git {args[0]} failed: {(result.stderr or result.stdout).strip()}")


def push(site: Path, remote: str, branch: str = "gh-pages", message: str = "Dashboard", *,
         allow_plain: bool = False) -> None:
    """The site folder as the only commit of ``branch`` on ``remote`` (force-pushed); a site that is not sealed
    only with ``allow_plain`` (privacy.allow_plain)."""
    if not (site / "index.html").is_file():
        raise UserError(f"{site}: no index.html here; build the dashboard first (mkdocs build)")
    refusal = unsealed_push(site, allow_plain)
    if refusal:
        raise UserError(refusal)
    with tempfile.TemporaryDirectory(prefix="follow-through-publish-") as tmp:
        work = Path(tmp) / "site"
        shutil.copytree(site, work)
        (work / ".nojekyll").write_text("", encoding="utf-8")  # serve assets as they are, no Jekyll
        env = {
            **os.environ,
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_AUTHOR_NAME": "follow-through",
            "GIT_AUTHOR_EMAIL": "follow-through@users.noreply.github.com",
            "GIT_COMMITTER_NAME": "follow-through",
            "GIT_COMMITTER_EMAIL": "follow-through@users.noreply.github.com",
        }
        key = os.environ.get("PAGES_DEPLOY_KEY", "")
        if key.strip():
            key_file = Path(tmp) / "deploy_key"
            key_file.write_text(key.strip() + "\n", encoding="utf-8")
            key_file.chmod(0o600)
            # Only this key; GitHub's host key is learnt on first use on a fresh runner.
            env["GIT_SSH_COMMAND"] = f"ssh -i {key_file} -o IdentitiesOnly=yes -o StrictHostKeyChecking=accept-new"
        _git("init", "-q", "-b", branch, cwd=work, env=env)
        _git("add", "-A", cwd=work, env=env)
        _git("commit", "-q", "-m", message, cwd=work, env=env)
        _git("push", "-q", "--force", remote, f"HEAD:refs/heads/{branch}", cwd=work, env=env)


if __name__ == "__main__":  # `python -m generator.adapters.pages_push ...`: the old way to run `publish`
    from generator.cli import main

    sys.exit(main(["publish", *sys.argv[1:]]))
