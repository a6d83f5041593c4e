"""Silences: mute the delivery of matching alerts for a while (like Alertmanager's).

A silence lives on the compacted topic ``<prefix>.silences`` keyed by its id; a tombstone
(null value) expires it early. The worker's API writes silences (token required); the delivery
process re-reads the topic every few seconds and does not send an alert that an active silence
matches (the alert stays on ``flashpoint.alerts``; the skip is logged and counted).
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import KafkaError
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from alerts.schema import Alert
from flashpoint.core.durations import parse_duration
from flashpoint.core.errors import FlashpointError
from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.core.kafkaread import group_less_consumer

__all__ = [
    "MAX_SILENCE",
    "InvalidSilenceError",
    "Silence",
    "SilenceBook",
    "SilenceError",
    "active_match",
    "is_silence_id",
    "read_silences",
    "silence_from_request",
    "write_silence",
]

log = logging.getLogger(__name__)


# Longest silence the API creates: a forgotten silence must run out on its own.
MAX_SILENCE = timedelta(days=90)
MAX_MATCHER_CHARS = 200
SILENCE_ID_PATTERN = r"^si_[0-9a-f]{1,64}$"
_SILENCE_ID = re.compile(SILENCE_ID_PATTERN)
_TIME: TypeAdapter[datetime] = TypeAdapter(datetime)


class SilenceError(FlashpointError):
    """Silences could not be read or written (Kafka unreachable or too slow)."""


class InvalidSilenceError(FlashpointError, ValueError):
    """A silence request is malformed (the API answers 400 with this message)."""


def is_silence_id(text: str) -> bool:
    """Whether ``text`` is a silence id (``si_`` + 1 to 64 lower-case hex digits).

    The one check for every id the API takes, in a body or a path: anything else (``si_..``,
    percent-encoded slashes) never reaches the topic as a key.
    """
    return bool(_SILENCE_ID.fullmatch(text))


class Silence(BaseModel):
    """Mutes alerts whose fields equal every matcher given (rule, group, country, place,
    severity) between ``starts_at`` and ``ends_at`` (UTC)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(
        default_factory=lambda: "si_" + secrets.token_hex(8), pattern=SILENCE_ID_PATTERN
    )
    rule: str | None = None
    group: str | None = None
    country: str | None = None
    place: str | None = None
    severity: str | None = None
    starts_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    ends_at: datetime
    comment: str = Field("", max_length=1000)
    created_by: str = Field("", max_length=200)

    @field_validator("starts_at", "ends_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        # A time without a zone is UTC; naive and aware times must never meet in a comparison.
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value

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


def _duration(value: Any) -> timedelta:
    # The shared parser reads the value (seconds, or "2h", "1d"; finite); the bounds are the
    # silence's own: positive, at most MAX_SILENCE.
    try:
        seconds = parse_duration(value, minimum=None)
    except ValueError as exc:
        raise InvalidSilenceError(f"duration: {exc}") from None
    if seconds <= 0:
        raise InvalidSilenceError("duration must be a positive number of seconds")
    if seconds > MAX_SILENCE.total_seconds():
        raise InvalidSilenceError(
            f"duration must be at most {MAX_SILENCE.days} days "
            f"({MAX_SILENCE.total_seconds():.0f} s)"
        )
    return timedelta(seconds=seconds)


def silence_from_request(body: Any, *, now: datetime) -> Silence:
    """Validate an API request body into a Silence; raise InvalidSilenceError saying why.

    The body is a JSON object: matchers (at least one, each at most 200 characters),
    ``ends_at`` (ISO 8601; no zone means UTC) or ``duration`` (seconds or ``"2h"``, ``"1d"``
    as :mod:`flashpoint.core.durations` reads them; finite, positive),
    optional ``starts_at`` (default ``now``), ``comment``, ``created_by``. A silence lasts at
    most :data:`MAX_SILENCE` (90 days).
    """
    if not isinstance(body, dict):
        raise InvalidSilenceError("the body must be a JSON object")
    fields = dict(body)
    duration = fields.pop("duration", None)
    if duration is not None and "ends_at" in fields:
        raise InvalidSilenceError("give ends_at or duration, not both")
    if duration is None and "ends_at" not in fields:
        raise InvalidSilenceError("give ends_at or duration")
    for name in ("rule", "group", "country", "place", "severity"):
        value = fields.get(name)
        if isinstance(value, str) and len(value) > MAX_MATCHER_CHARS:
            raise InvalidSilenceError(f"{name} must be at most {MAX_MATCHER_CHARS} characters")
    fields.setdefault("starts_at", now)
    try:
        if duration is not None:
            try:
                begin = _TIME.validate_python(fields["starts_at"])
            except ValidationError:
                raise InvalidSilenceError("starts_at: not an ISO 8601 time") from None
            begin = begin.replace(tzinfo=UTC) if begin.tzinfo is None else begin
            fields["ends_at"] = begin + _duration(duration)
        silence = Silence.model_validate(fields)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise InvalidSilenceError(f"{where}: {err['msg']}" if where else err["msg"]) from None
    except OverflowError:  # a start near year 9999 plus the duration
        raise InvalidSilenceError("ends_at would be out of range") from None
    if silence.ends_at - silence.starts_at > MAX_SILENCE:
        raise InvalidSilenceError(f"a silence lasts at most {MAX_SILENCE.days} days")
    return silence


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

    def __init__(self, kafka: KafkaSettings, *, connect_timeout: float = 10.0) -> None:
        self.kafka = kafka
        self.connect_timeout = connect_timeout
        self.silences: dict[str, Silence] = {}
        self._consumer: KafkaConsumer | None = None
        self._tps: list[TopicPartition] = []

    def _assign(self) -> list[TopicPartition]:
        topic = self.kafka.silences_topic
        if self._consumer is None:
            try:
                self._consumer = group_less_consumer(
                    self.kafka, "flashpoint-silences", connect_timeout=self.connect_timeout
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
        try:
            tps = self._assign()
        except KafkaError as exc:
            raise SilenceError(f"cannot read {self.kafka.silences_topic}: {exc}") from exc
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
    book = SilenceBook(kafka, connect_timeout=timeout)
    try:
        return book.refresh(timeout=timeout)
    finally:
        book.close()


def write_silence(
    kafka: KafkaSettings, silence_id: str, silence: Silence | None, *, timeout: float = 10.0
) -> None:
    """Publish a silence (or, with ``None``, its tombstone) and wait for the broker's ack.

    Every wait (bootstrap, metadata, the ack, the close) is bounded by about ``timeout``
    seconds; a broker that is down or too slow is a :class:`SilenceError` (the API's 503).
    """
    if not is_silence_id(silence_id):
        raise InvalidSilenceError(f"not a silence id: {silence_id[:80]!r}")
    ms = max(1000, int(timeout * 1000))
    try:
        producer = KafkaProducer(
            bootstrap_servers=kafka.bootstrap_list(),
            acks="all",
            client_id="flashpoint-silences",
            bootstrap_timeout_ms=ms,
            max_block_ms=ms,
            request_timeout_ms=ms,
        )
    except KafkaError as exc:
        raise SilenceError(f"cannot reach Kafka at {kafka.bootstrap_servers}: {exc}") from exc
    try:
        value = None if silence is None else orjson.dumps(silence.model_dump(mode="json"))
        future = producer.send(kafka.silences_topic, key=silence_id.encode(), value=value)
        future.get(timeout=timeout)
    except KafkaError as exc:
        raise SilenceError(f"cannot write to {kafka.silences_topic}: {exc}") from exc
    finally:
        producer.close(timeout=timeout)
