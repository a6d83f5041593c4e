"""Alerts as CloudEvents 1.0 (structured JSON mode) on a Kafka topic, for subscribers.

The record key is the alert id and the value a CloudEvent whose ``id`` is the alert id, so
a subscriber can deduplicate; the ``content-type`` header is
``application/cloudevents+json`` as the Kafka protocol binding asks for structured mode.
"""

from __future__ import annotations

from typing import Any

import orjson
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from alerts.channels.config import KafkaChannelConfig
from alerts.errors import DeliveryError
from alerts.schema import Alert

__all__ = ["CLOUDEVENTS_CONTENT_TYPE", "EVENT_SOURCE", "KafkaChannel", "cloudevent"]

CLOUDEVENTS_CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"
EVENT_SOURCE = "/flashpoint/alerts"


def cloudevent(alert: Alert) -> dict[str, Any]:
    """The CloudEvents 1.0 envelope of an alert (``type`` is ``org.flashpoint.alert.<status>``)."""
    subject = alert.incident.id if alert.incident is not None else (alert.group or alert.rule)
    return {
        "specversion": "1.0",
        "id": alert.id,
        "source": EVENT_SOURCE,
        "type": f"org.flashpoint.alert.{alert.status}",
        "subject": subject,
        "time": alert.fired_at.isoformat(),
        "datacontenttype": "application/json",
        "dataschema": f"urn:flashpoint:alert:v{alert.schema_version}",
        "severity": alert.severity,
        "rule": alert.rule,
        "data": alert.model_dump(mode="json"),
    }


class KafkaChannel:
    """Publishes one alert as a CloudEvent; the producer is shared and owned by the caller."""

    type = "kafka"

    def __init__(
        self, config: KafkaChannelConfig, producer: AIOKafkaProducer, *, default_topic: str
    ) -> None:
        self.name = config.name
        self.config = config
        self.topic = config.topic or default_topic
        self._producer = producer

    async def send(self, alert: Alert) -> None:
        value = orjson.dumps(cloudevent(alert))
        try:
            await self._producer.send_and_wait(
                self.topic,
                value=value,
                key=alert.id.encode("utf-8"),
                headers=[("content-type", CLOUDEVENTS_CONTENT_TYPE.encode("ascii"))],
            )
        except KafkaError as exc:
            retryable = bool(getattr(exc, "retriable", True))
            raise DeliveryError(
                f"publish to {self.topic} failed: {type(exc).__name__}: {exc}",
                channel=self.name,
                retryable=retryable,
                kind="kafka",
            ) from exc

    async def close(self) -> None:
        return None
