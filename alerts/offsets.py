"""Which offsets may be committed while alerts finish out of order.

Alerts are delivered concurrently, so a later record may finish before an earlier one. A
partition's committed offset only moves up to its oldest record still in flight: nothing
unresolved is ever committed past.
"""

from __future__ import annotations

from collections.abc import Iterable

from aiokafka import TopicPartition

__all__ = ["OffsetTracker"]


class OffsetTracker:
    def __init__(self) -> None:
        self._pending: dict[TopicPartition, set[int]] = {}
        self._next: dict[TopicPartition, int] = {}
        self._committed: dict[TopicPartition, int] = {}
        # Bumped when a partition is revoked, so a delivery that started before the revoke
        # cannot mark the same offset done after the partition came back.
        self._epoch: dict[TopicPartition, int] = {}

    def add(self, tp: TopicPartition, offset: int) -> int:
        """Track a record; returns the token to pass to :meth:`done`."""
        self._pending.setdefault(tp, set()).add(offset)
        self._next[tp] = max(self._next.get(tp, 0), offset + 1)
        return self._epoch.get(tp, 0)

    def done(self, tp: TopicPartition, offset: int, token: int = 0) -> None:
        if token != self._epoch.get(tp, 0):
            return  # tracked before a revoke: the partition's new owner decides
        pending = self._pending.get(tp)
        if pending is not None:
            pending.discard(offset)

    def in_flight(self) -> int:
        return sum(len(p) for p in self._pending.values())

    def committable(self) -> dict[TopicPartition, int]:
        """Offsets to commit now (the next record to read), only where they moved."""
        out: dict[TopicPartition, int] = {}
        for tp, nxt in self._next.items():
            pending = self._pending.get(tp)
            offset = min(pending) if pending else nxt
            if offset > self._committed.get(tp, -1):
                out[tp] = offset
        return out

    def mark_committed(self, offsets: dict[TopicPartition, int]) -> None:
        self._committed.update(offsets)

    def drop(self, tps: Iterable[TopicPartition]) -> None:
        """Forget revoked partitions: their in-flight records will be redelivered elsewhere."""
        for tp in tps:
            self._pending.pop(tp, None)
            self._next.pop(tp, None)
            self._committed.pop(tp, None)
            self._epoch[tp] = self._epoch.get(tp, 0) + 1
