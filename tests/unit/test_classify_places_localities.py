# ruff: noqa: E501  (the test sentences read better unbroken)
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


# (text, (event place as written, its country))
_CASES: list[tuple[str, tuple[str, str]]] = [
    # a locality read from its frame
    (
        "A drone strike killed four near Kfar Hamam in southern Lebanon, state media said.",
        ("Kfar Hamam", "LB"),
    ),
    (
        "Shelling hit a house in Kafr Nabudah in Syria's Hama province, killing three.",
        ("Kafr Nabudah", "SY"),
    ),
    (
        "Artillery fire hit the northern Syrian village of Umm Batinah, killing a woman.",
        ("Umm Batinah", "SY"),
    ),
    (
        "Artillery fire hit the southern Lebanese hamlet of Wadi Hamoul, killing a woman.",
        ("Wadi Hamoul", "LB"),
    ),
    (
        "M23 fighters shelled the Bulengo camp, killing four displaced people, officials said.",
        ("Bulengo camp", "CD"),
    ),
    (
        "Israeli jets struck the port of Salif, killing two, the Houthi-run Saba agency said.",
        ("Salif", "YE"),
    ),
    (
        "Jets bombed a monastery in Magway's Pauk township, killing nine, residents said.",
        ("Pauk township", "MM"),
    ),
    # regions under their English names, the side of a disputed region
    ("Clashes in South Darfur left nine dead, a monitor said.", ("South Darfur", "SD")),
    ("Israeli jets struck targets in the Bekaa, killing two.", ("Bekaa", "LB")),
    ("A drone strike in South Waziristan killed four militants.", ("South Waziristan", "PK")),
    (
        "Indian shelling killed a girl in Pakistani Kashmir, officials said.",
        ("Pakistani Kashmir", "PK"),
    ),
    # what is not a locality, or not its country
    ("A spokesman said in Arabic that shelling had killed four people in Idlib.", ("Idlib", "SY")),
    (
        "Hezbollah said it fired drones at the Meron base; the Israeli army said one soldier was wounded.",
        ("Meron base", "IL"),
    ),
    # kinds from set N's misses: an owner's district, 'X district of Y', 'at X in Y', a gerund, a compass word
    (
        "Shelling hit a school in Kherson's Korabel district, wounding two teachers.",
        ("Korabel district", "UA"),
    ),
    (
        "Drones struck the Al-Tuhayta district of Hodeidah governorate, the Houthis said.",
        ("Al-Tuhayta district", "YE"),
    ),
    (
        "Jihadists overran the post at Djibasso in Burkina Faso's Kossi province.",
        ("Djibasso", "BF"),
    ),
    (
        "The rebels accused the army of shelling Mweso with rocket launchers in North Kivu.",
        ("Mweso", "CD"),
    ),
    ("A drone attack on a US outpost in north-eastern Syria killed two soldiers.", ("Syria", "SY")),
]


@pytest.mark.parametrize(("text", "want"), _CASES)
def test_event_place(text: str, want: tuple[str, str]) -> None:
    assert _event(text) == want
