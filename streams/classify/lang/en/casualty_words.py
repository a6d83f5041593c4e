"""English casualty vocabulary for ``casualties``: the words that make a number a count of the
killed, wounded or missing, and the nouns and stop words the count extractor walks over."""

from __future__ import annotations

from streams.classify.lang.en.demonyms import DEMONYMS
from streams.classify.lang.en.text import MONTH_NAMES

__all__ = [
    "AUX",
    "CASUALTY_ALL",
    "FORWARD",
    "KILL_WORDS",
    "MISS_WORDS",
    "MONTHS",
    "NATIONALS",
    "NOT_AGENTS",
    "NP_INNER",
    "NP_STOP",
    "ORDINALS",
    "PERSONS",
    "SINGULAR",
    "TO_DEATH",
    "WOUND_WORDS",
]

KILL_WORDS = frozenset(
    [
        "killed",
        "dead",
        "died",
        "deaths",
        "death",
        "slain",
        "perished",
        "massacred",
        "murdered",
        "executed",
        "fatalities",
        "lives",
        "bodies",
        "beheaded",
        "die",
        "martyred",
    ]
)
WOUND_WORDS = frozenset(
    [
        "wounded",
        "injured",
        "hurt",
        "injuries",
        "wounds",
        "injury",
        "suffocation",
        "hospitalized",
        "hospitalised",
    ]
)
MISS_WORDS = frozenset(["missing"])
# Active forms that take the count after them: "killing 12", "wounding eight soldiers".
FORWARD = {
    "killing": "killed",
    "killed": "killed",
    "kills": "killed",
    "kill": "killed",
    "wounding": "wounded",
    "wounded": "wounded",
    "injuring": "wounded",
    "injured": "wounded",
    "wounds": "wounded",
    "injures": "wounded",
    "massacred": "killed",
    "executed": "killed",
    "murdered": "killed",
    "martyred": "killed",
    "beheaded": "killed",
    "claimed": "killed",  # "claimed the lives of 12" is handled by the lives-of rule below
}
CASUALTY_ALL = KILL_WORDS | WOUND_WORDS | MISS_WORDS | frozenset(FORWARD)
AUX = frozenset(
    [
        "were",
        "was",
        "have",
        "has",
        "had",
        "been",
        "be",
        "being",
        "are",
        "is",
        "reportedly",
        "also",
        "all",
        "later",
        "confirmed",
        "reported",
        "feared",
        "believed",
        "said",
        "thought",
        "found",
        "left",
        "lay",
        "lie",
        "seriously",
        "critically",
        "badly",
        "slightly",
        "lightly",
        "severely",
        "fatally",
        "mortally",
        "gravely",
        "allegedly",
        "initially",
        "so",
        "far",
        "now",
        "reported_",
        "already",
        "then",
        "subsequently",
        "eventually",
    ]
)
NP_STOP = frozenset(
    [
        "in",
        "on",
        "at",
        "by",
        "from",
        "with",
        "after",
        "before",
        "when",
        "while",
        "as",
        "but",
        "which",
        "who",
        "that",
        "than",
        "to",
        "into",
        "during",
        "since",
        "because",
        "amid",
        "near",
        "against",
        "for",
        "over",
        "under",
        "about",
        "around",
    ]
)
NP_INNER = frozenset(["of", "in", "from", "the", "a", "an"])
MONTHS = MONTH_NAMES | frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
PERSONS = frozenset(
    [
        "people",
        "persons",
        "person",
        "civilians",
        "civilian",
        "soldiers",
        "soldier",
        "troops",
        "servicemen",
        "serviceman",
        "militants",
        "militant",
        "fighters",
        "fighter",
        "police",
        "policemen",
        "policeman",
        "officers",
        "officer",
        "children",
        "child",
        "women",
        "woman",
        "men",
        "man",
        "members",
        "member",
        "residents",
        "resident",
        "protesters",
        "protester",
        "demonstrators",
        "rebels",
        "rebel",
        "terrorists",
        "terrorist",
        "insurgents",
        "insurgent",
        "others",
        "workers",
        "worker",
        "students",
        "student",
        "villagers",
        "guards",
        "guard",
        "personnel",
        "jihadists",
        "gunmen",
        "gunman",
        "attackers",
        "attacker",
        "pilgrims",
        "worshippers",
        "passengers",
        "family",
        "families",
        "boys",
        "girls",
        "babies",
        "infants",
        "kids",
        "servicemembers",
        "marines",
        "sailors",
        "pilots",
        "volunteers",
        "farmers",
        "shepherds",
        "fishermen",
        "journalists",
        "medics",
        "doctors",
        "staff",
        "employees",
        "recruits",
        "cadets",
        "prisoners",
        "inmates",
        "detainees",
        "migrants",
        "refugees",
        "tourists",
        "mourners",
        "bystanders",
        "pedestrians",
        "individuals",
        "citizens",
        "nationals",
        "troopers",
        "commanders",
        "commander",
        "militiamen",
        "combatants",
        "paramilitaries",
        "peacekeepers",
        "contractors",
        "teenagers",
        "youths",
        "elderly",
        "relatives",
        "siblings",
        "brothers",
        "sisters",
        "bombers",
        "assailants",
        "suspects",
    ]
)
SINGULAR = frozenset(
    [
        "person",
        "civilian",
        "soldier",
        "serviceman",
        "militant",
        "fighter",
        "policeman",
        "officer",
        "child",
        "woman",
        "man",
        "member",
        "resident",
        "protester",
        "demonstrator",
        "rebel",
        "terrorist",
        "insurgent",
        "worker",
        "student",
        "villager",
        "guard",
        "jihadist",
        "gunman",
        "attacker",
        "pilgrim",
        "passenger",
        "boy",
        "girl",
        "baby",
        "infant",
        "teenager",
        "journalist",
        "farmer",
        "shepherd",
        "commander",
        "trooper",
        "peacekeeper",
        "contractor",
        "bystander",
        "pedestrian",
        "citizen",
        "national",
        "civilian",
    ]
)
SINGULAR = SINGULAR | frozenset(
    [
        "operator",
        "priest",
        "trader",
        "combatant",
        "general",
        "ranger",
        "official",
        "jawan",
        "photojournalist",
        "reporter",
        "activist",
        "priest",
        "imam",
        "teacher",
        "doctor",
        "nurse",
        "medic",
        "driver",
        "colonel",
        "major",
        "captain",
        "lieutenant",
        "sergeant",
        "militiaman",
        "policewoman",
        "constable",
        "fisherman",
        "worshipper",
        "mourner",
        "leader",
        "chief",
        "mayor",
        "governor",
        "lawmaker",
        "judge",
    ]
)
PERSONS = PERSONS | frozenset(
    [
        "rangers",
        "combatants",
        "officials",
        "jawans",
        "reporters",
        "activists",
        "leaders",
        "teachers",
        "nurses",
        "drivers",
        "guerrillas",
        "sons",
        "daughters",
        "grandchildren",
        "parents",
        "crew",
        "parishioners",
        "worshipers",
        "priests",
        "clerics",
        "traders",
        "guests",
        "shoppers",
        "herders",
        "operators",
        "operator",
        "engineers",
        "lawmakers",
    ]
)
# Kin and everyday roles, so that victims named by who they were still count: "a father and
# his three sons", "a volunteer and a local resident", "her brother", "their driver".
_KIN_ONE = frozenset(
    [
        "father",
        "mother",
        "son",
        "daughter",
        "brother",
        "sister",
        "wife",
        "husband",
        "child",
        "baby",
        "cousin",
        "nephew",
        "niece",
        "grandmother",
        "grandfather",
        "granddaughter",
        "grandson",
        "uncle",
        "aunt",
        "neighbour",
        "neighbor",
        "relative",
        "bodyguard",
        "passenger",
        "volunteer",
        "paramedic",
        "herder",
        "resident",
        "monk",
        "colleague",
        "friend",
        "guard",
        "shepherd",
        "farmer",
        "journalist",
        "student",
        "pupil",
        "girl",
        "woman",
        "man",
        "boy",
        "teenager",
        "toddler",
        "infant",
        "rescuer",
        "firefighter",
        "worker",
        "employee",
        "villager",
        "fighter",
        "soldier",
        "policeman",
        "officer",
        "cameraman",
        "photographer",
        "correspondent",
        "filmmaker",
        "writer",
        "poet",
        "lawyer",
        "engineer",
        "pilot",
        "sailor",
        "bandits",
        "gunmen",
        "attackers",
        "assailants",
        "insurgents",
        "conscript",
        "conscripts",
        "elder",
        "rider",
        "occupant",
        "owner",
        "imam",
        "deputy",
        "aide",
    ]
)
_KIN_MANY = frozenset(
    [
        "fathers",
        "mothers",
        "brothers",
        "sisters",
        "wives",
        "husbands",
        "children",
        "babies",
        "cousins",
        "nephews",
        "nieces",
        "grandmothers",
        "grandfathers",
        "granddaughters",
        "grandsons",
        "uncles",
        "aunts",
        "neighbours",
        "neighbors",
        "relatives",
        "bodyguards",
        "passengers",
        "volunteers",
        "paramedics",
        "residents",
        "monks",
        "colleagues",
        "friends",
        "guards",
        "shepherds",
        "farmers",
        "journalists",
        "students",
        "pupils",
        "girls",
        "women",
        "men",
        "boys",
        "teenagers",
        "toddlers",
        "infants",
        "rescuers",
        "firefighters",
        "workers",
        "employees",
        "villagers",
        "others",
    ]
)
SINGULAR = SINGULAR | _KIN_ONE
PERSONS = PERSONS | _KIN_ONE | _KIN_MANY


