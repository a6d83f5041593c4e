"""Spanish: a data pack for the generic stages, written from how Spanish-language wire and
newspaper copy reports conflict (EFE, El País, El Tiempo, BBC Mundo, Milenio, Infobae):
Colombia's armed groups, Mexico's cartels, and the foreign wars (Ukraine, Gaza, Lebanon).

The traps it is built around: "enfrentamientos", "combates", "emboscada" and shootings are
ground fighting (casualties, not strikes), while explosives or grenades dropped from drones
are strikes; car, truck and motorbike bombs ("carro bomba") and mines are not strikes;
"abatidos" are attackers killed; "una decena", "una veintena" are vague; "falsos positivos"
is not a denial; Colombia's "mesa de diálogos"/"cese al fuego" with the ELN is diplomacy.
The evaluation sets are tests/golden/classify/lang/es-dev.jsonl and es-challenge.jsonl.
"""

from __future__ import annotations

from streams.classify.lang import LanguagePack
from streams.classify.lang.es.numbers import NUMBERS, normalize
from streams.classify.lang.es.places import ACTOR_AFTER, ACTOR_BEFORE, PLACES

__all__ = ["PACK"]

# Remote weapons, as nouns (aircraft apart: they are also what gets hit).
_ARMS = r"(?:drones?|dron|misiles?|misil|cohetes?|proyectiles?|obuses|obús|artillería|morteros?)"
_AIRCRAFT = r"(?:aviones?|avión|aviación|aeronaves?|helicópteros?|cazas)"
# Verbs of hitting a target, in the forms news copy uses.
_HIT = (
    r"(?:impact\w+|cay(?:ó|eron)|lanzad[oa]s?|disparad[oa]s?|atac(?:ó|aron|ando|ar|an)"
    r"|alcanz\w+|golpe(?:ó|aron|ando)|bombarde\w+|explot(?:ó|aron)|arroj\w+|dej(?:ó|aron) caer)"
)
_DOWN = r"(?:derrib\w+|intercept\w+|neutraliz\w+|destru(?:ido|idos|yó|yeron))"

# A toll update: the figure follows the verb, however far the noun ("el balance de
# fallecidos del ataque con misiles ascendió a 28").
_TOLL = (
    r"\b(?:la cifra|el número|el balance|el saldo|el conteo) de (?:{})\b[^.;:!?]{{0,120}}?"
    r"\b(?:subió|sube|ascendió|asciende|aumentó|aumenta|llegó|llega|se elevó|se eleva|alcanzó"
    r"|alcanza)(?: a| hasta)?"
)

