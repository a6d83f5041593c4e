"""Prometheus metrics of the delivery process (``flashpoint_delivery_*``).

Labels are bounded: ``channel`` is a channel name from the channels file, ``outcome`` and
``kind`` come from small fixed sets. Build :class:`DeliveryMetrics` on a fresh
``CollectorRegistry`` in tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram
from pydantic import BaseModel

from flashpoint.core.metrics import MetricSet

__all__ = ["ERROR_KINDS", "DeliveryMetrics"]

# The failure kinds each channel type can report (alerts.errors.DeliveryError.kind); the
# error counters start at 0 for each, so dashboards show 0 rather than "No data".
_HTTP_KINDS = ("http-3xx", "http-4xx", "http-429", "http-5xx", "timeout", "connection", "blocked")
ERROR_KINDS: dict[str, tuple[str, ...]] = {
    "webhook": (*_HTTP_KINDS, "gone", "disabled", "error"),
    "alertmanager": (*_HTTP_KINDS, "error"),
    "email": ("smtp", "timeout", "connection", "error"),
    "kafka": ("kafka", "error"),
}

_TABLE = Path(__file__).with_name("metrics.toml")


class DeliveryMetrics(MetricSet):
    """The metrics of one delivery process, declared in metrics.toml, on ``registry``."""

    deliveries: Counter
    attempts: Counter
    errors: Counter
    latency: Histogram
    deadletters: Counter
    endpoints_disabled: Counter
    alerts_consumed: Counter
    replayed: Counter
    am_active: Gauge
    am_resends: Counter
    am_expired: Counter
    in_flight: Gauge
    last_commit: Gauge
    suppressed_log_lines: Counter

    def __init__(
        self,
        registry: CollectorRegistry | None = None,
        *,
        channels: Mapping[str, BaseModel] | None = None,
    ) -> None:
        super().__init__(REGISTRY if registry is None else registry)
        self.declare(_TABLE)
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
