"""Reading a new-opportunity request from an issue's title and body (pure)."""

from __future__ import annotations

import pytest

from generator.core.intake.issue_request import Request, read_request

FORM = """### Company

Acme Corp

### Role

Backend Engineer

### Job posting URL

https://boards.example/acme/jobs/4001

### Contact

Jane Doe <jane@acme.example>

### Stage

applied

### Note

Met at the meetup.
Said they hire in Q1.
"""


@pytest.mark.parametrize(
    "title, body, expected",
    [
        ("New: Acme Corp — Backend Engineer", "", Request("Acme Corp", "Backend Engineer")),
        ("new:Acme Corp – Backend Engineer", None, Request("Acme Corp", "Backend Engineer")),
        ("New: Coca-Cola - Data Engineer", "", Request("Coca-Cola", "Data Engineer")),
        ("New: Acme | Backend - Payments", "", Request("Acme", "Backend - Payments")),
        ("NEW: Acme—SRE", "", Request("Acme", "SRE")),
        ("New: Acme — SRE", "Recruiter wrote on LinkedIn:\nhttps://acme.example/jobs/9\n",
         Request("Acme", "SRE", url="https://acme.example/jobs/9", note="Recruiter wrote on LinkedIn:")),
        ("New: ", "https://acme.example/jobs/9", Request(url="https://acme.example/jobs/9")),
        ("New", "  https://jobs.lever.example/globex/a1b2  \n", Request(url="https://jobs.lever.example/globex/a1b2")),
        (" new ", "<https://jobs.example/1>", Request(url="https://jobs.example/1")),
        ("New: ", FORM, Request("Acme Corp", "Backend Engineer", "https://boards.example/acme/jobs/4001",
                                          "Jane Doe <jane@acme.example>", "applied",
                                          "Met at the meetup.\nSaid they hire in Q1.")),
    ],
)
def test_requests(title, body, expected):
    assert read_request(title, body, labels=["new-opportunity"] if body == FORM else []) == expected


@pytest.mark.parametrize(
    "title, body",
    [
        ("Bug: the build fails", "It fails with https://example.com/log in the output"),
        ("Follow up: Acme Corp — Backend (due 2026-11-25)", "<!-- follow-through:id=acme -->"),
        ("Question", ""),
        # A link alone is not a request (finding: any owner issue that was only a link started the flow).
        ("a job", "  https://jobs.lever.example/globex/a1b2  \n"),
        ("Read this", "<http://127.0.0.1:8080/admin>"),
        ("Newsletter idea", "https://news.example/1"),
        # Only `New`, `New:` or the form's label (finding: "New dashboard bug - Safari" became a file).
        ("New dashboard bug - Safari", "The chart is blank on Safari 17."),
        ("new job", "<https://jobs.example/1>"),
        ("New opportunity", FORM),  # the form's body without its label
        ("Newer: Acme — SRE", ""),
    ],
)
def test_other_issues_are_not_requests(title, body):
    assert read_request(title, body) is None


@pytest.mark.parametrize(
    "title, body, problem",
    [
        ("New: Acme Backend Engineer", "",
         "I could not tell the company from the role in 'Acme Backend Engineer': write it like "
         "New: Acme Corp — Backend Engineer"),
        ("New:", "", "the title names no company and role: write it like New: Acme Corp — Backend Engineer"),
        ("New", "a job I liked", "the title is New but the body holds no job link: put the job posting's link in "
         "the body, or title it like New: Acme Corp — Backend Engineer"),
        ("New opportunity", FORM.replace("Backend Engineer", "_No response_").replace(
            "https://boards.example/acme/jobs/4001", "_No response_"),
         "the role is missing, and there is no job link to read it from"),
        ("New opportunity", FORM.replace("\napplied\n", "\nhired\n"),
         "'hired' is not a stage; expected one of: lead, applied, screening, interviewing, offer"),
        ("New opportunity", FORM.replace("https://boards.example/acme/jobs/4001", "acme careers page"),
         "'acme careers page' is not a web link (http:// or https://)"),
    ],
)
def test_requests_that_cannot_be_made_say_why(title, body, problem):
    labels = ["new-opportunity"] if title == "New opportunity" else []
    assert read_request(title, body, labels).problem == problem
