"""Prometheus metrics of the delivery process (``flashpoint_delivery_*``).

Labels are bounded: ``channel`` is a channel name from the channels file, ``outcome`` and
``kind`` come from small fixed sets. Build :class:`DeliveryMetrics` on a fresh
``CollectorRegistry`` in tests.
"""

from __future__ import annotations

from collections.abc import Mapping

from prometheus_client import REGISTRY, CollectorRegistry
from pydantic import BaseModel

from flashpoint.core.metrics import MetricSet

__all__ = ["ERROR_KINDS", "LATENCY_BUCKETS", "DeliveryMetrics"]

# The failure kinds each channel type can report (alerts.errors.DeliveryError.kind); the
# error counters start at 0 for each, so dashboards show 0 rather than "No data".
_HTTP_KINDS = ("http-3xx", "http-4xx", "http-429", "http-5xx", "timeout", "connection", "blocked")
ERROR_KINDS: dict[str, tuple[str, ...]] = {
    "webhook": (*_HTTP_KINDS, "gone", "disabled", "error"),
    "alertmanager": (*_HTTP_KINDS, "error"),
    "email": ("smtp", "timeout", "connection", "error"),
    "kafka": ("kafka", "error"),
}

# From alert creation to delivery: seconds when all is well, minutes or hours when a
# receiver was down and retries or a replay brought the alert through.
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400)


class DeliveryMetrics(MetricSet):
    """The metric objects of one delivery process, registered on ``registry``."""

    def __init__(
        self,
        registry: CollectorRegistry | None = None,
        *,
        channels: Mapping[str, BaseModel] | None = None,
    ) -> None:
        super().__init__(REGISTRY if registry is None else registry)
        self.deliveries = self.counter(
            "flashpoint_delivery_deliveries",
            "Alert deliveries per channel by final outcome "
            "(delivered, deadlettered, skipped_duplicate).",
            ["channel", "outcome"],
        )
        self.attempts = self.counter(
            "flashpoint_delivery_attempts",
            "Send attempts per channel by result (ok, retryable, permanent).",
            ["channel", "result"],
        )
        self.errors = self.counter(
            "flashpoint_delivery_errors",
            "Failed send attempts per channel by kind (http-5xx, timeout, gone, blocked...).",
            ["channel", "kind"],
        )
        self.latency = self.histogram(
            "flashpoint_delivery_latency_seconds",
            "Seconds from the alert's creation to its delivery on a channel.",
            ["channel"],
            buckets=LATENCY_BUCKETS,
        )
        self.deadletters = self.counter(
            "flashpoint_delivery_deadletters",
            "Alerts sent to the dead-letter topic, per channel and kind of failure.",
            ["channel", "kind"],
        )
        self.endpoints_disabled = self.counter(
            "flashpoint_delivery_endpoints_disabled",
            "Webhook endpoints disabled after a 410 Gone.",
            ["channel"],
        )
        self.alerts_consumed = self.counter(
            "flashpoint_delivery_alerts_consumed",
            "Alert records consumed, by result (ok, malformed, no_channels, silenced).",
            ["result"],
        )
        self.replayed = self.counter(
            "flashpoint_delivery_replayed",
            "Dead letters replayed, per channel and outcome.",
            ["channel", "outcome"],
        )
        self.am_active = self.gauge(
            "flashpoint_delivery_alertmanager_active",
            "Firing alerts an Alertmanager channel keeps re-sending (its active set).",
            ["channel"],
        )
        self.am_resends = self.counter(
            "flashpoint_delivery_alertmanager_resends",
            "Re-sends of the active set to an Alertmanager channel, by result (ok, error).",
            ["channel", "result"],
        )
        self.am_expired = self.counter(
            "flashpoint_delivery_alertmanager_expired",
            "Alerts ended on Alertmanager without a resolution: their rule never sends one "
            "(hold_for passed) or they reached alertmanager_max_age.",
            ["channel"],
        )
        self.in_flight = self.gauge(
            "flashpoint_delivery_in_flight", "Alerts being delivered right now."
        )
        self.last_commit = self.gauge(
            "flashpoint_delivery_last_commit_timestamp_seconds",
            "Unix time of the last committed consumer offset.",
        )
        self.suppressed_log_lines = self.counter(
            "flashpoint_delivery_suppressed_log_lines",
            "Repeated log lines held back (one line per interval is written), per logger.",
            ["logger"],
        )
        self.alerts_consumed.labels("malformed")
        self.deadletters.labels("", "malformed")
        for name, cfg in (channels or {}).items():
            self.init_channel(name, str(getattr(cfg, "type", "")))

    def init_channel(self, name: str, type_: str) -> None:
        """Start the channel's error and outcome series at 0 (see ERROR_KINDS)."""
        for outcome in ("delivered", "deadlettered"):
            self.deliveries.labels(name, outcome)
        for result in ("retryable", "permanent"):
            self.attempts.labels(name, result)
        for kind in ERROR_KINDS.get(type_, ("error",)):
            self.errors.labels(name, kind)
            self.deadletters.labels(name, kind)
        if type_ == "webhook":
            self.endpoints_disabled.labels(name)
        if type_ == "alertmanager":
            self.am_resends.labels(name, "error")
            self.am_expired.labels(name)
