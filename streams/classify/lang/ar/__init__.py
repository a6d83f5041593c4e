"""Arabic: a data pack for the generic stages, written from Modern Standard Arabic news copy
(Palestinian, Lebanese, Syrian, Yemeni, Sudanese, Iraqi and pan-Arab outlets).

Everything is matched on the folded text (:func:`normalize`): diacritics and tatweel dropped,
أ/إ/آ/ٱ -> ا, ى -> ي, ة -> ه, Arabic-Indic digits -> ASCII, a clitic glued to a digit split
off ("و٥" -> "و 5"), and a clause break before a casualty word glued to و. Patterns are
therefore written in folded spelling (اصابه, علي, غاره). The counts stage skips a qualifier
("ما لا يقل عن") when it looks back from a number for the casualty verb, reads a unit then
"عشر" as a teen, and gives a tie between a casualty word before and after a number to the
one before (``count_prefer``: Arabic is verb-first).
Arabic glues و ف ب ل ك and ال to words: cue patterns either allow them (``${P}`` in
``pack.toml``) or match inside the word where the stem cannot occur by accident. The words are
data, in ``pack.toml``; the code here is ``normalize``.
"""

from __future__ import annotations

import re

from streams.classify.lang.ar import places
from streams.classify.lang.packfile import build_pack, place_tables, read_pack

__all__ = ["PACK", "normalize"]

_DROP = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Eastern (Persian) digits
        "٬": ",",
        "٫": ".",
    }
)
_DATA = read_pack(__name__)
# Dual nouns of people are the number 2 ("قتل طفلان"), and "مدنيان اثنان" (the number
# repeating the dual) is 2, not 2 + 2.
_DUALS = _DATA.extra["duals"]
_DATA.fields["numbers"].update(dict.fromkeys(_DUALS, 2))
_DUAL_TWO = re.compile(
    r"(?<!\w)(و?(?:" + "|".join(_DUALS) + r")) (?:اثنان|اثنين|اثنتان|اثنتين)(?!\w)"
)
_GLUED_DIGIT = re.compile(r"(?<=[\u0621-\u064a])(?=\d)")
# A casualty word glued to the conjunction و starts the next clause ("أدى إلى استشهاد
# عسكريين اثنين وجرح ثلاثة"): a clause break before it keeps a number of the clause before
# from tying forwards to it.
_NEXT_CLAUSE = re.compile(r"(?<=\s)(?=و(?:قتل|اصيب|اصابه|اصابات|استشهد|جرح|ارتقي|لقي|توفي|فقد)\w*)")


# Digits before a scale word are one figure ("٤٣ ألف" = 43000): the counts stage multiplies
# only number words.
_DIGIT_SCALE = re.compile(r"(?<![\d.,])(\d{1,3}) (الف|الفا|الاف|مليون)(?!\w)")
_SCALE = {"الف": 1000, "الفا": 1000, "الاف": 1000, "مليون": 1_000_000}


def _times(m: re.Match[str]) -> str:
    return str(int(m.group(1)) * _SCALE[m.group(2)])


def normalize(text: str) -> str:
    """Fold Arabic spelling variants (after casefold), see the module docstring."""
    text = _DROP.sub("", text).translate(_LETTERS)
    text = _GLUED_DIGIT.sub(" ", text)
    text = _DUAL_TWO.sub(r"\1", text)
    text = _DIGIT_SCALE.sub(_times, text)
    return _NEXT_CLAUSE.sub("؛ ", text)


PACK = build_pack(
    _DATA,
    normalize=normalize,
    **place_tables(places),
)
