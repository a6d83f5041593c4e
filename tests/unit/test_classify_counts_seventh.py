"""English count kinds of the seventh round (docs/classification.md, "Blind set R"): one test
per kind, each failing on the code before it. Worded apart from set R."""

from __future__ import annotations

from streams.classify import classify


def _counts(text: str) -> tuple[int | None, int | None]:
    c = classify(text).casualties
    return c.killed, c.wounded


def test_wounded_and_taken_to_hospital_is_one_group() -> None:
    assert _counts(
        "A rocket hit a bus station, killing three people. Twelve others were injured and "
        "taken to a hospital in the regional capital."
    ) == (3, 12)
    assert _counts(
        "Mortar fire struck the camp, killing a boy. Eight more were wounded and being treated "
        "at a field clinic."
    ) == (1, 8)


def test_one_more_victim_by_an_ordinal_or_a_person_noun() -> None:
    assert _counts("The shell killed two farmers and wounded a third.") == (2, 1)
    assert _counts("A drone hit a car, killing the driver. A bystander was slightly hurt.") == (
        1,
        1,
    )
    assert _counts("Troops shot dead a man at the checkpoint. A youth was wounded.") == (1, 1)
    # a share, not a person
    assert _counts("The strike killed a third of the herd.")[0] is None


def test_an_earlier_event_after_the_lead_gives_no_figure() -> None:
    assert _counts(
        "Gunmen killed six farmers in a raid on the village of Tungan Bako, police said. "
        "The raid came two weeks after bandits killed 31 people in a nearby district."
    ) == (6, None)
    assert _counts(
        "Militiamen shot dead four traders at a market in the town, residents said. Last month "
        "the same group killed more than 50 people on the highway."
    ) == (4, None)
    # the lead itself may name an earlier attack: its figure is the news
    assert _counts("The death toll from last month's attack on the market rose to 45.") == (
        45,
        None,
    )


def test_tolls_and_wounds_said_in_other_words() -> None:
    # the running total after more bodies were found
    assert (
        _counts(
            "Raiders killed 14 herders near the river. Three more bodies were recovered on "
            "Tuesday, bringing the total to 17, a councillor said."
        )[0]
        == 17
    )
    # treatment and burns are wounds
    assert _counts("Two shepherds died in the shelling and five were receiving treatment.") == (
        2,
        5,
    )
    assert _counts(
        "A drone hit the tanker, killing its captain. The cook was severely burned."
    ) == (1, 1)


def test_wounded_prisoners_and_bodies_exchanged_are_no_toll() -> None:
    c = classify(
        "The two sides agreed to swap all sick and wounded prisoners and the remains of 900 "
        "soldiers, the mediator said."
    )
    assert "casualty" not in c.labels


def test_another_group_told_with_also_adds_to_the_dead() -> None:
    assert (
        _counts(
            "A car bomb hit an army convoy, killing four soldiers, officials said. "
            "Three passers-by were also killed."
        )[0]
        == 7
    )
    # the same toll said again is not another group
    assert (
        _counts("Shelling killed four people in the town. The mayor said four people were killed.")[
            0
        ]
        == 4
    )


def test_a_nationality_noun_shot_dead_is_one() -> None:
    assert _counts("An Iraqi was shot dead at the crossing, police said.")[0] == 1
