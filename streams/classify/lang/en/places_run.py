"""The runs of capitalised words English copy writes places in, what the gazetteer finds in
each (cached per run), a place mention and the countries the text is about: the parts the
place rules (``places``) and the locality frame (``localities``) share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from streams.classify._gazetteer import Entry, Gazetteer
from streams.classify._gazetteer_towns import get_towns
from streams.classify.lang.en import places_words as pw
from streams.classify.lang.en.demonyms import DEMONYMS

# Runs of capitalised words, allowing Arabic article prefixes ("al-Shadadi") and a few linkers
# ("Dar es Salaam", "Bab el Mandeb"); a linker before a weekday or a month ends a run ("Rubavu on
# Monday"; checked only after a linker, which keeps the scan as cheap as before).
#
# "at" is the article only with its hyphen ("at-Tall"): "at Boulkessi" is the English word.
#
# Written for speed: the pattern
#   (?<![\w-])(?:(?:al|el|as|ad|ash|an|ar|az|ad-|de|la|le)[- ]|at-)?[A-Z]<rest>
# matches exactly the same spans, but beginning with a lookbehind it makes ``re`` try every
# position. Here the first character is a class (which ``re`` scans for), the lookbehind moves
# after it (``.`` is that character, never a newline), and a lookbehind on that character picks
# the article prefixes that start with it, in their original order.
_NAME_RUN = re.compile(
    r"[A-Zadel](?<![\w-].)"
    r"(?:(?<=[A-Z])|(?<=a)(?:(?:l|s|d|sh|n|r|z|d-)[- ]|t-)[A-Z]|(?<=e)l[- ][A-Z]|(?<=d)e[- ][A-Z]"
    r"|(?<=l)(?:a|e)[- ][A-Z])"
    r"[\w'’.-]*[\w]"
    r"(?:\s+(?:(?:al|el|es|de|du|la|le|del|da|do|of|the|upon|on|am|an|bin)\s+"
    + pw.NOT_A_DATE
    + r")?(?:(?:al"
    r"|el|ez|es|ed|et|ad|as|ash|at|az|ar|an|ul|un|ud|us)-)?[A-Z][\w'’-]*[\w]){0,4}"
)
_DEMONYMS_BY_CC: dict[str, list[str]] = {}
for _dem, _cc in DEMONYMS.items():
    _DEMONYMS_BY_CC.setdefault(_cc, []).append(_dem)
# Words before a name that make it the event's location ("in Ganja", "hit Mosul", "city of X").
_EVENT_PREP = frozenset(
    [
        "in",
        "on",
        "at",
        "near",
        "into",
        "onto",
        "towards",
        "toward",
        "outside",
        "inside",
        "across",
        "hit",
        "hitting",
        "targeted",
        "targeting",
        "struck",
        "pounded",
        "shelled",
        "bombed",
        "attacked",
        "of",
        "around",
        "over",
        "above",
        "from",
        "within",
    ]
)
_TITLES = frozenset(
    [
        "president",
        "minister",
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "general",
        "col",
        "colonel",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "leader",
        "king",
        "prince",
        "sheikh",
        "commander",
        "chief",
        "secretary",
        "ambassador",
        "envoy",
        "lt",
        "captain",
        "sergeant",
        "major",
        "pope",
    ]
)


_N_OR_M = frozenset("nNmM")


@dataclass(slots=True)
class Found:
    sentence: int
    start: int
    text: str  # as written
    entry: Entry
    prev: str  # lowercase word before the name
    source: bool = False  # names where the report came from, not where it happened
    dateline: bool = False  # the reporter's city at the head of the text
    state: bool = False  # a capital standing for its state ("Moscow said"): never the event
    actor: bool = False  # a country acting ("US strikes on ..."): not where a locality lies


def _has_word(lower: str, name: str) -> bool:
    """``name`` occurs in ``lower`` as whole words ("russia" is not in "russian")."""
    i = lower.find(name)
    n = len(name)
    while i >= 0:
        if (i == 0 or not lower[i - 1].isalnum()) and (
            i + n == len(lower) or not lower[i + n].isalnum()
        ):
            return True
        i = lower.find(name, i + 1)
    return False


def _not_holder(lower: str, dem: str) -> bool:
    """``dem`` occurs in ``lower`` other than as a holder ("russian-held", "israeli-occupied":
    who holds a place says nothing of the place's country)."""
    i = lower.find(dem)
    while i >= 0:
        if pw.HELD.match(lower, i + len(dem)) is None:
            return True
        i = lower.find(dem, i + 1)
    return False


class Context:
    """Countries the text is about, computed lazily per country: ISO2 -> weight (feed tag 3,
    country name in the text 2, nationality word 0.25, else 0). Only ambiguous names ask, so the
    lowercased title and text are made on the first question."""

    __slots__ = ("_cache", "_gaz", "_lower", "_text", "_title", "tag")

    def __init__(
        self, title: str | None, text: str | None, tag_country: str | None, gaz: Gazetteer
    ) -> None:
        self._title = title
        self._text = text
        self._lower: str | None = None
        self._gaz = gaz
        self._cache: dict[str, float] = {}
        self.tag = tag_country.upper() if tag_country else None
        if tag_country:
            self._cache[tag_country.upper()] = 3.0

    def get(self, cc: str, default: float = 0.0) -> float:
        hit = self._cache.get(cc)
        if hit is None:
            lower = self._lower
            if lower is None:
                lower = self._lower = ((self._title or "") + "\n" + (self._text or "")).lower()
            hit = 0.0
            for name in self._gaz.names_by_country.get(cc, ()):
                if _has_word(lower, name):
                    hit = 2.0
                    break
            else:
                for dem in _DEMONYMS_BY_CC.get(cc, ()):
                    if dem in lower and _not_holder(lower, dem):
                        # a nationality word names the actor as often as the place
                        # ("Russian shelling of Donetsk"): a nudge, not a verdict
                        hit = 0.25
                        break

            self._cache[cc] = hit
        return hit or default

    def nudged(self, cc: str) -> bool:
        """The text names the country, its nationality word or its capital ("Baku's
        assertion"): enough to take a small town of that country the gazetteer lacks."""
        if self.get(cc) > 0:
            return True
        capital = _capitals(self._gaz).get(cc)
        return capital is not None and _has_word(self._lower or "", capital)

    def lower(self) -> str:
        """The title and text, lowercased (made once)."""
        if self._lower is None:
            self._lower = ((self._title or "") + "\n" + (self._text or "")).lower()
        return self._lower


_CAPITALS: dict[int, dict[str, str]] = {}


def _capitals(g: Gazetteer) -> dict[str, str]:
    """ISO2 -> the lowercase name of its national capital."""
    table = _CAPITALS.get(id(g))
    if table is None:
        table = _CAPITALS[id(g)] = {iso: name.lower() for name, iso in g.capitals}
    return table


def context_countries(
    title: str | None, text: str | None, tag_country: str | None, gaz: Gazetteer
) -> Context:
    return Context(title, text, tag_country, gaz)


def _choose(cands: list[Entry], ctx: Context) -> Entry:
    if len(cands) == 1:
        return cands[0]
    return max(cands, key=lambda e: e.weight + 4.0 * ctx.get(e.country, 0))


# A place name found in a run of capitalised words: its offset in the run, the name as written,
# its gazetteer candidates and their weights (``Entry.weight``).
# Then: the name is one word next to a word that reads as part of a person's name (see
# ``_name_like``); a one-city name has small-town namesakes (see ``_named_country_town``).
_RunHit = tuple[int, str, list[Entry], tuple[float, ...], bool, bool]
_RUN_CACHE_MAX = 200_000


def _name_like(word: str, g: Gazetteer) -> bool:
    """A capitalised word that reads as part of a person's name next to a one-word place
    ("Fatima Hassan", "Chin Mya"): letters only, not a place word, title, institution or
    nationality word."""
    low = word.lower()
    return (
        word.isalpha()
        and word[:1].isupper()
        and word[1:2].islower()
        and low not in pw.PLACE_NEXT
        and low not in _TITLES
        and low not in DEMONYMS
        and not g.is_stopword(low)
    )


def _run_hits(run: str, g: Gazetteer) -> tuple[_RunHit, ...]:
    """The place names in one run of capitalised words, longest first from each word, less
    the one-word names that are common words or too short. Depends on the run alone, so
    ``find_places`` caches it per run; what depends on the surrounding text (a title before
    the name, a source phrase around it, the context countries) is checked per mention."""
    words = run.split()
    hits: list[_RunHit] = []
    offsets: list[int] = []
    i = 0
    while i < len(words):
        if not g.may_start(words[i]):
            i += 1  # no gazetteer name starts with this word
            continue
        if not offsets:
            pos = 0
            for w in words:
                pos = run.index(w, pos)
                offsets.append(pos)
                pos += len(w)
        hit: tuple[int, list[Entry]] | None = None
        for j in range(min(len(words), i + 4), i, -1):
            name = " ".join(words[i:j]).rstrip(".'’")
            if name.endswith("'s") or name.endswith("’s"):
                name = name[:-2]
            cands = g.lookup(name) or g.lookup_admin(name)
            if cands:
                hit = (j, cands)
                break
        if hit is None:
            i += 1
            continue
        j, cands = hit
        start = offsets[i]
        name = run[start : offsets[j - 1] + len(words[j - 1])].rstrip(".,'’")
        if name.endswith(("'s", "’s")):
            name = name[:-2]
        # a one-word name at the very start of a sentence that is also a common word, or a
        # short one not written in capitals, is not a place
        if j - i == 1 and (g.is_stopword(name) or (len(name) <= 3 and not name.isupper())):
            i = j
            continue
        named = j - i == 1 and (
            (j < len(words) and not words[i].endswith(("'s", "’s")) and _name_like(words[j], g))
            or (i > 0 and _name_like(words[i - 1], g))
        )
        namesakes = len(cands) == 1 and cands[0].kind == "city" and bool(get_towns().lookup(name))
        # among namesakes, a place known by another name ("Pokrovsk", a former name of Engels)
        # ranks after the one that bears the name written
        weights = tuple(
            e.weight - (0.0 if len(cands) == 1 or _norm_name(e.name) == _norm_name(name) else 2.0)
            for e in cands
        )
        hits.append((start, name, cands, weights, named, namesakes))
        i = j
    return tuple(hits)


def _norm_name(name: str) -> str:
    return name.replace("’", "'").lower()


# A town before a region before a country: the most specific place named wins.
_SPECIFIC: dict[str, float] = {"city": 0, "region": 1, "country": 2}
