"""English label kinds of the eighth round (docs/classification.md, "Blind set T"): one test per
kind, each failing on the code before it. Worded apart from set T."""

from __future__ import annotations

from streams.classify import classify


def _labels(text: str) -> list[str]:
    return sorted(classify(text).labels)


def test_an_agreement_the_attack_is_measured_against_is_background() -> None:
    # after a strike lead, the truce it breaks is no new diplomatic move
    assert _labels(
        "A drone strike on a motorbike near Bint Jbeil killed two men on Sunday, the health "
        "ministry said. The army called it a fresh violation of the truce."
    ) == ["casualty", "strike"]
    assert _labels(
        "Shells fell on a market in Kalehe on Friday, killing four traders, local officials said. "
        "Both sides accused each other of breaking the Washington agreement."
    ) == ["casualty", "strike"]
    # the lead's own agreement is still the news
    assert "diplomatic" in _labels(
        "The two armies agreed a ceasefire on Sunday after talks in Jeddah, mediators said."
    )


def test_an_agreement_of_an_earlier_day_is_background() -> None:
    assert _labels(
        "Artillery fire hit a school in Rutshuru on Tuesday, killing three pupils, teachers said. "
        "A truce signed months ago has done little to calm the area."
    ) == ["casualty", "strike"]
    assert _labels(
        "A sniper killed a farmer near the border on Monday, police said. The two countries "
        "agreed a ceasefire earlier in the year."
    ) == ["casualty"]


def test_a_strike_called_by_workers_or_over_pay_is_labour_news() -> None:
    assert "strike" not in _labels(
        "Port workers in Mombasa began a strike on Tuesday over unpaid wages, their union said."
    )
    assert "strike" not in _labels("Nurses went on strike over pay across the province.")
    # a strike on a port is still an attack, and pilots who launched one attacked
    assert "strike" in _labels("A missile strike on the port of Odesa damaged two grain ships.")
    assert "strike" in _labels("Israeli pilots launched a strike on a depot near Tyre.")


def test_a_source_reached_by_phone_is_not_a_call_between_parties() -> None:
    assert "diplomatic" not in _labels(
        "Militia fighters shelled a village near Bunia, a local chief said, speaking by phone. "
        "The group's commander spoke by phone from the hills."
    )
    assert "diplomatic" in _labels(
        "The Turkish president spoke by phone with his Russian counterpart about a ceasefire."
    )


def test_no_such_incident_had_taken_place_is_a_denial() -> None:
    assert "denial" in _labels(
        "Villagers said a drone dropped a grenade on a barn. The army said no such incident had "
        "taken place."
    )


def test_a_book_that_retells_a_past_attack_is_history() -> None:
    assert (
        _labels(
            "A documentary released this week revisits the 1995 siege of the town, in which 300 "
            "people were killed. Its director spoke at the premiere."
        )
        == []
    )
    # a survivor who recounts today's attack is news
    assert "casualty" in _labels(
        "A survivor recounts how gunmen killed 12 people in the village on Monday."
    )


def test_gunships_used_against_positions_are_a_strike() -> None:
    assert "strike" in _labels(
        "The army said helicopter gunships were used against rebel positions near the river."
    )
    assert "strike" not in _labels("Drones were used to deliver medicine to the villages.")


def test_soldiers_home_in_an_exchange_for_prisoners_is_a_swap() -> None:
    assert "diplomatic" in _labels(
        "Forty soldiers came home on Friday in an exchange for the same number of captured "
        "enemy prisoners."
    )
    assert "diplomatic" in _labels("The families thanked Qatar for brokering the swap.")
    assert "diplomatic" not in _labels("He gave his car in exchange for two horses.")


def test_talks_as_the_state_of_things_after_a_strike_lead_are_background() -> None:
    assert _labels(
        "A sniper killed a soldier at a border post on Friday, the ministry said. The two "
        "governments have been negotiating a peace treaty for a year."
    ) == ["casualty"]
    assert "diplomatic" not in _labels(
        "Mortar fire wounded two guards at a border post on Friday, the ministry said. The "
        "attack came weeks after the two sides initialled a peace text."
    )
