"""Places the gazetteer lacks, read from how a report writes a place: a settlement word before
the name ("the village of Hrakove", "the port of Ras Isa"), a kind of place after it ("the
Zamzam camp", "Masisi territory", "the Netzarim corridor", "Ben Gurion airport"), or a
locative before it and the place it lies in after it ("in Aitaroun in southern Lebanon",
"near Tarmiyah, north of Baghdad", "in Sarmada in Syria's Idlib province").

Villages, camps, neighbourhoods, crossings and corridors are where much of a war happens and
most are below any town list (GeoNames' 500-person extract lacks Aitaroun, Khiam, Zamzam and
al-Mawasi). Such a locality is named as written and placed at the place it lies in; with no
such place written, at the place of the event the same sentence (else the text) names (not a
country acting: "US strikes on the port of Ras Isa"), else in the country of the armed group
that fights there (``theatres.toml``), else of the nationality whose institution reports it
("the Israeli military said"), else the feed's country; with none of these it is not given (no
place rather than a guess). ``lang/en/places.py`` finds the runs of capitalised words and calls
the frame and the glue at the end of this module.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from streams.classify._gazetteer import Entry, Gazetteer, get_gazetteer
from streams.classify._gazetteer_names import STOP
from streams.classify.lang.en import places_words as pw
from streams.classify.lang.en.demonyms import DEMONYMS
from streams.classify.lang.en.places_run import (
    _DEMONYMS_BY_CC,
    _N_OR_M,
    _NAME_RUN,
    _SPECIFIC,
    Context,
    Found,
    _choose,
    _run_hits,
    _RunHit,
)

__all__ = ["GROUPS", "Frame", "attacker_after", "frame", "group_country", "speaker_country"]

with Path(__file__).with_name("theatres.toml").open("rb") as _f:
    _THEATRES = tomllib.load(_f)
#: armed group or de facto authority (lowercase) -> ISO2 of the country of its war
GROUPS: dict[str, str] = _THEATRES["groups"]
#: groups whose fire often strikes another country: a place they fired at is not theirs
_CROSSBORDER = frozenset(_THEATRES["crossborder"])

# A kind of place after the name: "the Zamzam camp", "Masisi territory", "Bekaa Valley".
_KINDS = (
    r"camp|corridor|valley|territory|crossing|neighbou?rhood|airport|air\s?base|base|port|spit|island"
    r"|village|hamlet|kibbutz|township|settlement|enclave|quarter|district|sub-district|area|market"
    r"|post|outpost|checkpoint|(?:gas |oil )?fields?|oilfield|zone"
)
_KIND_AFTER = re.compile(
    r"\s+(?:(?:refugee|displacement|displaced|IDP|border|fuel|oil|army|military)\s+)?(?:"
    + _KINDS
    + r")\b(?!-)",
    re.I,
)
_KIND_LAST = re.compile(r"\s(?:[Rr]efugee\s)?(?:" + _KINDS + r")$", re.I)
# A settlement word before it: "the village of Hrakove", "the southern Lebanese town of X",
# "the Ras Isa fuel port" is the kind after; "the ruins of Vuhledar".
_SETTLED_BEFORE = re.compile(
    r"(?:(?P<dem>[A-Z][a-z]+)\s+)?(?:[a-z-]+\s+)?"
    r"(?:village|town|city|hamlet|kibbutz|camp|port|township|settlement|locality"
    r"|neighbou?rhood|suburb|district|outskirts|ruins|island|spit|territory|enclave|centre|center"
    r"|heart|edge)s?\s+of\s+"
    r"(?:the\s+)?$"
)
# The settlement words of _SETTLED_BEFORE (as written in it; "neighbou?rhood" is both spellings),
# for a cheap test of its end before the search.
_SETTLED_GROUP = re.search(r"\(\?:(village\|[^()]*)\)s\?\\s\+of\\s\+", _SETTLED_BEFORE.pattern)
assert _SETTLED_GROUP is not None
_SETTLED_WORDS = tuple(
    v
    for w in _SETTLED_GROUP.group(1).split("|")
    for v in ((w.replace("u?", "u"), w.replace("u?", "")) if "u?" in w else (w,))
)
assert all(w.isalpha() and w.islower() for w in _SETTLED_WORDS), _SETTLED_WORDS
assert _SETTLED_BEFORE.pattern.endswith(r"s?\s+of\s+(?:the\s+)?$")


def _settled_before(before: str) -> re.Match[str] | None:
    """``_SETTLED_BEFORE.search(before)``, skipped unless ``before`` ends with a settlement
    word, "of" and maybe "the" (``str.rstrip`` and ``str.isspace`` read what ``\\s`` reads)."""
    t = before.rstrip()
    if t.endswith("the"):
        t = t[:-3]
        if not t[-1:].isspace():
            return None
        t = t.rstrip()
    if not t.endswith("of") or not t[-3:-2].isspace():
        return None
    t = t[:-2].rstrip()
    if not (t.endswith(_SETTLED_WORDS) or (t.endswith("s") and t[:-1].endswith(_SETTLED_WORDS))):
        return None
    return _SETTLED_BEFORE.search(before)


# Words before the name that make it the event's location without a kind word.
_LOCATIVE = frozenset(
    [
        "in",
        "near",
        "outside",
        "around",
        "inside",
        "into",
        "hit",
        "struck",
        "shelled",
        "bombed",
        "pounded",
        "targeted",
        "attacked",
        "raided",
        "stormed",
        "overran",
        "entered",
        "bombing",
        "shelling",
        "hitting",
        "targeting",
        "attacking",
        "raiding",
        "storming",
        "striking",
        "pounding",
    ]
)
# "on" and "of" only after an attack: "a strike on Kafr Kila", "the shelling of Shuja'iyya".
_ATTACK_BEFORE = re.compile(
    r"\b(?:strikes?|attacks?|raids?|assault|offensive|bombardment|shelling|bombing|shells"
    r"|fire|advance|push|drive|siege|capture|fall)\s+(?:on|of|upon)\s+$",
    re.I,
)
# Where the place lies, after it: "in southern Lebanon", ", north of Baghdad", "on Lebanon's
# southern border", "in the Homs countryside", ", Nigeria".
_ANCHOR = re.compile(
    r"(?:,?\s+(?:in|on|near|inside|of)\s+|,\s+(?:(?:about|some|around)\s+)?(?:\d+\s*(?:km"
    r"|kilometres|kilometers|miles)\s+)?(?:(?:north|south|east|west|north-?east|north-?west"
    r"|south-?east|south-?west)\s+of\s+)?)(?:the\s+)?" + pw.COMPASS + r"(?=[A-Z])" + pw.NOT_A_DATE
)
# A country or nationality acting, not the place: "US strikes on", "Israeli jets", "Indian
# troops fired".
_ATTACKER = re.compile(
    r"(?:-led)?\s+(?:-led\s+)?(?:air\s+|naval\s+|drone\s+|missile\s+)?(?:strikes?|jets?|warplanes"
    r"|aircraft|drones?|forces|troops|army|military|soldiers|navy|missiles?|shelling|artillery"
    r"|bombers?|gunships?|helicopters?|raids?|fighter)\b"
)
_ORG_WORDS = frozenset(
    [
        "hospital",
        "university",
        "ministry",
        "council",
        "party",
        "forces",
        "army",
        "brigade",
        "group",
        "front",
        "movement",
        "agency",
        "committee",
        "commission",
        "company",
        "corporation",
        "bank",
        "news",
        "times",
        "post",
        "television",
        "radio",
        "court",
        "police",
        "school",
        "mosque",
        "church",
        "institute",
        "centre",
        "center",
        "office",
        "bureau",
        "foundation",
        "union",
        "league",
        "club",
        "airways",
        "airlines",
    ]
)


@dataclass(slots=True)
class Frame:
    """A locality read from its frame: the word before it, the name as written (with its kind
    word), the bare name, where an enclosing place may start (offset in the sentence, or -1),
    and the country a nationality word before the settlement word gives ("" if none)."""

    prev: str
    written: str
    bare: str
    anchor: int
    country: str


# Languages: "said in Arabic" is no place.
_LANGUAGES = frozenset(
    [
        "arabic",
        "english",
        "hebrew",
        "farsi",
        "persian",
        "urdu",
        "pashto",
        "dari",
        "swahili",
        "amharic",
        "hausa",
        "tigrinya",
        "hindi",
        "mandarin",
        "cantonese",
        "latin",
        "russian",
        "ukrainian",
        "french",
        "spanish",
        "portuguese",
    ]
)


_CONTINENTS = frozenset(
    [
        "africa",
        "europe",
        "asia",
        "america",
        "north america",
        "south america",
        "latin america",
        "middle east",
        "oceania",
        "antarctica",
        "arctic",
        "eurasia",
        "horn of africa",
        "sahel",
    ]
)


def _usable(bare: str) -> bool:
    words = bare.split()
    if len(bare) < 4 or len(words) > 3 or any(c.isdigit() for c in bare):
        return False
    for w in words:
        low = w.lower().strip(".,'’")
        if low in STOP or low in _ORG_WORDS or low in DEMONYMS or low in _LANGUAGES:
            return False
        if low in pw.PLACE_NEXT:
            return False
    # an acronym or a dateline in capitals ("UNRWA", "WINNIPEG"); a continent or a world region
    return not bare.isupper() and bare.lower() not in _CONTINENTS


_RUNS: dict[str, tuple[str, str, bool]] = {}
# Any word before a run that may open a frame ("the" for "in the Neelum valley").
_PREV_ANY = _LOCATIVE | frozenset(["of", "on", "upon", "the", "at"])
#: The same words as the text ends with them before a run (one ``str.endswith`` per run).
OPENERS = tuple(f" {w}" for w in sorted(_PREV_ANY))
# The first word after a run that may open a kind of place (``_KIND_AFTER``).
_KIND_FIRST = frozenset(
    [
        "camp",
        "corridor",
        "valley",
        "territory",
        "crossing",
        "neighbourhood",
        "neighborhood",
        "airport",
        "airbase",
        "air",
        "base",
        "port",
        "spit",
        "island",
        "village",
        "hamlet",
        "kibbutz",
        "township",
        "settlement",
        "enclave",
        "quarter",
        "refugee",
        "displacement",
        "displaced",
        "idp",
        "border",
        "fuel",
        "oil",
        "army",
        "military",
        "district",
        "sub-district",
        "area",
        "market",
        "post",
        "outpost",
        "checkpoint",
        "gas",
        "field",
        "fields",
        "oilfield",
        "zone",
    ]
)


def _run_info(run: str) -> tuple[str, str, bool]:
    """What the run alone says (cached per run): the run less trailing dots and quotes, its
    bare name (less a kind word it ends with: "Bekaa Valley"), and whether that bare name may
    name a locality at all."""
    info = _RUNS.get(run)
    if info is None:
        clean = run.rstrip(".'’")
        kind = _KIND_LAST.search(clean)
        bare = clean[: kind.start()] if kind is not None else clean
        ok = not clean.endswith(("'s", "’s")) and _usable(bare)
        if len(_RUNS) >= 100_000:
            _RUNS.clear()
        info = _RUNS[run] = (clean, bare, ok)
    return info


def may_name(run: str) -> bool:
    """Whether a run of capitalised words may name a locality at all, whatever surrounds it
    (cached per run)."""
    return _run_info(run)[2]


def frame(text: str, start: int, run: str) -> Frame | None:
    """The locality frame of a run of capitalised words the gazetteer lacks, else None."""
    run, bare, ok = _run_info(run)
    if not ok:
        return None  # "Hamas's" (an owner), a common word, an organisation, a language
    end = start + len(run)
    written = run
    # cheap tests first: most runs (people, bodies) have no locative or kind word by them
    at = start  # where the words before the name end
    k = text.rfind(" ", max(0, at - 30), at - 1)
    word = text[k + 1 : at - 1].lower()
    if pw.HELD.search(word):  # "hit Russian-held Kamianka": read before the holder
        at = k + 1
        k = text.rfind(" ", max(0, at - 30), at - 1)
        word = text[k + 1 : at - 1].lower()
    kind_next = bare == run and text[end : end + 1] == " " and text[end + 1 : end + 2].islower()
    if (
        word not in _PREV_ANY
        and not kind_next
        and bare == run
        and word.rstrip(",.;:\"'“”(") not in _PREV_ANY
    ):
        return None
    if kind_next:
        nxt = text[end + 1 : end + 16].split(" ", 1)[0].lower().rstrip(",.;:")
        if nxt in _KIND_FIRST:
            after = _KIND_AFTER.match(text, end)
            if after is not None:  # "the Zamzam camp", "Masisi territory"
                written = text[start : after.end()]
                end = after.end()
    before = text[max(0, at - 60) : at]
    head, _, prev = before.rstrip().rpartition(" ")
    prev = prev.lower().strip(",.;:\"'“”(")
    if prev == "the":  # "in the Neelum valley", "near the Netzarim corridor"
        prev = head.rpartition(" ")[2].lower().strip(",.;:\"'“”(")
    settled = _settled_before(before) if prev == "of" else None
    at_anchor = prev == "at" and (
        _ANCHOR.match(text, end) is not None  # "at Mahaas in Hiraan"
        or _SITE_AT.search(before.rstrip()) is not None  # "an army base at Hawadley"
    )
    if (
        settled is None
        and written == bare
        and prev not in _LOCATIVE
        and not at_anchor
        and not (prev in ("on", "of", "upon") and _ATTACK_BEFORE.search(before))
    ):
        return None  # the common case: no kind word, no settlement word, no locative
    country = ""
    if settled is not None and settled.group("dem"):  # "the southern Lebanese town of"
        country = DEMONYMS.get(settled.group("dem").lower(), "")
    anchor = -1
    m = _ANCHOR.match(text, end)
    if m is not None:
        anchor = m.end()
    else:  # "Madarpur village on the Line of Control in Pakistani Kashmir"
        rest = text[end : end + 60]
        cut = _CUT.search(rest)
        m2 = _INNER.search(rest[: cut.start()] if cut else rest)
        if m2 is not None:
            anchor = end + m2.end()
    return Frame(prev, written, bare.strip(), anchor, country)


# A site "at" a place: "overran an army base at Hawadley", "a checkpoint at Mirbat".
_SITE_AT = re.compile(
    r"\b(?:bases?|camps?|checkpoints?|posts?|outposts?|barracks|garrisons?|positions?|markets?"
    r"|schools?|hospitals?|clinics?|mosques?|churches?|wells?|crossings?|airstrips?|depots?)\s+at$"
)
_CUT = re.compile(r"[;:]|\bkill|\bwound|\bsaid\b")
_INNER = re.compile(r"\s(?:in|on|near)\s+(?:the\s+)?" + pw.COMPASS + r"(?=[A-Z])" + pw.NOT_A_DATE)


def attacker_after(text: str, end: int) -> bool:
    """A country or nationality that acts rather than locates: "US strikes", "Israeli jets"."""
    return _ATTACKER.match(text, end, end + 40) is not None


_GROUP_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(g) for g in sorted(GROUPS, key=len, reverse=True)) + r")\b"
)


_FIRES = re.compile(
    r"\W{1,3}(?:[\w-]+\W{1,3}){0,4}?(?:fired|fires|launched|launches|attacked|targeted|struck"
    r"|shelled|bombed|claimed)\b"
)


_ANOTHER_ATTACK = re.compile(r"\b(?:strikes?|attacks?|shelling|raids?|bombing|bombardment)\b")


def group_country(lower: str, sentence: str, at: int) -> str | None:
    """The country of the first armed group or de facto authority the text names, unless in
    the locality's sentence (lowercase, the locality at ``at``) that group fired at it
    ("Houthi rebels said they fired a missile at Ben Gurion airport" names the attacker; "the
    Houthi-run health ministry said", "Hezbollah said it fired ... after an Israeli strike on
    Kafr Kila" name the place's side)."""
    for m in _GROUP_RE.finditer(lower):
        group = m.group(0)
        fired = None
        if group not in _CROSSBORDER:
            return GROUPS[group]
        for g in re.finditer(r"\b" + re.escape(group) + r"\b", sentence[:at]):
            fired = _FIRES.match(sentence, g.end()) or fired
        if fired is None or _ANOTHER_ATTACK.search(sentence, fired.end(), at):
            return GROUPS[group]
    return None


_SPEAKER = re.compile(
    r"\b(?P<d>(?:(?:central|north|south|sierra|sri)\s+)?[a-z]+)\s+(?:(?:military|army|police"
    r"|health|defen[cs]e|interior|state|civil|emergency|ministry|officials?|authorities|media"
    r"|forces|government|news|agency|red crescent|red cross|rescue|ambulance|medics"
    r"|spokes(?:man|woman|person))\s+){1,3}"
    r"(?:said|says|reported|told|confirmed|announced|stated)\b"
    # an agency named by what it does: "the azerbaijani mine action agency said"
    r"|\b(?P<a>[a-z]+)\s+(?:[a-z-]+\s+){1,2}?(?:agency|service|authority|commission)\s+"
    r"(?:said|says|reported|told|confirmed|announced|stated)\b"
    # the side of a border the place is on: "on the Pakistani side", "the Chadian side of"
    r"|\bon the (?P<s>[a-z]+) side\b"
)


def speaker_country(lower: str, said: str = "", g: Gazetteer | None = None) -> str | None:
    """The country of a nationality word whose institution reports the event ("the Israeli
    military said", "Lebanese state media reported", "the Palestinian Red Crescent said"):
    local authorities report what happens on their ground; or of the side of a border the
    place is said to be on ("on the Pakistani side"). A nationality whose forces or fire
    ``said`` (the locality's sentence up to it) names as the attacker ("killed in an Israeli
    strike near the town of Khiam") gives way to another speaker, when there is one."""
    attacker = None
    for m in _SPEAKER.finditer(lower):
        d = m.group("d")
        # "a south sudanese military spokesman": the two-word nationality, else its last word
        cc = (
            DEMONYMS.get(d) or DEMONYMS.get(d.rpartition(" ")[2])
            if d
            else DEMONYMS.get(m.group("a") or m.group("s"))
        )
        if cc:
            if said and _attacks_before(said, cc, g or get_gazetteer(), _FIRE):
                attacker = attacker or cc
                continue
            return cc
    return attacker


# --- the locality in the place rules (``places.find_places`` calls these) -----------------


def _prev_word(text: str, start: int, n: int) -> str:
    """The ``n``-th word before ``start``, lowercase ("in the Bekaa": 2 -> "in")."""
    words = text[max(0, start - 40) : start].split()
    return words[-n].lower().strip(",.;:\"'“”(") if len(words) >= n else ""


def _modifier_country(word: str) -> str | None:
    """The country a word before a region says holds it: "Pakistan-administered",
    "Indian-administered", "Pakistani" (Kashmir), else None."""
    low = word.lower()
    if low.endswith("-administered"):
        low = low[: -len("-administered")]
        return DEMONYMS.get(low) or get_gazetteer().country_names.get(low)
    return DEMONYMS.get(low)


def _uncovered(run: str, hits: tuple[_RunHit, ...]) -> int | None:
    """Where the part of a run that no place name covers starts: 0 when its first word is
    not a place's ("Bint Jbeil": only "Jbeil" is; "Majdal Shams": "Shams" is left), the offset
    of the words after an owner ("Sagaing's Depayin"); None when the names cover it."""
    first = hits[0]
    if first[0] > 0:
        head = run[: first[0]].rstrip()
        if head.endswith(("'s", "’s")) or _modifier_country(head.rsplit(" ", 1)[-1]):
            return None  # an owner, or "Indian-administered Kashmir", "Pakistani Kashmir"
        if pw.HELD.search(head) and " " not in head:
            return None  # "Russian-held Tokmak", "rebel-held Idlib": who holds it
        return 0
    last = hits[-1]
    end = last[0] + len(last[1])
    rest = run[end:]
    if not rest.strip(" .'’s"):
        return None
    if rest.startswith(("'s ", "’s ")):
        return end + 3
    gap = any(h[0] > hits[i][0] + len(hits[i][1]) + 1 for i, h in enumerate(hits[1:]))
    return 0 if not gap else None


def _locality(text: str, index: int, start: int, loc: Frame, ctx: Context, g: Gazetteer) -> Found:
    """A locality the gazetteer lacks, at the place it lies in when one is written after it
    ("in Aitaroun in southern Lebanon"), else in the country of a nationality word before its
    settlement word; else its country is left for ``_place_localities``."""
    anchor = None
    site = g.lookup(loc.written) if loc.written != loc.bare else None
    if site:  # "the Netzarim corridor", "the Neelum valley": a site the tables have
        anchor = site[0]
    elif loc.anchor >= 0:
        am = _NAME_RUN.match(text, loc.anchor)
        if am is not None:
            typed = _TYPE_AFTER.match(text, am.end())
            regions = g.lookup_region(am.group(0)) if typed is not None else []
            # "in Niger state", "in Soum province": the region, not the namesake country
            anchor = _choose(regions, ctx) if regions else _anchor(am.group(0), ctx, g)
            if (
                anchor is not None
                and anchor.kind == "region"
                and _SHORE_AFTER.match(text, am.end()) is not None
            ):
                anchor = None  # "on the Red Sea coast": the sea, not the region named for it
    if anchor is None and loc.country in g.by_country:
        anchor = g.by_country[loc.country]
    if anchor is None:
        # "a base in northeastern Syria near Shaddadi": the place written just before it
        near = _IN_NEAR.search(text, max(0, start - 60), start)
        if near is not None:
            anchor = _anchor(near.group(1), ctx, g)
    window = text[max(0, start - 40) : start]
    source = window.rstrip()[-1:] in _N_OR_M and pw.source_before(window)
    entry = Entry(
        loc.bare,
        anchor.country if anchor else "",
        anchor.lat if anchor else 0.0,
        anchor.lon if anchor else 0.0,
        0,
        "city",
    )
    return Found(index, start, loc.written, entry, loc.prev, source)


# "in northeastern Syria near", "in Hasakah province, outside": a place, then "near" the
# locality; the locality lies in or by that place.
_IN_NEAR = re.compile(
    r"\bin (?:(?:the )?(?:north|south|east|west|central)[\w-]* )?"
    r"([A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*)(?: (?:province|region|state|governorate|district))?"
    r",? (?:near|outside|close to) (?:the (?:town|village|city|settlement) of )?$"
)

_SHORE_AFTER = re.compile(r"\s+(?:coast(?:line)?|shore|waters|seaboard)\b")

_TYPE_AFTER = re.compile(
    r"\s+(?:[Rr]egion|[Ss]tate|[Pp]rovince|[Oo]blast|[Gg]overnorate|[Dd]istrict|[Cc]ounty)\b"
)


def _anchor(run: str, ctx: Context, g: Gazetteer) -> Entry | None:
    """The most specific place named by a run of capitalised words ("Syria's Idlib" is
    Idlib), or None; a nationality word before a region says whose part it is ("Pakistani
    Kashmir")."""
    cache: dict[str, tuple[_RunHit, ...]] = g.run_cache
    hits = cache.get(run)
    if hits is None:
        hits = _run_hits(run, g) if g.run_may_start(run) else ()
        cache[run] = hits
    best: Entry | None = None
    for rel, name, cands, _weights, _named, _ns in hits:
        if best is not None and best.kind == "country":
            # "Yemen's Red Sea coast": after a country, only its own places
            cands = [e for e in cands if e.country == best.country]
            if not cands:
                continue
        e = _choose(cands, ctx)
        if e.kind == "country" and name == "Congo" and "brazzaville" not in ctx.lower():
            e = g.by_country.get("CD", e)  # "eastern Congo's Beni territory": the DR Congo
        if best is None or _SPECIFIC[e.kind] <= _SPECIFIC[best.kind]:
            best = e
        if e.kind == "country" and not run[rel + len(name) :].startswith(("'s", "’s")):
            break  # "Yemen Red Sea" is no possessive: the country stands
    if best is not None and best.kind != "country" and not pw.HELD.search(run.split(" ", 1)[0]):
        # "Pakistani Kashmir" is Pakistan's part; "Russian-held Donetsk" is not Russia's
        first = run.split(" ", 1)[0].split("-", 1)[0].lower()
        own = DEMONYMS.get(first) or g.country_names.get(first)
        if own and own != best.country and own in g.by_country and first != run.lower():
            best = Entry(best.name, own, best.lat, best.lon, best.population, best.kind)
    return best


_FORCES = re.compile(
    r"(?:['’]s)?\s+(?:(?:defen[cs]e|armed|security|air|naval)\s+)?(?:forces|troops|soldiers"
    r"|aircraft|jets|warplanes|drones|artillery|navy|air\s+force)\b"
)


# fire that names who fired: "an Israeli strike", "Russian drone attacks", "Azerbaijani sniper fire"
_FIRE = re.compile(
    r"(?:['’]s)?\s+(?:(?:air|drone|missile|rocket|artillery|sniper|mortar|tank)\s+)?(?:strikes?"
    r"|airstrikes?|air\s+strikes?|raids?|shelling|bombardment|fire|attacks?|shells|missiles?)\b"
    r"|" + _FORCES.pattern
)


def _attacks_before(said: str, cc: str, g: Gazetteer, forces: re.Pattern[str] = _FORCES) -> bool:
    """The sentence before a locality names ``cc``'s forces ("Burundian troops had shelled
    Kamanyola", "Kenya's defence forces denied that their aircraft bombed a village near
    Bardhere"): that country attacked or is said to have, so the locality is not its. Not its
    army or military alone: a national army fights at home as often ("Myanmar's military
    bombed a school in the village of ...")."""
    low = said.lower()
    names = [*_DEMONYMS_BY_CC.get(cc, ()), *g.names_by_country.get(cc, ())]
    for name in names:
        i = low.find(name)
        while i >= 0:
            if (i == 0 or not low[i - 1].isalpha()) and forces.match(low, i + len(name)):
                return True
            i = low.find(name, i + 1)
    return False


def _place_localities(
    out: list[Found], texts: dict[int, str], ctx: Context, g: Gazetteer
) -> list[Found]:
    """Localities written with no place they lie in: at the place of the event named in the
    same sentence (else in the text; not a source, a capital as actor or a country acting:
    "US strikes on the port of Ras Isa"), else in the country of the armed group the text
    names, else of a nationality whose institution reports it, else of a country or capital
    named as a source, else of the dateline, else the feed's country; else dropped."""
    known = [
        f for f in out if f.entry.country and not (f.source or f.state or f.actor or f.dateline)
    ]
    kept: list[Found] = []
    for f in out:
        if f.entry.country:
            kept.append(f)
            continue
        near = [k for k in known if k.sentence == f.sentence] or known
        # the group that fights there, else a nationality's institution reporting it
        # ("Lebanese media reported a drone attack near Marjayoun"), is nearer the ground than
        # a country that only spoke of it ("Israel's military said no such strike took place")
        low = ctx.lower()
        local = None
        if not near:
            said = texts[f.sentence].lower()
            local = group_country(low, said, f.start) or speaker_country(low, said[: f.start], g)
        if not near and local is None:  # "Haiti's gang coalition denied ... in Pont-Sonde"
            said = texts[f.sentence][: f.start]
            # a country or a national capital named as a source, not as an actor ("Russia's
            # embassy in Bamako called reports of killings in Moura ..."), else the
            # reporter's dateline ("GOMA, Congo — ... the Mugunga camp")
            near = [
                k
                for k in out
                if k.source
                and not (k.actor or k.state)
                and not _attacks_before(said, k.entry.country, g)
                and (
                    k.entry.kind == "country"
                    or (k.entry.kind == "city" and (k.entry.name, k.entry.country) in g.capitals)
                )
            ] or [k for k in out if k.dateline and k.entry.country]
        where: Entry | None = None
        if near:
            where = min(near, key=lambda k: (_SPECIFIC[k.entry.kind], k.sentence, k.start)).entry
        else:
            cc = local or ctx.tag
            where = g.by_country.get(cc) if cc else None
        if where is not None:
            f.entry = Entry(f.entry.name, where.country, where.lat, where.lon, 0, "city")
            kept.append(f)
    return kept
