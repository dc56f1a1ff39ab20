"""`due`, text and JSON, driven as a subprocess like a user would."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest

TODAY = "2026-11-25"  # a Wednesday


@pytest.fixture
def agenda(project):
    project.opportunity("overdue", """\
        company: Globex
        role: Data Engineer
        contacts: [{name: Tom Becker}]
        log:
          - {date: 2026-11-03, type: applied}
          - {date: 2026-11-10, type: follow-up, with: Tom Becker}
        """)
    project.opportunity("today", """\
        company: Initech
        role: Platform Engineer
        log:
          - {date: 2026-11-24, type: screen, with: Maria}
        """)
    project.opportunity("soon", """\
        company: Acme Corp
        role: Backend Engineer
        ideas: ["Lag: back-pressure sketch"]
        log:
          - {date: 2026-11-20, type: applied}
        """)
    project.opportunity("later", """\
        company: Hooli
        role: ML Engineer
        wait_until: 2026-12-20
        log:
          - {date: 2026-11-20, type: applied}
        """)
    project.opportunity("quiet", """\
        company: Stark
        role: Frontend
        log:
          - {date: 2026-09-01, type: applied}
          - {date: 2026-09-08, type: follow-up}
          - {date: 2026-09-18, type: follow-up}
          - {date: 2026-10-02, type: follow-up}
        """)
    project.opportunity("closed", """\
        company: Cyberdyne
        role: Backend
        stage: closed
        outcome: rejected
        """)
    return project


def test_json_is_sorted_with_the_spec_fields(agenda):
    result = agenda.run("due", "--json", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert [(i["id"], i["due"], i["days_overdue"], i["touch"]) for i in items] == [
        ("overdue", "2026-11-20", 5, "share-update"),
        ("today", "2026-11-25", 0, "thank-you"),
        ("soon", "2026-11-27", -2, "value-add"),
    ]
    first = items[0]
    assert first["company"] == "Globex" and first["role"] == "Data Engineer" and first["stage"] == "applied"
    assert first["contact"] == "Tom Becker"
    assert first["reason"] == "2nd follow-up: 10 days after your last one"
    assert items[2]["idea"] == "Lag: back-pressure sketch"


def test_within_widens_the_window(agenda):
    items = json.loads(agenda.run("due", "--json", "--within", "30", "--today", TODAY).stdout)
    assert [i["id"] for i in items][-1] == "later"
    assert items[-1]["due"] == "2026-12-21"  # wait_until on a Sunday → Monday
    assert json.loads(agenda.run("due", "--json", "--within", "0", "--today", TODAY).stdout)[-1]["id"] == "today"


def test_text_groups_overdue_today_and_the_coming_week(agenda):
    result = agenda.run("due", "--today", TODAY, "--gone-quiet")
    assert result.returncode == 0
    out = result.stdout
    assert "\033[" not in out, "no colour when not on a terminal"
    assert out.index("Overdue (1)") < out.index("Today (1)") < out.index("Next 7 days (1)")
    assert (
        "  2026-11-20  5 days overdue    Globex — Data Engineer  (overdue)  [share-update → Tom Becker]  "
        "2nd follow-up: 10 days after your last one" in out
    )
    assert "2026-11-27  in 2 days" in out and "idea: Lag: back-pressure sketch" in out
    assert "Gone quiet (1)" in out and "Stark — Frontend  (quiet): gone quiet: 4 touches" in out
    assert "Pipeline: 4 active of 10 target · 3 new this week of 3 target · 1 gone quiet" in out
    assert "Cyberdyne" not in out


def test_the_gone_quiet_are_one_line_unless_asked_for(agenda):
    # finding: `due` on a day with nothing due printed all 114 gone-quiet opportunities
    out = agenda.run("due", "--today", TODAY).stdout
    [line] = [line for line in out.splitlines() if "Gone quiet" in line]
    assert line == ("Gone quiet (1): no touch for longer than their cadence; close them with "
                    "`follow-through close --gone-quiet` (list them: `follow-through due --gone-quiet`)")
    assert "Stark" not in out


def test_pipeline_health_counts_new_this_week(agenda):
    # added defaults to the first log date: 2026-11-20 (two) and 2026-11-24 (Initech); a week is 7 days.
    assert "3 new this week" in agenda.run("due", "--today", "2026-11-26").stdout
    assert "1 new this week" in agenda.run("due", "--today", "2026-11-27").stdout
    assert "0 new this week" in agenda.run("due", "--today", "2026-12-01").stdout


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_today_comes_from_the_configured_timezone(project, zone):
    # UTC+14 and UTC-11: their dates always differ from each other, and at any hour one of them differs
    # from UTC's, so a `due` that took today from anywhere but the timezone setting is off by a day here.
    project.write("mkdocs.yml", f"site_name: t\nplugins:\n  - follow-through:\n      timezone: {zone}\n"
                                "      skip_weekends: false\n", dedent=False)
    today = dt.datetime.now(ZoneInfo(zone)).date()
    project.opportunity("x", f"company: A\nrole: B\nnext: {today}\n")
    env = {k: v for k, v in os.environ.items() if k != "FOLLOW_THROUGH_TODAY"}
    result = subprocess.run([sys.executable, "-m", "generator", "due", "--json"], check=False, cwd=project.root,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    [item] = json.loads(result.stdout)
    assert (item["due"], item["days_overdue"]) == (today.isoformat(), 0)


def test_a_bad_today_is_a_usage_error(agenda):
    result = agenda.run("due", "--today", "2026-11-31")
    assert result.returncode == 2
    assert "'2026-11-31' is not a date (YYYY-MM-DD)" in result.stderr
    assert "Traceback" not in result.stderr


def test_nothing_due(project):
    project.opportunity("x", "company: A\nrole: B\nstage: closed\n")
    result = project.run("due", "--today", TODAY)
    assert "Nothing due today or in the next 7 days." in result.stdout
    assert project.run("due", "--json", "--today", TODAY).stdout.strip() == "[]"


@pytest.fixture
def samples(project):
    """A project holding the frozen copy of the shipped samples (tests never read pipeline/)."""
    import shutil

    from tests.conftest import ROOT

    shutil.rmtree(project.pipeline)
    shutil.copytree(ROOT / "tests" / "fixtures" / "site-pipeline", project.pipeline)
    return project


def test_samples_are_clean_and_show_every_situation(samples):
    check = samples.run("check", "--today", TODAY)
    assert check.returncode == 0 and check.stdout == "", check.stdout
    items = json.loads(samples.run("due", "--json", "--within", "30", "--today", TODAY).stdout)
    touches = {i["touch"] for i in items}
    assert {"first-contact", "thank-you", "value-add", "check-in", "share-update"} <= touches
    assert any(i["days_overdue"] > 0 for i in items) and any(i["days_overdue"] == 0 for i in items)
    assert "Gone quiet (1)" in samples.run("due", "--today", TODAY).stdout


def test_samples_show_every_stage_and_outcome(samples):
    import datetime as dt

    from generator.adapters.opportunity_files import load_pipeline
    from generator.core.records import OUTCOMES, STAGES

    pipeline = load_pipeline(samples.pipeline, dt.date(2026, 11, 25), base=samples.root)
    assert not pipeline.problems
    assert {o.stage for o in pipeline.opportunities} == set(STAGES)
    assert {o.outcome for o in pipeline.opportunities if not o.is_open} == set(OUTCOMES)


def test_on_one_day_high_priority_comes_first(project):
    for name, priority in (("a-low", "low"), ("b-high", "high"), ("c-normal", "normal"), ("d-default", None)):
        project.opportunity(name, f"company: {name}\nrole: x\nadded: 2026-11-20\n"
                            + (f"priority: {priority}\n" if priority else ""))
    items = json.loads(project.run("due", "--json", "--today", TODAY).stdout)
    assert [i["id"] for i in items] == ["b-high", "c-normal", "d-default", "a-low"]
