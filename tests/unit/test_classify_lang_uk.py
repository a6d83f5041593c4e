"""Ukrainian pack (streams/classify/lang/uk): the traps of Ukrainian reporting read as the
labelling guide asks, and the evaluation sets scored above floors a little under the final
measured figures (the sets' own floors are in tests/golden/classify/lang/floors.json)."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.classify import classify
from streams.classify._eval import evaluate, load_labelled
from streams.models import LABELS

SETS = Path(__file__).resolve().parents[1] / "golden" / "classify" / "lang"

# set -> (every label's F1, macro-F1, killed exact, event country); measured at the end of
# tuning on the dev set: dev 0.984/0.996/0.895/0.980, challenge 0.933/0.967/0.875/0.946
FLOORS = {
    "uk-dev.jsonl": (0.95, 0.97, 0.85, 0.95),
    "uk-challenge.jsonl": (0.90, 0.94, 0.85, 0.90),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_ukrainian_sets_score_above_floors(name: str) -> None:
    report = evaluate(load_labelled(SETS / name))
    d = report.to_dict()
    label_f1, macro, killed, country = FLOORS[name]
    errors = "\n".join(f"{e['id']}: {e['errors']}" for e in report.errors)
    for label in LABELS:
        assert d["labels"][label]["f1"] >= label_f1, f"{label}\n{errors}"
    assert d["macro_f1"] >= macro, errors
    assert d["killed_exact"] >= killed, errors
    assert d["country_accuracy"] >= country, errors


def test_strike_toll_in_number_words_and_inflected_city() -> None:
    r = classify(
        "Унаслідок ракетного удару по Харкову загинули щонайменше п'ятеро людей, ще 19 "
        "поранені, серед них троє дітей, повідомив Олег Синєгубов."
    )
    assert r.language == "uk" and r.language_supported
    assert r.labels == ("strike", "casualty")
    assert (r.casualties.killed, r.casualties.wounded) == (5, 19)
    assert r.casualties.qualifiers.get("killed") == "at least"
    assert r.event_place is not None and r.event_place.country == "UA"


def test_apostrophe_number_words_and_one_victim_without_a_numeral() -> None:
    r = classify("Внаслідок обстрілу Слов'янська загинули дев'ятеро людей, поранено сімох.")
    assert (r.casualties.killed, r.casualties.wounded) == (9, 7)
    assert r.event_place is not None and r.event_place.country == "UA"
    r = classify("Ворожий дрон атакував авто в Херсоні, загинула жінка.")
    assert r.casualties.killed == 1


def test_intercepted_drones_are_a_strike_and_absence_is_not_a_casualty() -> None:
    r = classify("Сили ППО збили над Київщиною 23 ворожі безпілотники. Постраждалих немає.")
    assert r.labels == ("strike",)
    assert r.event_place is not None and r.event_place.country == "UA"


def test_denial_forms_and_rejected_proposal() -> None:
    r = classify(
        "У Генштабі ЗСУ спростували заяви про нібито захоплення міста, назвавши їх фейком."
    )
    assert r.labels == ("denial",)
    r = classify("Угорщина відкинула пропозицію Єврокомісії щодо заморожених активів.")
    assert "denial" not in r.labels


def test_hard_negatives() -> None:
    for text in (
        "На Житомирщині зіткнулися маршрутка і вантажівка: загинули шестеро людей.",
        "Росія провела випробувальний пуск ракети «Сармат» з космодрому Плесецьк.",
        "Лукашенко погрожує завдати ударів, якщо Білорусь зазнає нападу.",
        "Через спеку в Одесі госпіталізували 12 людей із тепловим ударом.",
    ):
        assert classify(text).labels == (), text


def test_diplomacy_exchange_and_ceasefire() -> None:
    r = classify(
        "Україна повернула з полону 84 захисників, обмін полоненими відбувся за посередництва ОАЕ."
    )
    assert r.labels == ("diplomatic",)
    r = classify("Ізраїль і «Хезболла» погодили перемир'я на 60 днів.")
    assert r.labels == ("diplomatic",)


def test_common_words_are_not_places() -> None:
    r = classify("Під час обстрілу Покровська загинули двоє мирних жителів.")
    assert r.event_place is not None and r.event_place.country == "UA"
    assert all(p.name.casefold() not in ("час", "мирних") for p in r.places)
