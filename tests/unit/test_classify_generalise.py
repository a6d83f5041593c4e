"""Issue 16: English phrasing without the usual words, scoped cues, named victims, the body
over its headline. Every sentence here is worded apart from the challenge sets, so that a rule
fitted to one snippet of a set fails here."""

from __future__ import annotations

import pytest

from streams.classify import classify
from tests.support.classify import assert_labels, labelled


@labelled("classify_generalise", "labels_without_the_usual_words")
def test_labels_without_the_usual_words(text: str, expected: set[str]) -> None:
    assert_labels(text, expected)


def test_a_strike_inside_a_denied_claim_is_not_reported() -> None:
    r = classify("The army rejected reports that its jets had bombed the hospital in Saada.")
    assert r.labels == ("denial",)
    r = classify("Moscow called the report that 500 of its troops had died a fabrication.")
    assert r.labels == ("denial",)


def test_a_denial_of_who_did_it_still_reports_the_attack() -> None:
    r = classify(
        "The ministry rejected claims that its aircraft were responsible for the bombing of a "
        "market in the town, which killed 30 people."
    )
    assert set(r.labels) == {"strike", "casualty", "denial"}
    assert r.casualties.killed == 30


def test_after_a_strike_is_past_even_with_a_modal() -> None:
    r = classify("The ministry said it would summon the envoy after a missile strike on the port.")
    assert set(r.labels) == {"strike", "diplomatic"}


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


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        ("A shell killed him and his wife in their kitchen in Toretsk.", 2, None),
        ("A paramedic and a firefighter were killed by a second strike on the site.", 2, None),
        ("Yusuf Amin, 31, was killed by a drone near the crossing.", 1, None),
        ("Photographer Sami Haddad was killed in the air raid.", 1, None),
        ("The missile killed three people and 12 others were injured.", 3, 12),
        ("A mother and her four children died when the bomb hit their tent.", 5, None),
        ("The strike killed a couple and their neighbour.", 3, None),
        ("Two sisters, aged 7 and 10, were killed in the shelling.", 2, None),
        ("The drone attack wounded her two sons, the hospital said.", None, 2),
        ("Their driver was killed when the convoy was shelled.", 1, None),
    ],
)
def test_named_and_listed_victims_count(text: str, killed: int | None, wounded: int | None) -> None:
    r = classify(text)
    assert "casualty" in r.labels
    assert (r.casualties.killed, r.casualties.wounded) == (killed, wounded)
