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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a verdict of each class, in a word no earlier set used
        ("The navy said the clip of its burning frigate was a charade by bloggers.", {"denial"}),
        ("The command said the casualty list for the battle was overstated.", {"denial"}),
        ("Officials in Kinshasa said the monitors' findings were uncorroborated.", {"denial"}),
        ("The militia said the rights group's account was a canard.", {"denial"}),
        ("The army said the footage from the checkpoint was choreographed.", {"denial"}),
        # provenance of the material, with its own dates ("in 2019" is not history here)
        (
            "A junta spokesman said the pictures of burned houses had been shot abroad in 2019.",
            {"denial"},
        ),
        # the rebuttal shapes
        (
            "Contrary to what the militia's channels reported, the army said its posts held.",
            {"denial"},
        ),
        ("The brigade said its artillery fired nothing across the river that night.", {"denial"}),
        ("The ministry said reporters had confused a fuel fire with a missile strike.", {"denial"}),
        ("The military said the people in the truck were smugglers, not farmers.", {"denial"}),
        ("The army said the gunman in the photograph was not one of its soldiers.", {"denial"}),
        ("The group said its commanders had never set foot in the province.", {"denial"}),
        # traps: another field's news, history, no actor speaking
        ("The striker's agent called the transfer story a charade.", set()),
        ("The finance ministry said the budget estimate was overstated.", set()),
        ("The museum said the photographs had been taken in another country in 1944.", set()),
        # diplomacy without a diplomatic noun
        ("Ghana told the Nigerien ambassador to leave within 48 hours.", {"diplomatic"}),
        ("Chad withdrew its envoy from Khartoum after the border incident.", {"diplomatic"}),
        ("Niger said it was quitting the regional alliance with immediate effect.", {"diplomatic"}),
        ("The defence ministers of Uganda and Congo met in Kampala on Monday.", {"diplomatic"}),
        # traps: money between states is not diplomacy
        ("The French and Spanish finance ministers discussed bank rules in Madrid.", set()),
        ("Turkey and Qatar signed a gas supply contract in Doha.", set()),
    ],
)
def test_round_four(text: str, expected: set[str]) -> None:
    assert set(classify(text).labels) == expected, text


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
    [
        ("Haditha", "IQ"),  # an alternate name of a town under 40,000 people
        ("Deir al-Balah", "PS"),  # "el" for "al" inside an alternate ("Deir el-Balah")
        ("Hodeidah", "YE"),  # an alternate without its article ("El-Hodeidah")
    ],
)
def test_alternate_names_of_towns(name: str, country: str) -> None:
    assert any(e.country == country for e in get_gazetteer().lookup(name)), name


def test_an_alternate_spelling_is_the_event_place() -> None:
    r = classify("A drone strike hit a checkpoint near Haditha, killing two policemen.")
    assert r.event_place is not None
    assert (r.event_place.name, r.event_place.country) == ("Haditha", "IQ")