def _words(text: str) -> frozenset[str]:
    """A word list written as one string (a long list stays a few lines)."""
    return frozenset(text.split())


# Trades, offices and roles that news names victims by ("a shopkeeper and his nephew", "a pastor
# and three members of his congregation", "a senior leader and two companions").
_ROLES_ONE = _words(
    "vendor seller shopkeeper merchant barber baker butcher tailor cleaner cook waiter "
    "labourer laborer porter miner logger fisher hunter mechanic electrician plumber builder "
    "carpenter technician pharmacist surgeon dentist midwife schoolteacher headteacher "
    "headmaster professor lecturer scholar schoolboy schoolgirl pastor preacher cleric sheikh "
    "bishop nun deacon clergyman blogger editor presenter broadcaster videographer migrant "
    "refugee asylum-seeker pensioner retiree widow orphan grandchild companion associate "
    "assistant secretary spokesman spokeswoman councillor councilor politician candidate "
    "diplomat ambassador envoy minister prosecutor paratrooper sniper gunner ranger conscript "
    "reservist recruit cadet corporal brigadier warlord kingpin militiaman jihadi guerrilla "
    "bandit smuggler hostage detainee prisoner inmate deminer sapper medic nurse tourist "
    "pilgrim worshiper parishioner congregant guest customer shopper commuter motorist "
    "cyclist motorcyclist hiker youth passer-by passerby bystander"
)
_ROLES_MANY = frozenset(
    w + "s" for w in _ROLES_ONE if not w.endswith(("man", "woman", "y", "ch", "sh"))
) | _words(
    "companions aides deputies militiamen clergymen spokesmen fishermen policewomen "
    "congregation worshippers crew bodyguards auxiliaries loggers men"
)
# Nationality nouns: "a Syrian was killed", "the number of Palestinians killed". Only words that
# are nouns too ("Syrian", "Iraqi"; not "British" or "Sudanese" alone).
NATIONALS = frozenset(d for d in DEMONYMS if " " not in d and d.endswith(("an", "i")))
_NATIONALS_MANY = frozenset(d + "s" for d in NATIONALS)
# "a third lost a leg", "a fourth was wounded": one more person of a group named before.
ORDINALS = frozenset(["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"])
# Verbs before "to death" that make it a killing: "hacked to death 23 villagers".
TO_DEATH = _words(
    "hacked stabbed beaten beat burned burnt shot bludgeoned clubbed lynched stoned tortured "
    "crushed trampled starved"
)
SINGULAR = SINGULAR | _ROLES_ONE
# A singular person noun is a person too, so "need a person" tests accept "a nurse".
PERSONS = PERSONS | _ROLES_ONE | _ROLES_MANY | _NATIONALS_MANY | SINGULAR

# Nouns with an agent ending that are not people, and words that count nothing by
# themselves (see ``casualties._coordinated``).
NOT_AGENTS = _words(
    "number total quarter corner border water power tower shelter container trailer tractor "
    "generator motor reactor sector helicopter computer paper letter river winter summer "
    "center centre order matter anger danger fever cancer chapter dinner layer minor major "
    "monitor mirror error other another amount percent incident element document equipment "
    "moment statement apartment department settlement parliament government tent plant "
    "restaurant hydrant elephant"
)
