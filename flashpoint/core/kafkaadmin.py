"""Explicit topic creation (kafka-python admin). Flashpoint never relies on auto-creation."""

from __future__ import annotations

import contextlib
import logging
import socket
import time
from collections.abc import Iterable

from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from flashpoint.core.errors import UnavailableError
from flashpoint.core.kafkaconf import KafkaSettings

__all__ = ["TopicError", "ensure_topics", "missing_topics", "pipeline_topics"]

log = logging.getLogger(__name__)


class TopicError(UnavailableError):
    """Topics could not be created or checked (the broker does not answer, or refuses)."""


def pipeline_topics(kafka: KafkaSettings) -> dict[str, dict[str, str]]:
    """Every topic of the pipeline with its topic-level config."""
    week = str(7 * 24 * 3600 * 1000)
    return {
        kafka.raw_topic: {"retention.ms": week, "compression.type": "producer"},
        kafka.classified_topic: {"retention.ms": week, "compression.type": "producer"},
        kafka.items_deadletter_topic: {"retention.ms": str(30 * 24 * 3600 * 1000)},
        kafka.alerts_topic: {"retention.ms": str(90 * 24 * 3600 * 1000)},
        kafka.deadletter_topic: {"retention.ms": str(90 * 24 * 3600 * 1000)},
        kafka.events_topic: {"retention.ms": str(90 * 24 * 3600 * 1000)},
        kafka.silences_topic: {"cleanup.policy": "compact"},
    }


def _any_answers(servers: list[str]) -> bool:
    for server in servers:
        host, _, port = server.rpartition(":")
        try:
            with socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout=2):
                return True
        except (OSError, ValueError):
            continue
    return False


def ensure_topics(
    kafka: KafkaSettings,
    names: Iterable[str] | None = None,
    *,
    timeout: float = 30.0,
) -> list[str]:
    """Create the given topics (default: all pipeline topics) if missing; return those created.

    Partition count and replication come from ``kafka``. Existing topics are left as they are.
    """
    configs = pipeline_topics(kafka)
    wanted = list(names) if names is not None else list(configs)
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    # A plain TCP probe first: kafka-python's own bootstrap retries log a line every few seconds.
    while not _any_answers(kafka.bootstrap_list()):
        if time.monotonic() >= deadline:
            raise TopicError(
                f"Kafka does not answer at {kafka.bootstrap_servers} (waited {timeout:.0f}s; "
                "start the local one with 'flashpoint kafka up')"
            )
        time.sleep(0.5)
    while time.monotonic() < deadline:
        try:
            admin = KafkaAdminClient(
                bootstrap_servers=kafka.bootstrap_list(),
                client_id="flashpoint-admin",
                request_timeout_ms=10_000,
            )
        except (KafkaError, OSError) as exc:
            last = exc
            time.sleep(0.5)
            continue
        try:
            existing = set(admin.list_topics())
            missing = [t for t in wanted if t not in existing]
            if missing:
                new = [
                    NewTopic(
                        name=t,
                        num_partitions=kafka.partitions,
                        replication_factor=kafka.replication_factor,
                        topic_configs=configs.get(t, {}),
                    )
                    for t in missing
                ]
                # Another process may win the race to create them; that is fine.
                with contextlib.suppress(TopicAlreadyExistsError):
                    admin.create_topics(new, validate_only=False)
                log.info("created topics %s", ",".join(missing))
            return missing
        except KafkaError as exc:
            last = exc
            time.sleep(0.5)
        finally:
            admin.close()
    raise TopicError(f"could not create topics on {kafka.bootstrap_servers}: {last}") from last


def missing_topics(
    kafka: KafkaSettings, names: Iterable[str], *, timeout: float = 10.0
) -> list[str]:
    """Which of ``names`` do not exist on the cluster (nothing is created).

    Raises TopicError when Kafka does not answer within ``timeout`` seconds.
    """
    wanted = list(dict.fromkeys(names))
    deadline = time.monotonic() + timeout
    while not _any_answers(kafka.bootstrap_list()):
        if time.monotonic() >= deadline:
            raise TopicError(
                f"Kafka does not answer at {kafka.bootstrap_servers} (waited {timeout:.0f}s)"
            )
        time.sleep(0.5)
    try:
        admin = KafkaAdminClient(
            bootstrap_servers=kafka.bootstrap_list(),
            client_id="flashpoint-admin",
            request_timeout_ms=int(timeout * 1000),
        )
    except (KafkaError, OSError) as exc:
        raise TopicError(f"cannot list topics on {kafka.bootstrap_servers}: {exc}") from exc
    try:
        existing = set(admin.list_topics())
    except KafkaError as exc:
        raise TopicError(f"cannot list topics on {kafka.bootstrap_servers}: {exc}") from exc
    finally:
        admin.close()
    return [t for t in wanted if t not in existing]
