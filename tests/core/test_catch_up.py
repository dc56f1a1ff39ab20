"""Catching up (spec: "Catching up (day one, and after a break)"): the planner, then the commands."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from generator.core.agenda import schedule_all
from generator.core.catch_up_plan import plan_catch_up
from generator.core.records import Opportunity
from generator.core.schedule import Followup
from generator.core.settings import Settings

from .helpers import opportunity

TODAY = "2026-11-25"  # a Wednesday
D = dt.date.fromisoformat


def _plan(files: dict[str, str], settings=None, today=TODAY, pace=None):
    settings = settings or Settings()
    opps = [opportunity(text, opp_id) for opp_id, text in files.items()]
    items, _ = schedule_all(opps, settings, D(today))
    return plan_catch_up([(i.opp, i.followup) for i in items], settings, D(today), pace)


def applied(day: str, extra: str = "") -> str:
    return f"company: C\nrole: R\n{extra}log:\n  - {{date: {day}, type: applied}}\n"


def test_priority_order_thank_you_answer_high_then_most_recent():
    files = {
        "old": applied("2026-11-01"),
        "recent": applied("2026-11-10"),
        "high": applied("2026-11-01", "priority: high\n"),
        "answer": "company: C\nrole: R\nlog:\n  - {date: 2026-11-01, type: applied}\n  - {date: 2026-11-05, "
        "type: reply}\n",
        "thanks": "company: C\nrole: R\nlog:\n  - {date: 2026-11-16, type: interview}\n",
    }
    plan = _plan(files, pace=1)
    assert [(m.opp.id, m.to.isoformat()) for m in plan.moves] == [
        ("thanks", "2026-11-25"),
        ("answer", "2026-11-26"),
        ("high", "2026-11-27"),
        ("recent", "2026-11-30"),
        ("old", "2026-12-01"),  # the weekend skipped
    ]


def test_at_most_pace_a_day_counting_what_is_already_due():
    files = {f"o{i}": applied(f"2026-11-{10 + i % 8:02d}") for i in range(12)}  # overdue, 1st follow-up
    files["due-tomorrow"] = applied("2026-11-19")  # due 2026-11-26
    files["due-tomorrow-2"] = applied("2026-11-19")
    plan = _plan(files)
    load = plan.load()
    assert all(n <= 5 for n in load.values())
    assert all(m.to >= D(TODAY) and m.to.weekday() < 5 for m in plan.moves)
    assert load[D("2026-11-26")] == 5 and plan.already[D("2026-11-26")] == 2
    assert sum(Counter(m.to for m in plan.moves).values()) == 12


def test_wait_until_and_nothing_when_nothing_is_overdue():
    plan = _plan({"waits": applied("2026-10-25", "wait_until: 2026-11-20\n"), "fine": applied("2026-11-24")})
    assert [(m.opp.id, m.to) for m in plan.moves] == [("waits", D(TODAY))]
    assert _plan({"fine": applied("2026-11-24")}).moves == []


def _overdue_project(project, count: int):
    for i in range(count):
        project.opportunity(f"o{i:02d}", applied(f"2026-11-{5 + i % 12:02d}"))


def test_catch_up_writes_next_marked_and_leaves_nothing_overdue(project):
    _overdue_project(project, 12)
    dry = project.run("catch-up", "--dry-run", "--today", TODAY)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.startswith(
        "12 overdue follow-ups spread over 3 days (2026-11-25 to 2026-11-27), at most 5 a day:"
    )
    assert "2026-11-25 (Wed): 5 due (5 moved here)" in dry.stdout
    assert "nothing was written (--dry-run)" in dry.stdout
    assert "next:" not in (project.pipeline / "o00.yml").read_text()

    result = project.run("catch-up", "--pace", "4", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "wrote next: (marked # catch-up) in 12 files" in result.stdout
    text = (project.pipeline / "o00.yml").read_text()
    assert text == "company: C\nrole: R\nnext: 2026-11-27  # catch-up\nlog:\n  - {date: 2026-11-05, type: applied}\n"
    assert project.run("check", "--today", TODAY).returncode == 0
    import json

    due = json.loads(project.run("due", "--json", "--within", "30", "--today", TODAY).stdout)
    assert all(i["days_overdue"] <= 0 for i in due)
    assert max(Counter(i["due"] for i in due).values()) == 4
    # run again: nothing is overdue any more
    assert "Nothing overdue on 2026-11-25" in project.run("catch-up", "--today", TODAY).stdout


def test_a_catch_up_next_is_dropped_by_the_next_touch(project):
    path = project.opportunity("x", applied("2026-11-05"))
    assert project.run("catch-up", "--today", TODAY).returncode == 0
    assert "# catch-up" in path.read_text()
    assert project.run("log", "x", "follow-up", "--today", TODAY).returncode == 0
    assert "next:" not in path.read_text()


def test_close_gone_quiet(project):
    project.opportunity("lead", "company: L\nrole: R\nadded: 2026-08-01\n")
    project.opportunity("silent", applied("2026-08-01"))
    project.opportunity("fresh", applied("2026-11-20"))
    dry = project.run("close", "--gone-quiet", "--dry-run", "--today", TODAY)
    assert dry.returncode == 0, dry.stderr
    assert "would close lead: withdrawn (quiet since 2026-08-16: no touch for 116 days)" in dry.stdout
    assert "would close silent: ghosted" in dry.stdout
    assert "fresh" not in dry.stdout
    assert "stage:" not in (project.pipeline / "silent.yml").read_text()
    result = project.run("close", "--gone-quiet", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "closed 2 gone-quiet opportunities" in result.stdout
    assert "outcome: ghosted" in (project.pipeline / "silent.yml").read_text()
    assert "outcome: withdrawn" in (project.pipeline / "lead.yml").read_text()
    assert "Nothing has gone quiet" in project.run("close", "--gone-quiet", "--today", TODAY).stdout


def test_bad_use_is_one_line_and_exit_2(project):
    for args in (("catch-up", "--pace", "0"), ("close", "x", "ghosted", "--gone-quiet"), ("close", "x")):
        result = project.run(*args, "--today", TODAY)
        assert result.returncode == 2, (args, result)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_snoozing_a_catch_up_date_makes_it_yours(project):
    path = project.opportunity("x", applied("2026-11-05"))
    assert project.run("catch-up", "--today", TODAY).returncode == 0
    assert path.read_text().startswith("company: C\nrole: R\nnext: 2026-11-25  # catch-up\n")
    result = project.run("snooze", "x", "2026-12-02", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert path.read_text() == "company: C\nrole: R\nnext: 2026-12-02\nlog:\n  - {date: 2026-11-05, type: applied}\n"



@hsettings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(-60, 20),
            st.sampled_from(["thank-you", "check-in", "first-contact"]),
            st.one_of(st.none(), st.integers(-10, 15)),
        ),
        max_size=40,
    ),
    st.integers(1, 6),
    st.booleans(),
)
def test_the_plan_never_puts_more_than_pace_on_a_day(items, pace, skip_weekends):
    today = D(TODAY)
    pairs = []
    for n, (offset, touch, wait) in enumerate(items):
        opp = Opportunity(
            id=f"o{n}",
            path=f"pipeline/o{n}.yml",
            company="C",
            role="R",
            stage="applied",
            wait_until=today + dt.timedelta(days=wait) if wait is not None else None,
        )
        pairs.append((opp, Followup(today + dt.timedelta(days=offset), touch, "why")))
    settings = Settings(skip_weekends=skip_weekends)
    plan = plan_catch_up(pairs, settings, today, pace)
    overdue = [o.id for o, f in pairs if f.due < today]
    assert sorted(m.opp.id for m in plan.moves) == sorted(overdue)
    for move in plan.moves:
        assert move.to >= today and (not skip_weekends or move.to.weekday() < 5)
        assert move.opp.wait_until is None or move.to >= move.opp.wait_until
        assert plan.load()[move.to] <= pace  # a day that gets a moved follow-up stays within the pace
    firsts = [m.followup.touch == "thank-you" for m in plan.moves]
    assert firsts == sorted(firsts, reverse=True)  # the thank-yous owed come first
