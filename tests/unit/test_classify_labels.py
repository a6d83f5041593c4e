"""Label rules: each category's definition, its negations and its traps."""

from __future__ import annotations

import pytest

from streams.classify import classify
from tests.support.classify import assert_labels, labelled, texts


def labels(text: str, title: str | None = None) -> tuple[str, ...]:
    return classify(text, title).labels


# Which label a sentence must get, or must not get: (label, present, table of sentences).
PRESENCE = [
    ("strike", True, "strike_positive"),
    ("strike", False, "strike_negative"),
    ("casualty", True, "casualty_positive"),
    ("casualty", False, "casualty_negative"),
    ("denial", True, "denial_positive"),
    ("denial", False, "denial_negative"),
    ("diplomatic", True, "diplomatic_positive"),
    ("diplomatic", False, "diplomatic_negative"),
    ("diplomatic", True, "diplomatic_state_to_state"),
    ("diplomatic", False, "diplomatic_word_traps"),
    ("strike", False, "strike_ordnance_and_crash_traps"),
]


@pytest.mark.parametrize(
    ("label", "present", "text"),
    [
        (label, present, text)
        for label, present, table in PRESENCE
        for text in texts("classify_labels", table)
    ],
)
def test_label_presence(label: str, present: bool, text: str) -> None:
    assert (label in labels(text)) is present, f"{text!r}: {label} expected {present}"


# --- denial -----------------------------------------------------------------------------------
def test_denial_actor_and_claim() -> None:
    r = classify("Russia's Defence Ministry denied carrying out the strike on the market in Idlib.")
    assert r.denial is not None
    assert r.denial.actor == "Russia's Defence Ministry"
    assert r.denial.claim is not None and r.denial.claim.startswith("carrying out the strike")


# --- history, boilerplate, headlines ----------------------------------------------------------
def test_history_is_not_news() -> None:
    text = (
        "During the armed conflict in 1992-1994, thousands were killed and the cities were"
        " shelled. "
        "Since 1992, negotiations have been conducted within the framework of the OSCE Minsk"
        " Group. "
        "The most significant exacerbation of the conflict was the four-day war of 2016. "
        "Then hundreds of soldiers on both sides were killed."
    )
    assert labels(text) == ()


def test_boilerplate_is_not_news() -> None:
    text = (
        "Follow us on Twitter for the latest news on missile strikes and ceasefire talks. "
        "Subscribe to our newsletter."
    )
    assert labels(text) == ()


def test_headline_style() -> None:
    r = classify("", title="Drone strike kills 5 in northern Syria")
    assert r.labels == ("strike", "casualty")
    assert r.casualties.killed == 5


def test_title_and_body_both_count() -> None:
    r = classify("Officials gave no further details.", title="Missiles hit Kharkiv, 3 killed")
    assert "strike" in r.labels and r.casualties.killed == 3


def test_scores_and_order() -> None:
    r = classify("Talks on a ceasefire began as artillery shelled the town, killing two.")
    assert r.labels == ("strike", "casualty", "diplomatic")
    assert all(0.0 <= v <= 1.0 for v in r.scores.values())
    assert all(r.scores[label] >= 0.5 for label in r.labels)
    assert r.scores["denial"] < 0.5


def test_empty_text() -> None:
    r = classify("")
    assert r.labels == () and r.places == () and r.casualties.killed is None


@labelled("classify_labels", "challenge_constructions")
def test_challenge_constructions(text: str, expected: set[str]) -> None:
    assert_labels(text, expected)
