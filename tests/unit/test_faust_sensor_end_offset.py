"""Faust reports a partition's end offset with every record it hands on; the lean sensor sets
the gauge only when the offset moved (streams.sensor)."""

from __future__ import annotations

from typing import Any

from faust.types import TP
from prometheus_client import CollectorRegistry

from streams.sensor import setup_lean_prometheus_sensors


class _App:
    monitor: Any = None

    def page(self, pattern: str) -> Any:
        return lambda fn: fn


def test_the_end_offset_gauge_follows_each_partition_and_is_set_only_when_it_moves() -> None:
    registry = CollectorRegistry()
    monitor = setup_lean_prometheus_sensors(_App(), registry)  # type: ignore[arg-type]
    gauge = monitor._metrics.topic_partition_end_offset
    looked_up: list[dict[str, Any]] = []
    real_labels = gauge.labels

    def labels(**kw: Any) -> Any:
        looked_up.append(kw)
        return real_labels(**kw)

    gauge.labels = labels  # type: ignore[method-assign]
    a, b = TP("items.raw", 0), TP("items.raw", 1)
    for _ in range(100):  # one fetch's records: the same end offset each time
        monitor.track_tp_end_offset(a, 40)
    monitor.track_tp_end_offset(b, 7)
    monitor.track_tp_end_offset(a, 90)  # the next fetch
    assert looked_up == [
        {"topic": "items.raw", "partition": 0},
        {"topic": "items.raw", "partition": 1},
    ]

    def value(p: int) -> float | None:
        return registry.get_sample_value(
            "faust_topic_partition_end_offset", {"topic": "items.raw", "partition": str(p)}
        )

    assert value(0) == 90 and value(1) == 7
    assert monitor.tp_end_offsets == {a: 90, b: 7}  # Faust's own view, for its lag figures
