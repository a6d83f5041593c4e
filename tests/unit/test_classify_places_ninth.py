"""English event-place kinds of the ninth round (docs/classification.md, "Ninth round"):
one test per kind, each failing on the code before it. Worded apart from the golden sets."""

from __future__ import annotations

from streams.classify import classify
from streams.classify._gazetteer import get_gazetteer


def _event(text: str) -> tuple[str, str] | None:
    ev = classify(text).event_place
    return (ev.name, ev.country) if ev else None


def test_armenian_and_azerbaijani_regions_under_the_names_the_press_uses() -> None:
    # GeoNames writes "Syunik'i Marz" and "Zangilan Rayon"; copy writes "Syunik province"
    gaz = get_gazetteer()
    for name, cc in (
        ("Syunik", "AM"),
        ("Gegharkunik", "AM"),
        ("Vayots Dzor", "AM"),
        ("Zangilan", "AZ"),
        ("Khojavend", "AZ"),
    ):
        assert [e.country for e in gaz.lookup_region(name)] == [cc], name
    # a village no table has is placed by the province written with it, not by the
    # nationality whose fire hit it
    assert _event(
        "A farmer was wounded by Azerbaijani gunfire near the village of Tsghuk in Syunik "
        "province, officials said."
    ) == ("Tsghuk", "AM")


def test_a_seat_of_government_named_as_a_venue_is_the_place() -> None:
    assert _event(
        "The presidents of Rwanda and Congo signed a peace accord at the White House on Thursday."
    ) == ("White House", "US")
    assert _event(
        "The Russian president received the Turkish foreign minister in the Kremlin for talks "
        "on a Black Sea truce."
    ) == ("Kremlin", "RU")
    # written with its city, the city is the place
    assert _event(
        "The presidents of Rwanda and Congo signed a peace accord at the White House in "
        "Washington on Thursday."
    ) == ("Washington", "US")


def test_a_seat_of_government_that_speaks_is_no_place() -> None:
    assert _event("The Kremlin denied that its forces had shelled a market in Kostiantynivka.") == (
        "Kostiantynivka",
        "UA",
    )
    ev = classify("The White House said the president had spoken to both leaders.").event_place
    assert ev is None or ev.name != "White House"


def test_where_the_wounded_were_treated_gives_way_to_the_lead_s_place() -> None:
    # the lead's beating is no casualty cue, so the hospital sentence is the only evidence
    assert _event(
        "Settlers attacked farmers picking olives near the village of Burin, beating three "
        "men. The three were taken to hospital in Nablus."
    ) == ("Burin", "PS")
