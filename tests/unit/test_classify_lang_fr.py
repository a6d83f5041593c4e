"""French pack (streams/classify/lang/fr): its number words and counts, and the traps that
French-language copy sets (every pack's trap labels and the sets' floors: see
test_classify_lang_labels.py)."""

from __future__ import annotations

from streams.classify import classify
from tests.support.classify import assert_labels, pack_tools

NUMBERS, normalize, _counts = pack_tools("fr")


def test_number_compounds_are_one_token_of_the_same_length() -> None:
    assert NUMBERS["vingt_et_un"] == 21
    assert NUMBERS["soixante_dix_sept"] == 77
    assert NUMBERS["quatre_vingts"] == 80
    assert NUMBERS["quatre_vingt_douze"] == 92
    text = "dix-sept morts, quatre-vingts blessés, soixante et onze disparus"
    assert normalize(text) == "dix_sept morts, quatre_vingts blessés, soixante_et_onze disparus"
    assert len(normalize(text)) == len(text)
    assert normalize("deux-trois morts") == "deux-trois morts"  # a range, not a compound
    assert _counts("dix-sept morts et quatre-vingt-dix blessés") == {"killed": 17, "wounded": 90}


def test_articles_are_not_one_but_one_victim_is() -> None:
    # "une frappe ... a tué deux": the article is not a count of one
    assert _counts("une frappe israélienne a tué deux membres du Hezbollah") == {"killed": 2}
    assert _counts("Un soldat a été tué et un autre blessé") == {"killed": 1, "wounded": 1}
    assert _counts("un mort et trois blessés") == {"killed": 1, "wounded": 3}
    assert _counts("Un drone a été abattu au-dessus de la ville") == {}


def test_including_clause_and_qualifier_leave_the_figure_to_its_word() -> None:
    assert _counts("Au moins sept personnes, dont un enfant, ont été tuées") == {"killed": 7}
    assert _counts("la frappe a tué au moins 15 personnes") == {"killed": 15}


def test_sahel_ambush_and_ied_are_casualties_not_strikes() -> None:
    r = assert_labels(
        "Onze soldats burkinabè ont été tués et quatre autres blessés lundi dans une embuscade "
        "tendue par des jihadistes présumés près de Djibo, selon des sources sécuritaires.",
        ("casualty",),
    )
    assert (r.casualties.killed, r.casualties.wounded) == (11, 4)
    assert r.event_place is not None and r.event_place.country == "BF"
    r = assert_labels(
        "Cinq militaires maliens ont péri lorsque leur véhicule a sauté sur un engin explosif "
        "improvisé près de Hombori, a indiqué l'armée.",
        ("casualty",),
    )
    assert r.casualties.killed == 5


def test_drones_shot_down_are_a_strike_not_a_casualty() -> None:
    r = classify("L'armée russe affirme avoir abattu 23 drones ukrainiens au-dessus de Koursk.")
    assert r.labels == ("strike",)
    assert r.casualties.killed is None
    r = classify(
        "Deux roquettes tirées depuis le Liban sont tombées dans une zone inhabitée, sans faire "
        "de victimes, a indiqué l'armée israélienne."
    )
    assert r.labels == ("strike",)


def test_a_figure_after_a_closed_group_starts_a_new_one() -> None:
    text = "Deux habitants ont trouvé la mort et onze ont été blessés"
    assert len(normalize(text.casefold())) == len(text)
    assert _counts(text) == {"killed": 2, "wounded": 11}
    # groups tied to one casualty word still add up
    assert _counts("deux soldats et trois civils ont été tués") == {"killed": 5}
