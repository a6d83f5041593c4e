"""Prometheus metrics of the producer process, on an injectable registry.

Labels are bounded: ``outcome`` and ``reason`` come from fixed sets, ``feed`` is the configured
feed name (never a URL).
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

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


class ProducerMetrics:
    """Every metric of the producer. Pass a fresh ``CollectorRegistry`` in tests."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        r = self.registry
        self.polls = Counter(
            "flashpoint_producer_polls",
            "Feed polls by outcome.",
            ["outcome"],
            registry=r,
        )
        self.poll_duration = Histogram(
            "flashpoint_producer_poll_duration_seconds",
            "Time of one poll: fetch and parse.",
            buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
            registry=r,
        )
        self.items_published = Counter(
            "flashpoint_producer_items_published", "Items acked by Kafka.", registry=r
        )
        self.duplicates = Counter(
            "flashpoint_producer_duplicates_skipped",
            "Items not published because their guid or link was already seen.",
            registry=r,
        )
        self.publish_errors = Counter(
            "flashpoint_producer_publish_errors",
            "Records whose delivery failed after the client's retries (kept pending).",
            registry=r,
        )
        self.recovered = Counter(
            "flashpoint_producer_recovered_items",
            "Pending items resolved at start-up: found on the topic, or sent again.",
            ["result"],
            registry=r,
        )
        self.last_success = Gauge(
            "flashpoint_producer_last_success_timestamp_seconds",
            "Unix time of the last successful poll (ok or not-modified) of each feed.",
            ["feed"],
            registry=r,
        )
        self.backoff = Gauge(
            "flashpoint_producer_backoff_seconds",
            "Current error backoff of each feed (0 when healthy).",
            ["feed"],
            registry=r,
        )
        self.consecutive_errors = Gauge(
            "flashpoint_producer_consecutive_errors",
            "Consecutive failed polls of each feed.",
            ["feed"],
            registry=r,
        )
        self.interval = Gauge(
            "flashpoint_producer_interval_seconds",
            "Current poll interval of each feed.",
            ["feed"],
            registry=r,
        )
        self.feeds_disabled = Counter(
            "flashpoint_producer_feeds_disabled",
            "Feeds disabled because the server answered 410 Gone.",
            registry=r,
        )
        self.feeds_active = Gauge(
            "flashpoint_producer_feeds", "Feeds by state.", ["state"], registry=r
        )
        self.parse_errors = Counter(
            "flashpoint_producer_parse_errors",
            "Feed bodies rejected or not parsed, by reason.",
            ["reason"],
            registry=r,
        )
        self.parser_killed = Counter(
            "flashpoint_producer_parser_workers_killed",
            "Parser subprocesses replaced after an overrun, by reason.",
            ["reason"],
            registry=r,
        )
        self.entries_skipped = Counter(
            "flashpoint_producer_entries_skipped",
            "Feed entries not turned into items, by reason: over-cap (beyond max_items_per_feed; "
            "the newest are kept), empty, repeated.",
            ["reason"],
            registry=r,
        )
        self.dates_estimated = Counter(
            "flashpoint_producer_dates_estimated",
            "Items given their fetch time as event time, by feed and reason (missing, unparsed, "
            "implausible, future, past, unzoned).",
            ["feed", "reason"],
            registry=r,
        )
        self.bytes_fetched = Counter(
            "flashpoint_producer_fetched_bytes",
            "Feed body bytes received (after decompression).",
            registry=r,
        )
        self.cycle_duration = Histogram(
            "flashpoint_producer_cycle_duration_seconds",
            "Time of one poll cycle over the due feeds, publication included.",
            buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
            registry=r,
        )
        self.websub_deliveries = Counter(
            "flashpoint_producer_websub_deliveries",
            "WebSub content deliveries at the callback, by outcome (only accepted ones are "
            "parsed and published).",
            ["outcome"],
            registry=r,
        )
        self.websub_requests = Counter(
            "flashpoint_producer_websub_requests",
            "Subscription requests sent to hubs, by mode (subscribe, unsubscribe) and outcome "
            "(accepted, refused, error).",
            ["mode", "outcome"],
            registry=r,
        )
        self.websub_verifications = Counter(
            "flashpoint_producer_websub_verifications",
            "Hub verification requests answered, by outcome (confirmed, refused, denied).",
            ["outcome"],
            registry=r,
        )
        self.websub_subscriptions = Gauge(
            "flashpoint_producer_websub_subscriptions",
            "WebSub subscriptions by status (subscribing, active, unsubscribing, denied).",
            ["status"],
            registry=r,
        )
        self.websub_lease_expired = Counter(
            "flashpoint_producer_websub_leases_expired",
            "Active subscriptions found past their lease (renewal missed); resubscribed.",
            registry=r,
        )
        self.items_by_mode = Counter(
            "flashpoint_producer_items_by_mode",
            "New items claimed for publication, by how they arrived (push, poll).",
            ["mode"],
            registry=r,
        )
        self.bursts = Counter(
            "flashpoint_producer_bursts",
            "Bursts started by a burst-marked alert (that covered at least one feed).",
            registry=r,
        )
        self.burst_polls = Counter(
            "flashpoint_producer_burst_polls",
            "Polls brought forward by a burst: polled, or held back by the budget/host limit.",
            ["result"],
            registry=r,
        )
        for result in ("polled", "held"):
            self.burst_polls.labels(result)
        for outcome in WEBSUB_OUTCOMES:
            self.websub_deliveries.labels(outcome)
        for mode in ("push", "poll"):
            self.items_by_mode.labels(mode)
        for outcome in ("confirmed", "refused", "denied"):
            self.websub_verifications.labels(outcome)
        for outcome in OUTCOMES:
            self.polls.labels(outcome)
        # Every labelled error counter starts at 0 for its known labels, so dashboards show 0
        # rather than "No data" before the first error.
        for reason in ("over-cap", "empty", "repeated"):
            self.entries_skipped.labels(reason)
        for reason in PARSE_ERROR_REASONS:
            self.parse_errors.labels(reason)
        for reason in _KILL_REASONS:
            self.parser_killed.labels(reason)
        for result in ("found", "resent"):
            self.recovered.labels(result)
