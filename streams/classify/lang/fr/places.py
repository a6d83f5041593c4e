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

__all__ = ["PLACES"]

PLACES: dict[str, PlaceRef] = {
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
