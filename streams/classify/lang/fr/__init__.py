"""French: a data pack for the generic stages, written from how French-language wire and
newspaper copy reports the wars it covers (AFP, RFI, France 24, Le Monde, Jeune Afrique, Radio
Okapi): Ukraine, Lebanon and Israel, Gaza, the Sahel, eastern Congo.

The traps it is built around: Sahel attacks are mostly ambushes, small-arms raids and
improvised explosive devices (casualties, not strikes); "abattu" is both "shot down" (a drone)
and "shot dead" (a person); "frapper" is also what floods and epidemics do; "une dizaine",
"une vingtaine" are vague amounts; "neutralisé" is the armies' word for attackers killed;
denials call reports "infox", "allégations mensongères", "sans fondement", "mise en scène".
The evaluation sets are tests/golden/classify/lang/fr-*.jsonl.

The words are data, in ``pack.toml``; the code here is the number normalisation (French
writes compounds with hyphens and "et": "dix-sept", "soixante-dix", "vingt et un",
"quatre-vingt-douze"). The generic counts stage joins a ten and a unit, but not the French
vigesimal forms (soixante-dix is 60 + 10, quatre-vingts is 4 x 20), and it reads a hyphen
between two numbers as a range, so ``normalize`` writes the joins inside a compound as "_"
(one character for one: the folded text keeps its length and evidence offsets) and the
pack's ``numbers`` list every compound in that form. "un" and "une" are not number words:
they are far more often the article ("une frappe a tué deux personnes" is two, not three);
the pack reads "un mort", "un soldat a été tué" through its ``count_words``.
"""

from __future__ import annotations

import re

from streams.classify.lang._rewrite import compound_normalizer
from streams.classify.lang.fr import places
from streams.classify.lang.packfile import build_pack, place_tables, read_pack

__all__ = ["PACK"]

_DATA = read_pack(__name__)
_WORD = (
    r"(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze"
    r"|quinze|seize|vingts?|trente|quarante|cinquante|soixante|septante|huitante|octante"
    r"|nonante)"
)

PACK = build_pack(
    _DATA,
    normalize=compound_normalizer(
        re.compile(rf"\b{_WORD}(?:(?:-| et |-et-){_WORD})+\b"),
        ("-", " et "),
        _DATA.fields["numbers"],
    ),
    **place_tables(places),
)
