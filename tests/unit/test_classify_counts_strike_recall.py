"""Strikes that the blind set N missed, by kind (issue 16): worded apart from the set.

Why: N's strike recall was 0.881; besides the denied strikes (see docs/classification.md on the
claim a denial disputes), the misses were strikes said without the usual frames: a possessive
or an acronym before "strike on", drones that "set ... ablaze" or "rammed", a tank that fired,
a hospital that "was bombed", and a denial about who supplied the weapon. Every row of
``strikes`` failed before the fix; ``traps`` guard the new patterns.
"""

from __future__ import annotations

from tests.support.classify import assert_labels, labelled


@labelled("classify_counts_strike_recall", "strikes")
def test_strikes_said_obliquely(text: str, expected: set[str]) -> None:
    assert_labels(text, expected)


@labelled("classify_counts_strike_recall", "traps")
def test_not_strikes(text: str, expected: set[str]) -> None:
    assert_labels(text, expected)
