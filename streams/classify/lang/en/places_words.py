"""Words and patterns of English reporting that tell where an event happened from where it
was reported, who acted, and what a place name only qualifies (lang/en/places.py applies them;
docs/classification.md, Places (English))."""

from __future__ import annotations

import re
from re import _parser  # type: ignore[attr-defined]

from streams.classify.lang.en.text import case_odd

# A place that only says where the news came from: "officials in Baku said", "Moscow says".
SOURCE_AFTER = re.compile(
    r"^[\s,]*(?:[\w-]+\s+){0,2}(?:said|says|told|reported|reports|announced|claimed|stated)\b", re.I
)
# The verbs a SOURCE_AFTER match ends with, as written in its last group.
_SOURCE_VERBS = tuple(
    re.fullmatch(r".*\(\?:([a-z|]+)\)\\b", SOURCE_AFTER.pattern).group(1).split("|")  # type: ignore[union-attr]
)


def source_after(after: str) -> bool:
    """``SOURCE_AFTER.match(after) is not None``, skipped when ``after`` lacks every verb."""
    if not case_odd(after):  # a character re.I matches with an ASCII letter lets it run
        low = after.lower()
        for verb in _SOURCE_VERBS:
            if verb in low:
                break
        else:
            return False
    return SOURCE_AFTER.match(after) is not None


SOURCE_BEFORE = re.compile(
    r"\b(?:officials?|sources?|authorities|correspondents?|reporters?|journalists?|reporting"
    r"|spokes(?:m[ae]n|woman|person)|ministry|headquarters|based|briefing|conference|statement"
    r"|government|junta|regime|doctors?|medics|team"
    r"|address|parliament|television|said|says|speaking|released|issued|diplomats?) (?:in|from)"
    r"\s*$",
    re.I,
)
# Every SOURCE_BEFORE match ends at the text's end less its trailing whitespace (``\s*$``;
# ``str.rstrip`` strips what ``\s`` matches), so it starts at most this many characters
# before that: the widest match of the part before ``\s*$``.
assert SOURCE_BEFORE.pattern.endswith(r"\s*$")
_SOURCE_BEFORE_WIDTH: int = _parser.parse(
    SOURCE_BEFORE.pattern[: -len(r"\s*$")], SOURCE_BEFORE.flags
).getwidth()[1]


def source_before(window: str) -> bool:
    """``SOURCE_BEFORE.search(window) is not None``, searched only where a match can start."""
    start = len(window.rstrip()) - _SOURCE_BEFORE_WIDTH
    return SOURCE_BEFORE.search(window, start if start > 0 else 0) is not None


