"""The gazetteer's reference names: country aliases and conflict regions GeoNames lacks, and
capitalised words that are never places. They are data, in ``gazetteer_names.toml`` beside this
module. Keys are lowercase English, as GeoNames names are; language packs refer to these entries
by their English name."""

from __future__ import annotations

import tomllib
from pathlib import Path

__all__ = ["COUNTRY_ALIASES", "MONTH_NAMES", "REGIONS", "REGION_ALIASES", "SITES", "STOP"]

with Path(__file__).with_name("gazetteer_names.toml").open("rb") as _f:
    _DATA = tomllib.load(_f)

#: English month names (lower case): dates, never places or casualty nouns.
MONTH_NAMES = frozenset(_DATA["month_names"])
#: Aliases the GeoNames country names lack (lowercase -> ISO2).
COUNTRY_ALIASES: dict[str, str] = _DATA["country_aliases"]
#: Conflict regions missing from the cities list: (name, ISO2, lat, lon). Approximate centres.
REGIONS: tuple[tuple[str, str, float, float], ...] = tuple(
    (name, iso, lat, lon) for name, iso, lat, lon in _DATA["regions"]
)
#: Camps, corridors and zones of the wars reported: (name, ISO2, lat, lon), ranked as towns.
SITES: tuple[tuple[str, str, float, float], ...] = tuple(
    (name, iso, lat, lon) for name, iso, lat, lon in _DATA.get("sites", ())
)
#: English names of administrative regions GeoNames writes otherwise: lowercase name ->
#: (GeoNames name, ISO2).
REGION_ALIASES: dict[str, tuple[str, str]] = {
    k: (v[0], v[1]) for k, v in _DATA.get("region_aliases", {}).items()
}
#: Capitalised words that are also (small) GeoNames city names, or sentence furniture; never
#: places.
STOP = MONTH_NAMES | frozenset(_DATA["stop"])
