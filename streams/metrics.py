"""Metrics of the worker process (``flashpoint_`` namespace, bounded labels)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

__all__ = ["WorkerMetrics"]

_LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600)


class WorkerMetrics:
    """The worker's metrics on an injectable registry."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.items_consumed = Counter(
            "flashpoint_worker_items_consumed",
            "Raw items consumed by the classify agent.",
            registry=registry,
        )
        self.items_classified = Counter(
            "flashpoint_items_classified",
            "Classified items by category (an item counts once per label; 'none' if unlabelled).",
            ["category"],
            registry=registry,
        )
        self.items_by_country = Counter(
            "flashpoint_items_by_country",
            "Classified items with at least one label, by event country (ISO 3166 alpha-2).",
            ["country"],
            registry=registry,
        )
        self.bad_items = Counter(
            "flashpoint_worker_bad_items",
            "Records the worker could not process, by stage and reason; sent to the dead letters.",
            ["stage", "reason"],
            registry=registry,
        )
        self.classify_seconds = Histogram(
            "flashpoint_classify_seconds",
            "Time to classify and extract one item.",
            buckets=(0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.1, 1),
            registry=registry,
        )
        self.latency_classified = Histogram(
            "flashpoint_latency_published_to_classified_seconds",
            "From item published (event time) to classified.",
            buckets=_LATENCY_BUCKETS,
            registry=registry,
        )
        self.latency_alert = Histogram(
            "flashpoint_latency_published_to_alert_seconds",
            "From the newest item behind an alert (event time) to the alert published.",
            buckets=_LATENCY_BUCKETS,
            registry=registry,
        )
        self.alerts_fired = Counter(
            "flashpoint_alerts_fired",
            "Alerts published, by rule and severity.",
            ["rule", "severity", "status"],
            registry=registry,
        )
        self.open_incidents = Gauge(
            "flashpoint_open_incidents",
            "Incidents currently open in this worker's partitions.",
            registry=registry,
        )
