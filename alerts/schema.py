"""The alert schema: what the rules stage publishes to ``flashpoint.alerts``.

An alert explains itself: the rule, the counts in the window against the threshold, the
incident's place and coordinates, casualty figures, sources and sample headlines with links.
``id`` is deterministic (rule, group, window or escalation step), so a replay or a restart
never creates a second alert for the same thing; channels use it as the idempotency key
(the webhook-id, the email Message-ID).
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from typing import Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "LABEL_NAME",
    "LABEL_VALUE_MAX",
    "RESERVED_LABELS",
    "SEVERITIES",
    "Alert",
    "AlertStatus",
    "Headline",
    "IncidentSummary",
    "Severity",
    "alert_id",
    "severity_rank",
]

Severity = Literal["info", "warning", "critical"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "critical")
AlertStatus = Literal["firing", "escalated", "resolved"]

# Rule labels travel as Prometheus/Alertmanager labels: the same name syntax (Alertmanager
# answers "400 invalid label set" otherwise), names starting "__" reserved, values UTF-8 and
# bounded. Flashpoint sets the RESERVED_LABELS itself, so a rule may not.
LABEL_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
LABEL_VALUE_MAX = 1024
RESERVED_LABELS = frozenset(
    {"alertname", "severity", "source", "group", "incident", "country", "place"}
)


def severity_rank(severity: str) -> int:
    """0 for info, 1 for warning, 2 for critical."""
    return [str(s) for s in SEVERITIES].index(severity)


def alert_id(*parts: str) -> str:
    """A deterministic alert id from its identifying parts (rule, group, window, step)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return "al_" + digest[:32]


class Headline(BaseModel):
    model_config = ConfigDict(frozen=True)

    title: str
    url: str | None = None
    source: str | None = None
    published: datetime | None = None


class IncidentSummary(BaseModel):
    """What the alert says about the incident behind it."""

    model_config = ConfigDict(frozen=True)

    id: str
    place: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    categories: tuple[str, ...] = ()
    killed: int | None = None
    wounded: int | None = None
    sources: tuple[str, ...] = ()
    headlines: tuple[Headline, ...] = ()
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    status: str = "open"  # open | contested | resolved


class Alert(BaseModel):
    """One alert record (the value on ``flashpoint.alerts``; the key is ``id``)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    schema_version: int = 1
    id: str
    rule: str
    severity: Severity = "warning"
    status: AlertStatus = "firing"
    group: str = ""
    window_start: datetime | None = None
    window_end: datetime | None = None
    fired_at: datetime = Field(description="event time at which the rule matched")
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    aggregation: str = "count"
    value: float = 0
    threshold: float = 0
    title: str = ""
    summary: str = ""
    incident: IncidentSummary | None = None
    channels: tuple[str, ...] = ()
    labels: dict[str, str] = Field(default_factory=dict)
    hold_for: float | None = Field(
        default=None,
        description=(
            "Seconds a receiver that keeps alerts active (Alertmanager) holds this one when no "
            "'resolved' record will follow (a rule without resolve_after: its cooldown; the "
            "contested rule: its 'within'); None when a resolution follows or for old records."
        ),
    )
    first_published: datetime | None = Field(
        default=None, description="publication time of the earliest report behind the alert"
    )
    detected_at: datetime | None = Field(
        default=None, description="wall-clock time at which the pipeline raised the alert"
    )
    mode: Literal["push", "poll"] | None = Field(
        default=None, description="how the report that triggered the alert arrived"
    )
    burst: bool = Field(
        default=False,
        description="asks the producer to burst-poll the feeds of the incident (rule's burst)",
    )

    def to_json(self) -> bytes:
        return orjson.dumps(self.model_dump(mode="json"))

    @classmethod
    def from_json(cls, data: bytes | str) -> Alert:
        return cls.model_validate(orjson.loads(data))
