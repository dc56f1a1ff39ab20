"""Fixtures for the mail tests: a real Dovecot on loopback (TLS, a certificate made for the run) and a project
whose mkdocs.yml points `mail: imap:` at it."""

from __future__ import annotations

import shutil
import textwrap

import pytest

from tests.conftest import Project
from tests.mail.dovecot import DOVECOT, Dovecot

MAIL_MKDOCS = """\
site_name: Test pipeline
theme:
  name: material
  font: false
plugins:
  - follow-through:
      timezone: Europe/London
      mail:
        me: [sam@example.org]
{imap}"""


@pytest.fixture
def dovecot(tmp_path):
    if not DOVECOT.exists():  # scripts/setup --test installs it; a machine without it cannot run these tests
        pytest.fail(f"{DOVECOT} is missing: run scripts/setup --test (it installs Debian's dovecot-imapd)")
    server = Dovecot.start(tmp_path / "dovecot")
    try:
        yield server
    finally:
        server.stop()


def imap_settings(server: Dovecot, folders=("INBOX",), tls: bool = True, port: int | None = None) -> str:
    folder_list = ", ".join(folders)
    return textwrap.indent(textwrap.dedent(f"""\
        imap:
          host: 127.0.0.1
          port: {port or (server.tls_port if tls else server.plain_port)}
          user: {server.user}
          folders: [{folder_list}]
          tls: {'true' if tls else 'false'}
          ca_file: cert.pem
        """), " " * 8)


@pytest.fixture
def mail_project(tmp_path, dovecot) -> Project:
    """A project reading the test's Dovecot over TLS (trusting the run's certificate via ca_file)."""
    project = Project(tmp_path / "repo")
    project.write("mkdocs.yml", MAIL_MKDOCS.format(imap=imap_settings(dovecot)), dedent=False)
    project.pipeline.mkdir(parents=True)
    shutil.copy(dovecot.cert, project.root / "cert.pem")
    return project
