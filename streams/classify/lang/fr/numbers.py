"""French number words: every form from one to ninety-nine, and the normalisation that makes
a compound one token.

French writes compounds with hyphens and "et" ("dix-sept", "soixante-dix", "vingt et un",
"quatre-vingt-douze"). The generic counts stage joins a ten and a unit, but not the French
vigesimal forms (soixante-dix is 60 + 10, quatre-vingts is 4 x 20), and it reads a hyphen
between two numbers as a range. So :func:`normalize` rewrites the joins inside a compound to
"_" (one character for one, so the folded text keeps its length and evidence offsets) and
:data:`NUMBERS` lists every compound in that form.

"un" and "une" are not in the table: they are far more often the article ("une frappe a tué
deux personnes" is two, not three). The pack reads "un mort", "un soldat a été tué" through
its ``count_words`` instead.

:func:`normalize` also blanks an "including" clause set off by commas ("sept personnes, dont
un enfant, ont été tuées"): the generic counts stage stops at the clause's number, so without
this the figure before it would not reach its casualty word.
"""

from __future__ import annotations

import re

__all__ = ["NUMBERS", "normalize"]

_UNITS = {
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
}
_TEENS = {
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "dix_sept": 17,
    "dix_huit": 18,
    "dix_neuf": 19,
}
_TENS = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}


def _table() -> dict[str, int]:
    out: dict[str, int] = {**_UNITS, **_TEENS, **_TENS}
    for ten, tv in _TENS.items():
        out[f"{ten}_et_un"] = tv + 1
        out[f"{ten}_et_une"] = tv + 1
        for unit, uv in _UNITS.items():
            out[f"{ten}_{unit}"] = tv + uv
    # 70-79: soixante-dix, soixante et onze, soixante-douze ...
    for teen, v in _TEENS.items():
        out[f"soixante_{teen}"] = 60 + v
    out["soixante_et_onze"] = 71
    # 80-99: quatre-vingt(s), quatre-vingt-un, quatre-vingt-dix ...
    out["quatre_vingt"] = out["quatre_vingts"] = 80
    out["quatre_vingt_un"] = out["quatre_vingt_une"] = 81
    for unit, uv in _UNITS.items():
        out[f"quatre_vingt_{unit}"] = 80 + uv
    for teen, v in _TEENS.items():
        out[f"quatre_vingt_{teen}"] = 80 + v
    # Belgian and Swiss forms
    out.update({"septante": 70, "huitante": 80, "octante": 80, "nonante": 90})
    for base, bv in (("septante", 70), ("huitante", 80), ("nonante", 90)):
        out[f"{base}_et_un"] = bv + 1
        for unit, uv in _UNITS.items():
            out[f"{base}_{unit}"] = bv + uv
    return out


#: Folded number word (compounds joined by "_") -> value.
NUMBERS: dict[str, int] = _table()

_WORD = (
    r"(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze"
    r"|quinze|seize|vingts?|trente|quarante|cinquante|soixante|septante|huitante|octante"
    r"|nonante)"
)
_COMPOUND = re.compile(rf"\b{_WORD}(?:(?:-| et |-et-){_WORD})+\b")


def _join(m: re.Match[str]) -> str:
    cand = m.group(0).replace("-", "_").replace(" ", "_")
    return cand if cand in NUMBERS else m.group(0)


def normalize(text: str) -> str:
    """Casefolded French text with number compounds as one token ("vingt-trois" ->
    "vingt_trois") and typographic apostrophes straight. Lengths are kept. (Qualifiers,
    "including" clauses and a figure after "et" are the counts stage's: see
    streams/classify/lang/README.md.)"""
    if "’" in text:
        text = text.replace("’", "'")
    if "-" in text or " et " in text:
        text = _COMPOUND.sub(_join, text)
    return text
