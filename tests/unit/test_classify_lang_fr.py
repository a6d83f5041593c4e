"""French pack (streams/classify/lang/fr): the traps of French-language conflict reporting read
as the labelling guide asks, and the evaluation sets scored above floors a little under the
final measured figures (the sets' own floors are in tests/golden/classify/lang/floors.json)."""

from __future__ import annotations

import pytest

from streams.classify import classify
from streams.classify.lang import get_pack
from tests.unit.lang_sets import assert_scores_above, counts

_PACK = get_pack("fr")
assert _PACK is not None and _PACK.normalize is not None
NUMBERS = _PACK.numbers
normalize = _PACK.normalize

# set -> (every label's F1, macro-F1, killed exact, event country); measured at the end of
# tuning on the dev set: dev 1.000/1.000/1.000/0.915, challenge 0.974/0.994/0.867/0.939
FLOORS = {
    "fr-dev.jsonl": (0.95, 0.97, 0.90, 0.88),
    "fr-challenge.jsonl": (0.92, 0.95, 0.80, 0.90),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_french_sets_score_above_floors(name: str) -> None:
    assert_scores_above(name, FLOORS[name])


def _counts(text: str) -> dict[str, int]:
    return counts("fr", text)


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
    r = classify(
        "Neuf personnes, dont quatre enfants, ont été tuées dans une frappe aérienne sur le "
        "village de Kfar Kila, selon l'Agence nationale d'information libanaise."
    )
    assert r.language == "fr" and r.labels == ("strike", "casualty")
    assert r.casualties.killed == 9
    assert r.event_place is not None and r.event_place.country == "LB"


def test_sahel_ambush_and_ied_are_casualties_not_strikes() -> None:
    r = classify(
        "Onze soldats burkinabè ont été tués et quatre autres blessés lundi dans une embuscade "
        "tendue par des jihadistes présumés près de Djibo, selon des sources sécuritaires."
    )
    assert r.labels == ("casualty",)
    assert (r.casualties.killed, r.casualties.wounded) == (11, 4)
    assert r.event_place is not None and r.event_place.country == "BF"
    r = classify(
        "Cinq militaires maliens ont péri lorsque leur véhicule a sauté sur un engin explosif "
        "improvisé près de Hombori, a indiqué l'armée."
    )
    assert r.labels == ("casualty",) and r.casualties.killed == 5


def test_drones_shot_down_are_a_strike_not_a_casualty() -> None:
    r = classify("L'armée russe affirme avoir abattu 23 drones ukrainiens au-dessus de Koursk.")
    assert r.labels == ("strike",)
    assert r.casualties.killed is None
    r = classify(
        "Deux roquettes tirées depuis le Liban sont tombées dans une zone inhabitée, sans faire "
        "de victimes, a indiqué l'armée israélienne."
    )
    assert r.labels == ("strike",)


def test_denials_the_way_french_copy_writes_them() -> None:
    for text in (
        "Le gouvernement malien a dénoncé une « infox » après la diffusion d'une vidéo.",
        "Le Rwanda a rejeté les conclusions du rapport des experts, les jugeant « infondées ».",
        "L'armée affirme que ces informations « ne correspondent pas à la réalité ».",
        "L'état-major a démenti les informations faisant état de civils tués lors d'une "
        "opération, qualifiant ces accusations d'« allégations mensongères ».",
    ):
        r = classify(text)
        assert r.labels == ("denial",), text  # denied deaths are not reported deaths


def test_hard_negatives() -> None:
    for text in (
        "Au moins douze personnes ont été tuées dans une collision entre un bus et un "
        "camion-citerne près de Kayes, selon la protection civile.",
        "Les inondations qui frappent le Niger depuis juin ont fait 273 morts, selon le "
        "ministère de l'Action humanitaire.",
        "Le ministre israélien de la Défense a menacé de frapper « au cœur de Beyrouth » si "
        "le Hezbollah reprenait ses attaques.",
        "Le Hezbollah a rejeté la proposition américaine de désarmement, la jugeant "
        "« inacceptable ».",
        "La Haute Cour militaire a condamné à mort par contumace l'ancien président.",
        "La guerre de 2006 entre Israël et le Hezbollah avait fait plus de 1200 morts.",
    ):
        assert classify(text).labels == (), text


def test_diplomacy() -> None:
    for text in (
        "Kinshasa a convoqué le chargé d'affaires rwandais pour protester contre le soutien de "
        "Kigali aux rebelles.",
        "Les délégations ont repris à Doha leurs pourparlers sous médiation qatarie.",
        "La Russie et l'Ukraine ont procédé à un échange de prisonniers.",
    ):
        assert classify(text).labels == ("diplomatic",), text


def test_a_figure_after_a_closed_group_starts_a_new_one() -> None:
    text = "Deux habitants ont trouvé la mort et onze ont été blessés"
    assert len(normalize(text.casefold())) == len(text)
    assert _counts(text) == {"killed": 2, "wounded": 11}
    # groups tied to one casualty word still add up
    assert _counts("deux soldats et trois civils ont été tués") == {"killed": 5}
