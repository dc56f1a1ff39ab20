"""`new --url URL` as a user runs it, against job pages served on 127.0.0.1."""

from __future__ import annotations

import pytest
import yaml

from .jobpages import ASHBY, GRAPH, GREENHOUSE, LEVER, NO_POSTING, JobServer, endless, redirect_to, slow

TODAY = "2026-11-25"
HTML = "text/html; charset=utf-8"


@pytest.fixture(scope="module")
def pages():
    server = JobServer({
        "/acme/jobs/4001": (200, HTML, GREENHOUSE),
        "/globex/a1b2c3": (200, "text/html", LEVER),
        "/initech/staff": (200, HTML, ASHBY),
        "/hooli/jobs/7": (200, HTML, GRAPH),
        "/careers": (200, HTML, NO_POSTING),
        "/gone": (404, HTML, "<h1>Not Found</h1>"),
        "/broken": (500, HTML, "<h1>Oops</h1>"),
        "/slow": slow(3),
        "/pdf": (200, "application/pdf", b"%PDF-1.4 not a page"),
        "/json": (200, "application/json", '{"title": "Dev"}'),
        "/huge": endless,
        "/loop": redirect_to("/loop"),
        "/to-file": redirect_to("file:///etc/passwd"),
        **{f"/hop{i}": redirect_to(f"/hop{i + 1}") for i in range(1, 6)},
        "/hop6": (200, HTML, LEVER),
        **{f"/far{i}": redirect_to(f"/far{i + 1}") for i in range(1, 7)},
        "/far7": (200, HTML, LEVER),
    }).start()
    yield server
    server.stop()


def run_new(project, *args):
    return project.run("new", *args, "--today", TODAY,
                       env={"NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1", "FOLLOW_THROUGH_FETCH_TIMEOUT": "1"})


def written(project) -> dict:
    [path] = sorted(project.pipeline.rglob("*.yml"))
    return path.name, yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "path, name, fields",
    [
        ("/acme/jobs/4001", "acme-corp-senior-backend-engineer-r-d.yml",
         {"company": "Acme Corp", "role": "Senior Backend Engineer, R&D", "location": "Berlin, Germany",
          "notes": "Posted 2026-11-20."}),
        ("/globex/a1b2c3", "globex-product-designer.yml",
         {"company": "Globex", "role": "Product Designer", "location": "San Francisco, CA; New York, NY",
          "notes": "Posted 2026-11-18."}),
        ("/initech/staff", "initech-staff-engineer-platform.yml",
         {"company": "Initech", "role": "Staff Engineer – Platform", "location": "Remote (United States)",
          "notes": "Posted 2026-11-15; applications close 2026-12-31."}),
        ("/hooli/jobs/7", "hooli-site-reliability-engineer.yml",
         {"company": "Hooli", "role": "Site Reliability Engineer", "location": "Dublin, Ireland"}),
    ],
    ids=["greenhouse", "lever", "ashby", "graph"],
)
def test_new_from_a_job_page(project, pages, path, name, fields):
    url = pages.url(path)
    result = run_new(project, "--url", url)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"pipeline/{name}\n"
    file_name, data = written(project)
    assert file_name == name
    assert {k: data.get(k) for k in fields} == fields
    assert data["url"] == url and data["stage"] == "lead" and str(data["added"]) == TODAY
    assert project.run("check", "--today", TODAY).returncode == 0
    assert pages.seen[-1][1].startswith("Follow-Through/")


def test_names_on_the_command_line_win(project, pages):
    result = run_new(project, "ACME", "Backend", "--url", pages.url("/acme/jobs/4001"))
    assert result.returncode == 0, result.stderr
    name, data = written(project)
    assert (name, data["company"], data["role"], data["location"]) == (
        "acme-backend.yml",
        "ACME",
        "Backend",
        "Berlin, Germany",
    )


def test_five_redirects_are_followed(project, pages):
    result = run_new(project, "--url", pages.url("/hop1"))
    assert result.returncode == 0, result.stderr
    assert written(project)[1]["url"] == pages.url("/hop1")  # the link the user gave


@pytest.mark.parametrize(
    "path, message",
    [
        ("/careers", "{url} has no job posting (no schema.org JobPosting on the page)"),
        ("/gone", "could not fetch {url}: HTTP 404 Not Found"),
        ("/broken", "could not fetch {url}: HTTP 500 Internal Server Error"),
        ("/slow", "could not fetch {url}: no answer within 1 seconds"),
        ("/pdf", "{url} is not a web page (it answered application/pdf); give the job page's URL"),
        ("/json", "{url} is not a web page (it answered application/json); give the job page's URL"),
        ("/huge", "{url} is too big (more than 5 MB); give the job page's URL"),
        ("/loop", "{url} redirects more than 5 times; give the job page's own URL"),
        ("/far1", "{url} redirects more than 5 times; give the job page's own URL"),
    ],
)
def test_a_page_that_cannot_be_read_is_one_clear_line_and_nothing_is_written(project, pages, path, message):
    url = pages.url(path)
    result = run_new(project, "--url", url)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"error: {message.format(url=url)}; nothing was written (give COMPANY and ROLE: new COMPANY ROLE --url URL)\n"
    )
    assert list(project.pipeline.iterdir()) == []


@pytest.mark.parametrize(
    "url, message",
    [
        ("ftp://jobs.example/1", "'ftp://jobs.example/1' is not a web link: give an http:// or https:// URL"),
        ("file:///etc/passwd", "'file:///etc/passwd' is not a web link: give an http:// or https:// URL"),
        ("acme.example/jobs", "'acme.example/jobs' is not a web link: give an http:// or https:// URL"),
    ],
)
def test_only_web_links(project, url, message):
    result = run_new(project, "Acme", "Dev", "--url", url)
    assert (result.returncode, result.stderr) == (1, f"error: {message}; nothing was written\n")
    assert list(project.pipeline.iterdir()) == []


def test_a_redirect_away_from_the_web_is_refused(project, pages):
    url = pages.url("/to-file")
    result = run_new(project, "--url", url)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {url} redirects to 'file:///etc/passwd', which is not an http(s) link;")
    assert list(project.pipeline.iterdir()) == []


def test_nobody_listening(project, pages):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/job"
    result = run_new(project, "--url", url)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: could not fetch {url}: ")
    assert result.stderr.count("\n") == 1


def test_with_company_and_role_a_page_that_cannot_be_read_still_makes_the_file(project, pages):
    url = pages.url("/gone")
    result = run_new(project, "Acme Corp", "Backend", "--url", url)
    assert result.returncode == 0, result.stderr
    assert f"warning: could not fetch {url}: HTTP 404 Not Found; made the file from the names you gave" in result.stderr
    name, data = written(project)
    assert (name, data["company"], data["role"], data["url"]) == ("acme-corp-backend.yml", "Acme Corp", "Backend", url)
    assert project.run("check", "--today", TODAY).returncode == 0


def test_a_company_alone_is_not_enough(project):
    result = project.run("new", "Acme")
    assert result.returncode == 2
    assert "give COMPANY and ROLE" in result.stderr
