"""Russian and Ukrainian packs (streams/classify/lang/ru, uk): number words, counts, places and
spelling as each language writes them (labels of the traps of every pack, and the sets'
floors, are in test_classify_lang_labels.py; docs/lang-ru-uk.md has the figures)."""

from __future__ import annotations

import pytest

from streams.classify import classify


@pytest.mark.parametrize(
    ("text", "lang", "killed", "wounded"),
    [
        (
            "В результате ракетного удара по Харькову погибли по меньшей мере семеро человек, "
            "еще 19 ранены, в том числе трое детей, сообщил Олег Синегубов.",
            "ru",
            7,
            19,
        ),
        (
            "Унаслідок ракетного удару по Харкову загинули щонайменше п'ятеро людей, ще 19 "
            "поранені, серед них троє дітей, повідомив Олег Синєгубов.",
            "uk",
            5,
            19,
        ),
    ],
)
def test_strike_toll_in_number_words_and_inflected_city(
    text: str, lang: str, killed: int, wounded: int
) -> None:
    r = classify(text)
    assert r.language == lang and r.language_supported
    assert r.labels == ("strike", "casualty")
    assert (r.casualties.killed, r.casualties.wounded) == (killed, wounded)
    assert r.casualties.qualifiers.get("killed") == "at least"
    assert r.event_place is not None and r.event_place.country == "UA"
    assert "missile" in r.weapons


@pytest.mark.parametrize(
    ("text", "country"),
    [
        (
            "Силы ПВО сбили над Белгородской областью 12 беспилотников. Пострадавших нет, "
            "сообщил губернатор Вячеслав Гладков.",
            "RU",
        ),
        ("Сили ППО збили над Київщиною 23 ворожі безпілотники. Постраждалих немає.", "UA"),
    ],
)
def test_intercepted_drones_are_a_strike_and_absence_is_not_a_casualty(
    text: str, country: str
) -> None:
    r = classify(text)
    assert r.labels == ("strike",)
    assert r.event_place is not None and r.event_place.country == country


# --- Russian ----------------------------------------------------------------------------


def test_ru_oblique_number_words_and_one_victim_without_a_numeral() -> None:
    r = classify("Ливанский минздрав сообщил о пятерых погибших и 28 раненых после удара дрона.")
    assert (r.casualties.killed, r.casualties.wounded) == (5, 28)
    r = classify("Российский дрон атаковал автомобиль в Херсоне, водитель погиб.")
    assert r.casualties.killed == 1
    r = classify("Погиб 21 человек при обстреле рынка в Донецке.")
    assert r.casualties.killed == 21  # a singular verb with a number: the number


def test_ru_common_words_are_not_places() -> None:
    r = classify("Погибли семь мирных жителей в результате обстрела Торецка.")
    assert r.event_place is not None and r.event_place.country == "UA"
    assert all(p.name.casefold() != "мирных" for p in r.places)


# --- Ukrainian --------------------------------------------------------------------------


def test_uk_apostrophe_number_words_and_one_victim_without_a_numeral() -> None:
    r = classify("Внаслідок обстрілу Слов'янська загинули дев'ятеро людей, поранено сімох.")
    assert (r.casualties.killed, r.casualties.wounded) == (9, 7)
    assert r.event_place is not None and r.event_place.country == "UA"
    r = classify("Ворожий дрон атакував авто в Херсоні, загинула жінка.")
    assert r.casualties.killed == 1


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
def test_a_denied_strike_is_still_reported(text: str) -> None:
    assert classify(text).labels == ("strike", "denial")


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
