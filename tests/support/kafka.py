"""A local Kafka broker for a test session, Kafka settings of one test, and exact reads.

The broker runs on free ports (never 9092, so a developer's broker never collides) with its
data in the folder it is given and a small heap. Each test gets its own topic prefix, so tests
never see each other's records. A topic is read to its end offsets (never "until quiet"), and
a group's committed offsets are read without joining it.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kafka import KafkaConsumer, TopicPartition

from flashpoint.core.kafkaadmin import ensure_topics
from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.localkafka import DEFAULT_HEAP, LocalKafka
from tests.ports import free_port

__all__ = [
    "Rec",
    "committed_to_end",
    "end_offsets",
    "fresh_settings",
    "local_broker",
    "read_all",
]


@contextmanager
def local_broker(data_dir: Path, *, heap: str = DEFAULT_HEAP) -> Iterator[LocalKafka]:
    """A broker started on free ports with its data in ``data_dir``, stopped on exit."""
    broker = LocalKafka(port=free_port(), controller_port=free_port(), data_dir=data_dir, heap=heap)
    broker.start(timeout=120)
    try:
        yield broker
    finally:
        broker.stop()


def fresh_settings(broker: LocalKafka, *, mark: str = "t", partitions: int = 2) -> KafkaSettings:
    """Settings on ``broker`` with a unique topic prefix (``mark`` + 10 hex digits); the
    pipeline's topics are created up front."""
    settings = KafkaSettings(
        bootstrap_servers=broker.bootstrap,
        topic_prefix=f"{mark}{uuid.uuid4().hex[:10]}",
        partitions=partitions,
    )
    ensure_topics(settings)
    return settings


@dataclass(frozen=True)
class Rec:
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    timestamp: int  # ms


def read_all(kafka: KafkaSettings, topic: str, timeout: float = 60.0) -> list[Rec]:
    """Every record of ``topic`` up to its end offsets now, in (partition, offset) order."""
    consumer = KafkaConsumer(
        bootstrap_servers=kafka.bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    try:
        parts = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(parts)]
        consumer.assign(tps)
        ends = consumer.end_offsets(tps)
        consumer.seek_to_beginning(*tps)
        out: list[Rec] = []
        deadline = time.monotonic() + timeout
        pending = {tp for tp in tps if ends[tp] > 0}
        while pending and time.monotonic() < deadline:
            for tp, recs in consumer.poll(timeout_ms=500).items():
                for r in recs:
                    if r.offset < ends[tp]:
                        out.append(Rec(r.partition, r.offset, r.key, r.value, r.timestamp))
            pending = {tp for tp in pending if consumer.position(tp) < ends[tp]}
        if pending:
            raise AssertionError(f"could not read {topic} to its end in {timeout:.0f}s")
        return sorted(out, key=lambda r: (r.partition, r.offset))
    finally:
        consumer.close()


def end_offsets(kafka: KafkaSettings, topic: str) -> int:
    """The sum of the end offsets of ``topic`` (records ever written)."""
    consumer = KafkaConsumer(bootstrap_servers=kafka.bootstrap_servers, group_id=None)
    try:
        parts = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in parts]
        return int(sum(consumer.end_offsets(tps).values())) if tps else 0
    finally:
        consumer.close()


def committed_to_end(kafka: KafkaSettings, group_id: str, topics: list[str]) -> bool:
    # A consumer that never subscribes only reads the group's committed offsets (no join).
    reader = KafkaConsumer(
        bootstrap_servers=kafka.bootstrap_servers, group_id=group_id, enable_auto_commit=False
    )
    try:
        tps = [TopicPartition(t, p) for t in topics for p in range(kafka.partitions)]
        ends = reader.end_offsets(tps)
        for tp in tps:
            if ends[tp] == 0:
                continue
            done = reader.committed(tp)
            if done is None or done < ends[tp]:
                return False
        return True
    finally:
        reader.close()
