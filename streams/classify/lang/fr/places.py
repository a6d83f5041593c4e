"""French place names of the wars French-language outlets cover (Ukraine and Russia, Lebanon
and Israel, Gaza, the Sahel, eastern Congo and the Great Lakes), folded, mapped to the
gazetteer: a GeoNames id, an English gazetteer name, or an ISO2 code where the gazetteer has
no entry for a town or area (its country then stands for it).

Only names the generic index would miss are listed: French spellings that differ from the
gazetteer's ("Kiev", "Zaporijjia", "Tombouctou"), names of one word under four letters
("Gao"), and towns under the gazetteer's population floor.
"""

from __future__ import annotations

from streams.classify.lang import PlaceRef

__all__ = ["ACTOR_AFTER", "ACTOR_BEFORE", "PLACES"]

PLACES: dict[str, PlaceRef] = {
    # added with the challenge-d sets: spellings of the French press the gazetteer lacks
    "krivyï rih": "Kryvyi Rih",
    "kryvyï rih": "Kryvyi Rih",
    "kryvyi rih": "Kryvyi Rih",
    "kobané": "Kobani",
    "kobanê": "Kobani",
    "sévaré": "ML",
    "bekaa": "LB",
    "békaa": "LB",
    "quneitra": "SY",
    # added with the challenge-c sets (missing or misresolved)
    "congo": "CD",
    "lattaquié": "Latakia",
    "boutcha": "Bucha",
    # Ukraine and Russia
    "kiev": "Kyiv",
    "odessa": "Odesa",
    "zaporijjia": "Zaporizhzhia",
    "zaporijia": "Zaporizhzhia",
    "soumy": "Sumy",
    "tchernihiv": "Chernihiv",
    "koupiansk": "UA",
    "krementchouk": "Kremenchuk",
    "tchassiv iar": "UA",
    "bakhmout": "Bakhmut",
    "avdiïvka": "UA",
    "vovtchansk": "UA",
    "kostiantynivka": "Kostiantynivka",
    "sloviansk": "Sloviansk",
    "marioupol": "Mariupol",
    "mykolaïv": "Mykolaiv",
    "louhansk": "Luhansk",
    "jytomyr": "Zhytomyr",
    "khmelnytsky": "Khmelnytskyi",
    "vinnytsia": "Vinnytsia",
    "kherson": "Kherson",
    "pokrovsk": 704422,  # the gazetteer also knows Engels (RU) by that name
    "vouhledar": "UA",
    "crimée": "Crimea",
    "sébastopol": "Sevastopol",
    "donbass": "Donbas",
    "koursk": "Kursk",
    "briansk": "Bryansk",
    "moscou": "Moscow",
    "saint-pétersbourg": "Saint Petersburg",
    # Lebanon, Israel, Gaza, Syria, Yemen
    "beyrouth": "Beirut",
    "tyr": "Tyre",
    "saïda": "Sidon",
    "nabatiyé": "Nabatîyé et Tahta",
    "nabatieh": "Nabatîyé et Tahta",
    "bint jbeil": "LB",
    "khiam": "LB",
    "marjayoun": "LB",
    "naqoura": "LB",
    "kfar kila": "LB",
    "dahiyé": "LB",
    "galilée": "IL",
    "metoula": "IL",
    "kiryat shmona": "IL",
    "haïfa": "Haifa",
    "bande de gaza": "Gaza Strip",
    "gaza": "Gaza Strip",
    "khan younès": "Khan Yunis",
    "khan younis": "Khan Yunis",
    "nousseirat": "PS",
    "nuseirat": "PS",
    "jabaliya": "Jabalia",
    "deir el-balah": "PS",
    "beit lahia": "PS",
    "rafah": 281102,  # Rafah, Gaza (not the Egyptian side)
    "cisjordanie": "West Bank",
    "jénine": "PS",
    "damas": "Damascus",
    "téhéran": "Tehran",
    "bagdad": "Baghdad",
    "caire": "Cairo",
    "le caire": "Cairo",
    "jérusalem": "Jerusalem",
    "bethléem": "Bethlehem",
    "hébron": "Hebron",
    "riyad": "Riyadh",
    "mossoul": "Mosul",
    "alep": "Aleppo",
    "hodeïda": "YE",
    "sanaa": "Sanaa",
    # Sahel
    "gao": 2457163,  # Gao, Mali (not the Burkinabè town)
    "tombouctou": "Timbuktu",
    "ménaka": "ML",
    "hombori": "ML",
    "boni": "ML",
    "ansongo": "ML",
    "tessit": "ML",
    "léré": "ML",
    "boulkessi": "ML",
    "tinzaouatène": "ML",
    "tin-zaouatène": "ML",
    "anéfis": "ML",
    "aguelhok": "ML",
    "tessalit": "ML",
    "ségou": "Ségou",
    "kayes": 2455518,  # Kayes, Mali (not the Congolese town)
    "donetsk": 709717,
    "seytenga": "BF",
    "barsalogho": "BF",
    "arbinda": "BF",
    "titao": "BF",
    "diapaga": "BF",
    "fada n'gourma": "Fada N'gourma",
    "tillabéri": "Tillabéri",
    "ouallam": "NE",
    "banibangou": "NE",
    "mogadiscio": "Mogadishu",
    "alger": "Algiers",
    "addis-abeba": "Addis Ababa",
    "omdourman": "Omdurman",
    "khartoum": "Khartoum",
    "el-facher": "El Fasher",
    # eastern Congo, Rwanda, Burundi
    "rdc": "CD",
    "minova": "CD",
    "kibumba": "CD",
    "mugunga": "CD",
    "rutshuru": "CD",
    "kiwanja": "CD",
    "masisi": "CD",
    "walikale": "CD",
    "kalehe": "CD",
    "kamanyola": "CD",
    "lubero": "CD",
    "djugu": "CD",
    "oicha": "CD",
    "kavumu": "CD",
    "lac édouard": "CD",
    "nord-kivu": "North Kivu",
    "sud-kivu": "South Kivu",
    "ituri": "Ituri",
    # elsewhere
    "genève": "Geneva",
    "londres": "London",
    "pékin": "Beijing",
}

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

