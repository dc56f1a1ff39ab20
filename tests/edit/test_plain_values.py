"""`import` trusts `surely_plain` instead of asking ruamel.yaml about each value: hold both readers to it.

Whatever text `surely_plain` accepts must read back as itself from PyYAML (what `check`
and the site read) and come back byte for byte from ruamel.yaml's round trip (what
`log`, `snooze` and `close` need), in a block mapping and in a flow entry alike.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from generator.adapters.edit import EditError
from generator.adapters.edit.create import NewOpportunity, surely_plain, template
from generator.adapters.edit.roundtrip import check_round_trip

# Every character `surely_plain` might meet in a name or URL, and the ones YAML treats specially.
values = st.text(
    alphabet=st.one_of(
        st.sampled_from("abcxyzACMEYNTFO0123456789 .,&()/'+_@%?!;=~*:#-\"[]{}|>`<\\\t"),
        st.characters(min_codepoint=0x80, max_codepoint=0x2FF),
    ),
    min_size=1, max_size=30,
)
# Few of those are plain (about 1 in 100); names and titles as people write them mostly are:
# words that start with a letter, with the characters YAML may read specially inside them.
words = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from("abcxyzACMEYNTFO"),
    st.text(alphabet=st.sampled_from("abcxyzACMEYNTFO0123456789" * 2 + ".,&()/'+_@%?!;=~*:#-"), max_size=8),
)
names = st.lists(words, min_size=1, max_size=4).map(" ".join)


def ruamel_keeps(document: str) -> bool:
    try:
        check_round_trip("value", document)
        return True
    except EditError:
        return False


@settings(max_examples=600, deadline=None)
@given(text=st.one_of(values, names))
@example(text="C#: a")
@example(text="Acme #1")
@example(text="https://jobs.example/view/123/?a=1&b=2#top")
@example(text="O'Reilly & Sons (UK), Ltd.")
@example(text="e2e-1.0e3")
@example(text="No")
def test_what_surely_plain_accepts_reads_back_unchanged(text):
    accepted = [flow for flow in (False, True) if surely_plain(text, flow)]
    assume(accepted)  # a surely_plain that accepted (next to) nothing would fail here as Unsatisfiable
    for flow in accepted:
        document = f"log:\n  - {{type: {text}}}\n" if flow else f"k: {text}\n"
        read = yaml.load(document, Loader=yaml.CSafeLoader)
        assert (read["log"][0]["type"] if flow else read["k"]) == text
        assert ruamel_keeps(document), document


@pytest.mark.parametrize("text", [
    "yes", "No", "ON", "off", "true", "False", "null", "y", "n",  # booleans and null
    "1 Acme", "2026-11-20", ".inf", "-a", "&a", "*a", "!a", "%a", "@a", "`a", "'a", '"a', "?a", "|a", ">a",
    "a: b", "a:", "a #b", "a  b", "a ", "a\tb", "a\nb", "[a]", "{a}", "a" * 201,
])
def test_what_needs_the_full_check_is_not_waved_through(text):
    assert not surely_plain(text)


@pytest.mark.parametrize("text", ["a, b", "a:b", "C#"])
def test_a_flow_entry_leaves_commas_colons_and_hashes_to_the_full_check(text):
    assert surely_plain(text) and not surely_plain(text, flow=True)


def test_a_whole_new_file_of_such_values_round_trips():
    text = template("../schema/opportunity.schema.json", NewOpportunity(
        "O'Reilly & Sons (UK), Ltd.", "Engineer #2 / C# - Payments",
        added=dt.date(2026, 11, 20), stage="applied", url="https://jobs.example/view/1?a=1&b=2#top",
        location="Zurich; remote ok", source="LinkedIn", contacts=[{"name": "Jane Doe", "email": "jane@x.example"}],
        log=[{"date": dt.date(2026, 11, 20), "type": "applied"}],
    ))
    assert ruamel_keeps(text)
