"""English places the gazetteer lacks or writes otherwise (issue 16): villages, camps and
districts read from how a report writes a place, regions under their English names, the side
of a disputed region, and the attacker kept apart from the place it hit.

Worded apart from tests/golden/classify/places-en.jsonl and challenge-m.jsonl (other places,
actors and sentence shapes): the sets measure, these pin each rule."""

from __future__ import annotations

import pytest

from streams.classify import classify


def _event(text: str) -> tuple[str, str | None] | None:
    ev = classify(text).event_place
    return (ev.name, ev.country) if ev else None


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a locative, then the place it lies in
        (
            "A drone strike killed four near Kfar Hamam in southern Lebanon, state media said.",
            ("Kfar Hamam", "LB"),
        ),
        (
            "Shelling hit a house in Kafr Nabudah in Syria's Hama province, killing three.",
            ("Kafr Nabudah", "SY"),
        ),
        # a settlement word before it, with a nationality word
        (
            "Artillery fire hit the northern Syrian village of Umm Batinah, killing a woman.",
            ("Umm Batinah", "SY"),
        ),
        (
            "Artillery fire hit the southern Lebanese hamlet of Wadi Hamoul, killing a woman.",
            ("Wadi Hamoul", "LB"),
        ),
        # a kind of place after it, the country from the group that fights there
        (
            "M23 fighters shelled the Bulengo camp, killing four displaced people, officials said.",
            ("Bulengo camp", "CD"),
        ),
        # the attacker is not the place; the side that reports it is
        (
            "Israeli jets struck the port of Salif, killing two, the Houthi-run Saba agency said.",
            ("Salif", "YE"),
        ),
        # an owner before the township
        (
            "Jets bombed a monastery in Magway's Pauk township, killing nine, residents said.",
            ("Pauk township", "MM"),
        ),
    ],
)
def test_a_locality_is_read_from_its_frame(text: str, want: tuple[str, str]) -> None:
    assert _event(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Clashes in South Darfur left nine dead, a monitor said.", ("South Darfur", "SD")),
        ("Israeli jets struck targets in the Bekaa, killing two.", ("Bekaa", "LB")),
        ("A drone strike in South Waziristan killed four militants.", ("South Waziristan", "PK")),
        (
            "Indian shelling killed a girl in Pakistani Kashmir, officials said.",
            ("Pakistani Kashmir", "PK"),
        ),
    ],
)
def test_regions_under_their_english_names_and_sides(text: str, want: tuple[str, str]) -> None:
    assert _event(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "A spokesman said in Arabic that shelling had killed four people in Idlib.",
            ("Idlib", "SY"),
        ),
        # a group that fires across a border: the place it fired at is not its country
        (
            "Hezbollah said it fired drones at the Meron base; the Israeli army said "
            "one soldier was wounded.",
            ("Meron base", "IL"),
        ),
    ],
)
def test_what_is_not_a_locality_or_not_its_country(text: str, want: tuple[str, str]) -> None:
    assert _event(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a kind word after an owner, and "X district of Y"
        (
            "Shelling hit a school in Kherson's Korabel district, wounding two teachers.",
            ("Korabel district", "UA"),
        ),
        (
            "Drones struck the Al-Tuhayta district of Hodeidah governorate, the Houthis said.",
            ("Al-Tuhayta district", "YE"),
        ),
        # "at X in Y", a region typed after the anchor
        (
            "Jihadists overran the post at Djibasso in Burkina Faso's Kossi province.",
            ("Djibasso", "BF"),
        ),
        # an attack gerund before the name
        (
            "The rebels accused the army of shelling Mweso with rocket launchers in North Kivu.",
            ("Mweso", "CD"),
        ),
        # a compass word between the locative and the place
        (
            "A drone attack on a US outpost in north-eastern Syria killed two soldiers.",
            ("Syria", "SY"),
        ),
    ],
)
def test_kinds_from_set_n(text: str, want: tuple[str, str]) -> None:
    assert _event(text) == want
