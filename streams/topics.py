"""Faust topic objects of the pipeline. Values travel as raw bytes (JSON made by the schemas),
so that a malformed record becomes a counted dead letter instead of a codec error in Faust."""

from __future__ import annotations

from dataclasses import dataclass

import faust
from faust.types import TopicT

from flashpoint.core.kafkaconf import KafkaSettings

__all__ = ["Topics", "declare_topics"]


@dataclass(frozen=True)
class Topics:
    raw: TopicT
    classified: TopicT
    alerts: TopicT
    items_deadletter: TopicT


def declare_topics(app: faust.App, kafka: KafkaSettings) -> Topics:
    def topic(name: str) -> TopicT:
        return app.topic(
            name,
            key_type=bytes,
            value_type=bytes,
            key_serializer="raw",
            value_serializer="raw",
            partitions=kafka.partitions,
            replicas=kafka.replication_factor,
        )

    return Topics(
        raw=topic(kafka.raw_topic),
        classified=topic(kafka.classified_topic),
        alerts=topic(kafka.alerts_topic),
        items_deadletter=topic(kafka.items_deadletter_topic),
    )
