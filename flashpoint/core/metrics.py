"""The one way a process declares its Prometheus metrics.

Each process's metrics (``producers.metrics``, ``streams.metrics``, ``alerts.metrics``, the
probes' :class:`~flashpoint.core.health.HealthMetrics`) are a :class:`MetricSet`: one registry
(injectable, so tests read a fresh one), and every metric made on it through
:meth:`MetricSet.counter`, :meth:`~MetricSet.gauge` and :meth:`~MetricSet.histogram`, which hold
the house rules: names under ``flashpoint_``, labels from a fixed list, and label values known
in advance started at 0 so that a dashboard shows 0 rather than "No data".

A process declares its metrics as data, in a ``metrics.toml`` beside its module, read by
:meth:`MetricSet.declare`: one table per metric, named after the attribute that holds it, with
``kind`` (``counter``, ``gauge``, ``histogram``), ``name``, ``help``, and optionally ``labels``,
``start``, ``buckets``, ``unit``, ``multiprocess_mode``. A ``start`` written as a NAME in capitals
stands for the label values the class passes under that name (a vocabulary its code uses too).
The class annotates each attribute with its type, so code that uses the metrics is type-checked,
and ``declare`` refuses a table and a class that do not name the same metrics.
"""

from __future__ import annotations

import functools
import tomllib
import typing
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
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


_MAKERS: dict[str, type] = {"counter": Counter, "gauge": Gauge, "histogram": Histogram}


@functools.cache
def _table(path: Path) -> Mapping[str, Mapping[str, Any]]:
    with path.open("rb") as f:
        return tomllib.load(f)


class MetricSet:
    """The metrics of one process, on ``registry``."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry

    def declare(self, table: Path, **vocabularies: _Start) -> None:
        """Make each metric of ``table`` (a ``metrics.toml``) the attribute it is named after.

        ``vocabularies`` are the label values a ``start = "NAME"`` entry stands for. Raises
        ``ValueError`` when the table and the class's annotations do not name the same metrics,
        or a metric is not of the annotated type: a slip shows at start-up, not at first use.
        """
        families = _table(table)
        hints = {
            attr: hint
            for attr, hint in typing.get_type_hints(type(self)).items()
            if hint in _MAKERS.values() and not attr.startswith("_")
        }
        if set(hints) != set(families):
            raise ValueError(
                f"{table}: metrics {sorted(set(families) ^ set(hints))} are declared in only one "
                f"of the table and {type(self).__name__}"
            )
        for attr, spec in families.items():
            options = dict(spec)
            kind, name, documentation = (
                options.pop("kind"),
                options.pop("name"),
                options.pop("help"),
            )
            if _MAKERS.get(kind) is not hints[attr]:
                raise ValueError(f"{table}: [{attr}] is a {kind}, not a {hints[attr].__name__}")
            labels = options.pop("labels", ())
            if isinstance(options.get("start"), str):
                options["start"] = vocabularies[options["start"]]
            if "buckets" in options:
                options["buckets"] = tuple(options["buckets"])
            setattr(self, attr, getattr(self, kind)(name, documentation, labels, **options))

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
