"""Language packs as data (streams/classify/lang/packfile.py): every pack's words are read from
its ``pack.toml`` by one loader, and a malformed file is a clear error naming the file and the
key, never a half-built pack."""

from __future__ import annotations

from importlib import resources

import pytest

from streams.classify.errors import ClassifyError
from streams.classify.lang import LanguagePack, check_pack, packs
from streams.classify.lang.packfile import (
    DATA_FILE,
    PackDataError,
    build_pack,
    parse_pack,
    place_tables,
    read_pack,
)
from tests.support.classify import rows

GOOD = """
code = "xx"
name = "Test"

[define]
ARMS = '(?:drones?|missiles?)'
# a fragment may use one defined above it
HIT = '${ARMS} (?:hit|struck)'

[labels]
negation = ['\\bno one was hurt\\b']
[labels.cues]
strike = [['\\b${HIT}\\b', 0.9], ['''\\bl'attaque\\b''', 0.5]]
[labels.caps]
casualty = [['\\baccident\\b', 0.05]]

[counts]
qualifiers = [['\\bat least', "at least"]]
count_words = [['\\ba soldier\\b', "killed", 1]]
conjunctions = ["and"]
count_window = 5
comma_ends_forward = true
[counts.numbers]
2 = "two deux"
3 = "three"
[counts.scales]
hundred = 100
[counts.casualty_words]
killed = ['\\bkilled\\b']

[places]
locatives = ["in", "near"]
[places.demonyms]
russian = "RU"

[extra]
duals = ["both"]
"""


def _parse(text: str) -> dict[str, object]:
    return parse_pack(text, path="lang/xx/pack.toml").fields


def test_a_data_file_becomes_the_packs_fields() -> None:
    data = parse_pack(GOOD, path="lang/xx/pack.toml")
    f = data.fields
    assert f["code"] == "xx" and f["name"] == "Test"
    assert f["cues"] == {
        "strike": [(r"\b(?:drones?|missiles?) (?:hit|struck)\b", 0.9), (r"\bl'attaque\b", 0.5)]
    }
    assert f["numbers"] == {"two": 2, "deux": 2, "three": 3}
    assert f["qualifiers"] == {r"\bat least": "at least"}
    assert f["count_words"] == {r"\ba soldier\b": ("killed", 1)}
    assert f["count_window"] == 5 and f["comma_ends_forward"] is True
    assert f["demonyms"] == {"russian": "RU"}
    assert data.extra == {"duals": ["both"]}
    pack = build_pack(data, normalize=str.upper)
    assert isinstance(pack, LanguagePack) and pack.normalize is str.upper
    assert check_pack(pack) == []


# (what GOOD says, what a malformed file says instead, what the error must say)
MALFORMED = rows("classify_lang_packfile", "malformed")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("code = 'xx'\nname = ", "not valid TOML"),
        ("name = 'Test'", "code: missing"),
        (GOOD + "\n[sounds]\nx = 1\n", "sounds: unknown key"),
        *[(GOOD.replace(good, bad), says) for good, bad, says in MALFORMED],
    ],
)
def test_a_malformed_file_is_a_clear_error_naming_file_and_key(text: str, says: str) -> None:
    with pytest.raises(PackDataError) as err:
        _parse(text)
    assert says in str(err.value)
    assert str(err.value).startswith("lang/xx/pack.toml: ")
    assert err.value.path == "lang/xx/pack.toml"
    assert isinstance(err.value, ClassifyError)


def test_a_field_comes_from_the_file_or_the_code_not_both() -> None:
    data = parse_pack(GOOD, path="lang/xx/pack.toml")
    with pytest.raises(PackDataError, match="numbers: given both in the file and in code"):
        build_pack(data, numbers={"one": 1})
    with pytest.raises(PackDataError, match="unknown field 'colour' given in code"):
        build_pack(data, colour="red")


def test_a_package_without_a_data_file_is_a_clear_error() -> None:
    with pytest.raises(PackDataError, match=r"streams/classify/lang/en/pack\.toml: cannot read"):
        read_pack("streams.classify.lang.en")


def test_every_data_pack_is_read_from_its_installed_data_file() -> None:
    """The packs other than English keep their words in pack.toml (package data, so a wheel
    install carries them: pyproject's package-data lists *.toml)."""
    data_packs = [code for code, pack in packs().items() if not pack.stages]
    assert sorted(data_packs) == ["ar", "es", "fr", "he", "ru", "tr", "uk"]
    for code in data_packs:
        package = f"streams.classify.lang.{code}"
        assert resources.files(package).joinpath(DATA_FILE).is_file()
        data = read_pack(package)
        assert data.fields["code"] == code
        assert packs()[code].cues == data.fields["cues"]


def test_a_packs_place_tables_come_from_its_places_module() -> None:
    from streams.classify.lang.ru import places

    tables = place_tables(places)
    assert tables["places"] is places.PLACES
    assert tables["not_places"] == sorted(places.NOT_PLACES)  # a set, listed in order
    assert set(tables) == {"places", "actor_after", "actor_before", "not_places"}
    assert packs()["ru"].not_places == tables["not_places"]
