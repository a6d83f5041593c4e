"""The topics the delivery process writes, created or checked before it starts.

A Kafka channel's own topic that nobody created used to surface only as a client library's
``Topic ... not found`` repeated several times a second; delivery now creates its output
topics at start-up (or stops with one line naming them), and ``deliver --check`` reports the
missing ones.
"""

from __future__ import annotations

import asyncio

from alerts.channels.config import ChannelsConfig, KafkaChannelConfig
from alerts.errors import DeliveryKafkaError
from flashpoint.core.kafkaadmin import TopicError, ensure_topics
from flashpoint.core.kafkaconf import KafkaSettings

__all__ = ["ensure_output_topics", "output_topics"]


def output_topics(kafka: KafkaSettings, config: ChannelsConfig) -> list[str]:
    """Every topic the delivery process writes: the dead letters and each Kafka channel's."""
    topics = [kafka.deadletter_topic]
    for cfg in config.channels.values():
        if isinstance(cfg, KafkaChannelConfig):
            topics.append(cfg.topic or kafka.events_topic)
    return list(dict.fromkeys(topics))


async def ensure_output_topics(
    kafka: KafkaSettings, config: ChannelsConfig, *, timeout: float = 30.0
) -> list[str]:
    """Create the missing output topics (see :func:`output_topics`); return those created.

    Raises DeliveryKafkaError naming the topics when they can be neither found nor created
    (for example when the user may not create topics and nobody created them).
    """
    topics = output_topics(kafka, config)
    try:
        return await asyncio.to_thread(ensure_topics, kafka, topics, timeout=timeout)
    except TopicError as exc:
        raise DeliveryKafkaError(
            f"output topics {', '.join(topics)} are missing and could not be created: {exc}"
        ) from exc
