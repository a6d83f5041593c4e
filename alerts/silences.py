"""Silences: mute the delivery of matching alerts for a while (like Alertmanager's).

A silence lives on the compacted topic ``<prefix>.silences`` keyed by its id; a tombstone
(null value) expires it early. The worker's API writes silences (token required); the delivery
process re-reads the topic every few seconds and does not send an alert that an active silence
matches (the alert stays on ``flashpoint.alerts``; the skip is logged and counted).
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Iterable
from datetime import UTC, datetime

import orjson
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import KafkaError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from alerts.schema import Alert
from flashpoint.errors import FlashpointError
from flashpoint.kafkaconf import KafkaSettings

__all__ = ["Silence", "SilenceError", "active_match", "read_silences", "write_silence"]

log = logging.getLogger(__name__)


class SilenceError(FlashpointError):
    """Silences could not be read or written."""


class Silence(BaseModel):
    """Mutes alerts whose fields equal every matcher given (rule, group, country, place,
    severity) between ``starts_at`` and ``ends_at`` (UTC)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(default_factory=lambda: "si_" + secrets.token_hex(8), pattern=r"^si_[0-9a-f]+$")
    rule: str | None = None
    group: str | None = None
    country: str | None = None
    place: str | None = None
    severity: str | None = None
    starts_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    ends_at: datetime
    comment: str = Field("", max_length=1000)
    created_by: str = Field("", max_length=200)

    @model_validator(mode="after")
    def _check(self) -> Silence:
        if not any((self.rule, self.group, self.country, self.place, self.severity)):
            raise ValueError("a silence needs at least one matcher (rule, group, country, ...)")
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        return self

    def active(self, now: datetime) -> bool:
        return self.starts_at <= now < self.ends_at

    def matches(self, alert: Alert) -> bool:
        inc = alert.incident
        checks = (
            (self.rule, alert.rule),
            (self.group, alert.group),
            (self.severity, alert.severity),
            (self.country, inc.country if inc else None),
            (self.place, inc.place if inc else None),
        )
        return all(want is None or want == got for want, got in checks)


def active_match(silences: Iterable[Silence], alert: Alert, now: datetime) -> Silence | None:
    """The first active silence matching ``alert``, if any."""
    for silence in silences:
        if silence.active(now) and silence.matches(alert):
            return silence
    return None


def read_silences(kafka: KafkaSettings, *, timeout: float = 10.0) -> dict[str, Silence]:
    """Read the silences topic from the beginning to its current end (latest value per id)."""
    topic = kafka.silences_topic
    try:
        consumer = KafkaConsumer(
            bootstrap_servers=kafka.bootstrap_list(),
            group_id=None,
            enable_auto_commit=False,
            client_id="flashpoint-silences",
        )
    except KafkaError as exc:
        raise SilenceError(f"cannot reach Kafka at {kafka.bootstrap_servers}: {exc}") from exc
    try:
        parts = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(parts)]
        if not tps:
            return {}
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        ends = consumer.end_offsets(tps)
        found: dict[str, Silence] = {}
        deadline = time.monotonic() + timeout
        while any(consumer.position(tp) < ends[tp] for tp in tps):
            if time.monotonic() > deadline:
                raise SilenceError(f"reading {topic} took longer than {timeout:.0f}s")
            for records in consumer.poll(timeout_ms=200).values():
                for rec in records:
                    key = (rec.key or b"").decode("utf-8", "replace")
                    if rec.value is None:
                        found.pop(key, None)
                        continue
                    try:
                        found[key] = Silence.model_validate(orjson.loads(rec.value))
                    except (ValidationError, ValueError) as exc:
                        log.warning("ignoring malformed silence key=%s error=%s", key, exc)
        return found
    finally:
        consumer.close()


def write_silence(kafka: KafkaSettings, silence_id: str, silence: Silence | None) -> None:
    """Publish a silence (or, with ``None``, its tombstone) and wait for the broker's ack."""
    producer = KafkaProducer(
        bootstrap_servers=kafka.bootstrap_list(), acks="all", client_id="flashpoint-silences"
    )
    try:
        value = None if silence is None else orjson.dumps(silence.model_dump(mode="json"))
        producer.send(kafka.silences_topic, key=silence_id.encode(), value=value).get(timeout=30)
    except KafkaError as exc:
        raise SilenceError(f"cannot write to {kafka.silences_topic}: {exc}") from exc
    finally:
        producer.close()
