"""Place names under another romanisation: a spelling key that two common spellings of one
Arabic, Persian, Kurdish, Amharic or South Asian name share ("Sulaimaniyah" and "Sulaymaniyah",
"Baramulla" and "Baramula", "Oromia" and "Oromiya").

News spells such names as its own desk prefers and GeoNames keeps one or two of the spellings,
so a name the index lacks may still be a place it has. The key folds the usual differences:
letters doubled or not, "y" for "i", "ou"/"oo" for "u", "ee" for "i", "q" for "k", "dh" for "d",
"ph" for "f", a final "h", apostrophes, hyphens and spaces. It is asked only as a last resort,
for a name the gazetteer lacks in a frame that says a place follows (a locative before it, a
region's type word after it), and the English pack takes its answer only when every place of
that key lies in one country, or in a country the text names.

The index is built on first need from the gazetteer's cities and regions and the small towns:
about 0.3 s and a few MB once per process. A worker's classifier processes build it in their
warm-up (``streams.classify.pipeline.warm_up``), so no batch waits for it.
"""

from __future__ import annotations

import re
import unicodedata

from flashpoint.core.once import built_once
from streams.classify._gazetteer import Entry, get_gazetteer
from streams.classify._gazetteer_towns import get_towns

__all__ = ["Respellings", "get_respellings", "spelling_key"]

_PAIRS = (("ou", "u"), ("oo", "u"), ("ee", "i"), ("ph", "f"), ("dh", "d"), ("ck", "k"))
_NOT_LETTER = re.compile(r"[^a-z]+")
_ARTICLE = re.compile(r"^(?:al|as|ad|ar|at|az|an|ash|el|ath|ad)[- ']")
_REPEAT = re.compile(r"(.)\1+")
#: keys shorter than this match too many unrelated names to be asked
MIN_KEY = 5


def spelling_key(name: str) -> str:
    """The spelling key of a place name: "Sulaymaniyah" and "Sulaimaniyah" -> "sulaimania"."""
    s = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return _key(s.lower())


def _key(s: str) -> str:
    """``spelling_key`` of a lowercase ASCII name."""
    bare = _ARTICLE.sub("", s)
    if len(bare) >= MIN_KEY:  # "As Sulaymaniyah" is "Sulaymaniyah"
        s = bare
    s = _NOT_LETTER.sub("", s)
    for a, b in _PAIRS:
        s = s.replace(a, b)
    s = _REPEAT.sub(r"\1", s.replace("y", "i").replace("q", "k"))
    if s.endswith("h") and len(s) > MIN_KEY:
        s = s[:-1]
    return s


class Respellings:
    """Spelling key -> the cities, small towns and regions bearing a name of that key."""

    def __init__(self) -> None:
        g = get_gazetteer()
        places: dict[str, list[Entry]] = {}
        regions: dict[str, list[Entry]] = {}

        def add(into: dict[str, list[Entry]], tables: list[dict[str, list[Entry]]]) -> None:
            for table in tables:
                for name, entries in table.items():
                    # every table keys a name both as written and ASCII-folded: the folded
                    # key is enough here
                    if not name.isascii():
                        continue
                    key = _key(name)
                    if len(key) < MIN_KEY:
                        continue
                    bucket = into.get(key)
                    if bucket is None:
                        into[key] = [e for e in entries if e.kind != "country"]
                    else:
                        bucket.extend(e for e in entries if e.kind != "country" and e not in bucket)

        add(places, [g.index, get_towns().index])
        add(regions, [g.regions])
        self.places = {k: v for k, v in places.items() if v}
        self.regions = regions

    def places_of(self, name: str) -> list[Entry]:
        """Cities and small towns whose name has the spelling key of ``name``."""
        return self.places.get(spelling_key(name), [])

    def regions_of(self, name: str) -> list[Entry]:
        """Administrative regions whose name has the spelling key of ``name``."""
        return self.regions.get(spelling_key(name), [])


@built_once
def get_respellings() -> Respellings:
    """The shared index, built on first call."""
    return Respellings()
