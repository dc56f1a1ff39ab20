"""Gone quiet when the cadence has run out (spec: "The schedule", rules 1-4 with quiet_grace)."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.core.schedule import Followup, GoneQuiet, next_followup
from generator.core.settings import Settings

from .helpers import opportunity

D = dt.date.fromisoformat
HEAD = "company: Acme Corp\nrole: Backend Engineer\n"
APPLIED_SEP_1 = "log:\n  - {date: 2026-09-01, type: applied}\n"
# Default cadence [7, 7, 10, 14]: applied once (k = 1) runs out 7 + 10 + 14 = 31 days after the
# application (2026-10-02); with quiet_grace 14 it has gone quiet from 2026-10-17 on.

CASES = [
    # (name, body, today, expected: a due date "YYYY-MM-DD" or "quiet", quiet_on or None)
    ("rule 4: the last day of the grace is still a follow-up", APPLIED_SEP_1, "2026-10-16", "2026-09-08", "2026-10-17"),
    ("rule 4: the day after the grace it has gone quiet", APPLIED_SEP_1, "2026-10-17", "quiet", None),
    ("rule 4: an application silent for two months is quiet, not overdue", APPLIED_SEP_1, "2026-11-01", "quiet", None),
    (
        "rule 4: a run of applied entries is one touch, dated by the latest",
        "log:\n  - {date: 2026-08-01, type: applied}\n  - {date: 2026-08-20, type: applied}\n  - {date: "
        "2026-09-01, type: applied}\n",
        "2026-10-16",
        "2026-09-08",
        "2026-10-17",
    ),
    (
        "rule 4: counted from wait_until when later",
        "wait_until: 2026-10-01\n" + APPLIED_SEP_1,
        "2026-11-01",
        "2026-10-01",
        "2026-11-16",
    ),
    (
        "rule 4: a reply starts the count again (k = 0: 38 days + grace)",
        "log:\n  - {date: 2026-09-01, type: applied}\n  - {date: 2026-09-05, type: reply}\n",
        "2026-10-27",
        "2026-09-14",
        "2026-10-28",
    ),
    (
        "rule 2: a lead within the grace is due on added",
        "added: 2026-11-02\n",
        "2026-11-16",
        "2026-11-02",
        "2026-11-17",
    ),
    ("rule 2: a lead untouched past added + grace has gone quiet", "added: 2026-11-02\n", "2026-11-17", "quiet", None),
    ("rule 2: a lead without added is due today, never quiet", "", "2030-01-01", "2030-01-01", None),
    (
        "rule 3: a thank-you within the grace",
        "log:\n  - {date: 2026-11-02, type: interview}\n",
        "2026-11-16",
        "2026-11-03",
        "2026-12-25",
    ),
    (
        "rule 3: a thank-you not sent within the grace lapses to rule 4 with k = 0",
        "log:\n  - {date: 2026-11-02, type: interview}\n",
        "2026-11-17",
        "2026-11-09",
        "2026-12-25",
    ),
    (
        "rule 3: an estimated conversation owes no thank-you",
        "log:\n  - {date: 2026-11-02, type: interview, estimated: true}\n",
        "2026-11-03",
        "2026-11-09",
        "2026-12-25",
    ),
    (
        "rule 1: a next: you set is never quieted",
        "next: 2026-09-10\n" + APPLIED_SEP_1,
        "2026-12-01",
        "2026-09-10",
        None,
    ),
    (
        "rule 1: a next: catch-up wrote is kept while the cadence runs",
        "next: 2026-10-05 # catch-up\n" + APPLIED_SEP_1,
        "2026-10-05",
        "2026-10-05",
        "2026-10-17",
    ),
    (
        "rule 1: a next: catch-up wrote quiets as the cadence it replaced",
        "next: 2026-10-20 # catch-up\n" + APPLIED_SEP_1,
        "2026-10-17",
        "quiet",
        None,
    ),
    ("a quiet_grace of 0 quiets the day after the run-out", APPLIED_SEP_1, "2026-10-03", "quiet", None),
]


@pytest.mark.parametrize("name,body,today,expected,quiet_on", CASES, ids=[c[0] for c in CASES])
def test_gone_quiet(name, body, today, expected, quiet_on):
    settings = Settings(quiet_grace=0) if "quiet_grace of 0" in name else Settings()
    result = next_followup(opportunity(HEAD + body), settings, D(today))
    if expected == "quiet":
        assert isinstance(result, GoneQuiet), result
        assert result.lapsed
        assert result.reason.startswith("quiet since ")
        assert f"no touch for {(D(today) - result.since).days} days" in result.reason
    else:
        assert isinstance(result, Followup), result
        assert result.due == D(expected)
        assert result.quiet_on == (D(quiet_on) if quiet_on else None)


def test_quiet_lead_and_application_say_what_to_do():
    lead = next_followup(opportunity(HEAD + "added: 2026-09-01\n"), Settings(), D("2026-11-01"))
    applied = next_followup(opportunity(HEAD + APPLIED_SEP_1), Settings(), D("2026-11-01"))
    # "quiet since" the day it went quiet (finding: it gave the last touch's date); the days since the last touch
    assert lead.reason == "quiet since 2026-09-16: no touch for 61 days; close it as withdrawn, or reach out now"
    assert (
        applied.reason == "quiet since 2026-10-17: no touch for 61 days; close it as ghosted or try a different contact"
    )


def test_settings_read_quiet_grace_and_pace():
    from generator.core.problems import UserError
    from generator.core.settings import settings_from_options

    assert (Settings().quiet_grace, Settings().pace) == (14, 5)
    got = settings_from_options({"quiet_grace": 30, "pace": 3})
    assert (got.quiet_grace, got.pace) == (30, 3)
    for bad in ({"pace": 0}, {"pace": "five"}, {"quiet_grace": -1}):
        with pytest.raises(UserError):
            settings_from_options(bad)
