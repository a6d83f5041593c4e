"""Issue 16: English phrasing without the usual words, scoped cues, named victims, the body
over its headline. Every sentence here is worded apart from the challenge sets, so that a rule
fitted to one snippet of a set fails here."""

from __future__ import annotations

from streams.classify import classify
from tests.support.classify import assert_counts, assert_labels, counted, labelled


@labelled("classify_generalise", "labels_without_the_usual_words")
def test_labels_without_the_usual_words(text: str, expected: set[str]) -> None:
    assert_labels(text, expected)


def test_a_strike_or_toll_inside_a_denied_claim_is_still_reported() -> None:
    assert_labels(
        "The army rejected reports that its jets had bombed the hospital in Saada.",
        {"strike", "denial"},
    )
    r = assert_labels(
        "Moscow called the report that 500 of its troops had died a fabrication.",
        {"casualty", "denial"},
    )
    assert r.casualties.killed == 500


def test_a_denial_of_who_did_it_still_reports_the_attack() -> None:
    r = assert_labels(
        "The ministry rejected claims that its aircraft were responsible for the bombing of a "
        "market in the town, which killed 30 people.",
        {"strike", "casualty", "denial"},
    )
    assert r.casualties.killed == 30


def test_after_a_strike_is_past_even_with_a_modal() -> None:
    assert_labels(
        "The ministry said it would summon the envoy after a missile strike on the port.",
        {"strike", "diplomatic"},
    )


def test_a_not_attack_word_far_from_the_weapon_does_not_block() -> None:
    r = classify(
        "Rescuers searched the block hit by a rocket on Friday, where four bodies were found."
    )
    assert "strike" in r.labels


def test_the_body_wins_over_a_toll_in_the_headline() -> None:
    title = "Three wounded as drone hits depot"
    r = classify("The regional head later said that nobody was injured in the attack.", title)
    assert r.labels == ("strike",)
    assert r.casualties.wounded is None
    # the same headline with a body that does not contradict it keeps the toll
    r = classify("The depot was badly damaged, the regional head said.", title)
    assert "casualty" in r.labels and r.casualties.wounded == 3


@counted("classify_generalise", "named_and_listed_victims_count")
def test_named_and_listed_victims_count(text: str, killed: int | None, wounded: int | None) -> None:
    assert_counts(text, killed, wounded)
