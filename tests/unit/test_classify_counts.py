"""Casualty-count conventions (mission.md, labelling guide)."""

from __future__ import annotations

import pytest

from streams.classify import classify
from streams.classify._casualties import extract_counts
from streams.classify._numbers import parse_number
from streams.classify._text import tokenize
from tests.support.classify import assert_counts, counted


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


@counted("classify_counts", "counts")
def test_counts(text: str, killed: int | None, wounded: int | None) -> None:
    assert_counts(text, killed, wounded)


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


@counted("classify_counts", "people_and_attackers")
def test_people_and_attackers(text: str, killed: int | None, wounded: int | None) -> None:
    assert_counts(text, killed, wounded)


def test_accident_context_applies_to_the_whole_item() -> None:
    r = classify(
        "Nineteen people were killed when their bus plunged off a bridge. "
        "Another 22 people were injured in the accident, officials said."
    )
    assert "casualty" not in r.labels


@counted("classify_counts", "count_constructions")
def test_count_constructions(text: str, killed: int | None, wounded: int | None) -> None:
    assert_counts(text, killed, wounded)
