"""Ukrainian: a data pack for the generic stages, written from how Ukrainian outlets and
regional military administrations (ОВА) report strikes, tolls, denials and diplomacy.
Evaluation sets: tests/golden/classify/lang/uk-*.jsonl.

The words are data, in ``pack.toml``. The code here is ``normalize``: apostrophes (', ’, ʼ)
are dropped so that "п'ятеро" is one word for the counts stage (which splits on them), so
the data writes words without them ("пятеро", "девять"); names with an apostrophe are listed
in ``places`` (folded the same way)."""

from __future__ import annotations

from streams.classify.lang.packfile import load_pack, place_tables
from streams.classify.lang.uk import places

__all__ = ["PACK"]

_APOSTROPHES = str.maketrans("", "", "'’ʼ`")


def _letters(text: str) -> str:
    """Drop apostrophes: the counts stage splits words on them ("п'ять" -> "пять")."""
    return text.translate(_APOSTROPHES)


PACK = load_pack(
    __name__,
    normalize=_letters,
    **place_tables(places),
)
