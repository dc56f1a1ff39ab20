"""Any Unicode (emoji, beyond the BMP, right-to-left, combining marks, odd line breaks) survives every edit.

`new`, `log`, `snooze` and `close` write it, the file reads back the same text,
stays valid, stays editable (ruamel.yaml reproduces it), and the file name made
from it is an id the commands find again.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.adapters.edit import LogEntry, NewOpportunity, append_log, close, find_file, new_opportunity, set_next
from generator.adapters.edit.roundtrip import read_document
from generator.adapters.opportunity_files import opportunity_id
from generator.core.validate import validate_text

HARD = (
    "🚆👩‍💻🏳️‍🌈"  # emoji, with joiners and a flag sequence
    "𝔘𝕟𝖎𐐷𠜎"  # outside the Basic Multilingual Plane
    "مهندسשלום\u200f\u202e"  # right-to-left letters and marks
    "e\u0301\u0308\u20dd"  # combining marks
    "\u2028\u2029\x85\ufeff\u00a0\t"  # what YAML 1.1 reads as line breaks, a BOM, odd spaces
    "\x1b\x7f\ufffe\U0010fffd"  # controls and noncharacters YAML allows only escaped
    ":#-'\"{}[],&*!|>%@` "  # YAML's own punctuation
)
any_text = st.text(
    alphabet=st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(HARD)), min_size=1, max_size=40,
).filter(lambda s: s.split())  # something besides white space

DAY = dt.date(2026, 11, 20)


def one_line(text: str) -> str:
    return " ".join(text.split())


def note_as_kept(text: str) -> str:
    """What a note becomes: line ends unified, outer white space trimmed (the edit's documented clean-up)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return "\n".join(line.rstrip() for line in text.split("\n")) if "\n" in text else text


def reread(path, opp_id):
    doc = read_document(path, path.name, opp_id)  # raises unless ruamel.yaml reproduces the file
    opp, problems = validate_text(opp_id, path.name, doc.text)
    assert opp is not None and not [p for p in problems if p.is_error], problems
    return opp


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(company=any_text, role=any_text, location=any_text, note=any_text, name=any_text)
def test_any_text_round_trips_through_new_log_snooze_and_close(tmp_path_factory, company, role, location, note, name):
    root = tmp_path_factory.mktemp("repo")
    pipeline = root / "pipeline"
    new = NewOpportunity(company, role, location=location, note=note, contacts=[{"name": name}])
    created = new_opportunity(pipeline, root, new, DAY)
    opp_id = opportunity_id(created.path, pipeline)
    assert find_file(pipeline, opp_id) == created.path  # the file name is an id the commands find
    opp = reread(created.path, opp_id)
    assert (opp.company, opp.role, opp.location) == (one_line(company), one_line(role), one_line(location))
    assert opp.notes == note.replace("\r\n", "\n").replace("\r", "\n").strip()
    assert [c.name for c in opp.contacts] == [one_line(name)]

    append_log(created.path, opp_id, LogEntry(DAY, "applied", with_=name, note=note))
    opp = reread(created.path, opp_id)
    assert (opp.log[-1].with_, opp.log[-1].note) == (one_line(name), note_as_kept(note) or None)

    set_next(created.path, opp_id, DAY + dt.timedelta(days=5))
    assert reread(created.path, opp_id).next == DAY + dt.timedelta(days=5)

    close(created.path, opp_id, "ghosted", DAY + dt.timedelta(days=6), note=note + "!")
    opp = reread(created.path, opp_id)
    assert (opp.stage, opp.outcome, opp.log[-1].note) == ("closed", "ghosted", note_as_kept(note + "!"))


def test_the_commands_keep_emoji_and_right_to_left_text(project):
    company, role, note = "🚆 Zürich Bahn 𝔘", "مهندس e\u0301 👩‍💻", "Called שלום 🏳️‍🌈: next week"
    created = project.run("new", company, role, "--today", "2026-11-20")
    assert created.returncode == 0, created.stderr
    path = project.root / created.stdout.strip()
    opp_id = opportunity_id(path, project.pipeline)
    assert opp_id == "zurich-bahn-u-مهندس-e"  # Latin accents folded, other scripts kept, emoji left out
    for args in (("log", opp_id, "applied", "--note", note), ("snooze", opp_id, "3"),
                 ("close", opp_id, "rejected", "--note", note + " 🙁")):
        result = project.run(*args, "--today", "2026-11-21")
        assert result.returncode == 0, result.stderr
    assert project.run("check", "--today", "2026-11-21").returncode == 0
    opp, _ = validate_text(opp_id, path.name, path.read_text(encoding="utf-8"))
    assert (opp.company, opp.role, opp.outcome) == (company, role, "rejected")
    assert [e.note for e in opp.log] == [note, note + " 🙁"]


def test_a_name_of_emoji_only_still_makes_a_file_name(project):
    created = project.run("new", "🚆", "🚀", "--today", "2026-11-20")
    assert created.returncode == 0, created.stderr
    assert created.stdout == "pipeline/train-rocket.yml\n"
