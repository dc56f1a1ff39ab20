"""A job link → the fields of a new opportunity (fetch the page, read its JobPosting).

Names given on the command line win over the page's. When the page cannot be
read, that is an error unless both COMPANY and ROLE were given: then the file is
still made (with the URL), and the reason is a warning.
"""

from __future__ import annotations

import datetime as dt

from generator.adapters.intake.fetch import FetchError, check_url, fetch_page
from generator.core.intake.jobposting import JobPosting, read_job_posting_report
from generator.core.problems import ActionFailed

GIVE_NAMES = "give COMPANY and ROLE: new COMPANY ROLE --url URL"


class PostingError(ActionFailed):
    """No opportunity can be made from the link (and no names were given to make it anyway): exit 1."""


def read_posting(url: str) -> JobPosting:
    """The page's JobPosting; a FetchError when it cannot be fetched or holds none."""
    page = fetch_page(url)
    posting, invalid = read_job_posting_report(page.text)
    if posting is None and invalid:
        raise FetchError(f"{url}: the page's job posting cannot be read: {invalid[0]}")
    if posting is None:
        raise FetchError(f"{url} has no job posting (no schema.org JobPosting on the page)")
    return posting


def posting_fields(url: str, company: str | None, role: str | None, today=None) -> tuple[str, str, dict]:
    """(company, role, keyword extras for ``new_opportunity``), with a 'warnings' list in the extras."""
    try:
        url = check_url(url)
    except FetchError as exc:
        raise PostingError(f"{exc}; nothing was written") from None
    given = bool(company and role)
    try:
        posting = read_posting(url)
    except FetchError as exc:
        if given:
            return company, role, {"url": url, "warnings": [f"{exc}; made the file from the names you gave"]}
        raise PostingError(f"{exc}; nothing was written ({GIVE_NAMES})") from None
    company = company or posting.company
    role = role or posting.role
    missing = [what for what, value in (("the company", company), ("the role", role)) if not value]
    if missing:
        raise PostingError(
            f"the job posting at {url} does not name {' or '.join(missing)}; nothing was written ({GIVE_NAMES})"
        )
    extras: dict = {"url": url, "warnings": []}

    today = today or dt.date.today()
    if posting.valid_through is not None and posting.valid_through < today:
        extras["warnings"].append(f"the posting closed on {posting.valid_through.isoformat()} (its validThrough); "
                                  "created anyway")
    if posting.location:
        extras["location"] = posting.location
    if posting.note():
        extras["note"] = posting.note()
    return company, role, extras
