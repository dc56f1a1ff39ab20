"""The private dashboard (``privacy: {encrypt: true}``): every page sealed with the key derived from
``FOLLOW_THROUGH_PASSPHRASE``, in a frame that says nothing about a job search.

``Sealing`` starts the key's derivation when the build is configured (it runs while the pages are
made), makes the frame neutral, seals each page as it is written (``on_post_page``) and then the
rest (``on_post_build``: the same ``seal_site`` as ``follow-through seal SITE``). Without the
passphrase only two builds may be plain: `mkdocs serve` on a loopback address and `make check` into
a temporary folder it deletes; they say so (a banner on every page), everything else refuses.
"""

from __future__ import annotations

import html as html_lib
import ipaddress
import logging
import os
import re
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from generator.adapters.sealed_site import KeyDerivation, seal_site
from generator.core.site import sealing as encrypt
from generator.core.site.neutral import UNLOCK_CSS, UNLOCK_JS

log = logging.getLogger("mkdocs.plugins.follow-through")

LOCAL_CHECK_ENV = "FOLLOW_THROUGH_LOCAL_CHECK"  # `make check`: a plain build into a temporary folder it deletes
LOCAL_BANNER = (
    '<div class="ft-local-banner" role="note">Local preview, not sealed: only this computer sees it. '
    "A published build is sealed with FOLLOW_THROUGH_PASSPHRASE.</div>"
)


def loopback(host: str) -> bool:
    if host in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def in_temp_folder(path: str) -> bool:
    temp = Path(tempfile.gettempdir()).resolve()
    return Path(path).resolve().is_relative_to(temp)


def with_banner(output: str) -> str:
    match = re.search(r"<body[^>]*>", output)
    return output[: match.end()] + LOCAL_BANNER + output[match.end():] if match else LOCAL_BANNER + output


class Sealing:
    """One build's sealing: the key (once derived), what is sealed already, the repository link kept inside."""

    def __init__(self, settings, command: str, config):
        self.settings = settings
        self.keys = None
        self.sealed_pages: set[str] = set()  # dest paths sealed as written: on_post_build need not read them again
        self.local_plain = False
        self.sealed_repo: tuple[str | None, str | None] = (None, None)
        self.derivation = self._start_key_derivation(command, config) if settings.privacy.encrypt else None

    @property
    def on(self) -> bool:
        """The site is sealed (the key is being derived)."""
        return self.derivation is not None

    def _start_key_derivation(self, command: str, config):
        passphrase = os.environ.get(encrypt.PASSPHRASE_ENV)
        problem = encrypt.passphrase_problem(passphrase)
        if problem and self._local_plain_allowed(command, config):
            self.local_plain = True
            return None
        problem = problem or (None if self.settings.site_url else encrypt.SITE_URL_NEEDED)
        if problem:
            raise PluginError(problem)
        warning = encrypt.passphrase_warning(passphrase)
        if warning:
            log.warning(warning)
        return KeyDerivation(passphrase, self.settings.site_url)

    @staticmethod
    def _local_plain_allowed(command: str, config) -> bool:
        if command == "serve":
            host = str(getattr(config.dev_addr, "host", "") or "")
            if loopback(host):
                log.info("privacy: encrypt is on but FOLLOW_THROUGH_PASSPHRASE is not set: serving a LOCAL, "
                         "NOT SEALED preview on %s (only this computer can open it); published builds are sealed",
                         host)
                return True
            return False
        if command == "build" and os.environ.get(LOCAL_CHECK_ENV) == "1" and in_temp_folder(config.site_dir):
            log.info("privacy: encrypt is on, no passphrase: a plain check build into the temporary folder %s",
                     config.site_dir)
            return True
        return False

    def configure(self, config) -> None:
        """The unlock script and its styles on a sealed site (the banner's style on a local plain one)."""
        if self.on:
            config.extra_css.append(UNLOCK_CSS)
            config.extra_javascript.append(UNLOCK_JS)
            self._neutral_frame(config)
        elif self.local_plain:
            config.extra_css.append(UNLOCK_CSS)

    def _neutral_frame(self, config) -> None:
        """Nothing outside the sealed content says "job search": a neutral name, no description, no author,
        no link to the (private) repository (the sealed pages carry it, see ``seal_page``)."""
        config.site_name = encrypt.public_site_name(config.site_name)
        config.site_description = None
        config.site_author = None
        self.sealed_repo = (config.repo_url, config.repo_name)
        config.repo_url = None
        config.repo_name = None
        config.edit_uri = None
        config.edit_uri_template = None
        if isinstance(config.extra, dict):
            config.extra.pop("social", None)

    def key(self):
        """The keys, waiting for the derivation to end (from the nav on, the opaque names need them)."""
        if self.keys is None:
            self.keys = self.derivation.result()
        return self.keys

    def page(self, output: str, page, config) -> str:
        """A page as written: sealed (or with the local banner, or as it is)."""
        if self.local_plain:
            return with_banner(output)
        if self.keys is None:
            return output
        root = get_relative_url(".", page.url).rstrip("/") + "/"
        repo_url, repo_name = self.sealed_repo
        extra = (f'<p class="ft-repo"><a href="{html_lib.escape(repo_url)}">'
                 f'{html_lib.escape(repo_name or "Repository")}</a></p>') if repo_url else ""
        try:  # every page is sealed, the hand-written ones too; none goes out plain
            options = encrypt.SealOptions(config.site_name, remember_days=self.settings.privacy.remember_days)
            sealed = encrypt.seal_page(output, self.keys, options, root, encrypt.sealed_path(page.url), extra)
        except encrypt.NotAPage as exc:
            raise PluginError(f"{page.file.src_uri}: cannot be sealed ({exc}); nothing was published plain") from None
        self.sealed_pages.add(page.file.dest_uri)
        return sealed

    def site(self, config, opportunity_urls) -> None:
        """The same step as `follow-through seal SITE`: the pages sealed as written are left as they are;
        any other page and the search index (as the sealed Find index) are sealed here."""
        if self.keys is None:
            return
        try:
            options = encrypt.SealOptions(config.site_name, self.settings.privacy.remember_days, config.site_url)
            seal_site(Path(config.site_dir), self.keys, options, sealed_already=self.sealed_pages,
                              opportunity_urls=opportunity_urls)
        except encrypt.NotAPage as exc:
            raise PluginError(f"cannot seal {exc}") from None
