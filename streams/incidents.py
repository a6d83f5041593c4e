"""Fold classified reports into incidents (pure; state in injected mappings).

Ten outlets carrying one wire story are one incident with ten sources. A report joins an
incident when it is a near-duplicate of one of its reports, or when it is about the same or a
nearby place (haversine within ``radius_km``) with overlapping categories within
``fold_window`` of the incident's last report. Near-duplicates are found with bottom-k MinHash
sketches of word 3-shingles of the normalised title and text (estimated Jaccard at least
``near_duplicate_jaccard``), which a changed byline, dateline or boilerplate does not defeat.
Casualty figures are the running maximum across reports, never the sum. A denial about the
place or the actor of a recent strike incident links to it and marks it ``contested``.

State is one mapping, incident id -> incident record (JSON-able; see :func:`summary`), so that
the worker can back it with a Faust table and the backtest with a dict. Each write is one small
record. The candidate index is a cache derived from the records (rebuilt by a scan after a
restart or a rebalance), never stored.

Incident ids derive from the id of the first report, so a replay produces the same ids.
Timestamps in state are POSIX seconds (floats).
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import math
import re
import struct
import unicodedata
from collections import Counter
from collections.abc import MutableMapping
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain
from typing import Any

from alerts.rules import IncidentSettings
from alerts.schema import Headline, IncidentSummary
from streams.models import ClassifiedItem

__all__ = [
    "FoldResult",
    "IncidentFolder",
    "haversine_km",
    "incident_id",
    "item_sketch",
    "jaccard",
    "normalise_place",
    "short_id",
    "sketch",
    "summary",
]

_MAX_SOURCES = 100
_MAX_ITEMS = 500
_MAX_HEADLINES = 5
_MAX_HASHES = 8
_MAX_DENIALS = 5
_SKETCH_K = 24  # values in a sketch (sketch and jaccard defaults)
_COMPATIBLE = {"strike": {"strike", "casualty"}, "casualty": {"strike", "casualty"}}


def short_id(item_id: str) -> str:
    """The short hash state records keep of an item id (8-byte BLAKE2b, hex): seen ids, and
    the reports of incidents and windows, where ids only mark membership and are never shown.

    Ids are 64-character sha256 hex; 64 bits are plenty for membership (two ids collide with a
    probability of about n^2 / 2^65: 3e-8 at a million ids held), and the records shrink 4x.
    """
    return hashlib.blake2b(item_id.encode("utf-8"), digest_size=8).hexdigest()


def incident_id(item_id: str) -> str:
    """The id of the incident a report opens: derived from the report's item id, so that the
    same report folded again (a replay, another worker) opens the same incident."""
    return "in_" + hashlib.sha256(item_id.encode("utf-8")).hexdigest()[:20]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (mean Earth radius 6371.0088 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


_WORD = re.compile(r"\w+")


def _norm_text(text: str) -> list[str]:
    if text.isascii():  # NFKC leaves ASCII as it is, and casefold is lower (a third faster)
        return _WORD.findall(text.lower())
    text = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(text)


@functools.lru_cache(maxsize=4096)
def normalise_place(name: str | None) -> str:
    """Case-folded, accent-stripped, whitespace-collapsed place name ('' for None).

    Cached: the same few place names come back with every report (a pure function of a string).
    """
    if not name:
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_norm_text(stripped))


def sketch(
    text: str, *, k: int = _SKETCH_K, shingle: int = 3, min_words: int = 8
) -> list[int] | None:
    """Bottom-k MinHash sketch of the word shingles of the normalised text.

    None for texts under ``min_words`` words (too short to tell a copy from a coincidence).
    Two sketches estimate the Jaccard similarity of the texts' shingle sets (:func:`jaccard`).
    """
    words = _norm_text(text)
    if len(words) < min_words:
        return None
    if shingle < 1:  # degenerate sizes: the slices as written
        n = len(words) - shingle + 1
        return _bottom_k({" ".join(words[i : i + shingle]).encode() for i in range(n)}, k)
    # A shingle is the UTF-8 of its words joined by a space: encode the words once and join
    # bytes (the same bytes as encoding each joined shingle).
    enc = list(map(str.encode, words))  # UTF-8
    tails = (enc[i:] for i in range(shingle))  # zip stops at the shortest: the last shingle
    return _bottom_k(set(map(b" ".join, zip(*tails, strict=False))), k)


def item_sketch(ci: ClassifiedItem) -> list[int] | None:
    """The sketch folding compares: the one carried by the record, else that of title and text."""
    if ci.minhash is not None:
        return list(ci.minhash) or None
    return sketch(f"{ci.item.title}\n{ci.item.text}")


_BLAKE2B_4 = hashlib.blake2b(digest_size=4)


def _bottom_k(grams: set[bytes], k: int) -> list[int]:
    """The ``k`` smallest 32-bit BLAKE2b hashes (big-endian) of ``grams``, ascending."""
    # Copying a prepared hash object skips parsing its parameters for each of the ~500 grams
    # of a 3 KB text (a tenth of the sketch); one C call turns the digests into integers.
    new = _BLAKE2B_4.copy
    digests = []
    for gram in grams:
        h = new()
        h.update(gram)
        digests.append(h.digest())
    return heapq.nsmallest(k, set(struct.unpack(f">{len(grams)}I", b"".join(digests))))


def jaccard(a: list[int], b: list[int], *, k: int = _SKETCH_K) -> float:
    """Estimated Jaccard similarity of two bottom-k sketches (0.0 to 1.0).

    The share of the ``k`` smallest values of the union that are in both sketches.
    """
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    both = sa & sb
    union = sa | sb
    if len(union) <= k:
        return len(both) / len(union)
    cutoff = sorted(union)[k - 1]  # the k-th smallest value of the union
    return sum(1 for h in both if h <= cutoff) / k


def _ts(dt: datetime) -> float:
    return dt.timestamp()


def _dt(ts: float | None) -> datetime | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC)


def _stems(text: str | None) -> set[str]:
    """Crude actor stems: words of 4+ letters cut to 5 ('Armenia's', 'Armenian' -> 'armen')."""
    return {w[:5] for w in _norm_text(text or "") if len(w) >= 4 and not w.isdigit()}


_ACTOR_STOP = {"minis", "defen", "defence", "forces", "force", "spoke", "milit", "army", "offic"}


@dataclass(frozen=True)
class FoldResult:
    """What folding one report did."""

    incident: dict[str, Any]
    created: bool
    contested_now: bool  # this report turned a strike incident contested
    linked_denial: bool  # the report was a denial linked to a strike incident


def _max(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


class IncidentFolder:
    """Folds :class:`ClassifiedItem` reports into incident records held in ``incidents``."""

    def __init__(
        self,
        settings: IncidentSettings,
        incidents: MutableMapping[str, Any],
    ) -> None:
        self.settings = settings
        self.incidents = incidents
        self._cache: dict[str, list[Any]] | None = None
        self._by_hash: dict[int, set[str]] = {}  # sketch value -> incidents (near-dup lookup)
        # (last_seen, id) min-heaps, for expiry to look only at incidents quiet long enough to
        # resolve (``_quiet``) or forget (``_old``), not at every open one after every item.
        # Hints only: expire() checks each against the index, where it may have moved on.
        self._quiet: list[tuple[float, str]] = []
        self._old: list[tuple[float, str]] = []

    # -- index (a cache of the records) -----------------------------------------------------
    def _index(self) -> dict[str, list[Any]]:
        if self._cache is None:
            self._cache = {}
            self._by_hash = {}
            self._quiet, self._old = [], []
            for iid, inc in self.incidents.items():
                self._ix_set(self._cache, iid, self._index_entry(inc))
            self._trim(self._cache)
        return self._cache

    def _ix_set(self, index: dict[str, list[Any]], iid: str, entry: list[Any]) -> None:
        old = index.get(iid)
        if old is None or old[0] != entry[0] or (old[9] and not entry[9]):
            self._due(index, iid, entry[0])
        if old is not None and old[5] == entry[5]:
            index[iid] = entry
            return
        if old is not None:
            self._ix_del(index, iid)
        index[iid] = entry
        for sk in entry[5]:
            for v in sk:
                self._by_hash.setdefault(v, set()).add(iid)

    def _due(self, index: dict[str, list[Any]], iid: str, last_seen: float) -> None:
        if len(self._old) > 4 * len(index) + 1024:  # mostly stale entries: rebuild
            self._old = [(e[0], i) for i, e in index.items()]
            self._quiet = list(self._old)
            heapq.heapify(self._old)
            heapq.heapify(self._quiet)
        heapq.heappush(self._quiet, (last_seen, iid))
        heapq.heappush(self._old, (last_seen, iid))

    def _ix_del(self, index: dict[str, list[Any]], iid: str) -> None:
        entry = index.pop(iid)
        for sk in entry[5]:
            for v in sk:
                ids = self._by_hash.get(v)
                if ids is not None:
                    ids.discard(iid)
                    if not ids:
                        del self._by_hash[v]

    def invalidate(self) -> None:
        """Drop the cached index (after the records changed behind the folder's back)."""
        self._cache = None

    @property
    def open_count(self) -> int:
        return sum(1 for e in self._index().values() if not e[9])

    def _index_entry(self, inc: dict[str, Any]) -> list[Any]:
        return [
            inc["last_seen"],
            inc["lat"],
            inc["lon"],
            inc["place_norm"],
            inc["categories"],
            [list(h) for h in inc["hashes"]],
            inc.get("strike_ts"),
            inc.get("actor_stems", []),
            inc["first_seen"],
            inc["status"] == "resolved",
        ]

    # -- folding -----------------------------------------------------------------------------
    def fold(self, ci: ClassifiedItem, ts: float | None = None) -> FoldResult:
        """Fold one report (at event time ``ts``, default its published time)."""
        ts = _ts(ci.item.published) if ts is None else ts
        labels: set[str] = set(ci.labels)
        place = ci.event_place
        lat = place.lat if place is not None else None
        lon = place.lon if place is not None else None
        pnorm = normalise_place(place.name if place is not None else None)
        h = item_sketch(ci)
        index = self._index()
        s = self.settings

        # Only incidents sharing enough sketch values can be near-duplicates (inverted index).
        # jaccard(h, x) counts values common to h and x over min(k, |h | x|) >= |set(h)|
        # (h has at most k values), so an incident whose sketches hold fewer than
        # near * |set(h)| of h's values cannot reach ``near``: exact, not a heuristic.
        near = s.near_duplicate_jaccard
        dups: set[str] = set()
        hset: set[int] = set()
        if h is not None:
            hset = set(h)
            by_hash = self._by_hash
            # For each incident, how many of h's values its sketches hold (counted in C).
            shared = Counter(chain.from_iterable(by_hash[v] for v in hset if v in by_hash))
            floor = min(_SKETCH_K, len(hset))
            dups = {iid for iid, n in shared.items() if n / floor >= near}
        # The best candidate is the lowest (rank, time gap, id): a near-duplicate (rank 0) in
        # the fold window, else one about the same place with overlapping categories (rank 1).
        # Any rank 0 beats every rank 1, so incidents are scanned for rank 1 only if none is.
        fw = s.fold_window
        best: tuple[int, float, str] | None = None
        if h is not None:
            for iid in dups:
                e = index.get(iid)
                if e is None:
                    continue
                last, first = e[0], e[8]
                if ts - last > fw or first - ts > fw:
                    continue
                gap = abs(ts - last)
                if (best is None or (0, gap, iid) < best) and any(
                    self._near_duplicate(h, hset, x, near) for x in e[5]
                ):
                    best = (0, gap, iid)
        if best is None and labels:
            # Categories overlap when the incident has one of the labels or a category
            # compatible with one (strike ~ casualty): one set test per incident.
            want = set(labels)
            for label in labels:
                want |= _COMPATIBLE.get(label, set())
            same_place = self._same_place
            for iid, e in index.items():
                last = e[0]
                if ts - last > fw or e[8] - ts > fw or want.isdisjoint(e[4]):
                    continue
                if same_place(lat, lon, pnorm, e[1], e[2], e[3]):
                    gap = abs(ts - last)
                    if best is None or (1, gap, iid) < best:
                        best = (1, gap, iid)

        # A copy of a report joins its incident whatever it says (the same wire story).
        if best is not None and best[0] == 0:
            return self._join(self.incidents[best[2]], ci, ts, h, index)

        # A denial about a recent strike (its place or its actor) links to it.
        if "denial" in labels:
            target = self._contest_target(ci, ts, index)
            if target is not None:
                inc = dict(self.incidents[target])
                was = inc["status"]
                self._add_report(inc, ci, ts, h, denial=True)
                inc["status"] = "contested"
                self._put(inc, index)
                return FoldResult(inc, False, was != "contested", True)

        if best is not None:
            return self._join(self.incidents[best[2]], ci, ts, h, index)

        iid = incident_id(ci.item.id)
        if iid in self.incidents:  # the same report again (replay): fold idempotently
            return self._join(self.incidents[iid], ci, ts, h, index)
        inc = {
            "id": iid,
            "key": ci.key,
            "place": place.name if place is not None else None,
            "place_norm": pnorm,
            "country": place.country if place is not None else None,
            "lat": lat,
            "lon": lon,
            "categories": [],
            "killed": None,
            "wounded": None,
            "sources": [],
            "items": [],
            "headlines": [],
            "hashes": [],
            "attributions": [],
            "actor_stems": [],
            "denials": [],
            "first_seen": ts,
            "last_seen": ts,
            "strike_ts": None,
            "status": "open",
        }
        self._add_report(inc, ci, ts, h, denial=False)
        contested = self._self_contest(inc, ci, ts)
        self._put(inc, index)
        return FoldResult(inc, True, contested, contested)

    @staticmethod
    def _near_duplicate(h: list[int], hset: set[int], x: list[int], near: float) -> bool:
        """``jaccard(h, x) >= near``, skipping the exact estimate when the values common to
        both sketches are too few for it to reach ``near`` (``hset`` is ``set(h)``)."""
        if len(hset.intersection(x)) / min(_SKETCH_K, len(hset)) < near:
            return False
        return jaccard(h, x) >= near

    def _join(
        self,
        record: dict[str, Any],
        ci: ClassifiedItem,
        ts: float,
        h: list[int] | None,
        index: dict[str, list[Any]],
    ) -> FoldResult:
        inc = dict(record)
        self._add_report(inc, ci, ts, h, denial=False)
        contested = self._self_contest(inc, ci, ts)
        self._put(inc, index)
        return FoldResult(inc, False, contested, contested)

    def _self_contest(self, inc: dict[str, Any], ci: ClassifiedItem, ts: float) -> bool:
        """A report of the strike that also carries a denial of it ("X denies firing") makes
        the incident contested at once; True if it just became so."""
        if "denial" not in ci.labels or inc.get("strike_ts") is None or ts < inc["strike_ts"]:
            return False
        if inc["status"] == "contested":
            return False
        inc["denials"] = [*inc["denials"], self._denial_record(ci, ts)][-_MAX_DENIALS:]
        inc["status"] = "contested"
        return True

    @staticmethod
    def _denial_record(ci: ClassifiedItem, ts: float) -> dict[str, Any]:
        d = ci.denial
        return {
            "actor": d.actor if d else None,
            "claim": d.claim if d else None,
            "title": ci.item.title,
            "url": ci.item.url,
            "ts": ts,
        }

    def _same_place(
        self,
        lat: float | None,
        lon: float | None,
        pnorm: str,
        elat: float | None,
        elon: float | None,
        epnorm: str,
    ) -> bool:
        if pnorm and pnorm == epnorm:
            return True
        if lat is None or lon is None or elat is None or elon is None:
            return False
        if abs(lat - elat) * 111.0 > self.settings.radius_km:  # a degree of latitude ~ 111 km
            return False
        return haversine_km(lat, lon, elat, elon) <= self.settings.radius_km

    def _contest_target(self, ci: ClassifiedItem, ts: float, index: dict[str, Any]) -> str | None:
        """The most recent strike incident that this denial is about (place or actor), if any."""
        s = self.settings
        places = [(p.lat, p.lon, normalise_place(p.name)) for p in ci.places]
        actor = _stems(ci.denial.actor if ci.denial else None) - _ACTOR_STOP
        best: tuple[float, str] | None = None
        for iid, e in index.items():
            last, elat, elon, epnorm, _, _, strike_ts, estems, *_ = e
            if strike_ts is None or ts < strike_ts or ts - last > s.contest_window:
                continue
            hit = any(self._same_place(la, lo, pn, elat, elon, epnorm) for la, lo, pn in places)
            if not hit and actor and actor & set(estems):
                hit = True
            if hit and (best is None or (-strike_ts, iid) < (-best[0], best[1])):
                best = (strike_ts, iid)
        return best[1] if best else None

    def _add_report(
        self,
        inc: dict[str, Any],
        ci: ClassifiedItem,
        ts: float,
        h: list[int] | None,
        *,
        denial: bool,
    ) -> None:
        it = ci.item
        sid = short_id(it.id)  # ids only mark a report as folded: short hashes suffice
        if sid in inc["items"]:
            return  # the same report again: nothing changes (idempotent on replay)
        if inc["status"] == "resolved":
            inc["status"] = "open"
        inc["items"] = (inc["items"] + [sid])[-_MAX_ITEMS:]
        cats = set(inc["categories"]) | set(ci.labels)
        inc["categories"] = sorted(cats)
        if not denial:
            inc["killed"] = _max(inc["killed"], ci.casualties.killed)
            inc["wounded"] = _max(inc["wounded"], ci.casualties.wounded)
            place = ci.event_place
            if inc["lat"] is None and place is not None and place.lat is not None:
                inc.update(place=place.name, place_norm=normalise_place(place.name))
                inc.update(country=place.country, lat=place.lat, lon=place.lon)
            if "strike" in ci.labels:
                inc["strike_ts"] = ts if inc["strike_ts"] is None else min(inc["strike_ts"], ts)
            if ci.attribution and ci.attribution not in inc["attributions"]:
                inc["attributions"] = (inc["attributions"] + [ci.attribution])[-5:]
                stems = set(inc["actor_stems"]) | (_stems(ci.attribution) - _ACTOR_STOP)
                inc["actor_stems"] = sorted(stems)[:20]
        else:
            inc["denials"] = [*inc["denials"], self._denial_record(ci, ts)][-_MAX_DENIALS:]
        sources = list(inc["sources"])
        for src in (it.feed, *it.sources):
            if src not in sources and len(sources) < _MAX_SOURCES:
                sources.append(src)
        inc["sources"] = sources
        if h is not None and h not in inc["hashes"]:
            inc["hashes"] = (inc["hashes"] + [h])[-_MAX_HASHES:]
        if it.title and len(inc["headlines"]) < _MAX_HEADLINES:
            titles = {x["title"] for x in inc["headlines"]}
            if it.title not in titles:
                inc["headlines"] = [
                    *inc["headlines"],
                    {"title": it.title, "url": it.url, "source": it.feed, "published": ts},
                ]
        inc["first_seen"] = min(inc["first_seen"], ts)
        inc["last_seen"] = max(inc["last_seen"], ts)

    def _put(self, inc: dict[str, Any], index: dict[str, list[Any]]) -> None:
        self.incidents[inc["id"]] = inc
        self._ix_set(index, inc["id"], self._index_entry(inc))
        self._trim(index)

    def _trim(self, index: dict[str, list[Any]]) -> None:
        if len(index) > self.settings.max_open:
            # Forget the least recently seen incidents entirely: state stays bounded whatever
            # the rate of reports.
            for iid, _ in sorted(index.items(), key=lambda kv: (kv[1][0], kv[0]))[
                : len(index) - self.settings.max_open
            ]:
                self._ix_del(index, iid)
                self.incidents.pop(iid, None)

    # -- expiry ------------------------------------------------------------------------------
    def expire(self, watermark: float) -> list[str]:
        """Resolve incidents quiet for ``fold_window``; forget those quiet for ``retention``.

        Returns the ids forgotten.
        """
        index = self._index()
        gone: list[str] = []
        retention = self.settings.retention
        while self._old and watermark - self._old[0][0] > retention:
            ts, iid = heapq.heappop(self._old)
            e = index.get(iid)
            if e is not None and e[0] == ts:  # else a stale hint: gone, or seen since
                self._ix_del(index, iid)
                gone.append(iid)
        for iid in gone:
            self.incidents.pop(iid, None)
        quiet = max(self.settings.fold_window, self.settings.contest_window)
        while self._quiet and watermark - self._quiet[0][0] > quiet:
            ts, iid = heapq.heappop(self._quiet)
            e = index.get(iid)
            if e is not None and e[0] == ts and not e[9]:
                inc = self.incidents.get(iid)
                if inc is not None:
                    inc = dict(inc)
                    inc["status"] = "resolved"
                    self.incidents[iid] = inc
                index[iid] = [*e[:9], True]
        return gone

    def get(self, incident_id: str) -> dict[str, Any] | None:
        value = self.incidents.get(incident_id)
        return dict(value) if value is not None else None


def summary(inc: dict[str, Any], *, headlines: int = 3) -> IncidentSummary:
    """The alert-facing summary of an incident record (``headlines`` samples with links)."""
    return IncidentSummary(
        id=inc["id"],
        place=inc.get("place"),
        country=inc.get("country"),
        lat=inc.get("lat"),
        lon=inc.get("lon"),
        categories=tuple(inc.get("categories", ())),
        killed=inc.get("killed"),
        wounded=inc.get("wounded"),
        sources=tuple(inc.get("sources", ())),
        headlines=tuple(
            Headline(
                title=h["title"],
                url=h.get("url"),
                source=h.get("source"),
                published=_dt(h.get("published")),
            )
            for h in inc.get("headlines", ())[:headlines]
        ),
        first_seen=_dt(inc.get("first_seen")),
        last_seen=_dt(inc.get("last_seen")),
        status=inc.get("status", "open"),
    )
