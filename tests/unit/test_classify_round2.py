"""Issue 16, English round two: verdicts as whole clauses, diplomacy through proposals,
signatures and travel, and the strike scope of threats and seizures. Every sentence is worded
apart from challenge sets F and G, so that a rule fitted to one snippet fails here."""

from __future__ import annotations

import pytest

from streams.classify import classify
from tests.support.classify import assert_labels, labelled, texts


@labelled("classify_round2", "round_two_families")
def test_round_two_families(text: str, expected: set[str]) -> None:
    assert_labels(text, expected)


@pytest.mark.parametrize(
    "text",
    texts("classify_round2", "threats_and_seizures_are_not_strikes"),
)
def test_threats_and_seizures_are_not_strikes(text: str) -> None:
    assert "strike" not in classify(text).labels, text


def test_a_denied_strike_is_still_reported_and_so_are_its_dead() -> None:
    denied = classify("The army denied its jets had bombed the depot, blaming saboteurs.")
    assert set(denied.labels) == {"strike", "denial"}
    reported = classify(
        "The army denied its jets had bombed the market, where at least 20 people were killed."
    )
    assert {"strike", "casualty", "denial"} <= set(reported.labels)


def test_treated_for_wounds_is_a_casualty() -> None:
    r = classify("Three guards were treated for gunshot wounds after militants stormed the post.")
    assert "casualty" in r.labels