PACK = LanguagePack(
    code="es",
    name="Spanish",
    cues={
        "strike": [
            (r"\bbombarde\w*", 0.9),
            (r"\bataques? aéreos?\b|\bofensiva aérea\b|\bincursi\w+ aéreas?\b", 0.9),
            (
                r"\b(?:ataques?|ofensiva|oleada|andanada|lluvia) (?:\w+ ){0,2}?(?:con|de) "
                r"(?:\w+ ){0,2}?(?:drones?|dron|misiles?|cohetes?|artillería|morteros?"
                r"|bombas aéreas)\b",
                0.9,
            ),
            (
                r"\b(?:explosivos?|granadas?|artefactos? explosivos?|cargas? explosivas?"
                r"|bombas?) (?:\w+ ){0,2}?(?:lanzad[oa]s?|arrojad[oa]s?) desde (?:un |unos )?"
                r"(?:drones?|dron|aeronaves?)",
                0.9,
            ),
            (
                r"\b(?:lanz|arroj)\w+ (?:\w+ ){0,4}?desde (?:un |unos )?"
                r"(?:drones?|dron|aeronaves?)",
                0.9,
            ),
            (
                r"\b(?:drones?|dron) (?:\w+ ){0,1}(?:kamikazes?|bomba|con explosivos"
                r"|cargados? (?:con|de)"
                r" explosivos|explosivos?|shahed)\b",
                0.85,
            ),
            (
                r"\bmisiles? (?:balísticos?|de crucero|kalibr|iskander|hipersónicos?)\b"
                r"|\bmisil (?:balístico|de crucero)\b",
                0.85,
            ),
            (r"\bbombas? (?:aéreas?|guiadas?)\b", 0.9),
            (
                r"\b(?:fuego|disparos?|proyectiles?|ataque) de (?:artillería|mortero)\b"
                r"|\bartillería (?:rusa|israelí|ucraniana|pesada)\b",
                0.9,
            ),
            (r"\b(?:proyectiles?|granadas?) de mortero\b|\bmorterazos?\b", 0.9),
            (r"\b" + _DOWN + r"\b[^.;]{0,60}?\b(?:drones?|dron|misiles?|misil|cohetes?)\b", 0.85),
            (r"\b(?:drones?|dron|misiles?|misil|cohetes?)\b[^.;]{0,60}?\b" + _DOWN, 0.85),
            (r"\b" + _ARMS + r"\b[^.;]{0,80}?\b" + _HIT + r"\b", 0.85),
            (
                r"\b" + _AIRCRAFT + r"\b[^.;]{0,40}?\b(?:atac(?:ó|aron)|bombarde(?:ó|aron)"
                r"|dispar(?:ó|aron)|lanz(?:ó|aron))\b",
                0.85,
            ),
            (
                r"\batac(?:ó|aron|an|a|ando|ad[oa]s?) (?:\w+ ){0,4}?con (?:\w+ ){0,2}?"
                r"(?:drones?|dron"
                r"|misiles?|cohetes?|artillería|morteros?|explosivos lanzados)\b",
                0.9,
            ),
            (r"\blanzamientos? de (?:\w+ )?(?:cohetes|misiles|drones|proyectiles)\b", 0.85),
            (r"\bdefensas? antiaéreas?\b|\bdefensa aérea\b", 0.45),
            (r"\bartillería\b|\bmorteros?\b", 0.6),
            (r"\b(?:drones?|dron|misiles?|misil|cohetes?)\b", 0.45),
            (
                r"\b(?:cay(?:ó|eron)|impact(?:ó|aron)|explot(?:ó|aron)) (?:\w+ ){0,3}?"
                r"(?:misil(?:es)?"
                r"|cohetes?|drones?|dron|proyectiles?|obuses)\b",
                0.85,
            ),
            (
                r"\bdefensas? (?:antiaéreas?|aéreas?) (?:\w+ )?(?:repel\w+|se activ\w+|entr\w+ en "
                r"acción|intercept\w+|derrib\w+)",
                0.85,
            ),
            (r"\bataques? (?:masivos? |aéreos? |nocturnos? )?(?:rusos?|israelíe?s?)\b", 0.55),
        ],
        "casualty": [
            (r"\bmu(?:rió|rieron|ere|eren|riendo|rieran|riera)\b", 0.85),
            (r"\bmuert[oa]s?\b", 0.8),
            (r"\bmuertes?\b", 0.6),
            (r"\bfallec\w+", 0.85),
            (r"\bherid[oa]s?\b|\bhiri(?:ó|eron|endo)\b|\blesionad[oa]s?\b", 0.85),
            (r"\basesin(?:ó|aron|ad[oa]s?|ato|atos|ando|ar)\b", 0.85),
            (r"\bmat(?:ó|aron|ando|ar|an|a)\b", 0.8),
            (r"\bperdi(?:ó|eron) la vida\b|\bsin vida\b|\bcobró la vida\b", 0.85),
            (r"\bvíctimas? (?:mortales|fatales)\b", 0.85),
            (r"\bvíctimas?\b", 0.6),
            (r"\babatid[oa]s?\b", 0.7),
            (r"\bmasacres?\b", 0.45),
            (r"\bmatanzas?\b", 0.6),
            (r"\bdesaparecid[oa]s?\b", 0.55),
            (
                r"\b(?:balance|saldo|cifra|número) de (?:víctimas|muertos|fallecidos|heridos)\b",
                0.75,
            ),
        ],
        "denial": [
            (r"\bneg(?:ó|aron|ar|ando|ado|aba|aban)\b|\bnieg(?:a|an|ue|uen)\b", 0.85),
            (r"\bdesmint\w+|\bdesmient\w+", 0.85),
            (
                r"\brechaz\w+ (?:[\w«»\"“”]+ ){0,3}?(?:acusaciones?|señalamientos?|informes?"
                r"|versiones?"
                r"|informaciones?|afirmaciones?|responsabilidad|implicación|vínculos?)\b",
                0.85,
            ),
            (r"\b(?:bulos?|noticias falsas|fake news|desinformación|montajes?)\b", 0.8),
            (r"\b(?:sin fundamento|infundad[oa]s?|carece\w* de fundamento)\b", 0.8),
            (r"\bno correspond\w+ a la realidad\b", 0.85),
            (r"\bfals[oa]s?\b|\bmentiras?\b", 0.6),
            (
                r"\b(?:provocación|propaganda|exagerad[oa]s?|categóricamente"
                r"|de manera categórica)\b",
                0.45,
            ),
        ],
        "diplomatic": [
            (
                r"\bdiálogos? de paz\b|\bmesa de (?:diálogos?|negociación|conversaciones)\b"
                r"|\bnegociaci\w+|\bnegociador\w*",
                0.85,
            ),
            (
                r"\b(?:ronda|ciclo) de (?:negociaciones|conversaciones|diálogos?)\b"
                r"|\bconversaciones (?:de paz|directas)\b",
                0.85,
            ),
            (
                r"\bcese (?:al|del) fuego\b|\balto el fuego\b|\btregua\b"
                r"|\bcese de (?:las )?hostilidades\b",
                0.85,
            ),
            (r"\bmediaci\w+|\bmediador\w*|\bgarantes\b", 0.85),
            (r"\bacuerdo de paz\b|\bproceso de paz\b|\bplan de paz\b|\bpaz total\b", 0.8),
            (
                r"\b(?:canje|intercambi\w+) (?:de )?(?:\w+ ){0,2}?(?:prisioneros|rehenes|presos)\b",
                0.85,
            ),
            (r"\benviad[oa] especial\b|\bemisari[oa]s?\b", 0.8),
            (
                r"\b(?:conversaron|hablaron|habló|conversó) por teléfono\b|\bllam\w+ por teléfono\b"
                r"|\b(?:conversación|llamada) telefónica\b",
                0.85,
            ),
            (
                r"\b(?:convoc|expuls)\w+ (?:\w+ ){0,3}?(?:embajador\w*|encargad[oa] de negocios"
                r"|diplomátic\w+)\b|\bllam\w+ a consultas\b",
                0.9,
            ),
            (r"\bnota (?:de protesta|diplomática)\b|\bprotesta formal\b", 0.85),
            (
                r"\breuni(?:rse|rá|rán|ón) con (?:el|la|los|las|su|sus) (?:\w+ ){0,2}?"
                r"(?:president\w*"
                r"|canciller\w*|ministr\w*|secretari\w*|enviad\w*|homólog\w*|delegaci\w*)\b"
                r"|\bvisita (?:oficial )?(?:del|de la) (?:canciller|secretari[oa] de estado"
                r"|president\w*"
                r"|enviad[oa]|primer ministro)\b",
                0.7,
            ),
            (r"\bdelegaci\w+ (?:de paz|del gobierno|de la guerrilla|negociadora)\b", 0.85),
            (r"\b(?:diálogos?|conversaciones|negociaciones) con (?:el |la |los |las )?\w+", 0.6),
            (r"\bconsejo de seguridad\b", 0.85),
            (r"\bcumbre\b", 0.7),
            (r"\bhomólog[oa]s?\b|\bcancilleres\b", 0.6),
            (
                r"\bse reuni(?:ó|eron)\b|\breunión (?:con|entre|extraordinaria|bilateral)\b"
                r"|\bse reunirán\b",
                0.6,
            ),
            (r"\bfirm\w+ (?:\w+ ){0,4}?acuerdo\b", 0.6),
        ],
    },
    blockers={
        "strike": [
            r"\b(?:prueba|ensayo|lanzamiento de prueba) (?:de |del )?(?:un |una )?(?:\w+ )?"
            r"(?:misil|misiles|cohete|cohetes)\b",
            r"\b(?:imágenes|video|vídeo|grabación) (?:de |captad[oa]s? por )?(?:un )?drones?\b",
            r"\b(?:carro|coche|moto|camión|vehículo)[- ]?bomba\b",
            r"\bhelicópteros? artillados?\b",
            r"\blanzacohetes\b",
        ],
        "casualty": [
            r"\bpena de muerte\b|\bmuerte (?:cerebral|natural)\b",
            r"\b(?:familiares|familias|homenaje|memoria|asociaci\w+|día) (?:de |a )?(?:las |los )?"
            r"víctimas\b",
            r"\b" + _DOWN + r"\b[^.;]{0,60}?\b(?:drones?|dron|misiles?|misil|cohetes?)\b",
            r"\b(?:drones?|dron|misiles?|misil|cohetes?|aviones?)\b[^.;]{0,60}?\b(?:abatid[oa]s?|"
            + _DOWN
            + ")",
        ],
        "denial": [r"\bfalsos? positivos?\b", r"\bfalsa alarma\b"],
    },
    caps={
        "strike": [
            (
                r"\b(?:advirti\w+|amenaz\w+|podría|podrían|podrá|prometi\w+|plane\w+"
                r"|dispuest[oa]s?|estudia\w*) (?:que |con |en |a )?(?:\w+ ){0,4}?(?:atacar"
                r"|bombardear|golpear|lanzar|responder)\b",
                0.2,
            ),
            (r"\batacará\w*\b|\bbombardeará\w*\b", 0.2),
            # "negó haber bombardeado": the strike is what is denied
            (
                r"\b(?:neg(?:ó|aron|ar)|niega|niegan|desmint\w+) haber (?:bombardeado|atacado"
                r"|disparado|lanzado)\b",
                0.4,
            ),
        ],
        "casualty": [
            # deaths named after a denial verb are the denied claim
            (
                r"\b(?:neg(?:ó|aron)|niega|niegan|desmint\w+|desmient\w+|rechaz\w+)\b[^.]*?"
                r"\b(?:muert[oa]s?|fallecid[oa]s?|heridos?|víctimas?|asesinad[oa]s?"
                r"|asesinatos?)\b",
                0.4,
            ),
            (
                r"\b(?:accidente\w*|se estrell\w+|estrell(?:arse|ó|aron)|se despl\w+"
                r"|volc(?:ó|ar|adura)|sismo|terremoto"
                r"|deslizamiento|derrumbe|avalancha|alud|inundaci\w+|lluvias|ahogad\w+"
                r"|naufragio|dengue|brote|epidemia|cólera|pólvora|pirotecni\w+"
                r"|falla mecánica|incendio forestal|huracán|tormenta|mina de (?:carbón|oro)"
                r"|explosión de gas|grisú|a los \d+ años|a la edad de|larga enfermedad"
                r"|causas naturales|muerte natural)\b",
                0.05,
            ),
        ],
        "diplomatic": [
            (
                r"\brechaz\w+ (?:la |el |los |las |toda |cualquier )?(?:\w+ ){0,2}?"
                r"(?:propuesta|oferta|plan|iniciativa)\b",
                0.3,
            ),
            (r"\b(?:comercial\w*|económic[oa]s?|empresa\w*|inversi\w+|exportaciones)\b", 0.3),
        ],
    },
    # an accident or disaster told in one sentence and its toll in the next ("El bus cayó a
    # un abismo. Murieron doce pasajeros.")
    carry_caps={
        "casualty": [
            (
                r"\b(?:accidente\w*|se estrell\w+|volc(?:ó|ar|adura)|sismo|terremoto"
                r"|deslizamiento|derrumbe|avalancha|inundaci\w+|naufragio|huracán|tormenta"
                r"|abismo|explosión de gas)\b",
                0.05,
            ),
        ],
    },
    negation=[
        r"\b(?:sin (?:causar |dejar |provocar |que (?:se )?(?:registrar|reportar|hubier)\w+ )?"
        r"|no hubo |no (?:se )?(?:registr|report)\w+ |ningún |ninguna |ni un )"
        r"(?:\w+ )?(?:víctimas?|heridos?|muertos?|lesionados?|fallecidos?)\b",
    ],
    history=[
        r"\b(?:en|desde) (?:\w+ de )?(?:19|20)\d\d\b",
        r"\b(?:guerra|conflicto|masacre|toma|atentado|acuerdo|crisis) de (?:19|20)\d\d\b",
        r"\bhace (?:\w+ ){1,2}años\b",
        r"\bel año pasado\b|\bdécadas?\b",
        r"\bhabía(?:n)? (?:dejado|causado|matado)\b",
    ],
    present=[
        r"\b(?:hoy|este (?:lunes|martes|miércoles|jueves|viernes|sábado|domingo)|esta (?:mañana"
        r"|madrugada|noche|semana)|anoche|ayer)\b"
    ],
    # "Bogotá, 14 abr (EFE).- ...": the dateline is a sentence of its own (never evidence)
    sentence_end=".!?…-",
    boilerplate=[
        r"\b(?:lea también|le puede interesar|suscríbete|suscribete|síguenos|todos los derechos"
        r" reservados|noticia relacionada|te puede interesar)\b",
    ],
    weapons={
        "ballistic missile": [r"\bmisil(?:es)? balístic[oa]s?\b|\biskander\b"],
        "cruise missile": [r"\bmisil(?:es)? de crucero\b|\bkalibr\b"],
        "missile": [r"\bmisil(?:es)?\b"],
        "rocket": [r"\bcohetes?\b"],
        "drone": [r"\bdrones?\b|\bdron\b|\bshahed\b|\baeronaves? no tripuladas?\b"],
        "air strike": [
            r"\bataques? aéreos?\b|\bbombardeo aéreo\b|\baviones?\b|\bavión\b"
            r"|\bbombas? aéreas?\b|\bfuerza aérea\b"
        ],
        "artillery": [r"\bartillería\b|\bobuses\b|\bobús\b"],
        "mortar": [r"\bmorteros?\b"],
        "naval": [r"\barmada\b|\bbuques?\b|\bfragata\b|\bsubmarinos?\b"],
        "helicopter": [r"\bhelicópteros?\b"],
    },
    numbers=NUMBERS,
    scales={"cien": 100, "ciento": 100, "mil": 1000, "millón": 1_000_000, "millones": 1_000_000},
    qualifiers={
        r"\bal menos(?: a)?": "at least",
        r"\bpor lo menos(?: a)?": "at least",
        r"\bmás de": "more than",
        r"\balrededor de": "about",
        r"\bcerca de": "nearly",
        r"\bcasi": "nearly",
        r"\bunos|\bunas": "about",
        r"\bhasta": "up to",
    },
    vague=[r"(?:decena|docena|veintena|quincena|treintena|centenar|cientos|miles|millar)e?s?\b"],
    casualty_words={
        "killed": [
            r"\bmu(?:rió|rieron|ere|eren)\b",
            r"\bmuert[oa]s\b",
            r"\bfallec(?:ió|ieron|id[oa]s)\b",
            r"\basesin(?:ó|aron|ad[oa]s|ando)\b",
            r"\bmat(?:ó|aron|ando)\b",
            r"\bperdieron la vida\b",
            r"\babatid[oa]s\b",
            r"\bsin vida\b",
            r"(?:(?<=cobró la )|(?<=cobraron la )|(?<=costó la ))vida (?:de|a)\b",
            r"\bvíctimas mortales\b",
        ],
        "wounded": [r"\bherid[oa]s\b|\bhiri(?:ó|eron|endo)\b|\blesionad[oa]s\b"],
        "missing": [r"\bdesaparecid[oa]s\b"],
    },
    count_words={
        # "un"/"una"/"uno" are articles first (see numbers.py): one killed or wounded only in
        # these shapes
        r"\bun muerto\b|\buna (?:persona |víctima )?muerta\b": ("killed", 1),
        r"\b(?:muerte|asesinato|homicidio) de (?:un|una) \w+|\bmurió (?:un|una) \w+": (
            "killed",
            1,
        ),
        r"\bdej(?:ó|a) (?:a )?(?:un|una) \w+ muert[oa]\b": ("killed", 1),
        r"\b(?:un|una) (?!dron|misil|avión|helicóptero|cohete|proyectil|artefacto)\w+ "
        r"(?:\w+ ){0,2}(?:murió|falleció|fue asesinad[oa]|perdió la vida|fue abatid[oa])\b": (
            "killed",
            1,
        ),
        r"\b(?:mató|asesinó) (?:a )?(?:un|una|su) \w+": ("killed", 1),
        r"\botr[oa] (?:\w+ )?(?:quedó|resultó|fue) (?:\w+ )?(?:herid[oa]|lesionad[oa])\b": (
            "wounded",
            1,
        ),
        r"\bun herido\b|\buna (?:persona )?herida\b|\b(?:un|una) \w+ herid[oa]\b": (
            "wounded",
            1,
        ),
        r"\b(?:un|una) (?!dron|misil|avión|helicóptero|cohete|proyectil)\w+ (?:\w+ ){0,2}"
        r"(?:resultó|quedó|fue) (?:\w+ )?(?:herid[oa]|lesionad[oa])\b": ("wounded", 1),
        r"\bhiri(?:ó|endo) (?:levemente |gravemente )?a (?:un|una) \w+": ("wounded", 1),
    },
    count_window=7,  # subjects run long: "19 presuntos integrantes del Clan del Golfo murieron"
    including=[
        r"\bentre (?:ellos|ellas)\b|\bincluid[oa]s\b|\bincluyendo\b"
        r"|\bde (?:los|las) cuales\b"
    ],
    range_words=["a"],
    conjunctions=["y"],
    # "la cifra de muertos por la masacre en Segovia subió a seis"
    toll_update={
        "killed": [
            _TOLL.format("muert[oa]s|fallecid[oa]s|víctimas(?: mortales)?|víctimas fatales")
        ],
        "wounded": [_TOLL.format("herid[oa]s|lesionad[oa]s")],
    },
    attribution=[
        r"\bsegún (?P<src>[^,.;]{3,80})",
        r"\bde acuerdo con (?P<src>[^,.;]{3,80})",
        r"\b(?:informó|informaron|indicó|señaló|confirmó|denunció|aseguró) (?P<src>(?:el|la|los"
        r"|las) [^,.;]{3,80})",
    ],
    actor_trim=[
        r"^(?:(?:sin embargo|no obstante|por su parte|por otro lado|además|pero)"
        r"\s*,?\s*)+"
    ],
    places=PLACES,
    latin_names=True,
    # capitalised institution words ("Defensoría del Pueblo", "Secretaría de Marina") and
    # "granada" (a hand grenade, CLDR's Grenada)
    not_places=[
        "granada",
        "palacio",
        "pueblo",
        "marina",
        "defensa",
        "paz",
        "unión",
        "victoria",
        "libertad",
        "esperanza",
        "concordia",
        "trinidad",
    ],
    demonyms={
        "ruso": "RU",
        "rusa": "RU",
        "ucranian": "UA",
        "israel": "IL",
        "libanés": "LB",
        "libanes": "LB",
        "palestin": "PS",
        "gazatí": "PS",
        "colombian": "CO",
        "mexican": "MX",
        "venezolan": "VE",
        "ecuatorian": "EC",
        "sudanés": "SD",
        "iraní": "IR",
        "sirio": "SY",
        "yemení": "YE",
    },
    actor_after=ACTOR_AFTER,
    actor_before=ACTOR_BEFORE,
    locatives=["en", "contra", "sobre", "del"],
    origins=["desde"],
    abbreviations=[
        "sr",
        "sra",
        "gral",
        "dr",
        "dra",
        "ee",
        "uu",
        "ene",
        "feb",
        "mar",
        "abr",
        "jun",
        "jul",
        "ago",
        "sept",
        "sep",
        "oct",
        "nov",
        "dic",
        "n°",
        "núm",
    ],
    normalize=normalize,
)
