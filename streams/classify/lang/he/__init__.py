"""Hebrew: a data pack for the generic stages, written from how Hebrew news sites (ynet,
Maariv, Walla, Arutz 7, Kikar HaShabbat) and the Hebrew editions of Palestinian and Syrian
agencies report strikes, tolls, denials and diplomacy. Evaluation sets:
tests/golden/classify/lang/he-*.jsonl.

The words are data, in ``pack.toml``. The code here is ``normalize``: points (niqqud and
cantillation) are dropped, and the Hebrew punctuation marks are written as their ASCII
look-alikes: geresh ׳ as ', gershayim ״ as " (acronyms: צה"ל, כטב"ם), maqaf ־ as -.
Hebrew glues its prepositions, article and conjunction to the word (ב, ל, מ, ה, ו, ש, כ):
patterns allow them with ``${P}``, and place names lose them as ``clitics``.
"""

from __future__ import annotations

import re

from streams.classify.lang.packfile import load_pack

__all__ = ["PACK", "normalize"]

_POINTS = re.compile("[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]")
_MARKS = str.maketrans({"׳": "'", "״": '"', "־": "-", "’": "'", "”": '"', "“": '"'})


def normalize(text: str) -> str:
    """Hebrew without points, with ASCII quotes and hyphens (see the module docstring)."""
    if _POINTS.search(text):
        text = _POINTS.sub("", text)
    return text.translate(_MARKS)


PACK = load_pack(__name__, normalize=normalize)
