"""The sentences under the charts follow from their figures: a table of cases."""

from __future__ import annotations

import pytest

from generator.core.insight import Rate, compare, funnel_sentence, median_sentence, quiet_advice


@pytest.mark.parametrize("quiet, answered, says, never", [
    # 1 of 30 answered: never "most people answer" beside a 3 % rate
    ((10, 30), (1, 30), "fewer than half have answered so far (1 of 30, 3%)", "most answered"),
    ((3, 30), (0, 30), "none has answered yet", "most answered"),
    ((16, 30), (14, 30), "more than half: try a warmer way in", "keep your cadence"),
    ((5, 30), (20, 30), "most answered in the end (20 of 30): keep your cadence", "warmer"),
    ((15, 30), (15, 30), "fewer than half have answered so far (15 of 30, 50%)", "most answered"),
])
def test_quiet_advice_follows_from_the_shares(quiet, answered, says, never):
    text = quiet_advice(Rate("went quiet", *quiet), Rate("answered", *answered))
    assert says in text and never not in text, text


@pytest.mark.parametrize(
    "rows, says",
    [
        (
            [("email", 6, 10), ("linkedin", 1, 10)],
            "Touches by email were answered 6 times as often as touches by linkedin (6 of 10 vs 1 of 10).",
        ),
        (
            [("email", 5, 10), ("linkedin", 0, 10)],
            "Touches by email got answers (5 of 10); touches by linkedin got none (0 of 10).",
        ),
        ([("email", 0, 10), ("linkedin", 0, 10)], "None of these touches got an answer within 21 days yet."),
        ([("email", 5, 10), ("linkedin", 5, 11)], "about as often"),
        ([("email", 1, 30)], "Touches by email: 1 of 30 answered (3%)"),
        ([("email", 1, 4)], "Not enough touches to compare yet"),  # below 5: withheld
    ],
)
def test_compare_says_what_the_rates_say(rows, says):
    text = compare(tuple(Rate(*r) for r in rows), lambda label: f"touches by {label}")
    assert says in text, text


@pytest.mark.parametrize(
    "steps, says, never",
    [
        ([("applied → screen", 3, 30), ("screen → interview", 2, 3)], "Only applied → screen has enough", "weakest"),
        ([("applied → screen", 5, 10), ("screen → interview", 5, 10)], "same rate (50%)", "weakest"),
        (
            [("applied → screen", 3, 30), ("screen → interview", 4, 6)],
            "The weakest step is applied → screen: 3 of 30",
            "same",
        ),
    ],
)
def test_funnel_sentence_follows_from_the_steps(steps, says, never):
    text = funnel_sentence(tuple(Rate(*s) for s in steps))
    assert says in text and never not in text, text


def test_median_is_withheld_below_five():
    assert median_sentence([1, 2, 3, 4])[1].startswith("Withheld: 4 answered touches")
    assert median_sentence([1, 2, 3, 4, 9]) == (
        3,
        "Half of the answers came within 3 days of your touch "
        "(median of 5 answers): give people that long before the next follow-up.",
    )
