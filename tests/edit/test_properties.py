"""Whatever text a user logs, the file stays valid, reads back the same, and only gains lines."""

from __future__ import annotations

import datetime as dt
import difflib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.adapters.edit import LogEntry, append_log, set_next
from generator.core.validate import validate_text

BASE = """\
# comment on top
company: Acme   # trailing comment
role: 'Quoted role'
contacts:
  - name: Jane Doe
log:
  - {date: 2026-11-01, type: applied}
  - date: 2026-11-03
    type: screen
"""

text_values = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85\ufeff"),
        st.sampled_from("\n\r\t:#-'\"{}[],&*!|>%@` "),
    ),
    min_size=1, max_size=60,
).filter(lambda s: s.strip())


def only_added(before: str, after: str) -> list[str]:
    removed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line.startswith("- ")]
    assert removed == []
    return [line[2:] for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line.startswith("+ ")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=text_values, with_=text_values, flow=st.booleans())
def test_any_note_and_name_round_trip(tmp_path, note, with_, flow):
    path = tmp_path / "acme.yml"
    base = BASE if flow else BASE.replace("  - {date: 2026-11-01, type: applied}\n", "") + "    note: x\n"
    path.write_text(base, encoding="utf-8")
    entry = LogEntry(dt.date(2026, 11, 25), "follow-up", with_, "email", note)
    result = append_log(path, "acme", entry, shown="acme.yml")
    after = path.read_text(encoding="utf-8")
    added = only_added(base, after)
    assert added and all(line.startswith("  ") for line in added)
    opp, problems = validate_text("acme", "acme.yml", after)
    assert opp is not None and not [p for p in problems if p.is_error]
    last = opp.log[-1]
    assert (last.date, last.type, last.channel) == (dt.date(2026, 11, 25), "follow-up", "email")
    expected = note.replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\n" in expected:  # written as a literal block: trailing spaces on its lines go
        expected = "\n".join(line.rstrip() for line in expected.split("\n"))
    assert last.note == expected
    typed = " ".join(with_.split())  # a name is one line
    # the one contact, Jane Doe, is found by any start of her name or of a word of it, in any case
    fits = any(w.startswith(typed.casefold()) for w in ("jane doe", "jane", "doe"))
    assert last.with_ == ("Jane Doe" if fits else typed)
    assert result.opp == opp


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days=st.integers(min_value=1, max_value=3650), present=st.booleans())
def test_next_is_set_and_nothing_else_moves(tmp_path, days, present):
    path = tmp_path / "acme.yml"
    base = BASE.replace("contacts:", "next: 2026-11-20   # keep me\ncontacts:") if present else BASE
    path.write_text(base, encoding="utf-8")
    date = dt.date(2026, 11, 25) + dt.timedelta(days=days)
    set_next(path, "acme", date, shown="acme.yml")
    after = path.read_text(encoding="utf-8")
    opp, _ = validate_text("acme", "acme.yml", after)
    assert opp.next == date
    changed = [line for line in difflib.ndiff(base.splitlines(), after.splitlines()) if line[:2] in ("- ", "+ ")]
    if present:
        assert changed == ["- next: 2026-11-20   # keep me", f"+ next: {date}   # keep me"]
    else:
        assert changed == [f"+ next: {date}"]
