"""Alerts as CloudEvents 1.0 (structured JSON mode) on a Kafka topic, for subscribers.

The envelope, its JSON and the record's ``content-type`` header are made by the CloudEvents
SDK (``cloudevents.core``: the v1.0 event, the JSON event format and the Kafka protocol
binding), the same code a subscriber parses them with. The record key is the alert id and
so is the event ``id``, so a subscriber can deduplicate.
"""

from __future__ import annotations

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from cloudevents.core.base import BaseCloudEvent
from cloudevents.core.bindings.kafka import KafkaMessage, to_structured_event
from cloudevents.core.v1.event import CloudEvent

from alerts.channels.config import KafkaChannelConfig
from alerts.errors import DeliveryError
from alerts.schema import Alert

__all__ = ["EVENT_SOURCE", "KafkaChannel", "cloudevent", "kafka_record"]

EVENT_SOURCE = "/flashpoint/alerts"


def cloudevent(alert: Alert) -> CloudEvent:
    """The CloudEvents 1.0 event of an alert (``type`` is ``org.flashpoint.alert.<status>``).

    ``severity`` and ``rule`` are extension attributes, so a subscriber can filter on them
    without reading ``data`` (the alert, as in docs/webhooks.md).
    """
    subject = alert.incident.id if alert.incident is not None else (alert.group or alert.rule)
    return CloudEvent(
        attributes={
            "specversion": "1.0",
            "id": alert.id,
            "source": EVENT_SOURCE,
            "type": f"org.flashpoint.alert.{alert.status}",
            "subject": subject,
            "time": alert.fired_at,
            "datacontenttype": "application/json",
            "dataschema": f"urn:flashpoint:alert:v{alert.schema_version}",
            "severity": alert.severity,
            "rule": alert.rule,
        },
        data=alert.model_dump(mode="json"),
    )


def _alert_id(event: BaseCloudEvent) -> str:
    return event.get_id()


def kafka_record(alert: Alert) -> KafkaMessage:
    """The structured-mode Kafka record of an alert: key, value and headers."""
    return to_structured_event(cloudevent(alert), key_mapper=_alert_id)


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
        record = kafka_record(alert)
        key = record.key.encode("utf-8") if isinstance(record.key, str) else record.key
        try:
            await self._producer.send_and_wait(
                self.topic,
                value=record.value,
                key=key,
                headers=list(record.headers.items()),
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
