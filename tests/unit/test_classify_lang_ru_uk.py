"""Russian and Ukrainian packs (streams/classify/lang/ru, uk): the traps of each language's
reporting read as the labelling guide asks, and each evaluation set scored above floors a
little under the final measured figures (the sets' own floors are in
tests/golden/classify/lang/floors.json; docs/lang-ru-uk.md has the figures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.classify import classify
from streams.classify._eval import evaluate, load_labelled
from streams.models import LABELS

SETS = Path(__file__).resolve().parents[1] / "golden" / "classify" / "lang"

# set -> (every label's F1, macro-F1, killed exact, event country); measured at the end of
# tuning on the dev sets: ru-dev 0.947/0.987/0.947/0.865, ru-challenge 0.930/0.976/1.000/0.784,
# uk-dev 0.984/0.996/0.947/0.980, uk-challenge 0.933/0.967/1.000/0.919
FLOORS = {
    "ru-dev.jsonl": (0.92, 0.96, 0.90, 0.84),
    "ru-challenge.jsonl": (0.90, 0.95, 0.93, 0.75),
    "uk-dev.jsonl": (0.95, 0.97, 0.90, 0.95),
    "uk-challenge.jsonl": (0.90, 0.94, 0.93, 0.90),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_sets_score_above_floors(name: str) -> None:
    report = evaluate(load_labelled(SETS / name))
    d = report.to_dict()
    label_f1, macro, killed, country = FLOORS[name]
    errors = "\n".join(f"{e['id']}: {e['errors']}" for e in report.errors)
    for label in LABELS:
        assert d["labels"][label]["f1"] >= label_f1, f"{label}\n{errors}"
    assert d["macro_f1"] >= macro, errors
    assert d["killed_exact"] >= killed, errors
    assert d["country_accuracy"] >= country, errors


# --- Russian ----------------------------------------------------------------------------


def test_ru_strike_toll_in_number_words_and_inflected_city() -> None:
    r = classify(
        "В результате ракетного удара по Харькову погибли по меньшей мере семеро человек, "
        "еще 19 ранены, в том числе трое детей, сообщил Олег Синегубов."
    )
    assert r.language == "ru" and r.language_supported
    assert r.labels == ("strike", "casualty")
    assert (r.casualties.killed, r.casualties.wounded) == (7, 19)
    assert r.casualties.qualifiers.get("killed") == "at least"
    assert r.event_place is not None and r.event_place.country == "UA"
    assert "missile" in r.weapons


def test_ru_oblique_number_words_and_one_victim_without_a_numeral() -> None:
    r = classify("Ливанский минздрав сообщил о пятерых погибших и 28 раненых после удара дрона.")
    assert (r.casualties.killed, r.casualties.wounded) == (5, 28)
    r = classify("Российский дрон атаковал автомобиль в Херсоне, водитель погиб.")
    assert r.casualties.killed == 1
    r = classify("Погиб 21 человек при обстреле рынка в Донецке.")
    assert r.casualties.killed == 21  # a singular verb with a number: the number


def test_ru_intercepted_drones_are_a_strike_and_absence_is_not_a_casualty() -> None:
    r = classify(
        "Силы ПВО сбили над Белгородской областью 12 беспилотников. Пострадавших нет, "
        "сообщил губернатор Вячеслав Гладков."
    )
    assert r.labels == ("strike",)
    assert r.event_place is not None and r.event_place.country == "RU"


def test_ru_denial_forms_and_rejected_proposal() -> None:
    r = classify(
        "В Минобороны назвали фейком сообщения о гибели генерала. Эта информация не "
        "соответствует действительности."
    )
    assert r.labels == ("denial",)
    r = classify("Суд отказал в освобождении под залог журналисту.")
    assert "denial" not in r.labels


def test_ru_hard_negatives() -> None:
    for text in (
        "В Подмосковье столкнулись автобус и грузовик, погибли пять человек.",
        "Россия провела учебный пуск баллистической ракеты «Ярс» с космодрома Плесецк.",
        "Медведев пригрозил ударами по Киеву, если Запад передаст ракеты.",
        "В Волгограде из-за жары 30 человек госпитализировали с тепловым ударом.",
    ):
        assert classify(text).labels == (), text


def test_ru_diplomacy_exchange_and_ambassador() -> None:
    r = classify("Россия и Украина провели обмен пленными при посредничестве ОАЭ.")
    assert r.labels == ("diplomatic",)
    r = classify("МИД Армении вызвал посла России и вручил ноту протеста.")
    assert r.labels == ("diplomatic",)


def test_ru_common_words_are_not_places() -> None:
    r = classify("Погибли семь мирных жителей в результате обстрела Торецка.")
    assert r.event_place is not None and r.event_place.country == "UA"
    assert all(p.name.casefold() != "мирных" for p in r.places)


# --- Ukrainian --------------------------------------------------------------------------


def test_uk_strike_toll_in_number_words_and_inflected_city() -> None:
    r = classify(
        "Унаслідок ракетного удару по Харкову загинули щонайменше п'ятеро людей, ще 19 "
        "поранені, серед них троє дітей, повідомив Олег Синєгубов."
    )
    assert r.language == "uk" and r.language_supported
    assert r.labels == ("strike", "casualty")
    assert (r.casualties.killed, r.casualties.wounded) == (5, 19)
    assert r.casualties.qualifiers.get("killed") == "at least"
    assert r.event_place is not None and r.event_place.country == "UA"


def test_uk_apostrophe_number_words_and_one_victim_without_a_numeral() -> None:
    r = classify("Внаслідок обстрілу Слов'янська загинули дев'ятеро людей, поранено сімох.")
    assert (r.casualties.killed, r.casualties.wounded) == (9, 7)
    assert r.event_place is not None and r.event_place.country == "UA"
    r = classify("Ворожий дрон атакував авто в Херсоні, загинула жінка.")
    assert r.casualties.killed == 1


def test_uk_intercepted_drones_are_a_strike_and_absence_is_not_a_casualty() -> None:
    r = classify("Сили ППО збили над Київщиною 23 ворожі безпілотники. Постраждалих немає.")
    assert r.labels == ("strike",)
    assert r.event_place is not None and r.event_place.country == "UA"


def test_uk_denial_forms_and_rejected_proposal() -> None:
    r = classify(
        "У Генштабі ЗСУ спростували заяви про нібито захоплення міста, назвавши їх фейком."
    )
    assert r.labels == ("denial",)
    r = classify("Угорщина відкинула пропозицію Єврокомісії щодо заморожених активів.")
    assert "denial" not in r.labels


def test_uk_hard_negatives() -> None:
    for text in (
        "На Житомирщині зіткнулися маршрутка і вантажівка: загинули шестеро людей.",
        "Росія провела випробувальний пуск ракети «Сармат» з космодрому Плесецьк.",
        "Лукашенко погрожує завдати ударів, якщо Білорусь зазнає нападу.",
        "Через спеку в Одесі госпіталізували 12 людей із тепловим ударом.",
    ):
        assert classify(text).labels == (), text


def test_uk_diplomacy_exchange_and_ceasefire() -> None:
    r = classify(
        "Україна повернула з полону 84 захисників, обмін полоненими відбувся за посередництва ОАЕ."
    )
    assert r.labels == ("diplomatic",)
    r = classify("Ізраїль і «Хезболла» погодили перемир'я на 60 днів.")
    assert r.labels == ("diplomatic",)


def test_uk_common_words_are_not_places() -> None:
    r = classify("Під час обстрілу Покровська загинули двоє мирних жителів.")
    assert r.event_place is not None and r.event_place.country == "UA"
    assert all(p.name.casefold() not in ("час", "мирних") for p in r.places)


@pytest.mark.parametrize(
    "text",
    [
        "Ракетный удар по Харькову: погибли двое, ранены 12 человек. Напомним, 13 апреля при "
        "ударе по Сумам погибли 35 человек.",
        "Удар по Одесі: загинули двоє людей, ще 12 поранені. Нагадаємо, у березні внаслідок "
        "удару по Одесі загинули 14 людей.",
    ],
)
def test_a_reminder_of_an_earlier_event_does_not_set_the_toll(text: str) -> None:
    r = classify(text)
    assert (r.casualties.killed, r.casualties.wounded) == (2, 12)


def test_given_names_are_not_towns() -> None:
    r = classify("Президент Володимир Зеленський провів переговори з президентом Туреччини.")
    assert all(p.country != "RU" for p in r.places)
    r = classify("Владимир Путин провел телефонный разговор с президентом Турции.")
    assert all(p.name != "Владимир" for p in r.places)


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        ("Число погибших в результате ракетного удара по Днепру возросло до 12.", 12, None),
        ("Кількість загиблих унаслідок удару по будинку в Дніпрі зросла до 16.", 16, None),
        ("Кількість поранених у Харкові після обстрілу зросла до двадцяти восьми.", None, 28),
    ],
)
def test_toll_updates_with_the_noun_far_from_the_figure(
    text: str, killed: int | None, wounded: int | None
) -> None:
    r = classify(text)
    assert (r.casualties.killed, r.casualties.wounded) == (killed, wounded)


@pytest.mark.parametrize(
    "text",
    [
        "Президент прилетел в Анкару, где проведет встречу с бизнесом.",
        "Игра сборной поразила болельщиков.",
        "Зеленский призвал партнеров усилить ПВО Украины.",
        "Прогноз на завтра: умеренный дождь в Москве.",
        "ЗСУ відкинули ворога від околиць міста, тривають бої.",
        "Зеленський закликав партнерів посилити ППО.",
    ],
)
def test_words_that_only_look_like_cues(text: str) -> None:
    """A flight's arrival, "amazed", a call for air defence, "moderate", "pushed back the
    enemy": none is a strike, a casualty or a denial."""
    assert not {"strike", "casualty", "denial"} & set(classify(text).labels), text


