"""Places in every data pack: a national capital standing for its state ("Kinshasa a accusé",
"В Москве заявили", "أعلنت طهران", "Teherán afirmó", "En Washington, el Departamento de
Estado") is never the event place (the packs' ``actor_after`` / ``actor_before``), while a
capital where something happens stays one; one-word names of a pack's table in a cased script
need their capital ("бытового газа" is gas, not Gaza)."""

from __future__ import annotations

import pytest

from streams.classify import classify
from tests.support.classify import rows


def _event(text: str, lang: str) -> tuple[str | None, str | None]:
    result = classify(text, language=lang)
    ev = next((p for p in result.places if p.role == "event"), None)
    return (ev.name, ev.country) if ev else (None, None)


@pytest.mark.parametrize(
    ("lang", "text", "want"),
    # a capital speaking for its state is not the event place; one where it happens stays it
    rows("classify_lang_places_actor", "a_capital_speaking_for_its_state_is_not_the_event_place")
    + rows("classify_lang_places_actor", "a_capital_where_it_happens_stays_the_event_place"),
)
def test_a_capital_is_the_event_place_only_where_it_happens(
    lang: str, text: str, want: tuple[str, str]
) -> None:
    assert _event(text, lang) == want


def test_a_lower_case_common_word_is_not_a_table_name_in_a_cased_script() -> None:
    name, _ = _event("Взрыв бытового газа в жилом доме унёс жизни шести человек.", "ru")
    assert name != "газа"
    assert _event("Израиль нанёс удар по Газа-Сити, погибли трое.", "ru")[1] == "PS"


def test_congo_alone_is_the_drc_unless_the_text_is_in_the_republic() -> None:
    assert _event("Des obus sont tombés dans l'est du Congo, faisant trois morts.", "fr")[1] == "CD"
    assert _event("В Конго при обстреле лагеря погибли трое.", "ru")[1] == "CD"
    brazza = "Des affrontements au Congo ont fait trois morts près de Brazzaville."
    assert _event(brazza, "fr")[1] == "CG"


def test_a_town_named_like_a_country_takes_the_region_after_it() -> None:
    text = "Un dron cayó sobre una vivienda en Argelia (Cauca) y dejó tres menores heridos."
    assert _event(text, "es") == ("Argelia", "CO")


def test_a_town_the_table_gives_only_its_country_ranks_before_a_country_name() -> None:
    text = (
        "В Минобороны Азербайджана назвали ложью заявление Еревана о том, что военные открыли"
        " огонь по позициям у села Сотк."
    )
    assert _event(text, "ru") == ("Сотк", "AM")


def test_a_gazetteer_name_after_a_glued_article_is_found() -> None:
    text = "Une frappe de drone a visé l'aéroport d'Amdjarass, faisant deux blessés."
    assert _event(text, "fr") == ("d'Amdjarass", "TD")


def test_a_shorter_ending_finds_an_inflected_name() -> None:
    text = "Вечером российские войска нанесли удар по Запорожью. Погибли четыре человека."
    assert _event(text, "ru") == ("Запорожью", "UA")


def test_a_place_named_only_in_background_is_still_given() -> None:
    assert _event("В 2014 году в ходе боев за аэропорт Донецка погибли десятки военных.", "ru") == (
        "Донецка",
        "UA",
    )


def test_a_nationality_word_gives_the_country_when_no_place_is_named() -> None:
    text = "Le gouvernement malien a rejeté les accusations de massacre de civils par l'armée."
    assert _event(text, "fr") == ("malien", "ML")
    assert _event("أعلنت السلطات الليبية ارتفاع عدد ضحايا السيول.", "ar")[1] == "LY"
