"""Hebrew pack (streams/classify/lang/he): glued prefixes, the Hebrew quote marks of acronyms
(צה"ל, כטב"ם), verb-first and number-first tolls, ages and denied claims (labels of the traps
of every pack, and the sets' floors, are in test_classify_lang_labels.py and floors.json).
The texts are written for these tests, apart from the evaluation sets."""

from __future__ import annotations

from functools import partial

import pytest

from streams.classify import classify
from streams.classify.lang import get_pack
from tests.unit.lang_sets import counts

_counts = partial(counts, "he")


def test_fold_drops_points_and_writes_hebrew_quote_marks_as_ascii() -> None:
    pack = get_pack("he")
    assert pack is not None
    assert pack.fold("צה״ל תָּקַף") == 'צה"ל תקף'
    assert pack.fold("כטב״ם־נפץ") == 'כטב"ם-נפץ'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("נהרגו 9 בני אדם ו-14 נפצעו בהפצצה.", {"killed": 9, "wounded": 14}),
        ("שישה הרוגים ו-20 פצועים בתקיפה.", {"killed": 6, "wounded": 20}),
        ("לפחות שלושה עשר בני אדם נהרגו.", {"killed": 13}),
        ("מספר ההרוגים בהפגזה עלה ל-26.", {"killed": 26}),
        ("נהרגו חמישה אנשים, בהם שני ילדים.", {"killed": 5}),
        ("קשיש בן 80 נפצע מרסיסים.", {"wounded": 1}),  # an age is not a count
        ("ההפצצה גבתה את חייהם של 12 אזרחים.", {"killed": 12}),
    ],
)
def test_counts_read_tolls_as_hebrew_writes_them(text: str, expected: dict[str, int]) -> None:
    assert _counts(text) == expected


def test_a_place_with_a_glued_preposition_is_the_event_place() -> None:
    r = classify("בתקיפה אווירית בשכם נהרגו שני חמושים.")
    assert r.language == "he" and r.labels == ("strike", "casualty")
    assert r.event_place is not None and r.event_place.country == "PS"


def test_a_strike_named_after_a_denial_is_the_claim() -> None:
    r = classify("צבא לבנון הכחיש כי שיגר רקטות לעבר הגליל.")
    assert r.labels == ("denial",)
    r = classify("רקטה פגעה בבית במטולה; חיזבאללה הכחיש כי ירה אותה.")
    assert "strike" in r.labels and "denial" in r.labels
