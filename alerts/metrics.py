"""Prometheus metrics of the delivery process (``flashpoint_delivery_*``).

Labels are bounded: ``channel`` is a channel name from the channels file, ``outcome`` and
``kind`` come from small fixed sets. Build :class:`DeliveryMetrics` on a fresh
``CollectorRegistry`` in tests.
"""

from __future__ import annotations

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram

__all__ = ["LATENCY_BUCKETS", "DeliveryMetrics"]

# From alert creation to delivery: seconds when all is well, minutes or hours when a
# receiver was down and retries or a replay brought the alert through.
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400)


class DeliveryMetrics:
    """The metric objects of one delivery process, registered on ``registry``."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        reg = REGISTRY if registry is None else registry
        self.registry = reg
        self.deliveries = Counter(
            "flashpoint_delivery_deliveries",
            "Alert deliveries per channel by final outcome "
            "(delivered, deadlettered, skipped_duplicate).",
            ["channel", "outcome"],
            registry=reg,
        )
        self.attempts = Counter(
            "flashpoint_delivery_attempts",
            "Send attempts per channel by result (ok, retryable, permanent).",
            ["channel", "result"],
            registry=reg,
        )
        self.errors = Counter(
            "flashpoint_delivery_errors",
            "Failed send attempts per channel by kind (http-5xx, timeout, gone, blocked...).",
            ["channel", "kind"],
            registry=reg,
        )
        self.latency = Histogram(
            "flashpoint_delivery_latency_seconds",
            "Seconds from the alert's creation to its delivery on a channel.",
            ["channel"],
            buckets=LATENCY_BUCKETS,
            registry=reg,
        )
        self.deadletters = Counter(
            "flashpoint_delivery_deadletters",
            "Alerts sent to the dead-letter topic, per channel and kind of failure.",
            ["channel", "kind"],
            registry=reg,
        )
        self.endpoints_disabled = Counter(
            "flashpoint_delivery_endpoints_disabled",
            "Webhook endpoints disabled after a 410 Gone.",
            ["channel"],
            registry=reg,
        )
        self.alerts_consumed = Counter(
            "flashpoint_delivery_alerts_consumed",
            "Alert records consumed, by result (ok, malformed, no_channels, silenced).",
            ["result"],
            registry=reg,
        )
        self.replayed = Counter(
            "flashpoint_delivery_replayed",
            "Dead letters replayed, per channel and outcome.",
            ["channel", "outcome"],
            registry=reg,
        )
        self.in_flight = Gauge(
            "flashpoint_delivery_in_flight",
            "Alerts being delivered right now.",
            registry=reg,
        )
        self.last_commit = Gauge(
            "flashpoint_delivery_last_commit_timestamp_seconds",
            "Unix time of the last committed consumer offset.",
            registry=reg,
        )
