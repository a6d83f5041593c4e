"""Spanish: a data pack for the generic stages, written from how Spanish-language wire and
newspaper copy reports conflict (EFE, El País, El Tiempo, BBC Mundo, Milenio, Infobae):
Colombia's armed groups, Mexico's cartels, and the foreign wars (Ukraine, Gaza, Lebanon).

The traps it is built around: "enfrentamientos", "combates", "emboscada" and shootings are
ground fighting (casualties, not strikes), while explosives or grenades dropped from drones
are strikes; car, truck and motorbike bombs ("carro bomba") and mines are not strikes;
"abatidos" are attackers killed; "una decena", "una veintena" are vague; "falsos positivos"
is not a denial; Colombia's "mesa de diálogos"/"cese al fuego" with the ELN is diplomacy.
The evaluation sets are tests/golden/classify/lang/es-*.jsonl.

The words are data, in ``pack.toml``; the code here is the number normalisation. Spanish
writes 16-29 as one word ("dieciséis", "veintiséis", also without the accent), joins tens
and units with "y" ("treinta y dos": the generic counts stage joins them) and writes hundreds
as one word ("doscientos"). "un", "una" and "uno" are not number words: they are the article
first ("un ataque con drones dejó dos muertos" is two, not three); the pack reads "un
muerto", "un soldado murió" through its ``count_words``. ``normalize`` writes "treinta y un"
as "treinta_y_un" (one character for one: lengths are kept).
"""

from __future__ import annotations

import re

from streams.classify.lang._rewrite import compound_normalizer
from streams.classify.lang.es import places
from streams.classify.lang.packfile import build_pack, place_tables, read_pack

__all__ = ["PACK"]

_DATA = read_pack(__name__)

PACK = build_pack(
    _DATA,
    normalize=compound_normalizer(
        re.compile(r"\b(?:treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa) y un[oa]?\b"),
        (" y un",),
        _DATA.fields["numbers"],
    ),
    **place_tables(places),
)
