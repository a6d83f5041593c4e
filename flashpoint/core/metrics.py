"""The one way a process declares its Prometheus metrics.

Each process's metrics (``producers.metrics``, ``streams.metrics``, ``alerts.metrics``, the
probes' :class:`~flashpoint.core.health.HealthMetrics`) are a :class:`MetricSet`: one registry
(injectable, so tests read a fresh one), and every metric made on it through
:meth:`MetricSet.counter`, :meth:`~MetricSet.gauge` and :meth:`~MetricSet.histogram`, which hold
the house rules: names under ``flashpoint_``, labels from a fixed list, and label values known
in advance started at 0 so that a dashboard shows 0 rather than "No data".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

__all__ = ["NAMESPACE", "MetricSet"]

NAMESPACE = "flashpoint_"


_Start = Iterable[str | tuple[str, ...]]


def _started(metric: Any, start: _Start) -> Any:
    for values in start:
        metric.labels(*((values,) if isinstance(values, str) else values))
    return metric


def _checked(name: str) -> str:
    if not name.startswith(NAMESPACE):
        raise ValueError(f"metric {name!r} is outside the {NAMESPACE!r} namespace")
    return name


class MetricSet:
    """The metrics of one process, on ``registry``."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry

    def counter(
        self,
        name: str,
        documentation: str,
        labels: Sequence[str] = (),
        *,
        start: Iterable[str | tuple[str, ...]] = (),
        **kwargs: Any,
    ) -> Counter:
        """A counter; each of ``start`` (a label value, or a tuple of them) begins at 0."""
        counter = Counter(_checked(name), documentation, labels, registry=self.registry, **kwargs)
        for values in start:
            counter.labels(*((values,) if isinstance(values, str) else values))
        return counter

    def gauge(
        self, name: str, documentation: str, labels: Sequence[str] = (), **kwargs: Any
    ) -> Gauge:
        """A gauge (``kwargs`` as prometheus_client's, e.g. ``multiprocess_mode``)."""
        return Gauge(_checked(name), documentation, labels, registry=self.registry, **kwargs)

    def histogram(
        self,
        name: str,
        documentation: str,
        labels: Sequence[str] = (),
        *,
        start: _Start = (),
        **kwargs: Any,
    ) -> Histogram:
        """A histogram (``kwargs``: ``buckets``, ``unit``); ``start`` as for counters."""
        hist = Histogram(_checked(name), documentation, labels, registry=self.registry, **kwargs)
        return _started(hist, start)
