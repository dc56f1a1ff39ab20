"""Job pages in the shapes Greenhouse, Lever and Ashby serve, and a tiny server for them on 127.0.0.1.

The JSON-LD blocks follow what those boards embed (trimmed: descriptions shortened,
logos and salary left out where they change nothing we read).
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GREENHOUSE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Job Application for Senior Backend Engineer at Acme Corp</title>
<script type="application/ld+json">
{"@context":"schema.org","@type":"JobPosting","hiringOrganization":{"@type":"Organization","name":"Acme Corp","logo":"https://s2-recruiting.cdn.greenhouse.io/external_greenhouse_job_boards/logos/400/000/000/resized/acme.png"},"title":"Senior Backend Engineer, R&amp;D","datePosted":"2026-11-20","jobLocation":{"@type":"Place","address":{"@type":"PostalAddress","addressLocality":"Berlin, Germany","addressRegion":null,"addressCountry":null,"postalCode":null}},"description":"&lt;p&gt;We build payments.
Come help.&lt;/p&gt;"}
</script>
</head><body><div id="app_body"><h1 class="app-title">Senior Backend Engineer, R&amp;D</h1></div></body></html>
"""

LEVER = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8"><title>Globex - Product Designer</title>
<script type="application/ld+json">
      {
        "@context": "http://schema.org",
        "@type": "JobPosting",
        "title": "Product Designer",
        "hiringOrganization": {"@type": "Organization", "name": "Globex", "logo": "https://lever-client-logos.s3.amazonaws.com/globex.png"},
        "jobLocation": [
          {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "San Francisco, CA"}},
          {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "New York, NY"}}
        ],
        "employmentType": "Full-time",
        "datePosted": "2026-11-18",
        "description": "<div>Design things.</div>"
      }
    </script>
</head><body><div class="posting-headline"><h2>Product Designer</h2></div></body></html>
"""

ASHBY = """<!DOCTYPE html>
<html><head><title>Staff Engineer @ Initech</title>
<script type="application/ld+json">{"@context":"https://schema.org/","@type":"JobPosting","title":"Staff Engineer &#8211; Platform","description":"<p>Remote-first.</p>","datePosted":"2026-11-15T00:00:00.000Z","validThrough":"2026-12-31T00:00:00.000Z","employmentType":"FULL_TIME","hiringOrganization":{"@type":"Organization","name":"Initech","sameAs":"https://initech.example","logo":"https://app.ashbyhq.com/api/images/org-theme-logo/initech.png"},"jobLocation":{"@type":"Place","address":{"@type":"PostalAddress","addressCountry":"United States"}},"jobLocationType":"TELECOMMUTE","applicantLocationRequirements":{"@type":"Country","name":"United States"},"directApply":true}</script>
</head><body><div id="root"></div></body></html>
"""

# A CMS page: a broken block first, a breadcrumb block, then an @graph whose posting points at its organisation.
GRAPH = """<html><head>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "JobPosting", "title": "Broken",}</script>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"Jobs"}]}</script>
<script type="application/ld+json">
{"@context":"https://schema.org","@graph":[
  {"@type":"Organization","@id":"https://hooli.example/#org","name":"Hooli"},
  {"@type":["WebPage"],"@id":"https://hooli.example/jobs/7","mainEntity":{"@type":"JobPosting","title":"Site Reliability Engineer","hiringOrganization":{"@id":"https://hooli.example/#org"},"jobLocation":[{"@type":"Place","address":"Dublin, Ireland"}]}}
]}
</script>
</head><body>Hooli careers</body></html>
"""

# A list at the top level and the organisation as plain text.
LIST_AND_STRING = """<html><head><script type="application/ld+json">
[{"@type":"Organization","name":"Other"},{"@type":"JobPosting","title":"Data Analyst","hiringOrganization":"Vandelay Industries","jobLocation":{"@type":"Place","address":{"@type":"PostalAddress","addressLocality":"Chicago","addressRegion":"IL","addressCountry":{"@type":"Country","name":"US"}}}}]
</script></head><body></body></html>
"""

NO_POSTING = """<html><head><title>Careers at Acme</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Organization","name":"Acme Corp"}</script>
</head><body><h1>Open roles</h1></body></html>
"""


class JobServer:
    """Serves {path: (status, content type, body)}; a few paths misbehave on purpose."""

    def __init__(self, pages: dict):
        self.pages = dict(pages)
        self.seen: list[tuple[str, str]] = []  # (path, user agent)
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                server.seen.append((self.path, self.headers.get("User-Agent", "")))
                route = server.pages.get(self.path)
                if route is None:
                    return self._send(404, "text/html", b"<h1>Not Found</h1>")
                if callable(route):
                    return route(self)
                status, kind, body = route
                self._send(status, kind, body.encode() if isinstance(body, str) else body)

            def _send(self, status, kind, body, headers=()):
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def start(self) -> JobServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"


def redirect_to(location: str):
    def answer(handler):
        handler._send(302, "text/html", b"", [("Location", location)])
    return answer


def slow(seconds: float):
    def answer(handler):
        time.sleep(seconds)
        handler._send(200, "text/html", GREENHOUSE.encode())
    return answer


def endless(handler):
    """A body that never stops (no Content-Length): the reader must give up at 5 MB."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Connection", "close")
    handler.end_headers()
    chunk = b"<p>" + b"x" * 65536 + b"</p>\n"
    try:
        for _ in range(200):  # ~13 MB at most
            handler.wfile.write(chunk)
    except OSError:
        pass
