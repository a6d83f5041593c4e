"""The generic counts stage's engine rules, on a small data pack (so that no pack's own
normalisation hides them): numbers after a scale word and the Arabic-style teens, qualifiers
outside the back window, "including" clauses, numbers after a conjunction, which side wins a
tie, commas ending a forward tie, singular victims and toll updates as pack fields; then the
``carry_caps`` field and the Cyrillic rules of the language stage."""

from __future__ import annotations

from dataclasses import replace

import pytest

from streams.classify.lang import LanguagePack, check_pack, get_pack
from streams.classify.pipeline import classify
from streams.classify.stages.counts import extract
from streams.classify.stages.language import detect_language

PACK = LanguagePack(
    code="xx",
    name="Test",
    numbers={
        "one": 1,
        "two": 2,
        "three": 3,
        "five": 5,
        "seven": 7,
        "ten": 10,
        "eleven": 11,
        "twenty": 20,
    },
    scales={"hundred": 100, "thousand": 1000},
    qualifiers={r"\bat least": "at least"},
    casualty_words={
        "killed": [r"\bkilled\b", r"\bdied\b"],
        "wounded": [r"\bwounded\b", r"\bhurt\b"],
    },
    including=[r"\bincluding\b"],
    conjunctions=["and"],
    count_window=4,
)


def counts(text: str, pack: LanguagePack = PACK) -> dict[str, int]:
    return {c.kind: c.value for c in extract(pack.fold(text), pack)}


def test_the_test_pack_is_sound() -> None:
    assert check_pack(PACK) == []
    assert check_pack(replace(PACK, count_prefer="sideways")) != []


def test_a_smaller_number_after_a_scale_word_continues_it() -> None:
    assert counts("two thousand five hundred died") == {"killed": 2500}
    assert counts("a thousand and twenty died") == {"killed": 1020}


def test_a_unit_then_ten_is_a_teen() -> None:
    assert counts("three ten died") == {"killed": 13}


def test_a_qualifier_does_not_push_the_verb_out_of_the_back_window() -> None:
    got = extract(PACK.fold("killed at least ten people"), PACK)
    assert [(c.kind, c.value, c.qualifier) for c in got] == [("killed", 10, "at least")]


def test_an_including_clause_is_passed_over() -> None:
    assert counts("seven people, including two children, were killed") == {"killed": 7}


def test_a_number_after_a_conjunction_does_not_tie_backwards() -> None:
    assert counts("two died and eleven were later hurt") == {"killed": 2, "wounded": 11}


def test_a_number_after_a_conjunction_joins_a_group_tied_backwards() -> None:
    assert counts("killed two soldiers and three civilians") == {"killed": 5}


def test_count_prefer_before_gives_a_tie_to_the_word_before() -> None:
    assert counts("died two hurt") == {"wounded": 2}
    assert counts("died two hurt", replace(PACK, count_prefer="before")) == {"killed": 2}


def test_comma_ends_forward() -> None:
    assert counts("three bombs, then died") == {"killed": 3}
    assert counts("three bombs, then died", replace(PACK, comma_ends_forward=True)) == {}


def test_singular_counts_one_only_without_a_figure() -> None:
    pack = replace(PACK, singular={"killed": [r"\ba man died\b"]})
    assert counts("a man died", pack) == {"killed": 1}
    assert counts("a man died and five were killed", pack) == {"killed": 5}


def test_toll_update_ties_a_far_figure() -> None:
    pack = replace(PACK, toll_update={"killed": [r"\bthe toll of the dead\b[^.]{0,80}\brose to"]})
    text = "the toll of the dead from the strike on the old town rose to twenty"
    assert counts(text) == {}
    assert counts(text, pack) == {"killed": 20}


def test_carry_caps_bound_the_next_sentence() -> None:
    ru = get_pack("ru")
    assert ru is not None and ru.carry_caps
    text = "На трассе под Тюменью столкнулись рейсовый автобус и грузовик. Погибли семь человек."
    assert "casualty" not in classify(text).labels
    strike = "Российские войска нанесли удар по Константиновке. Погибли трое, ранены 11 человек."
    got = classify(strike)
    assert got.labels == ("strike", "casualty")
    assert (got.casualties.killed, got.casualties.wounded) == (3, 11)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Ракетна атака на Одесу", "uk"),
        ("Загинув мирний житель", "uk"),
        ("Над Києвом збито 12 дронів.", "uk"),
        ("При обстреле Белгорода госпитализирован мужчина.", "ru"),
        ("Это произошло в среду", "ru"),
        ("Ово је текст на српском језику о граду.", "sr"),
    ],
)
def test_cyrillic_letters_settle_short_texts(text: str, lang: str) -> None:
    assert detect_language(text).language == lang


def test_an_unsure_cyrillic_text_takes_the_feeds_hint() -> None:
    assert detect_language("Погибли двое", hint="uk").language == "uk"
    assert detect_language("Погибли двое").language == "ru"
