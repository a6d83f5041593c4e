"""A local Kafka broker for a test session, and Kafka settings of one test.

The broker runs on free ports (never 9092, so a developer's broker never collides) with its
data in the folder it is given and a small heap. Each test gets its own topic prefix, so tests
never see each other's records.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flashpoint.core.kafkaadmin import ensure_topics
from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.localkafka import DEFAULT_HEAP, LocalKafka
from tests.ports import free_port

__all__ = ["fresh_settings", "local_broker"]


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
