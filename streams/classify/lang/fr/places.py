"""French place names of the wars French-language outlets cover (Ukraine and Russia, Lebanon
and Israel, Gaza, the Sahel, eastern Congo and the Great Lakes), folded, mapped to the
gazetteer: a GeoNames id, an English gazetteer name, or an ISO2 code where the gazetteer has
no entry for a town or area (its country then stands for it).

Only names the generic index would miss are listed: French spellings that differ from the
gazetteer's ("Kiev", "Zaporijjia", "Tombouctou"), names of one word under four letters
("Gao"), and towns under the gazetteer's population floor.

The tables are data, in ``places.toml`` beside this module; the patterns of a capital
standing for its state are code, built from one list of verbs.
"""

from __future__ import annotations

from streams.classify.lang.packfile import read_places

globals().update(read_places(__file__))

# A capital (or country) standing for its state (README: ``actor_after``/``actor_before``):
# "Kinshasa a accusé", "Moscou a démenti", "les affirmations de Moscou", "selon Moscou",
# "À Washington, le département d'État".
_SAID = (
    r"accus|dément|démenti|annonc|affirm|déclar|dénonc|rejet|appel|assur|ni[eé]"
    r"|réfut|condamn|exig|estim|avert|menac|répond|qualifi"
)
ACTOR_AFTER = [
    rf"\s*(?:a|ont|avait|aurait|avaient|auraient)\s+(?:{_SAID})\w*",
    rf"\s*(?:{_SAID})\w*\b",
    r"\s*,\s*(?:le|la|les)\s+(?:département|ministère|gouvernement|maison|kremlin|diplomatie"
    r"|porte-parole|présidence)",
]
ACTOR_BEFORE = [
    r"\b(?:affirmations?|déclarations?|accusations?|allégations?|dénégations?|démentis?"
    r"|version|position)(?:\s+(?:de|du|d'))?",
    r"\bselon",
    r"\b(?:délégations?|émissaires?|négociateurs|représentants)\s+(?:de|du|d')"
    r"(?:\s*\w+(?:\s+\w+)?\s+et\s+(?:de|du|d'))?",
]
