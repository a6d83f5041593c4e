"""Kafka connection and topic settings shared by every process (no other package imports)."""

from __future__ import annotations

from typing import Any, ClassVar, overload

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["KafkaSettings"]


class _Topic:
    """A topic name read as an attribute: ``<topic_prefix>.<suffix>`` of the settings."""

    def __init__(self, suffix: str) -> None:
        self.suffix = suffix

    @overload
    def __get__(self, settings: None, owner: Any) -> _Topic: ...

    @overload
    def __get__(self, settings: KafkaSettings, owner: Any) -> str: ...

    def __get__(self, settings: KafkaSettings | None, owner: Any) -> str | _Topic:
        return self if settings is None else f"{settings.topic_prefix}.{self.suffix}"


class KafkaSettings(BaseModel):
    """Where the brokers are and how the topics are named and sized.

    Environment variables: ``FLASHPOINT_KAFKA__<FIELD>`` (e.g.
    ``FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS``).
    """

    model_config = ConfigDict(frozen=True)

    bootstrap_servers: str = Field(
        "127.0.0.1:9092", description="Comma-separated host:port list of Kafka brokers."
    )
    topic_prefix: str = Field(
        "flashpoint",
        pattern=r"^[A-Za-z0-9._-]+$",
        description="Prefix of every topic name (tests use a unique prefix each).",
    )
    partitions: int = Field(
        4, ge=1, le=1024, description="Partitions of each topic created by Flashpoint."
    )
    replication_factor: int = Field(1, ge=1, description="Replication factor of created topics.")

    @field_validator("bootstrap_servers")
    @classmethod
    def _bootstrap(cls, value: str) -> str:
        # Checked here so that a typo is one line at start-up (and in --check), not a
        # traceback where the port is first read.
        servers = [s.strip() for s in value.split(",") if s.strip()]
        if not servers:
            raise ValueError("needs at least one host:port")
        for server in servers:
            host, _, port = server.rpartition(":")
            if not host or not port.isdigit() or not 1 <= int(port) <= 65535:
                raise ValueError(f"not a host:port with a port from 1 to 65535: {server!r}")
        return value

    # The pipeline's topics, each named ``<topic_prefix>.<suffix>``; events: the CloudEvents
    # copy of alerts (the Kafka channel); silences: compacted, written by the worker API and
    # read by delivery. flashpoint.core.kafkaadmin creates them with their retention.
    raw_topic: ClassVar[_Topic] = _Topic("items.raw")
    classified_topic: ClassVar[_Topic] = _Topic("items.classified")
    alerts_topic: ClassVar[_Topic] = _Topic("alerts")
    deadletter_topic: ClassVar[_Topic] = _Topic("alerts.deadletter")
    items_deadletter_topic: ClassVar[_Topic] = _Topic("items.deadletter")
    events_topic: ClassVar[_Topic] = _Topic("alerts.events")
    silences_topic: ClassVar[_Topic] = _Topic("silences")

    def bootstrap_list(self) -> list[str]:
        return [s.strip() for s in self.bootstrap_servers.split(",") if s.strip()]