@pytest.mark.parametrize(
    "text",
    [
        "В Минобороны России заявили, что не наносили ударов по гражданским объектам в Киеве.",
        "У ЗСУ заявили, що не обстрілювали Донецьк, а вибух стався через детонацію боєприпасів.",
    ],
)
def test_a_denied_strike_is_a_denial_only(text: str) -> None:
    assert classify(text).labels == ("denial",)


@pytest.mark.parametrize(
    "text",
    [
        "Россия передала Украине тела 1000 погибших военных.",
        "Напередодні Україна та Росія провели обмін тілами загиблих.",
    ],
)
def test_a_handover_of_bodies_is_diplomacy_not_a_toll(text: str) -> None:
    r = classify(text)
    assert r.labels == ("diplomatic",)
    assert r.casualties.killed is None


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        (
            "Российская авиация сбросила на город три авиабомбы, погиб 52-летний мужчина, "
            "ранены семеро.",
            1,
            7,
        ),
        ("Внаслідок атаки пошкоджено 9 приватних осель, постраждала 11-річна дитина.", None, None),
        ("Армия Израиля сообщила о гибели двух военнослужащих в секторе Газа.", 2, None),
        ("Загинув 58-річний чоловік, ще двоє людей поранені.", 1, 2),
    ],
)
def test_singular_verbs_ages_and_the_figure_before_a_comma(
    text: str, killed: int | None, wounded: int | None
) -> None:
    """A singular casualty verb takes no plural figure from before a comma; an age is not a
    count; "гибель двух" counts two."""
    r = classify(text)
    assert (r.casualties.killed, r.casualties.wounded) == (killed, wounded)


def test_no_responsibility_is_a_denial() -> None:
    assert "denial" in classify("ХАМАС заявил, что не несет ответственности за нападение.").labels
    r = classify("У Кремлі заявили, що не несуть відповідальності за атаку на Сумщині.")
    assert "denial" in r.labels
