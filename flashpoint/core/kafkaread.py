"""The one way a process reads a topic back itself: a kafka-python consumer outside any group.

The alert ledger, the silences, the worker API's newest alerts and the producer's recovery scan
each assign partitions and seek on their own; none joins a consumer group or commits offsets.
"""

from __future__ import annotations

from typing import Any

from kafka import KafkaConsumer

from flashpoint.core.kafkaconf import KafkaSettings

__all__ = ["group_less_consumer"]


def group_less_consumer(
    kafka: KafkaSettings,
    client_id: str,
    *,
    connect_timeout: float | None = None,
    **options: Any,
) -> KafkaConsumer:
    """A consumer of ``kafka``'s brokers in no group, committing nothing (the caller assigns and
    seeks). ``connect_timeout`` (seconds, at least 1) bounds the bootstrap; ``options`` are more
    ``KafkaConsumer`` settings. Raises what ``KafkaConsumer`` raises (``NoBrokersAvailable``,
    a ``KafkaError``)."""
    if connect_timeout is not None:
        options["bootstrap_timeout_ms"] = max(1000, int(connect_timeout * 1000))
    return KafkaConsumer(
        bootstrap_servers=kafka.bootstrap_list(),
        group_id=None,
        enable_auto_commit=False,
        client_id=client_id,
        **options,
    )
