"""French: a minimal data pack for the generic stages (to be extended with the French
evaluation sets in tests/golden/classify/lang/)."""

from __future__ import annotations

from streams.classify.lang import LanguagePack

__all__ = ["PACK"]

_ARMS = r"(?:missiles?|roquettes?|drones?|obus|bombes?|frappes?)"

PACK = LanguagePack(
    code="fr",
    name="French",
    cues={
        "strike": [
            (r"\bfrappes? (?:aériennes?|de drones?|de missiles?|israéliennes?|russes?)\b", 0.9),
            (r"\bbombard\w*", 0.9),
            (r"\bpilonn\w*", 0.85),
            (
                r"\b(?:tirs?|attaques?) (?:de |d')?(?:roquettes?|missiles?|drones?|artillerie)\b",
                0.9,
            ),
            (r"\b(?:abattu|intercepté|détruit)e?s? (?:\w+ ){0,2}" + _ARMS, 0.85),
            (r"\b" + _ARMS + r" (?:\w+ ){0,2}(?:abattu|intercepté)e?s?\b", 0.85),
            (r"\bfrappes?\b", 0.6),
        ],
        "casualty": [
            (r"\b(?:tué|blessé)e?s?\b", 0.85),
            (r"\bmorts?\b", 0.7),
            (r"\bont péri\b|\bont perdu la vie\b", 0.85),
            (r"\bvictimes?\b", 0.6),
        ],
        "denial": [
            (r"\bdément\w*|\bdémenti\w*", 0.85),
            (r"\bnie(?:nt)?\b|\bnié\b", 0.85),
            (r"\b(?:fausses? informations?|infox|fake news?|sans fondement|mensong\w+)\b", 0.8),
            (r"\bne correspond\w* pas à la réalité\b", 0.85),
        ],
        "diplomatic": [
            (r"\bpourparlers\b|\bnégociations?\b", 0.85),
            (r"\bcessez-le-feu\b|\btrêve\b", 0.85),
            (r"\bs'est entretenu\w* (?:par téléphone )?avec\b", 0.85),
            (r"\bconvoqu\w+ (?:l'|de l')?ambassadeur\b", 0.85),
            (r"\béchange de prisonniers\b|\bconseil de sécurité\b", 0.85),
        ],
    },
    blockers={
        "strike": [
            r"\b(?:essai|tir d'essai|test) de (?:missiles?|roquettes?)\b",
            r"\bimages? de drones?\b",
        ],
    },
    caps={
        "strike": [(r"\bmenac\w+ de\b|\bpourrai\w* frapper\b|\bfrappera\w*\b", 0.2)],
        "casualty": [(r"\b(?:accident|séisme|inondations?|incendie|tempête|noyade)\b", 0.05)],
        "diplomatic": [
            (
                r"\b(?:rejett?\w+|refus\w*) (?:la |le |les |toute )?(?:\w+ )?"
                r"(?:proposition|offre|plan)\b",
                0.3,
            )
        ],
    },
    negation=[
        r"\b(?:aucune? (?:victime|blessé|mort)s?|pas de (?:victimes?|blessés?|morts?))\b"
        r"(?: n'a été signalée?| n'est à déplorer| à déplorer)?"
    ],
    history=[
        r"\b(?:en|depuis|entre) (?:19|20)\d\d\b",
        r"\bil y a \w+ ans\b",
        r"\bl'an dernier\b|\bdécennies?\b",
    ],
    present=[
        r"\b(?:aujourd'hui|ce (?:matin|soir)|hier|cette nuit|lundi|mardi|mercredi|jeudi"
        r"|vendredi|samedi|dimanche)\b"
    ],
    boilerplate=[r"\b(?:lire aussi|abonnez-vous|newsletter|tous droits réservés|à lire)\b"],
    weapons={
        "missile": [r"\bmissiles?\b"],
        "rocket": [r"\broquettes?\b"],
        "drone": [r"\bdrones?\b"],
        "air strike": [r"\bfrappes? aériennes?\b|\baviation\b|\bavions? de chasse\b"],
        "artillery": [r"\bartillerie\b|\bobus\b"],
    },
    numbers={
        "un": 1,
        "une": 1,
        "deux": 2,
        "trois": 3,
        "quatre": 4,
        "cinq": 5,
        "six": 6,
        "sept": 7,
        "huit": 8,
        "neuf": 9,
        "dix": 10,
        "onze": 11,
        "douze": 12,
        "treize": 13,
        "quatorze": 14,
        "quinze": 15,
        "seize": 16,
        "vingt": 20,
        "trente": 30,
        "quarante": 40,
        "cinquante": 50,
        "soixante": 60,
    },
    scales={"cent": 100, "cents": 100, "mille": 1000},
    qualifiers={
        r"\bau moins": "at least",
        r"\bplus de": "more than",
        r"\benviron": "about",
        r"\bprès de": "nearly",
        r"\bjusqu'à": "up to",
    },
    vague=[r"dizaines?\b|centaines?\b|milliers?\b"],
    casualty_words={
        "killed": [r"\btué\w*", r"\bmorts?\b", r"\bdécéd\w+", r"\bont péri\b"],
        "wounded": [r"\bbless\w+"],
        "missing": [r"\bdisparu\w*"],
    },
    including=[r"\bdont\b|\bparmi (?:eux|lesquels|lesquelles)\b|\by compris\b"],
    conjunctions=["et"],
    attribution=[r"\bselon (?P<src>[^,.;]{3,80})", r"\bd'après (?P<src>[^,.;]{3,80})"],
    actor_trim=[r"^(?:(?:cependant|toutefois|par ailleurs|de son côté|pour sa part)\s*,?\s*)+"],
    places={
        "kiev": "Kyiv",
        "odessa": "Odesa",
        "bande de gaza": "Gaza Strip",
        "cisjordanie": "West Bank",
        "damas": "Damascus",
        "beyrouth": "Beirut",
        "moscou": "Moscow",
        "genève": "Geneva",
    },
    latin_names=True,
    endings=[],
    demonyms={
        "russe": "RU",
        "ukrainien": "UA",
        "israélien": "IL",
        "syrien": "SY",
        "libanais": "LB",
        "palestinien": "PS",
        "iranien": "IR",
        "malien": "ML",
    },
    locatives=["à", "au", "aux", "en", "dans", "sur", "près", "vers"],
    abbreviations=["m", "mme", "dr", "gén", "col", "st", "ste", "av", "env"],
)
