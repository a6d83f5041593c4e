"""Publication to the raw topic with kafka-python, exactly once across crashes.

Protocol (see producers.state): items are claimed as *pending* (payload kept) in one SQLite
transaction before any record is sent; acks turn them *published* with their offsets. On
start-up, and before each cycle while anything is still pending (a kill between send and
state write, or a delivery that failed after the client's retries), ``recover`` reads the raw
topic from the offsets recorded before those batches to its end: pending ids found there are
marked published, the others are sent again. Records are keyed by item id.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kafka import KafkaProducer, TopicPartition
from kafka.errors import KafkaError

from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.core.kafkaread import group_less_consumer
from producers.errors import PublishError
from producers.items import Item
from producers.metrics import ProducerMetrics
from producers.settings import ProducerSettings
from producers.state import State

__all__ = ["Publisher", "RecoveryReport", "make_kafka_producer"]

log = logging.getLogger(__name__)


def make_kafka_producer(kafka: KafkaSettings, settings: ProducerSettings) -> KafkaProducer:
    """The producer configuration the architecture asks for: acks=all, idempotent, lz4."""
    return KafkaProducer(
        bootstrap_servers=kafka.bootstrap_list(),
        client_id="flashpoint-producer",
        acks="all",
        enable_idempotence=True,
        compression_type="lz4",
        linger_ms=settings.linger_ms,
        batch_size=settings.batch_size,
        delivery_timeout_ms=settings.delivery_timeout_ms,
        max_in_flight_requests_per_connection=5,
        retries=2**31 - 1,
        max_block_ms=30_000,
    )


@dataclass
class RecoveryReport:
    pending: int = 0
    found: int = 0
    resent: int = 0


class Publisher:
    """Sends Items and keeps the publication log in ``state`` (blocking: call from a thread)."""

    def __init__(
        self,
        kafka: KafkaSettings,
        settings: ProducerSettings,
        state: State,
        metrics: ProducerMetrics,
        *,
        producer_factory: Callable[[], Any] | None = None,
        flush_timeout: float = 120.0,
    ) -> None:
        self.kafka = kafka
        self.settings = settings
        self.state = state
        self.metrics = metrics
        self.topic = kafka.raw_topic
        self.flush_timeout = flush_timeout
        self._factory = producer_factory or (lambda: make_kafka_producer(kafka, settings))
        self._producer: Any = None

    # ---- lifecycle ---------------------------------------------------------------------------
    def start(self) -> RecoveryReport:
        """Connect, record a baseline of the topic's end offsets, and recover pending items."""
        try:
            self._producer = self._factory()
        except KafkaError as exc:
            raise PublishError(
                f"cannot connect to Kafka at {self.kafka.bootstrap_servers}: {exc}"
            ) from exc
        return self.recover(baseline=True)

    def close(self, timeout: float = 30.0) -> None:
        """Flush what is buffered, record the acks, close the client."""
        if self._producer is None:
            return
        try:
            self._producer.flush(timeout=timeout)
        finally:
            self._producer.close(timeout=timeout)
            self._producer = None

    # ---- publication -------------------------------------------------------------------------
    def publish(self, items: Sequence[Item], keys: Mapping[str, Sequence[str]]) -> int:
        """Publish new items; returns how many the broker acked.

        ``keys`` maps item id to its dedup keys. Items whose delivery fails stay pending (they
        are counted in ``publish_errors``) and are resolved by the next ``recover``.
        """
        if not items:
            return 0
        rows = [
            (it.id, it.feed, it.sources or (it.feed,), keys.get(it.id, ()), it.to_json())
            for it in items
        ]
        self.state.begin_batch(self.topic, rows)
        return self._send([(it_id, payload) for it_id, _, _, _, payload in rows])

    def _send(self, records: Sequence[tuple[str, bytes]]) -> int:
        if self._producer is None:
            raise PublishError("publisher not started")
        futures = []
        for item_id, payload in records:
            try:
                fut = self._producer.send(self.topic, key=item_id.encode(), value=payload)
            except KafkaError as exc:
                self.metrics.publish_errors.inc()
                log.warning("send failed id=%s topic=%s error=%s", item_id, self.topic, exc)
                continue
            futures.append((item_id, fut))
        try:
            self._producer.flush(timeout=self.flush_timeout)
        except KafkaError as exc:
            log.warning("flush failed topic=%s error=%s", self.topic, exc)
        acked: list[tuple[str, int, int]] = []
        for item_id, fut in futures:
            if fut.is_done and fut.succeeded():
                md = fut.value
                acked.append((item_id, int(md.partition), int(md.offset)))
            else:
                self.metrics.publish_errors.inc()
                log.warning(
                    "delivery failed id=%s topic=%s error=%s", item_id, self.topic, fut.exception
                )
        self.state.mark_published(self.topic, acked)
        self.metrics.items_published.inc(len(acked))
        return len(acked)

    # ---- recovery ----------------------------------------------------------------------------
    def has_pending(self) -> bool:
        return bool(self.state.pending(self.topic))

    def recover(self, *, baseline: bool = False) -> RecoveryReport:
        """Resolve pending items: mark those already on the topic, send the others again."""
        pending = self.state.pending(self.topic)
        report = RecoveryReport(pending=len(pending))
        need_baseline = baseline and not self.state.offsets(self.topic)
        if not pending and not need_baseline:
            return report
        start = self.state.scan_start(self.topic)
        found = self._scan({p.id for p in pending}, start, baseline=need_baseline)
        if found:
            self.state.mark_published(self.topic, found)
            report.found = len(found)
            self.metrics.recovered.labels("found").inc(len(found))
        done = {f[0] for f in found}
        rest = [p for p in pending if p.id not in done]
        if rest:
            self.state.rebatch(self.topic, [p.id for p in rest])
            report.resent = self._send([(p.id, p.payload) for p in rest])
            self.metrics.recovered.labels("resent").inc(report.resent)
        if pending:
            log.info(
                "recovered pending items topic=%s pending=%d found=%d resent=%d",
                self.topic,
                report.pending,
                report.found,
                report.resent,
            )
        return report

    def _scan(
        self, wanted: set[str], start: Mapping[int, int], *, baseline: bool
    ) -> list[tuple[str, int, int]]:
        consumer = group_less_consumer(
            self.kafka,
            "flashpoint-producer-recovery",
            auto_offset_reset="earliest",
            consumer_timeout_ms=1000,
        )
        try:
            deadline = time.monotonic() + 60
            parts = None
            while parts is None and time.monotonic() < deadline:
                parts = consumer.partitions_for_topic(self.topic)
                if parts is None:
                    time.sleep(0.2)
            if not parts:
                raise PublishError(
                    f"topic {self.topic} not found on {self.kafka.bootstrap_servers}"
                )
            tps = [TopicPartition(self.topic, p) for p in sorted(parts)]
            consumer.assign(tps)
            ends: dict[TopicPartition, int] = consumer.end_offsets(tps)
            if baseline:
                self.state.set_baseline(self.topic, {tp.partition: ends[tp] - 1 for tp in tps})
            if not wanted:
                return []
            begins: dict[TopicPartition, int] = consumer.beginning_offsets(tps)
            positions = {tp: max(start.get(tp.partition, begins[tp]), begins[tp]) for tp in tps}
            active = [tp for tp in tps if positions[tp] < ends[tp]]
            found: list[tuple[str, int, int]] = []
            remaining = set(active)
            if not active:
                return found
            consumer.assign(active)
            for tp in active:
                consumer.seek(tp, positions[tp])
            while remaining and time.monotonic() < deadline:
                batch = consumer.poll(timeout_ms=500)
                for records in batch.values():
                    for rec in records:
                        key = rec.key.decode("utf-8", "replace") if rec.key else ""
                        if key in wanted:
                            found.append((key, rec.partition, rec.offset))
                for tp in list(remaining):
                    if consumer.position(tp) >= ends[tp]:
                        remaining.discard(tp)
            if remaining:
                raise PublishError(f"recovery scan of {self.topic} did not reach the end in time")
            return found
        except KafkaError as exc:
            raise PublishError(f"recovery scan of {self.topic} failed: {exc}") from exc
        finally:
            consumer.close()
