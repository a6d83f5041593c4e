"""Issue 16, English round two: verdicts as whole clauses, diplomacy through proposals,
signatures and travel, and the strike scope of threats and seizures. Every sentence is worded
apart from challenge sets F and G, so that a rule fitted to one snippet fails here."""

from __future__ import annotations

import pytest

from streams.classify import classify


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # denial: verdicts on a claim without "deny"
        ("The ministry said the newspaper's account of the raid was concocted.", {"denial"}),
        ("Officials said the rebels' casualty figures were wildly inflated.", {"denial"}),
        ("The army said the witness statements were based on hearsay.", {"denial"}),
        ("The government said the accusations could not be trusted.", {"denial"}),
        ("Kabul said the charges were not supported by any evidence.", {"denial"}),
        ("The spokesman said the allegations of looting were preposterous.", {"denial"}),
        ("The army said the reports appeared false.", {"denial"}),
        ("The militia said the tally bore no relation to reality.", {"denial"}),
        # denial: alibis and acts said not to have happened
        ("The battalion said its men were nowhere near the crossing that night.", {"denial"}),
        ("The group said its units were 40 kilometres away at the time.", {"denial"}),
        ("The command said no operation had been conducted beyond the border.", {"denial"}),
        ("The faction said it had not taken part in the assault.", {"denial"}),
        # diplomatic: proposals, signatures, ties, envoys, exchanges, offers, travel
        ("Qatar handed the delegations a revised plan for a truce.", {"diplomatic"}),
        ("The rebels rejected the plan as a trap, their spokesman said.", {"diplomatic"}),
        ("The two governments signed a joint declaration on border security.", {"diplomatic"}),
        ("Both sides initialled a draft treaty in the capital.", {"diplomatic"}),
        ("Bahrain moved to restore ties with Qatar after years of rupture.", {"diplomatic"}),
        ("The bloc named an ex-minister special representative for the region.", {"diplomatic"}),
        ("Forty detainees were freed on each side as part of a swap.", {"diplomatic"}),
        ("Switzerland offered to mediate between the warring factions.", {"diplomatic"}),
        ("Japan's foreign minister flew to Riyadh for a day of meetings.", {"diplomatic"}),
        ("Kenya expelled the defence attache over the incident.", {"diplomatic"}),
        # traps: domestic talks, budget plans, a president at home, a proposal at work
        ("The ruling party and its rivals resumed talks on electoral law.", set()),
        ("The finance minister presented a budget plan to parliament.", set()),
        ("The union rejected the management's offer on wages.", set()),
    ],
)
def test_round_two_families(text: str, expected: set[str]) -> None:
    assert set(classify(text).labels) == expected, text


@pytest.mark.parametrize(
    "text",
    [
        "The general warned that his gunners would hit the bridge again if the convoys resumed.",
        "The minister said the air force could strike the depots within hours.",
        "Customs officers seized mortar rounds, detonators and shells from a lorry.",
        "Troops captured two rocket launchers and a box of shells near the village.",
    ],
)
def test_threats_and_seizures_are_not_strikes(text: str) -> None:
    assert "strike" not in classify(text).labels, text


def test_a_denied_strike_is_the_claim_unless_its_dead_are_reported() -> None:
    denied = classify("The army denied its jets had bombed the depot, blaming saboteurs.")
    assert set(denied.labels) == {"denial"}
    reported = classify(
        "The army denied its jets had bombed the market, where at least 20 people were killed."
    )
    assert {"strike", "casualty", "denial"} <= set(reported.labels)


def test_treated_for_wounds_is_a_casualty() -> None:
    r = classify("Three guards were treated for gunshot wounds after militants stormed the post.")
    assert "casualty" in r.labels
