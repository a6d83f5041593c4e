"""French: a data pack for the generic stages, written from how French-language wire and
newspaper copy reports the wars it covers (AFP, RFI, France 24, Le Monde, Jeune Afrique, Radio
Okapi): Ukraine, Lebanon and Israel, Gaza, the Sahel, eastern Congo.

The traps it is built around: Sahel attacks are mostly ambushes, small-arms raids and
improvised explosive devices (casualties, not strikes); "abattu" is both "shot down" (a drone)
and "shot dead" (a person); "frapper" is also what floods and epidemics do; "une dizaine",
"une vingtaine" are vague amounts; "neutralisé" is the armies' word for attackers killed;
denials call reports "infox", "allégations mensongères", "sans fondement", "mise en scène".
The evaluation sets are tests/golden/classify/lang/fr-dev.jsonl and fr-challenge.jsonl.
"""

from __future__ import annotations

from streams.classify.lang import LanguagePack
from streams.classify.lang.fr.numbers import NUMBERS, normalize
from streams.classify.lang.fr.places import ACTOR_AFTER, ACTOR_BEFORE, PLACES

__all__ = ["PACK"]

# Remote weapons, as nouns.
_ARMS = (
    r"(?:missiles?|roquettes?|drones?|obus|bombes?|frappes?|projectiles?|avions?|aviation"
    r"|hélicoptères?|mortiers?|artillerie|chasseurs?)"
)
# Verbs of hitting a target, in the forms news copy uses.
_HIT = (
    r"(?:frapp\w*|vis(?:é|ée|és|ées|ant|ait|aient)|cibl\w+|touch(?:é|ée|és|ées|ant)"
    r"|atteint\w*|largu\w+|tir(?:é|ée|és|ées)|lanc(?:é|ée|és|ées)|s'est abattue?"
    r"|tomb(?:é|ée|és|ées))"
)
_DRONE_DOWN = r"(?:abattu|intercept[ée]|détruit|neutralis[ée])e?s?"

# A toll update: the figure follows the verb, however far the noun ("le nombre de morts après
# la frappe sur l'école est passé à vingt-huit").
_TOLL = (
    r"\b(?:le|un) (?:bilan|nombre|décompte) (?:des |de )?(?:{})\b[^.;:!?]{{0,120}}?"
    r"\b(?:est passé|s'est alourdi|s'alourdit|a grimpé|grimpe|a atteint|atteint|s'élève"
    r"|s'établit|est monté)(?: à| jusqu'à)?"
)

