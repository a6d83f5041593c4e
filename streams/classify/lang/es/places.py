"""Spanish place names of the wars Spanish-language outlets cover (Colombia's armed conflict,
Mexico's cartel violence, Ukraine and Russia, Gaza, Lebanon and Israel), folded, mapped to the
gazetteer: a GeoNames id, an English gazetteer name, or an ISO2 code where the gazetteer has
no entry for a town, department or state (its country then stands for it).

Only names the generic index would miss or resolve wrongly are listed: Spanish spellings
("Járkov", "Jersón", "Zaporiyia"), Colombian departments and Mexican states (the gazetteer
holds cities), and names several places share ("Antioquia" is not Antakya, "Salamanca" in
this news is Guanajuato's).

The tables are data, in ``places.toml`` beside this module.
"""

from __future__ import annotations

from streams.classify.lang.packfile import read_places

globals().update(read_places(__file__))
