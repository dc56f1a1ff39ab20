"""`remind` after a break: at most `pace` overdue reminders, one issue counting the rest, and
reminders that `catch-up` moved closed as rescheduled (spec: "Catching up")."""

from __future__ import annotations

from .samples import TODAY
from .test_remind import remind


def _overdue(repo, count: int):
    for i in range(count):
        # applied 2026-11-05..: the 1st follow-up was due a week later, well before TODAY (2026-11-25)
        repo.opportunity(
            f"co{i}", f"company: Co {i}\nrole: Engineer\nlog:\n  - {{date: 2026-11-{5 + i:02d}, type: applied}}\n"
        )
    repo.opportunity("thanks", "company: Thanks Inc\nrole: Engineer\nlog:\n  - {date: 2026-11-16, type: interview}\n")


def test_at_most_pace_overdue_reminders_and_one_counting_the_rest(repo, github):
    _overdue(repo, 8)  # 9 overdue with the thank-you, pace 5
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    opened = github.open_issues()
    assert len(opened) == 6
    count = [i for i in opened if "more overdue" in i["title"]]
    assert [i["title"] for i in count] == ["Follow up: 4 more overdue follow-ups (run catch-up)"]
    assert "follow-through catch-up" in count[0]["body"]
    # catch-up's order: the thank-you owed first, then the most recent activity
    titles = [i["title"] for i in opened if i not in count]
    assert any("Thanks Inc" in t for t in titles)
    assert any("Co 7 " in t for t in titles) and not any("Co 0 " in t for t in titles)
    assert "octo/jobs: 6 created" in result.stdout
    assert "0 created, 0 updated, 0 closed, 6 unchanged" in remind(repo, github).stdout


def test_a_reminder_moved_by_catch_up_closes_as_rescheduled(repo, github):
    _overdue(repo, 3)
    assert remind(repo, github).returncode == 0
    assert len(github.open_issues()) == 4
    assert repo.run("catch-up", "--pace", "1", "--today", TODAY).returncode == 0
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    still = github.open_issues()
    assert len(still) == 1 and "Thanks Inc" in still[0]["title"]  # moved to today: it stays
    closed = [n for n, i in github.issues.items() if i["state"] == "closed"]
    said = [c["body"] for n in closed for c in github.comments[n]]
    assert len(said) == 3
    assert all("(rescheduled by catch-up to 2026-1" in body for body in said), said
    assert not any("snoozed" in body for body in said)


def test_a_reminder_closed_for_the_pace_opens_again_when_it_is_back_in_the_first(repo, github):
    repo.write(
        "mkdocs.yml",
        (repo.root / "mkdocs.yml").read_text().replace("      timezone: UTC\n", "      timezone: UTC\n      pace: 1\n"),
        dedent=False,
    )
    repo.opportunity("waiting", "company: Waiting Co\nrole: Engineer\nlog:\n  - {date: 2026-11-05, type: applied}\n")
    assert remind(repo, github).returncode == 0
    [first] = github.open_issues()
    assert "Waiting Co" in first["title"]
    # a thank-you owed comes first: the other reminder closes, counted in the overdue issue
    repo.opportunity("thanks", "company: Thanks Inc\nrole: Engineer\nlog:\n  - {date: 2026-11-16, type: interview}\n")
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    assert sorted(i["title"] for i in github.open_issues()) == [
        "Follow up: 1 more overdue follow-up (run catch-up)",
        "Follow up: Thanks Inc — Engineer (due 2026-11-17)",
    ]
    closed = github.issues[first["number"]]
    assert closed["state"] == "closed" and closed["title"].endswith("(due 2026-11-12, over the pace)")
    # the thank-you sent: Waiting Co is back among the first, and gets a reminder again
    assert repo.run("log", "thanks", "thank-you", "--today", TODAY).returncode == 0
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    assert [i["title"] for i in github.open_issues()] == ["Follow up: Waiting Co — Engineer (due 2026-11-12)"]


def _count_issue(github):
    [count] = [i for i in github.open_issues() if "more overdue" in i["title"]]
    return count


def test_the_count_issue_takes_no_commands(repo, github, tmp_path):
    # finding: `/done` on "N more overdue" answered about a file `.overdue`
    from .comment_events import comment, event_for

    _overdue(repo, 8)
    assert remind(repo, github).returncode == 0
    number = _count_issue(github)["number"]
    github.requests.clear()
    for command in ("/done", "/snooze 3", "/close rejected"):
        result = comment(repo, github, event_for(github, number, command), tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("ignored: ") and "takes no commands" in result.stdout
    assert github.comments.get(number, []) == [] and github.issues[number]["state"] == "open"
    assert not (repo.pipeline / ".overdue.yml").exists()


def test_the_count_issue_gets_its_label_back(repo, github):
    # finding: a label taken off the count issue was lost for good
    _overdue(repo, 8)
    assert remind(repo, github).returncode == 0
    number = _count_issue(github)["number"]
    github.issues[number]["labels"] = []
    result = remind(repo, github)
    assert result.returncode == 0, result.stderr
    assert [lb["name"] for lb in github.issues[number]["labels"]] == ["follow-up"]
