"""The one metrics helper (flashpoint.core.metrics.MetricSet) that every process's metrics use."""

from __future__ import annotations

import pytest
from prometheus_client import CollectorRegistry

from alerts.metrics import DeliveryMetrics
from flashpoint.core.health import HealthMetrics
from flashpoint.core.metrics import MetricSet
from producers.metrics import PARSE_ERROR_REASONS, ProducerMetrics
from streams.metrics import BAD_ITEM_REASONS, WorkerMetrics


@pytest.mark.parametrize("kind", [ProducerMetrics, WorkerMetrics, DeliveryMetrics, HealthMetrics])
def test_every_process_declares_its_metrics_through_the_helper(kind: type[MetricSet]) -> None:
    registry = CollectorRegistry()
    metrics = kind(registry)
    assert isinstance(metrics, MetricSet)
    assert metrics.registry is registry
    names = [m.name for m in registry.collect()]
    assert names and all(name.startswith("flashpoint_") for name in names)


def test_a_name_outside_the_namespace_is_refused() -> None:
    with pytest.raises(ValueError, match="outside the 'flashpoint_' namespace"):
        MetricSet(CollectorRegistry()).counter("requests", "Requests.")


def test_known_label_values_start_at_zero() -> None:
    registry = CollectorRegistry()
    metrics = MetricSet(registry)
    metrics.counter("flashpoint_x", "X.", ["a"], start=("one", "two"))
    metrics.counter("flashpoint_y", "Y.", ["a", "b"], start=[("p", "q")])
    metrics.histogram("flashpoint_z_seconds", "Z.", ["m"], buckets=(1,), start=("push",))
    assert registry.get_sample_value("flashpoint_x_total", {"a": "one"}) == 0
    assert registry.get_sample_value("flashpoint_x_total", {"a": "two"}) == 0
    assert registry.get_sample_value("flashpoint_y_total", {"a": "p", "b": "q"}) == 0
    assert registry.get_sample_value("flashpoint_z_seconds_count", {"m": "push"}) == 0
    producer = ProducerMetrics(CollectorRegistry())
    for reason in PARSE_ERROR_REASONS:
        value = producer.registry.get_sample_value(
            "flashpoint_producer_parse_errors_total", {"reason": reason}
        )
        assert value == 0, reason
    worker = WorkerMetrics(CollectorRegistry())
    for stage, reason in BAD_ITEM_REASONS:
        labels = {"stage": stage, "reason": reason}
        assert worker.registry.get_sample_value("flashpoint_worker_bad_items_total", labels) == 0
