"""`new --url` on pages as they really are: microdata only, JSON-LD that is not JSON, a closed
posting, placeholder dates (issue 15). The microdata page follows schema.org's own JobPosting
microdata example (itemprop title / hiringOrganization / jobLocation > address, <meta content>
and <time datetime>)."""

from __future__ import annotations

import pytest
import yaml

from generator.core.intake.jobposting import read_job_posting, read_job_posting_report

from .jobpages import JobServer

TODAY = "2026-11-25"
HTML = "text/html; charset=utf-8"

MICRODATA = """<!DOCTYPE html><html><body>
<div itemscope itemtype="https://schema.org/JobPosting">
  <h1 itemprop="title">Software <b>Engineer</b></h1>
  <span itemprop="hiringOrganization" itemscope itemtype="https://schema.org/Organization">
    <span itemprop="name">Vandelay Industries</span><meta itemprop="sameAs" content="https://vandelay.example">
  </span>
  <div itemprop="jobLocation" itemscope itemtype="https://schema.org/Place">
    <div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
      <span itemprop="addressLocality">Kirkland</span>, <span itemprop="addressRegion">WA</span>
    </div>
  </div>
  <p>Posted <time itemprop="datePosted" datetime="2026-11-01">Nov 1</time>,
     closes <meta itemprop="validThrough" content="2026-11-20T00:00">.</p>
  <img src="logo.png"><br>
  <div itemprop="description">Build <i>things</i>.</div>
</div></body></html>"""

BROKEN_JSON_LD = """<html><head>
<script type="application/ld+json">{"@type": "JobPosting", "title": "Dev", "hiringOrganization": {"name": "Acme"},}</script>
</head><body></body></html>"""  # noqa: E501 (a file as a user writes it)

PLACEHOLDER_DATES = """<html><head><script type="application/ld+json">
{"@type": "JobPosting", "title": "Dev", "hiringOrganization": "Acme",
 "datePosted": "0001-01-01", "validThrough": "9999-12-31"}
</script></head></html>"""


def test_microdata_is_read_when_there_is_no_json_ld():
    posting = read_job_posting(MICRODATA)
    assert (posting.company, posting.role, posting.location) == (
        "Vandelay Industries",
        "Software Engineer",
        "Kirkland, WA",
    )
    assert (str(posting.date_posted), str(posting.valid_through)) == ("2026-11-01", "2026-11-20")


def test_json_ld_that_is_not_json_is_named_with_where():
    posting, invalid = read_job_posting_report(BROKEN_JSON_LD)
    assert posting is None
    [said] = invalid
    # the JSON parser's own words vary with the Python version; where it went wrong does not
    assert said.startswith("JSON-LD block 1 (the <script> on line 2) is not valid JSON: ")
    assert said.endswith(" at its line 1, column 80")


def test_dates_before_1990_or_after_2100_are_ignored():
    posting = read_job_posting(PLACEHOLDER_DATES)
    assert (posting.date_posted, posting.valid_through, posting.note()) == (None, None, None)


@pytest.fixture(scope="module")
def pages():
    server = JobServer(
        {
            "/micro": (200, HTML, MICRODATA),
            "/broken": (200, HTML, BROKEN_JSON_LD),
        }
    ).start()
    yield server
    server.stop()


def run_new(project, *args):
    return project.run(
        "new",
        *args,
        "--today",
        TODAY,
        env={"NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1", "FOLLOW_THROUGH_FETCH_TIMEOUT": "1"},
    )


def test_new_from_microdata_warns_that_the_posting_closed(project, pages):
    result = run_new(project, "--url", pages.url("/micro"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "pipeline/vandelay-industries-software-engineer.yml\n"
    assert "warning: the posting closed on 2026-11-20 (its validThrough); created anyway" in result.stderr
    data = yaml.safe_load((project.pipeline / "vandelay-industries-software-engineer.yml").read_text())
    assert (data["company"], data["location"]) == ("Vandelay Industries", "Kirkland, WA")


def test_new_on_invalid_json_ld_says_so_and_writes_nothing(project, pages):
    result = run_new(project, "--url", pages.url("/broken"))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "JSON-LD block 1 (the <script> on line 2) is not valid JSON" in result.stderr
    assert "no schema.org JobPosting" not in result.stderr
    assert list(project.pipeline.iterdir()) == []