PACK = LanguagePack(
    code="fr",
    name="French",
    cues={
        "strike": [
            (
                r"\bfrappes? (?:aériennes?|de (?:drones?|missiles?|roquettes?)|au drone"
                r"|israéliennes?|russes?|ukrainiennes?|américaines?|turques?|françaises?"
                r"|de l'armée|ciblées?|meurtrières?|nocturnes?)\b",
                0.9,
            ),
            (r"\bbombard(?:e|é|ée|és|ées|er|ent|ait|aient|ant|ement|ements)\b", 0.9),
            (r"\bpilonn\w*", 0.85),
            (r"\braids? aériens?\b", 0.9),
            (
                r"\b(?:tirs?|attaques?|salves?|pluie) (?:de |d'|au |aux |à la )?(?:roquettes?"
                r"|missiles?|drones?|artillerie|obus|mortiers?)\b",
                0.9,
            ),
            (r"\bobus\b", 0.8),
            (
                r"\b(?:drones?|missiles?) (?:kamikazes?|piégés?|explosifs?|balistiques?"
                r"|de croisière|shahed|iskander|kalibr)\b",
                0.85,
            ),
            (
                r"\bbombes? (?:aériennes?|guidées?|larguées?)\b|\blargu\w+ (?:\w+ ){0,3}bombes?\b",
                0.9,
            ),
            (r"\b" + _DRONE_DOWN + r"\b[^.;]{0,60}?\b(?:drones?|missiles?|roquettes?)\b", 0.85),
            (
                r"\b(?:à l'aide|au moyen) d(?:e |es |'un |'une )(?:\w+ ){0,2}?(?:drones?|missiles?"
                r"|roquettes?|obus|bombes?)\b|\bdrones? (?:navals?|marins?|aériens?)\b",
                0.85,
            ),
            (
                r"\b(?:drones?|missiles?|roquettes?|obus)\b[^.;]{0,40}?"
                r"\bs'(?:est|sont) écrasée?s?\b",
                0.85,
            ),
            (r"\b(?:drones?|missiles?|roquettes?)\b[^.;]{0,60}?\b" + _DRONE_DOWN + r"\b", 0.85),
            (
                r"\b(?:drones?|missiles?|roquettes?|obus|avions?|aviation|hélicoptères?)\b[^.;]{0,80}?\b"
                + _HIT,
                0.85,
            ),
            (
                r"\b" + _HIT + r"\b[^.;]{0,40}?\b(?:par|de|d'|avec) (?:un |une |des |deux )?"
                r"(?:drones?|missiles?|roquettes?|obus)\b",
                0.85,
            ),
            (
                r"\b(?:défenses? (?:anti)?aériennes?|défense antiaérienne|défense antimissile)\b",
                0.45,
            ),
            (
                r"\bdéfenses? (?:anti)?aériennes? (?:\w+ )?(?:a|ont|est|sont) (?:été )?"
                r"(?:activée?s?"
                r"|entrée?s? en action|repoussé|intercepté)",
                0.85,
            ),
            (
                r"\battaques? (?:massives? |aériennes? |nocturnes? )?(?:russes?|israéliennes?)\b",
                0.55,
            ),
            (r"\b(?:armes? lourdes?|canons?|chars?) \w*", 0.35),
            (r"\b(?:roquettes?|missiles?|drones?)\b", 0.45),
            (r"\bfrappes?\b", 0.6),
        ],
        "casualty": [
            (r"\btu(?:é|ée|és|ées|ant|er|ent|e|ait|aient)\b", 0.85),
            (r"\bbless(?:é|ée|és|ées|ant|er|ure|ures)\b", 0.85),
            (r"\bmort(?:e|s|es)?\b", 0.7),
            (r"\b(?:ont|a|avoir) péri\b|\bperdu la vie\b|\bdécéd\w+", 0.85),
            (r"\bvictimes?\b", 0.6),
            (r"\b(?:portée?s? )?disparue?s?\b", 0.55),
            (r"\bneutralis\w+", 0.6),
            (r"\b(?:a|ont) été abattue?s?\b|\babattu par\b|\babattue?s? (?:par|à bout)", 0.75),
            (r"\bmassacres?\b|\btuerie\b", 0.45),
            (
                r"\b(?:le |un )?bilan (?:provisoire |humain |officiel )?(?:s'est alourdi|s'alourdit"
                r"|est passé|passe|s'élève|grimpe)",
                0.7,
            ),
        ],
        "denial": [
            (r"\bdément\w*|\bdémenti\w*", 0.85),
            (r"\bni(?:e|ent|é|ée|és|ant|er)\b", 0.85),
            (r"\bréfut\w+", 0.85),
            (
                r"\b(?:rejet\w*|balay\w+|récus\w+|conteste\w*) (?:\w+ ){0,3}?(?:accusations?"
                r"|allégations?|conclusions?|informations?|affirmations?|responsabilité"
                r"|implication|rapports?|bilan)\b",
                0.85,
            ),
            (r"\b(?:fausses? informations?|infox|fake news?|désinformation|intox)\b", 0.8),
            (
                r"\b(?:allégations? mensongères?|mensong\w+|sans (?:aucun )?fondement|infondée?s?"
                r"|mise en scène|fabriquée?s?|grossièrement exagérée?s?|affabulations?"
                r"|contrevérités?|pure invention|fantaisistes?|calomni\w+|diffamatoires?)\b",
                0.8,
            ),
            (r"\bne correspond\w* pas à la réalité\b|\bdénu\w+ de (?:tout )?fondement\b", 0.85),
            (r"\b(?:rumeurs?|propagande|fausses?|allégations?)\b", 0.5),
        ],
        "diplomatic": [
            (r"\bpourparlers\b|\bnégociations?\b|\bnégocié\w*\b", 0.85),
            (r"\bcessez-le-feu\b|\btrêve\b|\bcessation des hostilités\b", 0.85),
            (r"\bmédiat(?:ion|eurs?|rice)\b|\bfacilitat(?:eur|ion)\b", 0.85),
            (r"\baccords? de paix\b|\bprocessus de paix\b|\bplan de paix\b", 0.85),
            (r"\bs'(?:est|sont) entretenue?s?\b|\bentretien (?:téléphonique|avec)\b", 0.85),
            (r"\b(?:appelé|téléphoné à|reçu|rencontré) (?:\w+ ){0,2}(?:son|leur) homologue\b", 0.9),
            (r"\bhomologues?\b", 0.6),
            (
                r"\b(?:convoqu|rappel|expuls)\w* [^.;]{0,40}?\b(?:ambassadeu\w+|chargée? d'affaires"
                r"|diplomates?|émissaire)\b",
                0.9,
            ),
            (r"\b(?:émissaire|envoyée? spéciale?|envoyé américain|négociateurs?)\b", 0.8),
            (r"\béchange\w* (?:de |d')?(?:\w+ ){0,3}(?:prisonniers|otages|détenus)\b", 0.85),
            (r"\bconseil de sécurité\b|\bassemblée générale de l'onu\b", 0.85),
            (r"\b(?:sommet|pourparlers|rencontre tripartite|rencontre bilatérale)\b", 0.7),
            (r"\b(?:se sont|s'est) réuni\w*\b|\b(?:a|ont) rencontré\b", 0.6),
            (r"\bsign\w+ (?:\w+ ){0,3}?accord\b", 0.6),
            (
                r"\bnote (?:de protestation|diplomatique|verbale)\b|\bprotestation officielle\b",
                0.85,
            ),
            (
                r"\bvisite (?:officielle |d'état |de travail )?(?:du|de la|d'une?|des) "
                r"(?:\w+ ){0,3}?(?:ministres?|secrétaire d'état|président|émissaire|envoyée?"
                r"|chef de la diplomatie"
                r"|délégation)\b|\bchef de la diplomatie\b",
                0.7,
            ),
        ],
    },
    blockers={
        "strike": [
            r"\b(?:essai|tir d'essai|test|lancement d'essai) (?:de |d'un |d'une )?(?:\w+ )?"
            r"(?:missiles?|roquettes?|fusées?)\b",
            r"\bimages? (?:de |d'un |prises par un )?drones?\b",
            r"\bdrones? de (?:surveillance|reconnaissance|livraison)\b",
            r"\bcoup (?:dur|de grâce|d'État)\b",
            r"\blance-roquettes?\b",
        ],
        "casualty": [
            r"\bcondamn\w* à mort\b|\bpeine de mort\b|\bmort (?:cérébrale|naturelle)\b",
            r"\b(?:familles|proches|hommage|mémoire|associations?|journée) (?:des |aux |de |d')?"
            r"victimes\b",
            r"\b" + _DRONE_DOWN + r"\b[^.;]{0,60}?\b(?:drones?|missiles?|roquettes?|avions?)\b",
            r"\b(?:drones?|missiles?|roquettes?|avions?|appareils?|hélicoptères?)\b[^.;]{0,60}?\b"
            + _DRONE_DOWN
            + r"\b",
            r"\bmort-nés?\b|\bnature morte\b",
        ],
        "denial": [r"\bnie pas\b|\bne (?:le |l')?nie\b"],
    },
    caps={
        "strike": [
            (
                r"\b(?:menac\w*|averti\w*|pourrai\w*|promet\w*|envisag\w*|prêts?|prête?s?"
                r"|risqu\w+|jur\w+) (?:de |d'|que |qu')?(?:\w+ ){0,4}?(?:frapper|bombarder"
                r"|attaquer|riposter|viser|cibler)\b",
                0.2,
            ),
            (r"\bfrappera\w*\b|\bbombardera\w*\b", 0.2),
            # an accusation inside a denial ("un rapport l'accusant d'avoir bombardé")
            (
                r"\b(?:dément\w*|démenti\w*|nie|nient|réfut\w+|allégations?|fantaisistes?"
                r"|mensong\w+)\b[^.]*\baccus\w* d'avoir\b",
                0.4,
            ),
            # a denied claim in the conditional ("des obus seraient tombés"): not reported
            (
                r"\b(?:dément\w*|démenti\w*|ni(?:e|ent|é)|réfut\w+|qualifi\w+ de)\b[^.]*?"
                r"\b(?:aurai(?:en)?t|serai(?:en)?t)\b",
                0.4,
            ),
            (r"\b(?:inondations?|épidémie|séisme|sécheresse|crise|pauvreté|chômage)\b", 0.3),
        ],
        "casualty": [
            # deaths named after a denial verb are the denied claim
            (
                r"\b(?:dément\w*|démenti\w*|ni(?:e|ent|é)|réfut\w+|rejet\w+)\b[^.]*?"
                r"\b(?:tué|tuée|tués|tuées|morts?|victimes?|blessés?)\b",
                0.4,
            ),
            (
                r"\b(?:accident\w*|collision|s'est écrasée?|crash|séisme|tremblement de terre"
                r"|inondations?|glissement de terrain|éboulement|noyade|naufrage|chavir\w+"
                r"|épidémie|choléra|paludisme|rougeole|dengue|canicule|panne|cyclone|tempête"
                r"|explosion accidentelle|coulée de boue|effondrement|intempéries|éboulements?"
                r"|pluies (?:diluviennes|torrentielles)|crues?|à l'âge de|des suites d'une"
                r"|longue maladie|mort naturelle|causes naturelles)\b",
                0.05,
            ),
        ],
        "diplomatic": [
            (
                r"\b(?:rejett?\w+|refus\w*) (?:la |le |les |toute |cette )?(?:\w+ ){0,2}"
                r"(?:proposition|offre|plan|initiative)\b",
                0.3,
            ),
            (
                r"\b(?:commercia\w+|économiques?|contrats?|entreprises?|sociétés?|investissements?)\b",
                0.3,
            ),
        ],
    },
    # an accident or disaster told in one sentence and its toll in the next ("Un car est
    # tombé dans un ravin. Dix-neuf passagers ont trouvé la mort.")
    carry_caps={
        "casualty": [
            (
                r"\b(?:accident\w*|collision|séisme|tremblement de terre"
                r"|inondations?|glissement de terrain|naufrage|chavir\w+|ravin|cyclone"
                r"|tempête|explosion accidentelle|coulée de boue|effondrement|crues?)\b",
                0.05,
            ),
        ],
    },
    negation=[
        r"\b(?:aucune?|sans faire (?:de |état de |aucune? )?|pas de|n'a fait aucune?"
        r"|n'a (?:pas )?fait (?:de |aucune? )?|ne signale aucune?|sans (?:causer|provoquer) de)"
        r" ?(?:victimes?|blessée?s?|morte?s?|pertes? humaines?)(?: civile?s?)?"
        r"(?: n'a été signalée?| n'est à déplorer| à déplorer| n'a été recensée?)?",
        r"\bpersonne n'a été (?:tué|blessé)e?\b",
    ],
    history=[
        r"\b(?:en|depuis|entre|de|d'ici) (?:\w+ )?(?:19|20)\d\d\b",
        r"\bil y a (?:\w+ ){1,2}ans\b",
        r"\bl'an dernier\b|\bl'année dernière\b|\bdécennies?\b",
        r"\bavai(?:t|ent) (?:fait|coûté la vie|causé la mort|tué)\b",
        r"\bfaisait (?:plus de |près de )?\d",
    ],
    present=[
        r"\b(?:aujourd'hui|ce (?:matin|soir)|hier|cette nuit|dans la nuit|lundi|mardi|mercredi"
        r"|jeudi|vendredi|samedi|dimanche)\b"
    ],
    # "GOMA, 23 janv (AFP) - ...": the dateline is a sentence of its own (never evidence)
    sentence_end=".!?…-",
    boilerplate=[
        r"\b(?:lire aussi|abonnez-vous|newsletter|tous droits réservés|à lire|inscrivez-vous"
        r"|suivez-nous|partager sur)\b",
    ],
    weapons={
        "ballistic missile": [r"\bmissiles? balistiques?\b|\biskander\b"],
        "cruise missile": [r"\bmissiles? de croisière\b|\bkalibr\b"],
        "missile": [r"\bmissiles?\b"],
        "rocket": [r"\broquettes?\b"],
        "drone": [r"\bdrones?\b|\bshahed\b"],
        "air strike": [
            r"\bfrappes? aériennes?\b|\braids? aériens?\b|\baviation\b"
            r"|\bavions? de (?:chasse|guerre)\b|\bbombes? aériennes?\b"
        ],
        "artillery": [r"\bartillerie\b|\bobus\b|\bcanons?\b"],
        "mortar": [r"\bmortiers?\b"],
        "naval": [r"\bnavires?\b|\bfrégate\b|\bsous-marins?\b"],
        "helicopter": [r"\bhélicoptères?\b"],
    },
    numbers=NUMBERS,
    scales={"cent": 100, "cents": 100, "mille": 1000, "million": 1_000_000, "millions": 1_000_000},
    qualifiers={
        r"\bau moins": "at least",
        r"\bau minimum": "at least",
        r"\bplus de": "more than",
        r"\bjusqu'à": "up to",
        r"\bprès de": "nearly",
        r"\benviron": "about",
        r"\bquelque": "about",
    },
    vague=[
        r"(?:dizaine|douzaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine"
        r"|soixantaine|centaine|millier)s?\b"
    ],
    casualty_words={
        "killed": [
            r"\btu(?:é|ée|és|ées|ant)\b",
            r"\bmort(?:e|s|es)?\b",
            r"\bdécéd\w+",
            r"\b(?:ont|a) péri\b",
            r"\bperdu la vie\b",
            r"(?:(?<=coûté la )|(?<=coûte la )|(?<=coûtant la ))vie à\b",
            r"\bsans vie\b",
            # "soldats tombés au combat", never shells ("obus sont tombés")
            r"\btombés (?:au combat|au front|sous les balles)\b",
        ],
        "wounded": [r"\bbless(?:é|ée|és|ées|ant)\b"],
        "missing": [r"\bdisparue?s?\b"],
    },
    count_words={
        # "un"/"une" are articles first (see numbers.py): one killed or wounded only in
        # these shapes
        r"\b(?:un|une) (?:autre |\w+ )?(?:mort|tué|tuée)\b|\btuant (?:un|une) \w+": ("killed", 1),
        r"\b(?:mort|assassinat|meurtre|décès) d'(?:un|une) \w+": ("killed", 1),
        r"\b(?:un|une) (?!drone|missile|avion|hélicoptère|appareil|engin|obus)\w+ (?:\w+ ){0,2}"
        r"(?:a été|est|a) (?:tuée?|morte?|abattue?)\b": ("killed", 1),
        r"\b(?:un|une) (?:autre |\w+ )?blessée?\b|\bblessant (?:un|une) \w+": ("wounded", 1),
        r"\b(?:un|une) (?!drone|missile|avion|hélicoptère|appareil|engin)\w+ (?:\w+ ){0,2}"
        r"(?:a été|est) (?:légèrement |grièvement |gravement )?blessée?\b": ("wounded", 1),
    },
    count_window=6,  # French passives are long: "deux casques bleus ont été blessés"
    including=[
        r"\bdont\b|\bparmi (?:eux|elles|lesquels|lesquelles)\b|\by compris\b"
        r"|\bnotamment\b"
    ],
    range_words=["à"],
    conjunctions=["et"],
    # "le bilan des morts de la frappe sur Jabaliya est passé à 28"
    toll_update={
        "killed": [_TOLL.format("morts|tués|victimes|décès")],
        "wounded": [_TOLL.format("blessés")],
    },
    attribution=[
        r"\bselon (?P<src>[^,.;]{3,80})",
        r"\bd'après (?P<src>[^,.;]{3,80})",
        r"\b(?:a|ont) (?:indiqué|annoncé|affirmé|rapporté|déclaré|précisé) (?P<src>(?:l[ae']|les"
        r"|un|une) ?[^,.;]{3,80})",
    ],
    actor_trim=[
        r"^(?:(?:cependant|toutefois|par ailleurs|de son côté|pour sa part|mais|or)"
        r"\s*,?\s*)+"
    ],
    places=PLACES,
    latin_names=True,
    clitics=["l'", "d'"],
    demonyms={
        "russe": "RU",
        "ukrainien": "UA",
        "israélien": "IL",
        "syrien": "SY",
        "libanais": "LB",
        "palestinien": "PS",
        "gazaoui": "PS",
        "iranien": "IR",
        "malien": "ML",
        "burkinab": "BF",
        "nigérien": "NE",
        "nigérian": "NG",
        "tchadien": "TD",
        "soudanais": "SD",
        "congolais": "CD",
        "rwandais": "RW",
        "burundais": "BI",
        "yéménite": "YE",
        "somalien": "SO",
    },
    actor_after=ACTOR_AFTER,
    actor_before=ACTOR_BEFORE,
    locatives=["à", "au", "aux", "en", "dans", "sur", "près", "vers", "de"],
    origins=["depuis"],
    abbreviations=[
        "m",
        "mme",
        "mm",
        "dr",
        "gén",
        "col",
        "lt",
        "st",
        "ste",
        "av",
        "env",
        "janv",
        "févr",
        "avr",
        "juil",
        "sept",
        "oct",
        "nov",
        "déc",
        "n°",
    ],
    normalize=normalize,
)
