"""Prometheus metrics of the producer process, on an injectable registry.

Labels are bounded: ``outcome`` and ``reason`` come from fixed sets, ``feed`` is the configured
feed name (never a URL).
"""

from __future__ import annotations

from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from flashpoint.core.metrics import MetricSet

__all__ = ["OUTCOMES", "PARSE_ERROR_REASONS", "WEBSUB_OUTCOMES", "ProducerMetrics"]

OUTCOMES = (
    "ok",
    "not-modified",
    "http-error",
    "timeout",
    "parse-error",
    "too-large",
    "blocked",
    "network-error",
    "gone",
    "rate-limited",
)

# producers.errors.ParseError.reason; the parser workers are killed for the last three.
PARSE_ERROR_REASONS = ("doctype", "not-a-feed", "encoding", "timeout", "memory", "crash")
# Outcomes of a WebSub content delivery at the callback.
WEBSUB_OUTCOMES = (
    "accepted",
    "unsigned",
    "bad-signature",
    "unknown-subscription",
    "too-large",
    "timeout",
    "parse-error",
)

_TABLE = Path(__file__).with_name("metrics.toml")


class ProducerMetrics(MetricSet):
    """Every metric of the producer, declared in metrics.toml. Pass a fresh registry in tests."""

    polls: Counter
    poll_duration: Histogram
    items_published: Counter
    duplicates: Counter
    publish_errors: Counter
    recovered: Counter
    last_success: Gauge
    backoff: Gauge
    consecutive_errors: Gauge
    interval: Gauge
    feeds_disabled: Counter
    feeds_active: Gauge
    parse_errors: Counter
    parser_killed: Counter
    entries_skipped: Counter
    dates_estimated: Counter
    bytes_fetched: Counter
    cycle_duration: Histogram
    websub_deliveries: Counter
    websub_requests: Counter
    websub_verifications: Counter
    websub_subscriptions: Gauge
    websub_lease_expired: Counter
    items_by_mode: Counter
    bursts: Counter
    burst_polls: Counter

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        super().__init__(registry if registry is not None else CollectorRegistry())
        self.declare(
            _TABLE,
            OUTCOMES=OUTCOMES,
            PARSE_ERROR_REASONS=PARSE_ERROR_REASONS,
            WEBSUB_OUTCOMES=WEBSUB_OUTCOMES,
        )
