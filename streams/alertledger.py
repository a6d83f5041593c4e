"""The alert ids already on the alerts topic: what the rules agent must not send again.

After a restart or a rebalance the rules agent re-sends only pending alerts whose ids are not
on the alerts topic (see :mod:`streams.rules_agent`); this reads those ids back with
kafka-python, outside any consumer group.
"""

from __future__ import annotations

import time

from kafka import TopicPartition
from kafka.errors import KafkaError

from flashpoint.core.errors import FlashpointError
from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.core.kafkaread import group_less_consumer

__all__ = ["AlertLedger", "LedgerError"]


class LedgerError(FlashpointError):
    """The alerts topic could not be read back."""


class AlertLedger:
    """The alert ids already on the alerts topic, read back with kafka-python.

    ``refresh()`` reads from where the last read stopped to the current end of every partition
    (the first call reads from the beginning). Blocking: run it in a thread.
    """

    def __init__(self, kafka: KafkaSettings, topic: str, *, timeout: float = 60.0) -> None:
        self.kafka = kafka
        self.topic = topic
        self.timeout = timeout
        self.known: set[str] = set()
        self._offsets: dict[int, int] = {}

    def refresh(self) -> int:
        """Read new records; return how many ids were added."""
        try:
            consumer = group_less_consumer(
                self.kafka, "flashpoint-alert-ledger", consumer_timeout_ms=1000
            )
        except (KafkaError, OSError) as exc:
            raise LedgerError(f"cannot read back {self.topic}: {exc}") from exc
        try:
            parts = consumer.partitions_for_topic(self.topic) or set()
            tps = [TopicPartition(self.topic, p) for p in sorted(parts)]
            if not tps:
                return 0
            consumer.assign(tps)
            ends = consumer.end_offsets(tps)
            for tp in tps:
                consumer.seek(tp, self._offsets.get(tp.partition, 0))
            added = 0
            deadline = time.monotonic() + self.timeout
            while any(consumer.position(tp) < ends[tp] for tp in tps):
                if time.monotonic() > deadline:
                    raise LedgerError(f"timed out reading back {self.topic}")
                batch = consumer.poll(timeout_ms=500)
                for records in batch.values():
                    for rec in records:
                        if rec.key is not None:
                            key = rec.key.decode("utf-8", "replace")
                            if key not in self.known:
                                self.known.add(key)
                                added += 1
            for tp in tps:
                self._offsets[tp.partition] = consumer.position(tp)
            return added
        except KafkaError as exc:
            raise LedgerError(f"cannot read back {self.topic}: {exc}") from exc
        finally:
            consumer.close()
