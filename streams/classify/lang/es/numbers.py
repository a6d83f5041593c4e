"""Spanish number words and the normalisation that keeps a figure next to its casualty word.

Spanish writes 16-29 as one word ("dieciséis", "veintiséis", also without the accent),
joins tens and units with "y" ("treinta y dos": the generic counts stage joins them) and
writes hundreds as one word ("doscientos"). "un", "una" and "uno" are not in the table: they
are the article first ("un ataque con drones dejó dos muertos" is two, not three); the pack
reads "un muerto", "un soldado murió" through its ``count_words``. "treinta y un" is written
"treinta_y_un" by :func:`normalize` (one character for one: lengths are kept).

:func:`normalize` also blanks an "including" clause set off by commas ("25 palestinos,
incluidos siete niños, murieron"), which would otherwise stop the first figure from reaching
its casualty word.
"""

from __future__ import annotations

import re

from streams.classify.lang._rewrite import join

__all__ = ["NUMBERS", "normalize"]

_TENS = {
    "treinta": 30,
    "cuarenta": 40,
    "cincuenta": 50,
    "sesenta": 60,
    "setenta": 70,
    "ochenta": 80,
    "noventa": 90,
}


def _table() -> dict[str, int]:
    out: dict[str, int] = {
        "dos": 2,
        "tres": 3,
        "cuatro": 4,
        "cinco": 5,
        "seis": 6,
        "siete": 7,
        "ocho": 8,
        "nueve": 9,
        "diez": 10,
        "once": 11,
        "doce": 12,
        "trece": 13,
        "catorce": 14,
        "quince": 15,
        "dieciséis": 16,
        "dieciseis": 16,
        "diecisiete": 17,
        "dieciocho": 18,
        "diecinueve": 19,
        "veinte": 20,
        "veintiún": 21,
        "veintiun": 21,
        "veintiuno": 21,
        "veintiuna": 21,
        "veintidós": 22,
        "veintidos": 22,
        "veintitrés": 23,
        "veintitres": 23,
        "veinticuatro": 24,
        "veinticinco": 25,
        "veintiséis": 26,
        "veintiseis": 26,
        "veintisiete": 27,
        "veintiocho": 28,
        "veintinueve": 29,
        **_TENS,
        "doscientos": 200,
        "doscientas": 200,
        "trescientos": 300,
        "trescientas": 300,
        "cuatrocientos": 400,
        "cuatrocientas": 400,
        "quinientos": 500,
        "quinientas": 500,
        "seiscientos": 600,
        "seiscientas": 600,
        "setecientos": 700,
        "setecientas": 700,
        "ochocientos": 800,
        "ochocientas": 800,
        "novecientos": 900,
        "novecientas": 900,
    }
    for ten, tv in _TENS.items():
        for one in ("un", "uno", "una"):
            out[f"{ten}_y_{one}"] = tv + 1
    return out


#: Folded number word -> value.
NUMBERS: dict[str, int] = _table()

_TEN_AND_ONE = re.compile(
    r"\b(?:treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa) y un[oa]?\b"
)


def normalize(text: str) -> str:
    """Casefolded Spanish text with "treinta y un" as one token and typographic apostrophes
    straight. Lengths are kept. (Qualifiers, "including" clauses and a figure after "y" are
    the counts stage's: see streams/classify/lang/README.md.)"""
    if "’" in text:
        text = text.replace("’", "'")
    if " y un" in text:
        text = join(_TEN_AND_ONE, text)
    return text
