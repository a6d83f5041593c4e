"""Place mentions: find capitalised names, resolve them in the gazetteer, pick candidates by
context (countries and nationality words in the text, the feed's country tag) and tell the
event place from places merely mentioned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from streams.classify._gazetteer import Entry, Gazetteer, get_gazetteer
from streams.classify.lang.en.demonyms import DEMONYMS
from streams.classify.lang.en.text import Sentence

__all__ = ["Found", "context_countries", "find_places", "pick_event"]

# Runs of capitalised words, allowing Arabic article prefixes ("al-Shadadi") and a few linkers.
#
# Written for speed: the pattern
#   (?<![\w-])(?:(?:al|el|as|ad|ash|an|ar|at|az|ad-|de|la|le)[- ])?[A-Z]<rest>
# matches exactly the same spans, but beginning with a lookbehind it makes ``re`` try every
# position. Here the first character is a class (which ``re`` scans for), the lookbehind moves
# after it (``.`` is that character, never a newline), and a lookbehind on that character picks
# the article prefixes that start with it, in their original order.
_NAME_RUN = re.compile(
    r"[A-Zadel](?<![\w-].)"
    r"(?:(?<=[A-Z])|(?<=a)(?:l|s|d|sh|n|r|t|z|d-)[- ][A-Z]|(?<=e)l[- ][A-Z]|(?<=d)e[- ][A-Z]"
    r"|(?<=l)(?:a|e)[- ][A-Z])"
    r"[\w'’.-]*[\w]"
    r"(?:\s+(?:(?:al|el|de|du|la|le|del|da|do|of|the|upon|on|am|an|bin)\s+)?(?:(?:al"
    r"|el)-)?[A-Z][\w'’-]*[\w]){0,4}"
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


# A place that only says where the news came from: "officials in Baku said", "Moscow says".
_SOURCE_AFTER = re.compile(
    r"^[\s,]*(?:[\w-]+\s+){0,2}(?:said|says|told|reported|reports|announced|claimed|stated)\b", re.I
)
_SOURCE_BEFORE = re.compile(
    r"\b(?:officials?|sources?|authorities|correspondents?|reporting|spokesm[ae]n|ministry"
    r"|headquarters|based) (?:in|from)\s*$",
    re.I,
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


class Context:
    """Countries the text is about, computed lazily per country: ISO2 -> weight (feed tag 3,
    country name in the text 2, nationality word 1, else 0). Only ambiguous names ask, so the
    lowercased title and text are made on the first question."""

    __slots__ = ("_cache", "_gaz", "_lower", "_text", "_title")

    def __init__(
        self, title: str | None, text: str | None, tag_country: str | None, gaz: Gazetteer
    ) -> None:
        self._title = title
        self._text = text
        self._lower: str | None = None
        self._gaz = gaz
        self._cache: dict[str, int] = {}
        if tag_country:
            self._cache[tag_country.upper()] = 3

    def get(self, cc: str, default: int = 0) -> int:
        hit = self._cache.get(cc)
        if hit is None:
            lower = self._lower
            if lower is None:
                lower = self._lower = ((self._title or "") + "\n" + (self._text or "")).lower()
            hit = 0
            for name in self._gaz.names_by_country.get(cc, ()):
                if name in lower:
                    hit = 2
                    break
            else:
                for dem in _DEMONYMS_BY_CC.get(cc, ()):
                    if dem in lower:
                        hit = 1
                        break
            self._cache[cc] = hit
        return hit or default


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
_RunHit = tuple[int, str, list[Entry], tuple[float, ...]]
_RUN_CACHE_MAX = 200_000


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
            cands = g.lookup(name)
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
        hits.append((start, name, cands, tuple(e.weight for e in cands)))
        i = j
    return tuple(hits)


def find_places(
    sentences: list[Sentence], ctx: Context, gaz: Gazetteer | None = None
) -> list[Found]:
    """All resolved place mentions, in reading order (boilerplate sentences skipped)."""
    g = gaz or get_gazetteer()
    cache: dict[str, tuple[_RunHit, ...]] = g.run_cache
    out: list[Found] = []
    for s in sentences:
        if s.boiler:
            continue
        text = s.text
        for m in _NAME_RUN.finditer(text):
            run = m.group(0)
            hits = cache.get(run)
            if hits is None:
                hits = _run_hits(run, g) if g.run_may_start(run) else ()
                if len(cache) >= _RUN_CACHE_MAX:
                    cache.clear()
                cache[run] = hits
            if not hits:
                continue
            base = m.start()
            for rel, name, cands, weights in hits:
                start = base + rel
                before = text[:start].rstrip()
                prev = before.rsplit(None, 1)[-1].lower().strip(",.;:\"'“”") if before else ""
                if prev in _TITLES:
                    continue  # a person's name after a title is not a place
                end = start + len(name)
                source = bool(_SOURCE_AFTER.match(text[end : end + 40]))
                if not source:
                    window = text[max(0, start - 40) : start]
                    # _SOURCE_BEFORE ends with "in" or "from" and whitespace: skip it unless
                    # the window's last non-space character is an n or m (the only characters
                    # re.I matches with them)
                    tail = window.rstrip()[-1:]
                    source = bool(tail in _N_OR_M and _SOURCE_BEFORE.search(window))
                if len(cands) == 1:
                    entry = cands[0]
                else:  # ``_choose``, with the weights computed once per run
                    entry, best = cands[0], weights[0] + 4.0 * ctx.get(cands[0].country, 0)
                    for e, w in zip(cands[1:], weights[1:], strict=True):
                        k = w + 4.0 * ctx.get(e.country, 0)
                        if k > best:
                            entry, best = e, k
                out.append(Found(s.index, start, name, entry, prev, source))
    return out


def pick_event(found: list[Found], event_sentences: list[int]) -> Found | None:
    """The event place: the most specific place in the first event sentence that has one,
    preferring names introduced by a locative word ("in", "on", "hit", "city of")."""
    order = {idx: rank for rank, idx in enumerate(event_sentences)}
    best: tuple[tuple[int, int, int, int, int], Found] | None = None
    for f in found:
        rank = order.get(f.sentence)
        if rank is None:
            continue
        specific = 1 if f.entry.kind == "country" else 0
        prep = 0 if f.prev in _EVENT_PREP else 1
        key = (specific, int(f.source), rank, prep, f.start)
        if best is None or key < best[0]:
            best = (key, f)
    return best[1] if best else None
