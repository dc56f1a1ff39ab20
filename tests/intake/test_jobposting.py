"""Reading a JobPosting from a page's JSON-LD (pure): the shapes job boards use, and broken ones."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.core.intake.jobposting import JobPosting, read_job_posting

from .jobpages import ASHBY, GRAPH, GREENHOUSE, LEVER, LIST_AND_STRING, NO_POSTING


@pytest.mark.parametrize(
    "page, expected",
    [
        (GREENHOUSE, JobPosting("Acme Corp", "Senior Backend Engineer, R&D", "Berlin, Germany", dt.date(2026, 11, 20))),
        (LEVER, JobPosting("Globex", "Product Designer", "San Francisco, CA; New York, NY", dt.date(2026, 11, 18))),
        (ASHBY, JobPosting("Initech", "Staff Engineer – Platform", "Remote (United States)",
                           dt.date(2026, 11, 15), dt.date(2026, 12, 31))),
        (GRAPH, JobPosting("Hooli", "Site Reliability Engineer", "Dublin, Ireland")),
        (LIST_AND_STRING, JobPosting("Vandelay Industries", "Data Analyst", "Chicago, IL, US")),
    ],
    ids=["greenhouse", "lever", "ashby", "graph-after-broken-block", "list-and-string-org"],
)
def test_reads_the_posting(page, expected):
    assert read_job_posting(page) == expected


def test_a_page_without_a_posting_gives_none():
    assert read_job_posting(NO_POSTING) is None
    assert read_job_posting("<html><body>plain</body></html>") is None
    assert read_job_posting('<script type="application/ld+json">{not json</script>') is None


def test_note_carries_the_dates():
    assert read_job_posting(GREENHOUSE).note() == "Posted 2026-11-20."
    assert read_job_posting(ASHBY).note() == "Posted 2026-11-15; applications close 2026-12-31."
    assert read_job_posting(GRAPH).note() is None


def test_remote_only_and_type_as_a_list():
    page = ('<script type="application/ld+json; charset=utf-8">{"@type": ["JobPosting"], "title": "Dev",'
            ' "hiringOrganization": {"name": "X"}, "jobLocationType": "TELECOMMUTE"}</script>')
    assert read_job_posting(page) == JobPosting("X", "Dev", "Remote")


def test_markup_in_a_title_is_text():
    page = ('<script type="application/ld+json">{"@type": "JobPosting", "title": "&lt;b&gt;Lead&lt;/b&gt; &amp;amp; '
            'Mentor <i>x</i>", "hiringOrganization": "Y"}</script>')
    assert read_job_posting(page).role == "Lead & Mentor x"
