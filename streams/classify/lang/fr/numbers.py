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

from streams.classify.lang._rewrite import blank, close_groups, join

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
# Qualifiers written as one token, so that a figure after its casualty word ("a tué au
# moins 15 personnes") stays within the two words the counts stage looks back.
# Qualifiers written as one token, so that a figure after its casualty word ("a tué au
# moins 15 personnes") stays within the two words the counts stage looks back ("près de" only
# before a figure: elsewhere it is the locative "près de Goma").
_QUALIFIER = re.compile(rf"\b(?:au moins|au minimum|plus de|près de(?= (?:\d|{_WORD})))(?= )")
# A group closed by its casualty word before "et" ("deux habitants ont trouvé la mort et onze
# ont été hospitalisés"): the number after "et" starts a new group and must not tie back to
# that word, so " et " becomes " ;  " (a clause break, same length).
_GROUP_END = re.compile(
    r"\b(tu(?:é|ée|és|ées)|morte?s?|bless(?:é|ée|és|ées)|péri|décédée?s?|disparue?s?) et "
)
_INCLUDING = re.compile(
    r", (?:dont|parmi (?:eux|elles|lesquels|lesquelles)|y compris|notamment) [^,.;:«»()]{1,60},"
)


def _join(m: re.Match[str]) -> str:
    cand = m.group(0).replace("-", "_").replace(" ", "_")
    return cand if cand in NUMBERS else m.group(0)


def normalize(text: str) -> str:
    """Casefolded French text with number compounds as one token ("vingt-trois" ->
    "vingt_trois"), a qualifier before a figure as one token ("au_moins 15"), an "including"
    clause between commas blanked, typographic apostrophes straight. Lengths are kept."""
    if "’" in text:
        text = text.replace("’", "'")
    if ", " in text:
        text = blank(_INCLUDING, text)
    if "-" in text or " et " in text:
        text = _COMPOUND.sub(_join, text)
    text = join(_QUALIFIER, text)
    return close_groups(_GROUP_END, text) if " et " in text else text
