"""Casualty counts in phrasings the tuning sets did not have (issue 16, set N's kinds of miss).

Why: the blind set N scored killed exact 0.851; its misses were kinds, not items (victims named
by role or name, groups written as "two of her children" or "and four other people", wounds
said by a hospital, bodies found, tolls with a long gap). Each table holds one kind, worded apart
from the sets; every row outside the ``traps`` table failed before its fix. The tables from
``coordinated`` on are blind set P's kinds (its killed exact 0.885 before them); every row of
``coordinated`` and ``objects`` failed before its fix. ``q_kinds`` are blind set Q's (its
killed exact 0.918 before them); each of its rows failed before its fix.
"""

from __future__ import annotations

import pytest

from tests.support.classify import assert_counts, count_cases

_NAME = "classify_counts_unseen"
_TABLES = (
    "role_nouns",
    "named_victims",
    "groups",
    "subjects",
    "added",
    "hospital",
    "bodies",
    "tolls",
    "traps",
    "violence",
    "coordinated",
    "objects",
    "coordinated_traps",
    "q_kinds",
)


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        pytest.param(*row, id=f"{table}-{i}")
        for table in _TABLES
        for i, row in enumerate(count_cases(_NAME, table))
    ],
)
def test_unseen_counts(text: str, killed: int | None, wounded: int | None) -> None:
    assert_counts(text, killed, wounded)
