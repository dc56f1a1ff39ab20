"""A real IMAP server for the tests: Debian's Dovecot, started on loopback ports with a certificate made for the run.

`Dovecot.start(folder)` writes a config (its own base_dir, so it never meets a system Dovecot),
a passwd-file with one user, a self-signed certificate for 127.0.0.1 (PyCA `cryptography`), and
runs `/usr/sbin/dovecot -F -c CONFIG` in the foreground as a child of the test. The mail is a
Maildir the test fills with `deliver()` (files in `new/`, as a delivery agent writes them), so
nothing about IMAP is mocked. It works as root (CI) and as an ordinary user.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DOVECOT = Path("/usr/sbin/dovecot")
USER = "sam@example.org"
PASSWORD = "correct horse battery staple"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost (cert.pem doubles as the CA the client trusts)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    key_path.chmod(0o600)
    return cert_path, key_path


CONFIG = """\
base_dir = {run}
state_dir = {d}/state
instance_name = follow-through-test-{tls_port}
log_path = {d}/dovecot.log
info_log_path = {d}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = 0
first_valid_gid = 0
mail_location = maildir:{run}/Maildir:LAYOUT=fs
mail_uid = {uid}
mail_gid = {gid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {run}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={run}/home
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {plain_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


@dataclass
class Dovecot:
    folder: Path
    tls_port: int
    plain_port: int
    process: subprocess.Popen
    run: Path
    uid: int
    gid: int
    user: str = USER
    password: str = PASSWORD

    @property
    def cert(self) -> Path:
        return self.folder / "cert.pem"

    @property
    def maildir(self) -> Path:
        return self.run / "Maildir"

    @classmethod
    def start(cls, folder: Path) -> Dovecot:
        folder.mkdir(parents=True, exist_ok=True)
        cert, key = make_certificate(folder)
        (folder / "state").mkdir(exist_ok=True)
        # Dovecot's login and internal processes refuse to run as root: as root (CI), they run as the
        # users Debian's package makes (else nobody); as anyone else, as that user. Their sockets live in a
        # short folder of their own that they can reach (a socket path is at most 107 bytes).
        internal, login = _service_users(os.getuid())
        # The mail (a Maildir) is read as a user that is not root too: the internal user's ids.
        uid, gid = pwd.getpwnam(internal).pw_uid, pwd.getpwnam(internal).pw_gid
        run = Path(tempfile.mkdtemp(prefix="ft-dovecot-"))
        run.chmod(0o755)
        for sub in ("home", "Maildir/cur", "Maildir/new", "Maildir/tmp"):
            (run / sub).mkdir(parents=True, exist_ok=True)
            _own(run / sub, uid, gid)
        _own(run / "Maildir", uid, gid)
        (run / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n", encoding="utf-8")  # auth reads it
        tls_port, plain_port = free_port(), free_port()
        config = folder / "dovecot.conf"
        config.write_text(CONFIG.format(
            d=folder, run=run, cert=cert, key=key, internal=internal, login=login,
            uid=uid, gid=gid, tls_port=tls_port, plain_port=plain_port,
        ), encoding="utf-8")
        process = subprocess.Popen(
            [str(DOVECOT), "-F", "-c", str(config)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        server = cls(folder, tls_port, plain_port, process, run, uid, gid)
        server.wait_until_listening()
        return server

    def wait_until_listening(self, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                output = self.process.stdout.read().decode(errors="replace") if self.process.stdout else ""
                log = (self.folder / "dovecot.log").read_text(errors="replace") if (
                    self.folder / "dovecot.log").exists() else ""
                raise RuntimeError(f"dovecot exited ({self.process.returncode}): {output}\n{log}")
            try:
                with socket.create_connection(("127.0.0.1", self.tls_port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("dovecot did not start listening")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.run, ignore_errors=True)

    def folder_path(self, name: str = "INBOX") -> Path:
        return self.maildir if name == "INBOX" else self.maildir / name

    def make_folder(self, name: str) -> Path:
        path = self.folder_path(name)
        for sub in ("cur", "new", "tmp"):
            (path / sub).mkdir(parents=True, exist_ok=True)
        for made in (path, *(path / sub for sub in ("cur", "new", "tmp"))):
            _own(made, self.uid, self.gid)
        return path

    def deliver(self, message: bytes, folder: str = "INBOX", received: dt.datetime | None = None) -> None:
        """One message into the folder's new/, as a delivery agent writes it (tmp/, then a rename).

        ``received``: its arrival time (the file's mtime, which Dovecot gives as INTERNALDATE, what SINCE searches).
        """
        path = self.make_folder(folder)
        name = f"{time.time_ns()}.P{os.getpid()}Q{_next()}.test"
        (path / "tmp" / name).write_bytes(message)
        _own(path / "tmp" / name, self.uid, self.gid)
        if received is not None:
            os.utime(path / "tmp" / name, (received.timestamp(), received.timestamp()))
        os.replace(path / "tmp" / name, path / "new" / name)

    def reset_uidvalidity(self, folder: str = "INBOX") -> None:
        """Forget Dovecot's UID list for the folder: it gives the messages new UIDs under a new UIDVALIDITY."""
        path = self.folder_path(folder)
        for name in ("dovecot-uidlist", "dovecot.index", "dovecot.index.cache", "dovecot.index.log"):
            (path / name).unlink(missing_ok=True)
        time.sleep(1.1)  # UIDVALIDITY is the time in seconds: a new one must differ


def _own(path: Path, uid: int, gid: int) -> None:
    if os.getuid() == 0:
        os.chown(path, uid, gid)


def _service_users(uid: int) -> tuple[str, str]:
    if uid != 0:
        name = pwd.getpwuid(uid).pw_name
        return name, name

    def existing(*names: str) -> str:
        for name in names:
            try:
                return pwd.getpwnam(name).pw_name
            except KeyError:
                continue
        return "nobody"

    return existing("dovecot", "nobody"), existing("dovenull", "nobody")


_counter = iter(range(1, 1 << 30))


def _next() -> int:
    return next(_counter)
