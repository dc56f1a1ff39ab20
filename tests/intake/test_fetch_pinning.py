"""A job link is fetched from the address that was checked (issue 26): one lookup per host, the
connection to that address, the Host header, SNI and certificate check for the name, and every redirect
checked the same way. The resolver is a stand-in passed as an argument (a name that answers public
once, then 127.0.0.1: DNS rebinding); the job board is a real server on 127.0.0.1, plain and TLS
(a certificate made here with PyCA cryptography for `jobs.acme.example`)."""

from __future__ import annotations

import datetime as dt
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from generator.adapters.intake.fetch import FetchError, fetch_page

PAGE = b"<html><head><title>Backend Engineer</title></head><body>Acme</body></html>"


class Board:
    """A job board on 127.0.0.1 that records the Host header of every request it gets."""

    def __init__(self, tls: ssl.SSLContext | None = None, routes: dict | None = None):
        seen = self.seen = []
        routes = routes or {}

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                seen.append((self.headers.get("Host"), self.path))
                location = routes.get(self.path)
                self.send_response(302 if location else 200)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(0 if location else len(PAGE)))
                self.end_headers()
                if not location:
                    self.wfile.write(PAGE)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def board():
    b = Board()
    yield b
    b.close()


class Resolver:
    """A stand-in for DNS: each name's answers in turn (the last one repeats); counts the lookups."""

    def __init__(self, **answers):
        self.answers = {name.replace("_", "."): list(a) for name, a in answers.items()}
        self.calls: list[str] = []

    def __call__(self, host, port):
        self.calls.append(host)
        answers = self.answers[host]
        return [answers.pop(0) if len(answers) > 1 else answers[0]]


def test_the_connection_goes_to_the_address_looked_up_with_the_name_as_host(board):
    resolve = Resolver(jobs_acme_example=["127.0.0.1"])
    page = fetch_page(f"http://jobs.acme.example:{board.port}/job", resolve=resolve, public=False)
    assert "Backend Engineer" in page.text
    assert board.seen == [(f"jobs.acme.example:{board.port}", "/job")]
    assert resolve.calls == ["jobs.acme.example"]  # one lookup, no second one by urllib


def test_a_name_that_answers_public_then_local_reaches_no_local_server(board, monkeypatch):
    monkeypatch.setenv("FOLLOW_THROUGH_FETCH_TIMEOUT", "2")
    resolve = Resolver(rebind_example=["93.184.215.14", "127.0.0.1"])  # public for the check, then local
    with pytest.raises(FetchError, match="could not fetch"):
        fetch_page(f"http://rebind.example:{board.port}/job", resolve=resolve, public=True)
    assert board.seen == []  # the connection went to the address checked, never to 127.0.0.1
    assert resolve.calls == ["rebind.example"]


def test_a_redirect_is_looked_up_once_and_connected_to_the_same_way(board):
    hop = Board(routes={"/go": f"http://inside.example:{board.port}/job"})
    try:
        resolve = Resolver(outside_example=["127.0.0.1"], inside_example=["127.0.0.1", "10.9.9.9"])
        page = fetch_page(f"http://outside.example:{hop.port}/go", resolve=resolve, public=False)
    finally:
        hop.close()
    assert "Backend Engineer" in page.text
    assert board.seen == [(f"inside.example:{board.port}", "/job")]
    assert resolve.calls == ["outside.example", "inside.example"]


def test_a_private_answer_is_refused_before_anything_is_sent(monkeypatch):
    monkeypatch.setenv("FOLLOW_THROUGH_FETCH_TIMEOUT", "2")
    resolve = Resolver(jobs_example=["93.184.215.14"])
    with pytest.raises(FetchError, match="could not fetch"):
        fetch_page("http://jobs.example/", resolve=resolve, public=True)
    resolve = Resolver(jobs_example=["10.0.0.7"])
    with pytest.raises(FetchError, match=r"points to a private address \(10\.0\.0\.7\)"):
        fetch_page("http://jobs.example/", resolve=resolve, public=True)


def _certificate(name: str):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return cert_pem, key_pem


@pytest.fixture
def tls_board(tmp_path):
    cert_pem, key_pem = _certificate("jobs.acme.example")
    (tmp_path / "cert.pem").write_bytes(cert_pem)
    (tmp_path / "key.pem").write_bytes(key_pem)
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    client = ssl.create_default_context(cadata=cert_pem.decode())
    b = Board(tls=server)
    yield b, client
    b.close()


def test_https_checks_the_certificate_for_the_name_not_the_address(tls_board):
    board, client = tls_board
    resolve = Resolver(jobs_acme_example=["127.0.0.1"], other_example=["127.0.0.1"])
    page = fetch_page(f"https://jobs.acme.example:{board.port}/job", resolve=resolve, context=client, public=False)
    assert "Backend Engineer" in page.text and board.seen == [(f"jobs.acme.example:{board.port}", "/job")]
    with pytest.raises(FetchError, match="could not fetch"):  # the certificate is not for that name
        fetch_page(f"https://other.example:{board.port}/job", resolve=resolve, context=client, public=False)
