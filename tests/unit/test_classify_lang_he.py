"""Hebrew pack (streams/classify/lang/he): glued prefixes, the Hebrew quote marks of acronyms
(צה"ל, כטב"ם), verb-first and number-first tolls, ages and denied claims (labels of the traps
of every pack, and the sets' floors, are in test_classify_lang_labels.py and floors.json).
The texts are written for these tests, apart from the evaluation sets."""

from __future__ import annotations

from streams.classify import classify
from streams.classify.lang import get_pack


def test_fold_drops_points_and_writes_hebrew_quote_marks_as_ascii() -> None:
    pack = get_pack("he")
    assert pack is not None
    assert pack.fold("צה״ל תָּקַף") == 'צה"ל תקף'
    assert pack.fold("כטב״ם־נפץ") == 'כטב"ם-נפץ'


def test_a_strike_named_after_a_denial_is_still_reported() -> None:
    r = classify("צבא לבנון הכחיש כי שיגר רקטות לעבר הגליל.")
    assert r.labels == ("strike", "denial")
    r = classify("רקטה פגעה בבית במטולה; חיזבאללה הכחיש כי ירה אותה.")
    assert "strike" in r.labels and "denial" in r.labels
