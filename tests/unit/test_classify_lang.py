"""Language packs: every installed pack is sound, and the generic stages read a pack's data
(counts, negation, history, places in the pack's script, denial actor and claim)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from flashpoint.cli import main
from streams.classify import classify
from streams.classify.lang import check_pack, packs


def test_packs_are_discovered_with_english_and_french() -> None:
    assert {"en", "fr"} <= set(packs())


def test_every_pack_folder_loads() -> None:
    """A pack that fails to import is skipped at run time (logged): here it fails."""
    import streams.classify.lang as lang

    folders = {
        p.name
        for p in Path(lang.__file__).parent.iterdir()
        if (p / "__init__.py").exists() and not p.name.startswith("_")
    }
    assert folders == set(packs())


@pytest.mark.parametrize("code", sorted(packs()))
def test_every_pack_is_sound(code: str) -> None:
    assert check_pack(packs()[code]) == []


def test_french_strike_with_counts_place_and_denial() -> None:
    r = classify(
        "Au moins trois civils ont été tués et dix blessés lors d'une frappe de drones russes "
        "à Kharkiv, selon le gouverneur régional. Moscou dément toute attaque contre des civils."
    )
    assert r.language == "fr" and r.language_supported
    assert r.labels == ("strike", "casualty", "denial")
    assert (r.casualties.killed, r.casualties.wounded) == (3, 10)
    assert r.casualties.qualifiers == {"killed": "at least"}
    assert r.event_place is not None and r.event_place.country == "UA"
    assert r.denial is not None and r.denial.actor == "Moscou"
    assert r.attribution == "le gouverneur régional"
    assert r.weapons == ("drone",)


def test_french_groups_add_and_including_does_not() -> None:
    r = classify("Deux soldats et trois civils ont été tués dans un bombardement de la ville.")
    assert r.casualties.killed == 5
    r = classify("Le bombardement a tué douze personnes, dont quatre enfants, selon la police.")
    assert r.casualties.killed == 12


def test_french_absence_and_vague_amounts_give_no_count() -> None:
    r = classify("Des frappes aériennes ont visé la ville. Aucune victime n'a été signalée.")
    assert r.labels == ("strike",)
    r = classify("Une dizaine de morts après un bombardement de l'aviation sur le marché.")
    assert "casualty" in r.labels and r.casualties.killed is None


def test_french_history_is_damped() -> None:
    r = classify("En 2014, des bombardements avaient fait des centaines de morts dans la région.")
    assert r.labels == ()


def test_unsupported_language_is_marked_not_labelled() -> None:
    r = classify("Bei dem Raketenangriff auf ein Wohnhaus wurden nach Angaben der Behörden drei "
                 "Menschen getötet und acht verletzt.")  # fmt: skip
    assert r.language == "de" and not r.language_supported
    assert r.labels == () and r.casualties.killed is None


def test_eval_reports_per_language_with_country_and_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        {"id": "fr-1", "lang": "fr", "labels": ["strike", "casualty"], "killed": 3,
         "wounded": None, "place": "Kharkiv", "country": "UA",
         "text": "Trois civils ont été tués dans un bombardement à Kharkiv, selon la police."},
        {"id": "fr-2", "lang": "fr", "labels": ["diplomatic"], "killed": None, "wounded": None,
         "place": "Genève", "country": "CH",
         "text": "Les pourparlers sur un cessez-le-feu reprennent à Genève."},
        {"id": "en-1", "labels": ["strike"], "killed": None, "wounded": None, "country": "UA",
         "text": "Russian air strikes hit the city of Kramatorsk overnight, officials said."},
    ]  # fmt: skip
    f = tmp_path / "mixed.jsonl"
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    with pytest.raises(SystemExit) as exc:
        main(["eval", "--file", str(f), "--json"])
    assert exc.value.code == 0
    d = json.loads(capsys.readouterr().out)  # the JSON object alone on stdout
    assert d["items"] == 3 and d["country_n"] == 3 and d["place_n"] == 2
    fr = d["languages"]["fr"]
    # strike, casualty, diplomatic right; denial, absent on both sides, scores 0
    assert fr["items"] == 2 and fr["macro_f1"] == 0.75
    assert fr["killed_exact"] == 1.0 and fr["country_accuracy"] == 1.0
    assert fr["place_accuracy"] == 1.0
    assert d["languages"]["en"]["country_accuracy"] == 1.0


def test_run_check_warns_of_feed_languages_without_a_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(
        "feeds:\n"
        "  - {name: wire-fr, url: 'https://example.org/fr.xml', language: fr}\n"
        "  - {name: wire-de, url: 'https://example.org/de.xml', language: de-AT}\n"
        "  - {name: wire-en, url: 'https://example.org/en.xml', language: en}\n"
    )
    with pytest.raises(SystemExit) as exc:
        main(["run", "--check", "--feeds", str(feeds)])
    assert exc.value.code == 0
    err = capsys.readouterr().err
    assert "language 'de' has no classifier pack (1 feed: wire-de)" in err
    assert "'fr'" not in err and "'en'" not in err


def test_place_index_reads_native_script_names_and_inflections() -> None:
    from streams.classify.lang import LanguagePack
    from streams.classify.places_index import PlaceIndex

    pack = LanguagePack(
        code="ru",
        name="Russian",
        script="[\u0400-\u04ff]",
        endings=["ые", "ый", "е", "у", "а", "ом"],
    )
    idx = PlaceIndex(pack)
    kharkiv = idx.lookup("харьков")
    assert kharkiv is not None and kharkiv.country == "UA" and kharkiv.kind == "city"
    assert idx.lookup("харькове") == kharkiv  # "в Харькове": an ending off
    assert idx.lookup("харків") == kharkiv  # the Ukrainian alternate name is there too
    ua = idx.lookup("украине")  # CLDR's "Украина", inflected
    assert ua is not None and ua.kind == "country" and ua.country == "UA"
    assert idx.lookup("мирные") is not None  # Mirny, through a stem: a common word
    stopped = PlaceIndex(dataclasses.replace(pack, not_places=["мирный"]))
    assert stopped.lookup("мирные") is None and stopped.lookup("харькове") == kharkiv
    words = ["удар", "по", "харькову", "и", "по", "украине"]
    caps = [w in ("харькову", "украине") for w in words]  # "удар по Харькову и по Украине"
    hits = idx.find(words, caps)
    assert [(h.start, h.entry.country) for h in hits] == [(2, "UA"), (5, "UA")]
    # GeoNames' and CLDR's names in a cased script are proper names: lower case, no place
    assert idx.find(words, [False] * len(words)) == []


def test_latin_script_pack_reads_the_gazetteer_names() -> None:
    r = classify("Une frappe de missiles a visé Kramatorsk dans la nuit, selon les autorités.")
    ev = r.event_place
    assert ev is not None and ev.name == "Kramatorsk" and ev.country == "UA"


ROOT = Path(__file__).resolve().parents[2]


def test_language_stage_reads_titles_and_snippets_in_eleven_languages() -> None:
    from streams.classify.stages.language import detect_language

    rows = [
        json.loads(line)
        for line in (ROOT / "benchmarks/data/langid-samples.jsonl").read_text().splitlines()
    ]
    assert len({r["lang"] for r in rows}) == 10
    wrong = [(r["lang"], detect_language(r["text"]).language, r["text"]) for r in rows]
    assert [w for w in wrong if w[0] != w[1]] == []


def test_every_english_evaluation_text_is_read_as_english(shared_data: Path) -> None:
    """The guard of the English output: a text the detector sent elsewhere would change."""
    from streams.classify.stages.language import detect_language

    texts = [
        json.loads(line)["text"]
        for path in (
            shared_data / "eval/case2021-texts.jsonl",
            ROOT / "tests/golden/classify/challenge.jsonl",
            ROOT / "tests/golden/classify/challenge-b.jsonl",
        )
        for line in path.read_text().splitlines()
        if line.strip()
    ]
    assert len(texts) > 1200
    assert [t for t in texts if detect_language(t).language != "en"] == []


def test_check_pack_reports_broken_data() -> None:
    from streams.classify.lang import LanguagePack

    bad = LanguagePack(
        code="xx",
        name="Broken",
        cues={"strike": [("(unclosed", 0.9)], "attack": [("x", 0.5)]},
        caps={"casualty": [("accident", 1.5)]},
        casualty_words={"dead": ["morts?"]},
        attribution=["selon (.*)"],
        places={"nulle part": 999_999_999, "nulle ville": "Nowhere Town"},
    )
    problems = "\n".join(check_pack(bad))
    for needle in (
        "does not compile",
        "unknown label 'attack'",
        "weight 1.5",
        "unknown kind 'dead'",
        "no (?P<src>...) group",
        "'nulle part' -> 999999999 not in the gazetteer",
        "'nulle ville' -> 'Nowhere Town' not in the gazetteer",
    ):
        assert needle in problems, needle


def test_a_short_latin_text_the_model_cannot_place_follows_the_feed() -> None:
    text = "Kharkiv: frappes"  # too short and full of names for the model
    assert classify(text, language="fr-FR").language == "fr"
    assert classify(text, tags={"lang": "de"}).language_supported is False


def test_generic_counts_read_duals_and_glued_number_words() -> None:
    from streams.classify.lang import LanguagePack
    from streams.classify.stages.counts import extract

    pack = LanguagePack(
        code="ar",
        name="Arabic",
        numbers={"ثلاثة": 3, "خمسة": 5},
        clitics=["و"],
        casualty_words={"killed": [r"قتل\w*", r"قتيل\w*"], "wounded": [r"جرح\w*", r"جريح\w*"]},
        count_words={"قتيلان": ("killed", 2), "جريحان": ("wounded", 2)},
        conjunctions=["و"],
    )
    assert check_pack(pack) == []
    got = {c.kind: c.value for c in extract("سقط قتيلان وجريحان في القصف", pack)}
    assert got == {"killed": 2, "wounded": 2}
    got = {c.kind: c.value for c in extract("قتل خمسة وثلاثة جرحى", pack)}
    assert got == {"killed": 5, "wounded": 3}


def test_generic_number_words_compose_like_the_language_writes_them() -> None:
    from streams.classify.lang import get_pack
    from streams.classify.stages.counts import extract

    fr = get_pack("fr")
    assert fr is not None
    cases = {
        "vingt et un morts": 21,
        "cinquante-deux morts": 52,
        "trois cent quarante morts": 340,
        "deux mille morts": 2000,
        "cent morts": 100,
        "deux-trois morts": 2,
        "5-7 morts": 5,
    }
    for text, value in cases.items():  # the counts stage reads the folded text
        assert [c.value for c in extract(fr.fold(text), fr)] == [value], text
    ranged = dataclasses.replace(fr, range_words=["à"])
    assert [c.value for c in extract(ranged.fold("cinq à sept morts"), ranged)] == [5]
