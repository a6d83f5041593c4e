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

__all__ = [
    "Silence",
    "SilenceBook",
    "SilenceError",
    "active_match",
    "read_silences",
    "write_silence",
]

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


class SilenceBook:
    """The silences on the topic, kept in step by incremental reads of one open consumer.

    ``refresh`` reads what was added since the last call (the whole topic the first time), so
    a long-running process does not reconnect and re-read everything on each refresh. Not
    thread-safe: call it from one thread at a time.
    """

    def __init__(self, kafka: KafkaSettings) -> None:
        self.kafka = kafka
        self.silences: dict[str, Silence] = {}
        self._consumer: KafkaConsumer | None = None
        self._tps: list[TopicPartition] = []

    def _assign(self) -> list[TopicPartition]:
        topic = self.kafka.silences_topic
        if self._consumer is None:
            try:
                self._consumer = KafkaConsumer(
                    bootstrap_servers=self.kafka.bootstrap_list(),
                    group_id=None,
                    enable_auto_commit=False,
                    client_id="flashpoint-silences",
                )
            except KafkaError as exc:
                raise SilenceError(
                    f"cannot reach Kafka at {self.kafka.bootstrap_servers}: {exc}"
                ) from exc
        if not self._tps:
            parts = self._consumer.partitions_for_topic(topic) or set()
            self._tps = [TopicPartition(topic, p) for p in sorted(parts)]
            if self._tps:
                self._consumer.assign(self._tps)
                self._consumer.seek_to_beginning(*self._tps)
        return self._tps

    def refresh(self, *, timeout: float = 10.0) -> dict[str, Silence]:
        """Read the topic up to its current end; return the silences (latest value per id)."""
        tps = self._assign()
        if not tps or self._consumer is None:
            return dict(self.silences)
        consumer = self._consumer
        try:
            ends = consumer.end_offsets(tps)
            deadline = time.monotonic() + timeout
            while any(consumer.position(tp) < ends[tp] for tp in tps):
                if time.monotonic() > deadline:
                    raise SilenceError(
                        f"reading {self.kafka.silences_topic} took longer than {timeout:.0f}s"
                    )
                for records in consumer.poll(timeout_ms=200).values():
                    for rec in records:
                        self._apply(rec.key, rec.value)
        except KafkaError as exc:
            raise SilenceError(f"cannot read {self.kafka.silences_topic}: {exc}") from exc
        return dict(self.silences)

    def _apply(self, raw_key: bytes | None, value: bytes | None) -> None:
        key = (raw_key or b"").decode("utf-8", "replace")
        if value is None:
            self.silences.pop(key, None)
            return
        try:
            self.silences[key] = Silence.model_validate(orjson.loads(value))
        except (ValidationError, ValueError) as exc:
            log.warning("ignoring malformed silence key=%s error=%s", key, exc)

    def close(self) -> None:
        if self._consumer is not None:
            self._consumer.close()
            self._consumer = None


def read_silences(kafka: KafkaSettings, *, timeout: float = 10.0) -> dict[str, Silence]:
    """Read the silences topic from the beginning to its current end (latest value per id)."""
    book = SilenceBook(kafka)
    try:
        return book.refresh(timeout=timeout)
    finally:
        book.close()


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
