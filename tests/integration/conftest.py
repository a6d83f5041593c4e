"""Real services for integration tests: one Kafka broker per test session.

The broker runs on free ports (never 9092, so a developer's broker never collides), with its
data in a temporary folder and a small heap. Each test gets its own topic prefix and group
ids through ``kafka_settings`` (tests/support/kafka.py, shared with the fault suite).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.localkafka import LocalKafka
from tests.support.kafka import fresh_settings, local_broker


@pytest.fixture(scope="session")
def kafka_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalKafka]:
    with local_broker(tmp_path_factory.mktemp("kafka")) as broker:
        yield broker


@pytest.fixture
def kafka_bootstrap(kafka_broker: LocalKafka) -> str:
    return kafka_broker.bootstrap


@pytest.fixture
def kafka_settings(kafka_broker: LocalKafka) -> KafkaSettings:
    """Settings with a unique topic prefix; the pipeline topics are created up front."""
    return fresh_settings(kafka_broker)


@pytest.fixture
def group_id() -> str:
    return f"g-{uuid.uuid4().hex[:10]}"
