"""Prometheus metrics of the producer process, on an injectable registry.

Labels are bounded: ``outcome`` and ``reason`` come from fixed sets, ``feed`` is the configured
feed name (never a URL).
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry

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
_KILL_REASONS = ("timeout", "memory", "crash")
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


class ProducerMetrics(MetricSet):
    """Every metric of the producer. Pass a fresh ``CollectorRegistry`` in tests."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        super().__init__(registry if registry is not None else CollectorRegistry())
        self.polls = self.counter(
            "flashpoint_producer_polls", "Feed polls by outcome.", ["outcome"], start=OUTCOMES
        )
        self.poll_duration = self.histogram(
            "flashpoint_producer_poll_duration_seconds",
            "Time of one poll: fetch and parse.",
            buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
        )
        self.items_published = self.counter(
            "flashpoint_producer_items_published", "Items acked by Kafka."
        )
        self.duplicates = self.counter(
            "flashpoint_producer_duplicates_skipped",
            "Items not published because their guid or link was already seen.",
        )
        self.publish_errors = self.counter(
            "flashpoint_producer_publish_errors",
            "Records whose delivery failed after the client's retries (kept pending).",
        )
        self.recovered = self.counter(
            "flashpoint_producer_recovered_items",
            "Pending items resolved at start-up: found on the topic, or sent again.",
            ["result"],
            start=("found", "resent"),
        )
        self.last_success = self.gauge(
            "flashpoint_producer_last_success_timestamp_seconds",
            "Unix time of the last successful poll (ok or not-modified) of each feed.",
            ["feed"],
        )
        self.backoff = self.gauge(
            "flashpoint_producer_backoff_seconds",
            "Current error backoff of each feed (0 when healthy).",
            ["feed"],
        )
        self.consecutive_errors = self.gauge(
            "flashpoint_producer_consecutive_errors",
            "Consecutive failed polls of each feed.",
            ["feed"],
        )
        self.interval = self.gauge(
            "flashpoint_producer_interval_seconds", "Current poll interval of each feed.", ["feed"]
        )
        self.feeds_disabled = self.counter(
            "flashpoint_producer_feeds_disabled",
            "Feeds disabled because the server answered 410 Gone.",
        )
        self.feeds_active = self.gauge("flashpoint_producer_feeds", "Feeds by state.", ["state"])
        self.parse_errors = self.counter(
            "flashpoint_producer_parse_errors",
            "Feed bodies rejected or not parsed, by reason.",
            ["reason"],
            start=PARSE_ERROR_REASONS,
        )
        self.parser_killed = self.counter(
            "flashpoint_producer_parser_workers_killed",
            "Parser subprocesses replaced after an overrun, by reason.",
            ["reason"],
            start=_KILL_REASONS,
        )
        self.entries_skipped = self.counter(
            "flashpoint_producer_entries_skipped",
            "Feed entries not turned into items, by reason: over-cap (beyond max_items_per_feed; "
            "the newest are kept), empty, repeated.",
            ["reason"],
            start=("over-cap", "empty", "repeated"),
        )
        self.dates_estimated = self.counter(
            "flashpoint_producer_dates_estimated",
            "Items given their fetch time as event time, by feed and reason (missing, unparsed, "
            "implausible, future, past, unzoned).",
            ["feed", "reason"],
        )
        self.bytes_fetched = self.counter(
            "flashpoint_producer_fetched_bytes", "Feed body bytes received (after decompression)."
        )
        self.cycle_duration = self.histogram(
            "flashpoint_producer_cycle_duration_seconds",
            "Time of one poll cycle over the due feeds, publication included.",
            buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
        )
        self.websub_deliveries = self.counter(
            "flashpoint_producer_websub_deliveries",
            "WebSub content deliveries at the callback, by outcome (only accepted ones are "
            "parsed and published).",
            ["outcome"],
            start=WEBSUB_OUTCOMES,
        )
        self.websub_requests = self.counter(
            "flashpoint_producer_websub_requests",
            "Subscription requests sent to hubs, by mode (subscribe, unsubscribe) and outcome "
            "(accepted, refused, error).",
            ["mode", "outcome"],
        )
        self.websub_verifications = self.counter(
            "flashpoint_producer_websub_verifications",
            "Hub verification requests answered, by outcome (confirmed, refused, denied).",
            ["outcome"],
            start=("confirmed", "refused", "denied"),
        )
        self.websub_subscriptions = self.gauge(
            "flashpoint_producer_websub_subscriptions",
            "WebSub subscriptions by status (subscribing, active, unsubscribing, denied).",
            ["status"],
        )
        self.websub_lease_expired = self.counter(
            "flashpoint_producer_websub_leases_expired",
            "Active subscriptions found past their lease (renewal missed); resubscribed.",
        )
        self.items_by_mode = self.counter(
            "flashpoint_producer_items_by_mode",
            "New items claimed for publication, by how they arrived (push, poll).",
            ["mode"],
            start=("push", "poll"),
        )
        self.bursts = self.counter(
            "flashpoint_producer_bursts",
            "Bursts started by a burst-marked alert (that covered at least one feed).",
        )
        self.burst_polls = self.counter(
            "flashpoint_producer_burst_polls",
            "Polls brought forward by a burst: polled, or held back by the budget/host limit.",
            ["result"],
            start=("polled", "held"),
        )
