"""Russian: a data pack for the generic stages, written from how Russian-language outlets
(Russian agencies and the Russian-language editions of Ukrainian ones) report strikes, tolls,
denials and diplomacy. Evaluation sets: tests/golden/classify/lang/ru-*.jsonl.

The words are data, in ``pack.toml``. Inflection is handled with stems (``\\bобстрел\\w*``);
number words are listed in every case ("трое", "троих", "трех"); region names decline as two
words and are generated in ``_forms`` (for ``places.py``). The code here is ``normalize``:
ё is written as е in most outlets, so one pattern reads both."""

from __future__ import annotations

from streams.classify.lang.packfile import load_pack, place_tables
from streams.classify.lang.ru import places

__all__ = ["PACK"]


def _letters(text: str) -> str:
    """ё is written as е in most outlets: one pattern reads both."""
    return text.replace("ё", "е")


PACK = load_pack(
    __name__,
    normalize=_letters,
    **place_tables(places),
)
