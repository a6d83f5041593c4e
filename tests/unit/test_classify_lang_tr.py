"""Turkish pack (streams/classify/lang/tr): endings after an apostrophe, the dotted capital İ,
figures that stand before their casualty word, "including" clauses without commas and places at
the start of a sentence (labels of the traps of every pack, and the sets' floors, are in
test_classify_lang_labels.py and floors.json). The texts are written for these tests, apart
from the evaluation sets."""

from __future__ import annotations

from streams.classify import classify
from streams.classify.lang import get_pack

PACK = get_pack("tr")
assert PACK is not None


def test_fold_blanks_apostrophe_endings_and_the_dot_of_capital_i() -> None:
    assert PACK is not None
    text = "İHA'lar Halep'e 12'den fazla füze attı, 'yalan' dedi"
    folded = PACK.fold(text)
    assert folded == "iha     halep   12     fazla füze attı, 'yalan' dedi"
    assert len(folded) == len(text)  # the sentence still lines up with the original
    assert PACK.fold("İdlib'deki") == "idlib"  # one word, as the places stage folds it


def test_a_capital_standing_for_its_government_is_not_the_event_place() -> None:
    r = classify(
        "Tahran yönetimi, Basra'daki bir üsse füze attığı iddiasının gerçeği yansıtmadığını "
        "açıkladı."
    )
    assert r.labels == ("strike", "denial")  # the denied strike is still reported
    assert r.event_place is None or r.event_place.country == "IQ"