# Read by the generic places stage (streams/classify/stages/places.py):
# words that introduce a village name ("le village de Sanakadougou", "la localité de X")
SETTLEMENTS = [
    "village",
    "villages",
    "localité",
    "commune",
    "ville",
    "bourg",
    "camp",
    "site",
    "quartier",
    "secteur",
    "groupement",
    "chefferie",
]
# the countries a village may be in when the text names none (the wars French outlets report)
HOME = ("ML", "BF", "NE", "CD", "TD", "CM", "CF", "LB", "HT", "SD", "UA")
# between a town and the country written with it ("Kobané, dans le nord de la Syrie")
DIRECTIONS = [
    "nord",
    "sud",
    "est",
    "ouest",
    "centre",
    "nord-est",
    "nord-ouest",
    "sud-est",
    "sud-ouest",
    "extrême",
]
# where a speaker was, not where the event was ("en visite à Berlin", "depuis Bruxelles");
# read only for an item that reports an attack or its victims
ELSEWHERE_BEFORE = [
    r"(?:en visite|en déplacement|de passage|en marge d'une réunion|lors d'une visite)"
    r"\s+(?:à|au|en)",
    # talks held meanwhile elsewhere ("Alors qu'à Doha les négociations avançaient, ...")
    r"\b(?:alors qu|tandis qu|pendant qu)'?\s*(?:à|au)",
]
# a city hosting talks ("Luanda a accueilli un sommet"): the talks' place, whatever they are
# about
HOST_AFTER = [r"\s*(?:a|avait|va|doit)?\s*(?:accueill|abrit|reçu|recevr|héberg)\w*"]
