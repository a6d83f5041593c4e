"""The ``delivery`` settings section (env ``FLASHPOINT_DELIVERY__<FIELD>``)."""

from __future__ import annotations

from pydantic import ConfigDict, Field, NonNegativeFloat, PositiveFloat, model_validator

from flashpoint.core.fieldtypes import Port
from flashpoint.core.netguard import GuardSettings

__all__ = ["DeliverySettings"]


class DeliverySettings(GuardSettings):
    """How alerts are delivered: channels file, ledger, retries, SSRF guard, ports.

    The SSRF guard's two options (``allow_private_networks``, ``allowed_hosts``) are the
    shared GuardSettings of flashpoint/core/netguard.py.

    The retry schedule is exponential: attempt n (1-based) waits
    ``min(retry_max_delay, retry_initial_delay * retry_multiplier ** (n - 1))`` seconds,
    of which a random fraction up to ``retry_jitter`` is taken off. A Retry-After from the
    receiver raises the wait to at least that many seconds.
    """

    model_config = ConfigDict(frozen=True)

    channels_file: str = Field(
        default="deploy/channels.yaml",
        description="Path of the channels YAML (endpoints, recipients).",
    )
    state_dir: str = Field(
        default="var/delivery",
        description="Folder of the delivery ledger (which alert reached which channel).",
    )
    group_id: str = Field(
        default="flashpoint-delivery", description="Kafka consumer group of `flashpoint deliver`."
    )
    replay_group_id: str = Field(
        default="flashpoint-deadletter-replay",
        description="Consumer group of `flashpoint replay-deadletter` (remembers replays).",
    )
    max_attempts: int = Field(
        default=8, ge=1, le=100, description="Attempts per alert and channel."
    )
    retry_initial_delay: NonNegativeFloat = Field(
        default=1.0, description="Wait before the second attempt, seconds."
    )
    retry_multiplier: float = Field(default=2.0, ge=1.0, description="Growth factor of the wait.")
    retry_max_delay: NonNegativeFloat = Field(
        default=300.0, description="Cap of one wait, seconds."
    )
    retry_jitter: float = Field(
        default=0.5, ge=0, le=1, description="Random fraction (0..1) taken off each wait."
    )
    retry_after_max: NonNegativeFloat = Field(
        default=3600.0,
        description="Longest Retry-After honoured, seconds; a longer one dead-letters at once.",
    )
    max_in_flight: int = Field(
        default=64, ge=1, description="Alerts being delivered concurrently by one process."
    )
    shutdown_grace: NonNegativeFloat = Field(
        default=10.0, description="Seconds to let in-flight deliveries finish on shutdown."
    )
    default_channels: tuple[str, ...] = Field(
        default=(),
        description="Channels for alerts that name none (empty: such alerts are skipped).",
    )
    http_host: str = Field(
        default="127.0.0.1",
        description="Address of the /metrics and probes server (0.0.0.0 in containers).",
    )
    http_port: Port = Field(
        default=9466, description="Port of /metrics and the probes /healthz, /readyz (0 = off)."
    )
    user_agent: str = Field(
        default="Flashpoint-Webhooks/0.1",
        description="User-Agent of webhook and Alertmanager requests.",
    )
    silences_refresh: PositiveFloat = Field(
        default=5.0, description="Seconds between re-reads of the silences topic."
    )
    alertmanager_resend_interval: PositiveFloat = Field(
        default=60.0,
        description=(
            "Seconds between re-sends of firing alerts to Alertmanager channels; endsAt is 4 "
            "intervals ahead, so keep 4 intervals under Alertmanager's resolve_timeout (5m)."
        ),
    )
    alertmanager_max_age: PositiveFloat = Field(
        default=3 * 86400.0,
        description=(
            "Seconds an alert is re-sent to Alertmanager at most after its last firing record; "
            "then it is ended there and forgotten (a bound on the active set)."
        ),
    )
    log_repeat_interval: PositiveFloat = Field(
        default=60.0,
        description=(
            "Seconds during which an identical repeated log line is held back (and counted "
            "in flashpoint_delivery_suppressed_log_lines_total)."
        ),
    )

    @model_validator(mode="after")
    def _check(self) -> DeliverySettings:
        if self.retry_max_delay < self.retry_initial_delay:
            raise ValueError("retry_max_delay must be >= retry_initial_delay")
        if self.alertmanager_max_age < self.alertmanager_resend_interval:
            raise ValueError("alertmanager_max_age must be >= alertmanager_resend_interval")
        return self
