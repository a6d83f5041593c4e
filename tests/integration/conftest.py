"""Real services for integration tests: one Kafka broker per test session.

The broker runs on free ports (never 9092, so a developer's broker never collides), with its
data in a temporary folder and a small heap. Each test gets its own topic prefix and group
ids through ``kafka_settings``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from flashpoint.core.kafkaadmin import ensure_topics
from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.localkafka import LocalKafka
from tests.ports import free_port


@pytest.fixture(scope="session")
def kafka_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalKafka]:
    broker = LocalKafka(
        port=free_port(),
        controller_port=free_port(),
        data_dir=tmp_path_factory.mktemp("kafka"),
    )
    broker.start(timeout=120)
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture
def kafka_bootstrap(kafka_broker: LocalKafka) -> str:
    return kafka_broker.bootstrap


@pytest.fixture
def kafka_settings(kafka_broker: LocalKafka) -> KafkaSettings:
    """Settings with a unique topic prefix; the pipeline topics are created up front."""
    settings = KafkaSettings(
        bootstrap_servers=kafka_broker.bootstrap,
        topic_prefix=f"t{uuid.uuid4().hex[:10]}",
        partitions=2,
    )
    ensure_topics(settings)
    return settings


@pytest.fixture
def group_id() -> str:
    return f"g-{uuid.uuid4().hex[:10]}"
