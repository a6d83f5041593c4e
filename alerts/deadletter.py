"""Dead letters: an alert one channel could not take after the last attempt, with the reason.

One record per (alert, channel) on ``KafkaSettings.deadletter_topic``, keyed by the alert id,
so ``flashpoint replay-deadletter`` sends each alert again to the failed channel only. A
record that was not an alert at all (``alert`` is None) keeps its raw text for inspection.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

import orjson
from aiokafka import AIOKafkaProducer
from pydantic import BaseModel, ConfigDict, Field

from alerts.schema import Alert

__all__ = ["DeadLetter", "DeadLetterSink", "KafkaDeadLetterSink", "MemoryDeadLetterSink"]


class DeadLetter(BaseModel):
    """The value on the dead-letter topic."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    schema_version: int = 1
    alert: Alert | None = Field(default=None, description="The alert (None when it did not parse).")
    raw: str | None = Field(default=None, description="The record text when it was not an alert.")
    channel: str = Field(
        default="", description="The channel that failed ('' for a malformed record)."
    )
    reason: str = Field(description="The last error, one line.")
    kind: str = Field(
        default="error", description="Bounded error class (http-5xx, timeout, gone...)."
    )
    status: int | None = Field(default=None, description="Last HTTP status or SMTP code, if any.")
    attempts: int = Field(default=0, description="Attempts made before giving up.")
    retryable: bool = Field(default=False, description="Whether the last error was transient.")
    failed_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    replayed: int = Field(
        default=0, description="How many replays this alert went through already."
    )
    source_topic: str | None = None
    source_partition: int | None = None
    source_offset: int | None = None

    @property
    def key(self) -> bytes:
        return (self.alert.id if self.alert is not None else "malformed").encode("utf-8")

    def to_json(self) -> bytes:
        return orjson.dumps(self.model_dump(mode="json"))

    @classmethod
    def from_json(cls, data: bytes | str) -> DeadLetter:
        return cls.model_validate(orjson.loads(data))


class DeadLetterSink(Protocol):
    """Where dead letters go; ``put`` returns once the letter is durably stored."""

    async def put(self, letter: DeadLetter) -> None: ...


class KafkaDeadLetterSink:
    """Publishes dead letters to a topic (acks=all through the given producer)."""

    def __init__(self, producer: AIOKafkaProducer, topic: str) -> None:
        self._producer = producer
        self.topic = topic

    async def put(self, letter: DeadLetter) -> None:
        await self._producer.send_and_wait(self.topic, value=letter.to_json(), key=letter.key)


class MemoryDeadLetterSink:
    """Keeps dead letters in a list (tests, dry runs)."""

    def __init__(self) -> None:
        self.letters: list[DeadLetter] = []

    async def put(self, letter: DeadLetter) -> None:
        self.letters.append(letter)
