"""Whatever name and ref a message brings, `apply_file_change` keeps the file valid, reads back what it
wrote (one line, no control characters), and only adds lines."""

from __future__ import annotations

import datetime as dt
import difflib
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.adapters.edit.mail_changes import apply_file_change
from generator.core.mail.mail_records import FileChange, NewContact, NewEntry
from generator.core.validate import validate_text

BASE = """\
# comment on top
company: Acme   # trailing comment
role: 'Quoted role'
contacts:
  - name: Jane Doe
    email: jane@acme.example
  # more people later
log:
  - {date: 2026-11-01, type: applied}
  - date: 2026-11-03
    type: screen
"""

hostile = st.text(
    alphabet=st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from("\n\r\t:#-'\"{}[],&*!|>%@` <!-->")),
    min_size=1, max_size=60,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def one_line(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=hostile, ref=hostile, flow=st.booleans())
def test_any_name_and_ref_round_trip_and_only_add_lines(tmp_path, name, ref, flow):
    path = tmp_path / "acme.yml"
    base = BASE if flow else BASE.replace("  - {date: 2026-11-01, type: applied}\n", "")
    path.write_text(base, encoding="utf-8")
    opp, _ = validate_text("acme", "acme.yml", base)
    change = FileChange("acme", add_contacts=(NewContact(name, "kim@acme.example"),),
                        add_entries=(NewEntry(dt.date(2026, 11, 25), "reply", (ref, "mid:0123456789abcdef"), name),))
    apply_file_change(path, opp, change)
    after = path.read_text(encoding="utf-8")
    removed = [line for line in difflib.ndiff(base.splitlines(), after.splitlines()) if line.startswith("- ")]
    assert removed == []
    assert "# more people later\nlog:" in after
    new, problems = validate_text("acme", "acme.yml", after)
    assert new is not None and not [p for p in problems if p.is_error], problems
    assert not _CONTROL.search(after)
    last = new.log[-1]
    assert last.ref == tuple(dict.fromkeys(r for r in (one_line(ref), "mid:0123456789abcdef") if r))
    assert last.with_ == (one_line(name) or None)
    if one_line(name) and one_line(name).casefold() != "jane doe":
        assert new.contacts[-1].name == one_line(name) and new.contacts[-1].email == "kim@acme.example"
    again = apply_file_change(path, new, change)
    assert not again.changed and path.read_text(encoding="utf-8") == after
