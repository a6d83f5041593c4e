"""English label kinds of the seventh round (docs/classification.md, "Blind set R"): one test per
kind, each failing on the code before it. Worded apart from set R."""

from __future__ import annotations

from streams.classify import classify


def _labels(text: str) -> list[str]:
    return sorted(classify(text).labels)


def test_to_deny_a_haven_or_support_is_to_withhold_not_a_denial() -> None:
    assert "denial" not in _labels("Delhi pressed Dhaka to deny sanctuary to the insurgents.")
    assert "denial" not in _labels(
        "The ministers agreed to deny safe haven to armed groups along the frontier."
    )
    # the claim sense is still a denial
    assert "denial" in _labels("The militia denied that its fighters had shelled the camp.")


def test_a_humanitarian_appeal_is_not_a_diplomatic_move() -> None:
    assert "diplomatic" not in _labels(
        "The Red Cross urged the warring parties to spare civilians in the besieged town."
    )
    assert "diplomatic" not in _labels("UNICEF called on both sides to protect schools.")
    # an appeal for talks still is
    assert "diplomatic" in _labels(
        "The UN envoy urged both sides to return to ceasefire talks in Geneva."
    )


def test_a_footballers_rocket_and_a_drills_missiles_are_no_strike() -> None:
    assert "strike" not in _labels(
        "The midfielder fired a rocket into the far corner to put Morocco ahead."
    )
    assert "strike" not in _labels(
        "The navy held drills in which frigates fired anti-ship missiles at decoy targets."
    )
    # a rocket fired into a town is
    assert "strike" in _labels("Militants fired a rocket into the border town overnight.")


def test_a_player_carried_off_injured_is_no_casualty() -> None:
    assert "casualty" not in _labels("Their captain was stretchered off injured after an hour.")
    # an ambush is violence whatever the hour
    assert "casualty" in _labels(
        "Two guards were injured in an ambush in the second half of the night."
    )


def test_a_truce_or_talks_as_the_time_of_something_else_after_the_lead() -> None:
    assert "diplomatic" not in _labels(
        "A shell hit a school in the town, killing two pupils, teachers said. The school had "
        "reopened during the ceasefire."
    )
    assert "diplomatic" not in _labels(
        "Rebels stormed a police post, killing five officers. The raid came days after "
        "negotiations with the government broke down."
    )
    # in the lead, the truce is the news
    assert "diplomatic" in _labels("The two armies agreed a ceasefire during talks in Jeddah.")


def test_a_verdict_or_an_anniversary_looks_back() -> None:
    # the day named is the verdict's; the shelling and its dead are the case's
    assert (
        _labels(
            "A court in Odesa on Friday jailed a Russian officer for 15 years for directing the "
            "shelling of a school in Mykolaiv in 2022. Prosecutors said the strike had killed two "
            "teachers."
        )
        == []
    )
    assert (
        _labels(
            "Survivors gathered on Sunday to mark five years since a car bomb tore through the "
            "market, killing 80 people. The dead were remembered with a minute of silence."
        )
        == []
    )
    # a verdict story that also reports a strike now
    assert "strike" in _labels(
        "A court sentenced a militant to death on Monday. Hours later, drones struck the town, "
        "killing four people on Monday night."
    )