# A capital used for its state: "Moscow said", "Kyiv has denied", "Baku's reports",
# "between Moscow and Kyiv", "urged Washington". Checked only for national capitals that no
# locative introduces ("in Moscow", "hit Kyiv" stay places).
STATE_VERBS = (
    r"(?:said|says|say|accused|accuses|denied|denies|rejected|rejects|claimed|claims|blamed"
    r"|blames|warned|warns|vowed|vows|urged|urges|condemned|condemns|called|calls|insisted"
    r"|insists|dismissed|dismisses|demanded|demands|asked|asks|announced|announces|responded"
    r"|retaliated|played|wants|sent|sends|summoned|expelled|recalled|agreed|agrees|signed|struck"
    r"|launched|fired|believes|considers|sees|hopes|fears|pressed|presses|pushed|backed|backs"
    r"|supports|supported|threatened|threatens|plans|intends|refused|refuses|welcomed|denounced"
    r"|protested|reported|confirmed|confirms|acknowledged|admitted|praised|criticised|criticized"
    r"|hit back|has|had|have|is|was|will|would|did|does|could|may|might|must"
    r"|(?:and|or)(?=\s+[A-Z]))"
)
METONYM_AFTER = re.compile(
    r"^(?:['’]s\s+(?!(?:southern|northern|eastern|western|central|outskirts|suburbs?|centre"
    r"|center|city|old|main|international|downtown|districts?|neighbou?rhoods?|streets?|airport"
    r"|port|residents|hospitals?|[A-Z])\b)|,?\s+(?:(?:on|late|early|last|this)\s+\w+\s+)?"
    r"(?:(?:categorical|flat|strong|swift|quick|immediate|firm|angri|furious|sharp|repeated"
    r"|official|public)ly\s+)?"
    + STATE_VERBS
    + r"\b(?!\s+(?:hit|struck|shelled|attacked|bombed|targeted|rocked|shaken|damaged|hosting"
    r"|home)\b))"
)
METONYM_PREV = frozenset(
    [
        "between",
        "urged",
        "asked",
        "accused",
        "blamed",
        "told",
        "warned",
        "pressed",
        "criticised",
        "criticized",
        "rejected",
        "condemned",
        "thanked",
        "and",
        "with",
        "against",
    ]
)
# A dateline opening a text: "ISLAMABAD —", "KYIV, Ukraine (AP) —", "MOSCOW, Jan 14 (Reuters) -",
# "MUZAFFARABAD:". The reporter's city: the event place only when the event sentences name no
# other place.
DATELINE = re.compile(
    r"^[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){0,3}"
    r"(?:,\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})?"
    r"(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\.?)?"
    r"\s*(?:\([A-Za-z .&/-]{1,40}\)|/[A-Za-z]{2,10}/)?\.?\s*(?:[-—–:]|\.-)"
)
# Bylines: "By Fatima Shbair.", "Reporting by X in Ramallah": no place there is the event's.
BYLINE = re.compile(r"^By\s+[A-Z]|\b(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Ss]tory) by\b")
# Words after a one-word place name that keep it a place (or a body of that place) in a run of
# capitalised words; another capitalised word there makes the pair a person's name
# ("Fatima Hassan", "Chin Mya", "Jordan Salama").
PLACE_NEXT = frozenset(
    [
        "governor",
        "mayor",
        "regional",
        "oblast",
        "administration",
        "municipality",
        "health",
        "interior",
        "foreign",
        "civil",
        "emergency",
        "emergencies",
        "prosecutor",
        "prosecutor's",
        "airport",
        "strip",
        "oblast's",
        "region's",
        "province's",
        "city's",
        "state",
        "people's",
        "red",
        "crescent",
    ]
)

# Where fire came from ("a rocket fired from Gaza hit Ashkelon"), not where it struck; where
# the parties to talks came from ("mediators from Doha met the delegations in Geneva").
ORIGIN_BEFORE = re.compile(
    r"\b(?:fired|launched|lobbed|flew|flying|coming|came|crossed|infiltrated|fire|rockets?"
    r"|missiles?|drones?|shells?|mortars?|projectiles?)\s+(?:\w+\s+)?from\s*$"
    r"|\b(?:mediators?|delegations?|delegates?|envoys?|representatives?|negotiators?"
    r"|counterparts?|diplomats?|ministers?|leaders?|observers?|monitors?|ambassadors?)\s+from\s*$",
    re.I,
)
# A meeting before the people it was with: "met Houthi officials in Muscat" is the venue, not
# where a report came from (SOURCE_BEFORE's "officials in").
MET_BEFORE = re.compile(r"\b(?:met|meets|meeting|hosted|hosts|hosting|received|receives)\b[^.;]*$")
# A place as the modifier of a topic ("the Gaza ceasefire", "Ukraine peace talks").
MODIFIER_AFTER = re.compile(
    r"^\s+(?:peace\s+)?(?:ceasefire|cease-fire|truce|war|conflict|talks|peace|deal|crisis|policy"
    r"|envoy|file|question|negotiations|agreement|plan|summit|conference|process|format"
    # an armed group named for a place or with a place's name ("Fano militiamen", "Kachin
    # rebels"): who fought, not where; still the place when the text names no other
    r"|militiam[ae]n|militias?|militants|fighters|gunmen|rebels|insurgents|commanders)\b"
)


# Words before a name the main gazetteer lacks that make it worth a small-town lookup; "of"
# only after a settlement word ("the village of Madarpur").
TOWN_PREP = frozenset(
    [
        "in",
        "near",
        "outside",
        "at",
        "around",
        "into",
        "on",
        "hit",
        "struck",
        "shelled",
        "bombed",
        "attacked",
        "targeted",
        "raided",
        "stormed",
        "from",
    ]
)
SETTLEMENT = frozenset(
    [
        "village",
        "town",
        "city",
        "hamlet",
        "outskirts",
        "district",
        "municipality",
        "area",
        "settlement",
        "kibbutz",
        "camp",
        "villages",
        "towns",
        "township",
        "locality",
        "ruins",
    ]
)


