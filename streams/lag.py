"""The worker's input lag as Kafka sees it: the group's committed offsets and the topics' ends.

Why not Faust's own view: its read and committed offsets are private attributes of its
consumer, and after a restart they can disagree with what the consumer really delivers. On a
restart with table recovery, Faust resumes the stream partitions and delivers records while
its seek to the committed offsets is still in flight; a partition can then skip a run of
records that no agent ever receives, and its committed offset stops for good at the first of
them, with the agent idle and Faust's read offset at the end (see docs/reliability.md). The
committed offsets on the broker are what a restart resumes from, so a check built on them
sees that case: records past the committed offset and no commit moving is a stall, whatever
Faust's bookkeeping says.

:class:`GroupOffsets` reads them with kafka-python (a consumer that never subscribes, so it
never joins the group) in the calling thread; the worker calls it from a thread every few
seconds (:meth:`streams.progress.WorkerProbes.refresh_lag`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from kafka import KafkaConsumer, TopicPartition

from flashpoint.core.kafkaconf import KafkaSettings

__all__ = ["GroupOffsets", "PartitionLag", "lag_of"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PartitionLag:
    """One input partition: the group's committed offset (None before its first commit), the
    first offset still in the log, and the end (the offset the next record will get)."""

    committed: int | None
    begin: int
    end: int

    @property
    def behind(self) -> int:
        """Records in the log past what the group has committed."""
        done = self.begin if self.committed is None else max(self.committed, self.begin)
        return max(0, self.end - done)

    @property
    def position(self) -> int:
        """The offset a restart would resume from."""
        return self.begin if self.committed is None else self.committed


def lag_of(
    snapshot: dict[tuple[str, int], PartitionLag], topic: str, assigned: Iterable[tuple[str, int]]
) -> tuple[int, int] | None:
    """(records behind, sum of resume positions) over ``topic``'s partitions in ``assigned``;
    None when a partition assigned here is missing from ``snapshot`` (not read yet)."""
    behind = 0
    positions = 0
    for tp in assigned:
        if tp[0] != topic:
            continue
        part = snapshot.get(tp)
        if part is None:
            return None
        behind += part.behind
        positions += part.position
    return behind, positions


class GroupOffsets:
    """Reads a consumer group's committed offsets and the log bounds of its input topics."""

    def __init__(
        self, kafka: KafkaSettings, group_id: str, topics: Iterable[str], *, timeout: float = 5.0
    ) -> None:
        self.kafka = kafka
        self.group_id = group_id
        self.topics = sorted(set(topics))
        self.timeout = timeout
        self._consumer: KafkaConsumer | None = None

    def _client(self) -> KafkaConsumer:
        if self._consumer is None:
            self._consumer = KafkaConsumer(
                bootstrap_servers=self.kafka.bootstrap_list(),
                group_id=self.group_id,
                enable_auto_commit=False,
                client_id="flashpoint-lag-probe",
                request_timeout_ms=int(self.timeout * 1000) + 1000,
            )
        return self._consumer

    def read(self, partitions: Iterable[tuple[str, int]]) -> dict[tuple[str, int], PartitionLag]:
        """The committed offset and bounds of each of ``partitions`` (blocking; raises on a
        broker error, after which the next call reconnects)."""
        tps = [TopicPartition(t, p) for t, p in sorted(set(partitions)) if t in self.topics]
        if not tps:
            return {}
        try:
            consumer = self._client()
            ms = int(self.timeout * 1000)
            ends = consumer.end_offsets(tps, timeout_ms=ms)
            begins = consumer.beginning_offsets(tps, timeout_ms=ms)
            return {
                (tp.topic, tp.partition): PartitionLag(
                    committed=consumer.committed(tp, timeout_ms=ms),
                    begin=int(begins[tp]),
                    end=int(ends[tp]),
                )
                for tp in tps
            }
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        if self._consumer is not None:
            consumer, self._consumer = self._consumer, None
            try:
                consumer.close(autocommit=False)
            except Exception as exc:  # closing a broken client must not mask the first error
                log.debug("lag probe close failed error=%r", exc)
