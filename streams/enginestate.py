"""The rule engine's state: its stores, the write-buffer the rules agent runs it on, its counts.

Plain mappings with JSON-able values (dicts in the backtest, Faust tables in the worker), so
:mod:`streams.engine` stays pure; see :class:`streams.engine.Engine` for what each store holds.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from streams.incidents import short_id

__all__ = [
    "SEEN_BUCKET",
    "SEEN_SEGMENT",
    "DueQueue",
    "EngineState",
    "EngineStats",
    "Overlay",
    "ReadCache",
    "SeenIndex",
]

SEEN_BUCKET = 3600.0
SEEN_SEGMENT = 256  # short hashes per ``seen`` record: a batch rewrites one small record


@dataclass
class SeenIndex:
    """What the ``seen`` store holds, in memory: the hashes, the keys of each time bucket (to
    expire a bucket whole) and each bucket's open segment (its number and length).

    The store holds ``"#<bucket>:<segment>"`` -> list of
    :func:`streams.incidents.short_id` values. Keys of the older layout (item id -> event time)
    are still read, and expire with their bucket.
    """

    hashes: set[str] = field(default_factory=set)
    buckets: dict[int, list[str]] = field(default_factory=dict)
    open: dict[int, tuple[int, int]] = field(default_factory=dict)

    def add_key(self, key: str, value: Any) -> None:
        if isinstance(value, list):
            bucket_s, seg_s = key[1:].split(":", 1)
            bucket, seg = int(bucket_s), int(seg_s)
            self.hashes.update(value)
            if seg >= self.open.get(bucket, (-1, 0))[0]:
                self.open[bucket] = (seg, len(value))
        else:  # the older layout: one key per item id, its event time as value
            bucket = int(float(value) // SEEN_BUCKET)
            self.hashes.add(short_id(key))
        self.buckets.setdefault(bucket, []).append(key)


class Overlay(MutableMapping[str, Any]):
    """A write-buffer over a mapping: reads see the writes; :meth:`flush` applies them.

    The rules agent runs the engine on overlays so that a failure leaves no partial state, and so
    that pending alerts reach the changelog before the state that records them as sent.
    """

    DELETED = object()  # the value of a deleted key in ``writes``

    def __init__(self, base: MutableMapping[str, Any]) -> None:
        self.base = base
        self.writes: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key in self.writes:
            value = self.writes[key]
            if value is self.DELETED:
                raise KeyError(key)
            return value
        return self.base[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.writes[key] = value

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        self.writes[key] = self.DELETED

    def __contains__(self, key: object) -> bool:
        if key in self.writes:
            return self.writes[key] is not self.DELETED
        return key in self.base

    def __iter__(self) -> Iterator[str]:
        for k in self.base:
            if k not in self.writes:
                yield k
        for k, v in self.writes.items():
            if v is not self.DELETED:
                yield k

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def flush(self) -> None:
        for k, v in self.writes.items():
            if v is self.DELETED:
                self.base.pop(k, None)
            else:
                self.base[k] = v
        self.writes.clear()


class ReadCache(MutableMapping[str, Any]):
    """The values last read or written through it, in front of a mapping (the rules table).

    A Faust table on rocksdict decodes a key's JSON on every read, and the engine reads each
    incident, window record and seen segment again for every item that touches it: the reads
    were a quarter of the rules phase. Values are never changed in place (the engine and the
    folder copy a record before they change it, so that a discarded write-buffer leaves no
    trace), so handing out the cached object is safe. Known-absent keys are cached as well.

    Writes go to the mapping first, then to the cache; a write that raises drops the key from
    the cache. Whoever changes the mapping behind it (a changelog recovery after a rebalance)
    must :meth:`clear_cache`. At most ``max_keys`` entries: beyond that it starts again empty.
    """

    _ABSENT = object()

    def __init__(self, base: MutableMapping[str, Any], *, max_keys: int = 10_000) -> None:
        self.base = base
        self.max_keys = max_keys
        self.cache: dict[str, Any] = {}

    def clear_cache(self) -> None:
        self.cache.clear()

    def _remember(self, key: str, value: Any) -> None:
        if len(self.cache) >= self.max_keys and key not in self.cache:
            self.cache.clear()
        self.cache[key] = value

    def __getitem__(self, key: str) -> Any:
        value = self.cache.get(key, self)
        if value is self:
            try:
                value = self.base[key]
            except KeyError:
                self._remember(key, self._ABSENT)
                raise
            self._remember(key, value)
        if value is self._ABSENT:
            raise KeyError(key)
        return value

    def __setitem__(self, key: str, value: Any) -> None:
        self.cache.pop(key, None)
        self.base[key] = value
        self._remember(key, value)

    def __delitem__(self, key: str) -> None:
        self.cache.pop(key, None)
        del self.base[key]
        self._remember(key, self._ABSENT)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str) and key in self.cache:
            return self.cache[key] is not self._ABSENT
        return key in self.base

    def __iter__(self) -> Iterator[str]:
        return iter(self.base)

    def __len__(self) -> int:
        return len(self.base)

    def keys(self) -> Any:
        return self.base.keys()


class DueQueue:
    """Entries (window or rule-group keys) in the order they fall due, one min-heap per clock
    (0: event time, 1: processing time).

    A heap entry is a hint, never the truth: the caller checks each popped key against its
    index (the entry may have been closed, moved or superseded since) and pushes it again if
    it is not due after all. Ties keep push order, so keys are never compared.
    """

    def __init__(self) -> None:
        self.heaps: tuple[list[tuple[float, int, Any]], list[tuple[float, int, Any]]] = ([], [])
        self._seq = itertools.count()

    def __len__(self) -> int:
        return len(self.heaps[0]) + len(self.heaps[1])

    def clear(self) -> None:
        for heap in self.heaps:
            heap.clear()

    def push(self, kind: int, due: float, key: Any) -> None:
        heapq.heappush(self.heaps[kind], (due, next(self._seq), key))

    def pop_due(self, clocks: tuple[float, float]) -> list[Any]:
        """Remove and return the keys due by each heap's clock (``due <= clock``)."""
        out: list[Any] = []
        for heap, clock in zip(self.heaps, clocks, strict=True):
            while heap and heap[0][0] <= clock:
                out.append(heapq.heappop(heap)[2])
        return out


@dataclass
class EngineState:
    """The engine's stores (dicts in the backtest, Faust tables in the worker)."""

    incidents: MutableMapping[str, Any] = field(default_factory=dict)
    windows: MutableMapping[str, Any] = field(default_factory=dict)
    groups: MutableMapping[str, Any] = field(default_factory=dict)
    seen: MutableMapping[str, Any] = field(default_factory=dict)
    meta: MutableMapping[str, Any] = field(default_factory=dict)

    def overlay(self) -> EngineState:
        return EngineState(*(Overlay(m) for m in self.stores()))

    def stores(self) -> tuple[MutableMapping[str, Any], ...]:
        return (self.incidents, self.windows, self.groups, self.seen, self.meta)

    def flush(self) -> None:
        for m in self.stores():
            if isinstance(m, Overlay):
                m.flush()


@dataclass
class EngineStats:
    items: int = 0
    duplicates: int = 0
    unlabelled: int = 0
    late: int = 0
    incidents_created: int = 0
    suppressed: int = 0
    alerts: int = 0
