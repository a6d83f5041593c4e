"""Places: what is not the event's place (datelines, capitals standing for their state,
first names, bylines, organisations, where fire came from) and the specific place that is
(small towns, spellings news uses), in English and in the generic stage of every pack.

The wording here differs from tests/golden/classify/places-en.jsonl on purpose: the set
measures, these pin each rule."""

from __future__ import annotations

import pytest

from streams.classify import classify
from streams.classify._gazetteer import get_gazetteer
from streams.classify.model import Classification
from tests.support.classify import rows


def _event(r: Classification) -> tuple[str, str] | None:
    ev = r.event_place
    return (ev.name, ev.country) if ev else None


def _assert_events(table: str) -> None:
    """Each sentence of the table has its (name, country) as the event place."""
    for text, want in rows("classify_places_traps", table):
        assert _event(classify(text)) == want, text


# --- English ------------------------------------------------------------------------------


def test_a_dateline_is_the_event_place_only_when_nothing_else_is_named() -> None:
    _assert_events("a_dateline_is_the_event_place_only_when_nothing_else_is_named")


def test_a_capital_standing_for_its_state_is_not_the_event_place() -> None:
    r = classify("Kyiv accused Moscow of shelling Nikopol overnight, killing a man.")
    assert _event(r) == ("Nikopol", "UA")
    roles = {p.name: p.role for p in r.places}
    assert roles["Kyiv"] == roles["Moscow"] == "mentioned"
    r = classify("Tehran's foreign ministry condemned the air strike, which killed five.")
    assert r.event_place is None  # a state spoke; no place of the event is named
    # a capital that was hit, or where something happened, stays a place
    assert _event(classify("Kyiv was hit by a wave of drones, killing two.")) == ("Kyiv", "UA")
    r = classify("Ankara hosted talks between the foreign ministers on Thursday.")
    assert _event(r) == ("Ankara", "TR")


def test_first_names_bylines_and_organisations_are_not_places() -> None:
    r = classify("Fatima Hassan, 40, died when a shell hit her home in Tyre, relatives said.")
    assert _event(r) == ("Tyre", "LB")
    assert {p.name for p in r.places} == {"Tyre"}
    r = classify("By Victoria Kim. Russian shelling killed two people in Kherson on Sunday.")
    assert _event(r) == ("Kherson", "UA")
    r = classify("The UN said a shell hit a clinic in Aleppo, killing a nurse.")
    assert _event(r) == ("Aleppo", "SY") and "UN" not in {p.name for p in r.places}
    r = classify("Rapid Support Forces shelled Omdurman on Friday, killing nine people.")
    assert _event(r) == ("Omdurman", "SD")


def test_where_fire_came_from_is_not_where_it_struck() -> None:
    _assert_events("where_fire_came_from_is_not_where_it_struck")


def test_a_place_naming_a_topic_is_not_the_venue() -> None:
    _assert_events("a_place_naming_a_topic_is_not_the_venue")


def test_the_most_specific_place_wins_over_region_and_country() -> None:
    _assert_events("the_most_specific_place_wins_over_region_and_country")


def test_small_towns_in_a_country_the_text_names() -> None:
    r = classify("Gunmen stormed the town of Konduga in northeastern Nigeria, killing nine.")
    assert _event(r) == ("Konduga", "NG")
    # no country named: a village name of several countries says too little
    r = classify("Gunmen stormed the village of Mirabad, killing nine.")
    assert r.event_place is None
    r = classify("Gunmen stormed the village of Mirabad in Afghanistan, killing nine.")
    assert _event(r) == ("Mirabad", "AF")


def test_spellings_news_uses_that_geonames_lacks() -> None:
    g = get_gazetteer()
    assert {e.country for e in g.lookup("Kupiansk")} == {"UA"}  # GeoNames "Kupyansk"
    assert "SY" in {e.country for e in g.lookup("Qamishli")}  # GeoNames "Al Qamishli"


def test_a_nationality_word_does_not_name_the_country() -> None:
    _assert_events("a_nationality_word_does_not_name_the_country")


def test_the_title_names_the_place_the_text_does_not() -> None:
    r = classify("A bomb killed four people at a market, police said.", title="Blast in Kandahar")
    assert _event(r) == ("Kandahar", "AF")
    r = classify(
        "Three people were killed when a glide bomb hit a school.",
        title="Russian Strike On Kharkiv Kills Three",
    )
    assert _event(r) == ("Kharkiv", "UA")


# --- every pack (generic stage) ---------------------------------------------------------


def test_script_names_are_folded_as_the_stage_folds_words() -> None:
    from streams.classify.lang import LanguagePack, get_pack
    from streams.classify.places_index import PlaceIndex

    uk = get_pack("uk")
    assert uk is not None
    bare = PlaceIndex(
        LanguagePack(code="uk", name="Ukrainian", script=r"[\u0400-\u04ff]", normalize=uk.normalize)
    )
    e = bare.lookup(uk.fold("Слов'янськ"))  # the apostrophe dropped on both sides
    assert e is not None and e.country == "UA"


def test_not_places_reach_the_latin_names() -> None:
    r = classify(
        "La Defensoría del Pueblo denunció el asesinato de un líder social en Tumaco.",
        language="es",
    )
    assert "Pueblo" not in {p.name for p in r.places}


def test_the_lead_names_the_place_when_the_evidence_does_not() -> None:
    r = classify("В Казани произошла стрельба в школе. Погибли семь человек, сообщили в МВД.")
    ev = r.event_place
    assert r.language == "ru" and ev is not None and ev.country == "RU"


def test_a_country_after_a_locative_before_the_actor() -> None:
    r = classify("Rusia lanzó drones contra objetivos en Ucrania; murieron dos personas.")
    assert r.event_place is not None and r.event_place.country == "UA"


def test_fire_from_a_country_in_a_pack() -> None:
    r = classify(
        "Dos cohetes lanzados desde el Líbano cayeron en zonas abiertas de Israel y"
        " causaron heridas a dos personas."
    )
    assert r.event_place is not None and r.event_place.country == "IL"


def test_town_region_pairs_take_the_region_country() -> None:
    r = classify("Un ataque con granada dejó cinco heridos en Toledo, Norte de Santander.")
    assert r.event_place is not None and r.event_place.country == "CO"
    assert r.event_place.name == "Toledo"


def test_a_dateline_is_the_venue_of_talks() -> None:
    r = classify("القاهرة - استؤنفت اليوم المفاوضات بشأن وقف إطلاق النار في قطاع غزة برعاية مصرية.")
    assert r.labels == ("diplomatic",)
    assert r.event_place is not None and r.event_place.country == "EG"


def test_words_stay_whole_across_arabic_marks() -> None:
    from streams.classify.stages.places import _WORD

    assert [m.group(0) for m in _WORD.finditer("في عمّان اليوم")] == ["في", "عمّان", "اليوم"]


def test_the_country_written_with_a_town_decides_its_namesake() -> None:
    _assert_events("the_country_written_with_a_town_decides_its_namesake")


# --- English, round three (issue 16) --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "event"),
    rows("classify_places_traps", "round_three_place_rules"),
)
def test_round_three_place_rules(text: str, event: tuple[str, str]) -> None:
    assert _event(classify(text)) == event


def test_congo_alone_is_the_dr_congo() -> None:
    r = classify("Militiamen killed nine villagers in Congo's Kwilu province, officials said.")
    assert r.event_place is not None and r.event_place.country == "CD"
    r = classify("Clashes in Brazzaville, Republic of the Congo, left four dead.")
    assert r.event_place is not None and r.event_place.country == "CG"
