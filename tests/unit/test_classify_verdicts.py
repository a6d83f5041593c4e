"""Issue 16, round four: the denial verdict by semantic class, the rebuttal shapes, diplomacy
without a diplomatic noun, and GeoNames' alternate names for towns (``lang/en/verdicts.py``,
``lang/en/acts.py``, ``_gazetteer.py``).

Every sentence is worded apart from challenge sets K and L (other actors, places, verbs and
verdict words of the same class), so that a rule fitted to a snippet fails here; the traps hold
what the rules must leave alone."""

from __future__ import annotations

import re

import pytest

from streams.classify import classify
from streams.classify._gazetteer import get_gazetteer
from streams.classify.lang.en.verdicts import CLASSES, PROVENANCE, VERDICT
from tests.support.classify import assert_labels, labelled, rows


@labelled("classify_verdicts", "round_four")
def test_round_four(text: str, expected: set[str]) -> None:
    assert_labels(text, expected)


@labelled("classify_verdicts", "set_p")
def test_set_p_kinds(text: str, expected: set[str]) -> None:
    assert_labels(text, expected)


@labelled("classify_verdicts", "set_q")
def test_set_q_kinds(text: str, expected: set[str]) -> None:
    assert_labels(text, expected)


def test_every_verdict_class_compiles_and_is_in_the_slot() -> None:
    slot = re.compile(rf"\b{VERDICT}\b")
    for name, words in CLASSES.items():
        assert re.compile(rf"\b(?:{words})\b").pattern, name
    for word in ("charade", "overstated", "uncorroborated", "canard", "at odds with"):
        assert slot.search(word), word
    assert PROVENANCE.search("the video had been filmed during an exercise")
    assert not PROVENANCE.search("the video was watched by millions")


def test_the_evidence_sentence_is_kept() -> None:
    text = (
        "Shells hit a clinic in Kadugli, medics said. The paramilitaries said the photos "
        "of the clinic were a publicity stunt."
    )
    r = classify(text)
    assert "denial" in r.labels and "strike" in r.labels
    assert r.evidence["denial"] == [
        "The paramilitaries said the photos of the clinic were a publicity stunt."
    ]


@pytest.mark.parametrize(
    ("name", "country"),
    rows("classify_verdicts", "alternate_names_of_towns"),
)
def test_alternate_names_of_towns(name: str, country: str) -> None:
    assert any(e.country == country for e in get_gazetteer().lookup(name)), name


def test_an_alternate_spelling_is_the_event_place() -> None:
    r = classify("A drone strike hit a checkpoint near Haditha, killing two policemen.")
    assert r.event_place is not None
    assert (r.event_place.name, r.event_place.country) == ("Haditha", "IQ")