# The country written with a place: after it ("X in northern Burkina Faso", "X, Ukraine") or
# before it as a possessive ("Congo's Kasai region").
COMPASS = (
    r"(?:(?:the\s+)?(?:far\s+)?(?:north|south|east|west|central|northern|southern|eastern"
    r"|western|north-?eastern|north-?western|south-?eastern|south-?western|northeast|northwest"
    r"|southeast|southwest)\s+)?"
)
# Not a weekday or a month: "on Sunday" is no place a locality lies in.
NOT_A_DATE = (
    r"(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:January|February|March|April|May|June"
    r"|July|August|September|October|November|December)\b)"
)

# "in northern Mali", "in the occupied West Bank", "in the Boucle du Mouhoun region"
COUNTRY_AFTER = re.compile(
    r"(?:,\s+in\s+(?:the\s+)?|,\s+|\s+in\s+(?:the\s+)?)(?:occupied\s+)?"
    + COMPASS
    + r"(?P<c>[A-Z][\w'’.-]*(?:\s+(?:(?:du|de|del|des|la|el|al|es)\s+)?[A-Z][\w'’.-]*){0,2})"
)
COUNTRY_BEFORE = re.compile(r"(?P<c>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)['’]s\s+" + COMPASS + "$")


# Countries written alike: "Congo" (the Republic) is as often the DRC ("Goma, Congo").
SAME_NAME = {"CG": ("CG", "CD"), "CD": ("CG", "CD"), "KP": ("KP", "KR"), "KR": ("KP", "KR")}


# A diplomatic mission in a city ("Russia's embassy in Bamako said"): the city is where the
# mission sits, not the event's place, unless the event is at the mission.
EMBASSY_BEFORE = re.compile(
    r"\b(?:[Ee]mbass(?:y|ies)|[Cc]onsulates?|[Cc]onsulate[- ]general|[Mm]ission)\s+in\s+$"
)
MISSION_HIT = re.compile(
    r"\b(?:attack(?:ed|s)?|strikes?|struck|hit|stormed|storming|shelled|shelling|bombed"
    r"|bombing|targeted|rockets?|drones?|explosion|blast|fired)\s+(?:\w+\s+){0,4}?"
    r"(?:embass(?:y|ies)|consulates?|mission)\b"
    r"|\b(?:embass(?:y|ies)|consulates?)\b[^.;]{0,60}?\b(?:was|were|came|has been|had been)\s+"
    r"(?:under\s+)?(?:hit|attacked|struck|stormed|targeted|shelled|bombed|fire|attack)\b",
    re.I,
)
# Where the wounded were treated or a count was given: "taken to a hospital in Dnipro", "staff
# at Nasser hospital in Khan Younis", "according to the Al-Aqsa Martyrs Hospital in".
CARE_BEFORE = re.compile(
    r"\b(?:taken|rushed|brought|transferred|evacuated|admitted|airlifted|flown)\s+to\s+"
    r"(?:[\w'’-]+\s+){0,4}?(?:[Hh]ospitals?|[Cc]linics?|[Mm]edical\s+[Cc]entre)\s+in\s+$"
    r"|\b(?:staff|doctors?|medics?|nurses?|officials?|director|morgue|according\s+to)\s+"
    r"(?:at|of|in|from)?\s*(?:the\s+)?(?:[A-Z][\w'’-]*\s+){1,4}(?:[Hh]ospital|[Mm]edical"
    r"\s+[Cc]omplex|[Cc]linic)\s+in\s+$"
)

# Who holds a place, before it: "Russian-held", "Ukrainian-controlled", "rebel-held",
# "Israeli-occupied". The holder's country is not the place's.
HELD = re.compile(r"-(?:held|controlled|occupied|run|installed|seized|captured|annexed)\b", re.I)


def may_be_mission(text: str, start: int) -> bool:
    """Whether ``EMBASSY_BEFORE`` may end at ``start``: a cheap test of its words first."""
    window = text[max(0, start - 40) : start]
    return "mbass" in window or "onsulat" in window or "ission" in window


def may_be_care(text: str, start: int) -> bool:
    """Whether ``CARE_BEFORE`` may end at ``start``: a cheap test of its words first."""
    window = text[max(0, start - 20) : start]
    return "ospital" in window or "linic" in window or "edical" in window
