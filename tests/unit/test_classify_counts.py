"""Casualty-count conventions (mission.md, labelling guide)."""

from __future__ import annotations

import pytest

from streams.classify import classify
from streams.classify._casualties import extract_counts
from streams.classify._numbers import parse_number
from streams.classify._text import tokenize


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("twelve", 12),
        ("twenty-five", 25),
        ("two hundred", 200),
        ("1,200", 1200),
        ("a dozen", 12),
        ("two dozen", 24),
        ("three thousand", 3000),
    ],
)
def test_parse_number(phrase: str, value: int) -> None:
    got = parse_number(tokenize(phrase), 0)
    assert got is not None and got[0] == value


@pytest.mark.parametrize("phrase", ["dozens", "several", "scores", "many"])
def test_vague_amounts_are_not_numbers(phrase: str) -> None:
    assert parse_number(tokenize(phrase), 0) is None


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        ("At least 6 people were killed in the air strike on the town.", 6, None),
        ("The shelling killed 3 and wounded more than 40 people.", 3, 40),
        ("Twelve people were killed and dozens were injured in a rocket attack.", 12, None),
        ("3 soldiers and 2 civilians were killed in the artillery attack.", 5, None),
        ("Warplanes pounded the village, killing 6 civilians, including 2 women.", 6, None),
        ("Six civilians including two women were killed when shells hit the market.", 6, None),
        ("Between 5 to 7 people were killed in the drone strike.", 5, None),
        ("Dozens of people were killed in the bombardment.", None, None),
        ("The attack on Ganja [population 320,000] killed twelve residents.", 12, None),
        (
            "A rocket struck the city of Ganja [population 320,000]; 40 people were wounded.",
            None,
            40,
        ),
        ("Militants attacked the base; the death toll rose to 14 on Tuesday.", 14, None),
        (
            "Gunmen stormed the hotel, killing at least twenty-five guests and wounding 30 others.",
            25,
            30,
        ),
        ("A soldier was killed and two others were injured when the convoy was ambushed.", 1, 2),
        ("The warplanes targeted the region, killing and wounding 30 civilians.", None, None),
        ("Four of the assailants were killed, police said.", 4, None),
        ("On December 13, 2 soldiers were killed by sniper fire.", 2, None),
        ("The bombing in 2016 killed 29 people, officials recalled on Friday.", 29, None),
    ],
)
def test_counts(text: str, killed: int | None, wounded: int | None) -> None:
    r = classify(text)
    assert "casualty" in r.labels or (killed is None and wounded is None and "casualty" in r.labels)
    assert (r.casualties.killed, r.casualties.wounded) == (killed, wounded)


def test_qualifier_and_evidence_are_kept() -> None:
    r = classify("More than 40 people were wounded when missiles hit the city.")
    assert r.casualties.wounded == 40
    assert r.casualties.qualifiers["wounded"] == "more than"
    assert r.casualties.evidence["wounded"] == [
        "More than 40 people were wounded when missiles hit the city."
    ]


def test_toll_is_the_largest_figure_not_the_sum() -> None:
    r = classify(
        "Ten people were killed in the strike. Later officials said 14 people were killed."
    )
    assert r.casualties.killed == 14


def test_population_figure_is_not_a_toll() -> None:
    assert extract_counts("Ganja [population 320,000] is the second city.") == []
    assert extract_counts("The town of Mingachevir [86,000 inhabitants] was shelled.") == []


def test_years_are_not_counts() -> None:
    assert all(m.value != 2016 for m in extract_counts("Hundreds were killed in 2016 in the war."))


def test_no_counts_without_casualty_label() -> None:
    r = classify("An earthquake killed 12 people in the province on Monday.")
    assert "casualty" not in r.labels
    assert r.casualties.killed is None


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        ("Grenades were hurled at a patrol, injuring a policeman and seven civilians.", None, 8),
        ("A civilian was killed and another wounded in a grenade attack in the market.", 1, 1),
        ("The group said it had killed a teenage boy and a young man in the raid.", 2, None),
        ("A member of the local police was killed when a bomb hit his car.", 1, None),
        (
            "At least 20 Al-Shabaab militants were killed when the insurgents raided a base.",
            20,
            None,
        ),
        ("Police fatally shot a protester during the clashes.", 1, None),
        ("Two suicide bombers blew themselves up outside the police station.", 2, None),
        ("Three suicide bombers killed 19 people at a fish market.", 19, None),
    ],
)
def test_people_and_attackers(text: str, killed: int | None, wounded: int | None) -> None:
    r = classify(text)
    assert "casualty" in r.labels
    assert (r.casualties.killed, r.casualties.wounded) == (killed, wounded)


def test_accident_context_applies_to_the_whole_item() -> None:
    r = classify(
        "Nineteen people were killed when their bus plunged off a bridge. "
        "Another 22 people were injured in the accident, officials said."
    )
    assert "casualty" not in r.labels


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        # the toll phrase may run long before its figure, possessives included
        (
            "The death toll from Tuesday's bombing of the bus station in Kano has risen to 31.",
            31,
            None,
        ),
        (
            "The number of dead from the attack on the camp near the town of Djibo rose to 40.",
            40,
            None,
        ),
        ("A shell hit a flat in Donetsk, killing a family of five.", 5, None),
        ("Troops killed all three gunmen after a siege.", 3, None),
        ("Gunmen killed a farmer and his three daughters in Zamfara.", 4, None),
        ("A drone strike killed a 9-year-old girl in the village.", 1, None),
        ("A shell killed 8 civilians, two officials said.", 8, None),
        ("A rocket killed 3 soldiers, a military source said.", 3, None),
        ("Four villagers were hacked to death by militants.", 4, None),
        ("Militants shot dead three teachers in Borno.", 3, None),
        ("Six soldiers were martyred in the attack.", 6, None),
    ],
)
def test_count_constructions(text: str, killed: int | None, wounded: int | None) -> None:
    r = classify(text)
    assert "casualty" in r.labels
    assert (r.casualties.killed, r.casualties.wounded) == (killed, wounded)
