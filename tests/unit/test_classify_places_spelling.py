"""Places under another romanisation (``streams/classify/_gazetteer_spelling.py``): a name the
gazetteer lacks, in a frame that says a place follows, is looked up by a spelling key that the
usual romanisations of one name share. Worded apart from the challenge sets."""

from __future__ import annotations

from streams.classify import classify
from streams.classify._gazetteer_spelling import spelling_key


def _event(text: str) -> tuple[str, str] | None:
    ev = classify(text).event_place
    return (ev.name, ev.country) if ev else None


def test_romanisations_of_one_name_share_a_key_and_other_names_do_not() -> None:
    for a, b in [
        ("Sulaimaniyah", "Sulaymaniyah"),
        ("Baramulla", "Bāramūla"),
        ("Oromia", "Oromiya"),
        ("Al-Hawijah", "Hawija"),
        ("Qandahar", "Kandahar"),
    ]:
        assert spelling_key(a) == spelling_key(b), (a, b)
    for a, b in [("Saada", "Shada"), ("Kandahar", "Kunduz"), ("Mosul", "Masal")]:
        assert spelling_key(a) != spelling_key(b), (a, b)


def test_a_region_under_another_spelling_with_its_type_word_is_that_region() -> None:
    # GeoNames writes "As Sulaymaniyah" and "Oromiya"
    assert _event("A roadside bomb struck a police convoy in Sulaimaniyah province.") == (
        "Sulaimaniyah province",
        "IQ",
    )
    assert _event("Clashes in Oromia region left 12 people dead, residents said.") == (
        "Oromia region",
        "ET",
    )


def test_a_town_under_another_spelling_after_a_locative_is_that_town() -> None:
    # GeoNames writes "Bāramūla"
    assert _event("Militants ambushed an army patrol near Baramulla, killing a soldier.") == (
        "Baramulla",
        "IN",
    )


def test_a_locality_lies_in_a_region_found_under_another_spelling() -> None:
    # the field is in no table; the province is, as "As Sulaymaniyah"
    assert _event("Drones hit the Bai Hassan oil field in Sulaimaniyah province overnight.") == (
        "Bai Hassan oil field",
        "IQ",
    )


def test_no_key_without_a_frame_nor_for_a_nationality_word() -> None:
    # no locative before it: a person's or a firm's name, not asked
    assert _event("Baramulla said the talks would resume.") is None
    # "Syrian" shares its key with a Yemeni village's alternate name: a nationality word
    assert _event("A drone struck a Syrian army post, killing two soldiers.") is None
