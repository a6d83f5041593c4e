"""Places: gazetteer resolution, disambiguation by context, event vs mentioned."""

from __future__ import annotations

from streams.classify import classify
from streams.classify._gazetteer import get_gazetteer


def test_gazetteer_has_cities_countries_and_regions() -> None:
    g = get_gazetteer()
    assert any(e.country == "AZ" for e in g.lookup("Ganja"))
    assert any(e.kind == "country" and e.country == "SY" for e in g.lookup("Syria"))
    assert any(e.kind == "region" for e in g.lookup("Nagorno-Karabakh"))
    assert g.lookup("Police") == []  # common words are never places


def test_event_place_is_where_the_strike_happened() -> None:
    r = classify(
        "Officials in Baku said on Sunday that a missile hit a residential area in Ganja,"
        " killing 12. "
        "President Aliyev will visit Moscow next week."
    )
    ev = r.event_place
    assert ev is not None and ev.name == "Ganja" and ev.country == "AZ"
    roles = {p.name: p.role for p in r.places}
    assert roles.get("Moscow") == "mentioned"
    assert roles.get("Baku") == "mentioned"


def test_context_country_picks_between_homonyms() -> None:
    # Tripoli exists in Libya and Lebanon; the text's country decides
    libya = classify(
        "Rockets fired into Tripoli killed six people, Libya's interior ministry said."
    )
    lebanon = classify("Shells hit Tripoli in northern Lebanon on Monday.")
    assert libya.event_place is not None and libya.event_place.country == "LY"
    assert lebanon.event_place is not None and lebanon.event_place.country == "LB"


def test_feed_tag_is_a_hint() -> None:
    r = classify("Shelling hit Tripoli overnight.", tags={"country": "LB"})
    assert r.event_place is not None and r.event_place.country == "LB"


def test_nationality_word_is_not_a_place() -> None:
    r = classify("Syrian warplanes bombed rebel positions.")
    assert all(p.name != "Syrian" for p in r.places)


def test_city_preferred_to_country_for_event() -> None:
    r = classify("Israeli jets struck targets in Syria, hitting a depot near Damascus.")
    assert r.event_place is not None and r.event_place.name == "Damascus"
    assert r.event_place.lat is not None and 33 < r.event_place.lat < 34
