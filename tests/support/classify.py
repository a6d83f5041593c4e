"""The classifier unit tests' case tables, kept as data, and the assertions they share.

Why: the label tests are long tables of sentences with the labels each must get; written as
Python literals, the tables of one module looked like those of the next, and the tests that read
them repeated one body. Each module's tables live in ``tests/unit/classify_cases/<name>.toml``
(one array a test, comments kept beside the sentences), read here; a table that is missing is a
``KeyError`` at collection, never a test that passes on nothing.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from functools import cache, partial
from pathlib import Path
from typing import Any

import pytest

from streams.classify import Classification, classify
from streams.classify.lang import get_pack
from tests.unit.lang_sets import counts

CASES_DIR = Path(__file__).resolve().parent.parent / "unit" / "classify_cases"


@cache
def _tables(name: str) -> dict[str, list[Any]]:
    with (CASES_DIR / f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


def _table(name: str, table: str) -> list[Any]:
    rows = _tables(name)[table]
    if not rows:
        raise ValueError(f"classify_cases/{name}.toml: table {table} is empty")
    return rows


def texts(name: str, table: str) -> list[str]:
    """A table of sentences: ``[text, ...]``."""
    return [str(text) for text in _table(name, table)]


def label_cases(name: str, table: str) -> list[tuple[str, set[str]]]:
    """A table of sentences and the exact labels each must get: ``[[text, [label, ...]], ...]``."""
    return [(str(text), set(labels)) for text, labels in _table(name, table)]


def count_cases(name: str, table: str) -> list[tuple[str, int | None, int | None]]:
    """A table of sentences and their toll: ``[{text = ..., killed = N, wounded = N}, ...]``;
    a figure left out is one the sentence must not give."""
    return [(row["text"], row.get("killed"), row.get("wounded")) for row in _table(name, table)]


def _tuples(value: Any) -> Any:
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value


def rows(name: str, table: str) -> list[tuple[Any, ...]]:
    """A table of plain rows: ``[[a, b, ...], ...]``, each row (and a list in it) as a tuple."""
    return [_tuples(row) for row in _table(name, table)]


def labelled(name: str, table: str) -> pytest.MarkDecorator:
    """Parametrize a test over a label table: ``(text, expected)`` for each row."""
    return pytest.mark.parametrize(("text", "expected"), label_cases(name, table))


def counted(name: str, table: str) -> pytest.MarkDecorator:
    """Parametrize a test over a toll table: ``(text, killed, wounded)`` for each row."""
    return pytest.mark.parametrize(("text", "killed", "wounded"), count_cases(name, table))


def assert_labels(
    text: str, expected: set[str] | tuple[str, ...], title: str | None = None
) -> Classification:
    """The classifier gives ``text`` exactly the ``expected`` labels (a tuple: in that order);
    the classification is returned for the caller's further checks."""
    r = classify(text, title)
    got: set[str] | tuple[str, ...] = r.labels if isinstance(expected, tuple) else set(r.labels)
    assert got == expected, f"{text!r}: got {r.labels}, expected {expected}"
    return r


def assert_counts(text: str, killed: int | None, wounded: int | None) -> None:
    """``text`` is a casualty report with exactly this toll (``None``: no figure)."""
    r = classify(text)
    assert "casualty" in r.labels, f"{text!r}: labels {r.labels}"
    assert (r.casualties.killed, r.casualties.wounded) == (killed, wounded), text


def pack_tools(
    code: str,
) -> tuple[Mapping[str, int], Callable[[str], str], Callable[[str], dict[str, int]]]:
    """A language pack's number words, its normaliser and its counts stage on one sentence."""
    pack = get_pack(code)
    assert pack is not None and pack.normalize is not None, code
    return pack.numbers, pack.normalize, partial(counts, code)
