"""Faust's Prometheus sensor, cut to the ``faust_*`` metrics the dashboards and alert rules use.

Faust calls its monitor several times per record: each message in and out, each stream event in
and out, each table read, write and delete, each send started and completed. The stock
:class:`faust.sensors.prometheus.PrometheusMonitor` updates a Prometheus metric and Faust's own
in-memory counters on every one of those calls, a cost per record paid by every item. The
dashboards (``deploy/grafana``) and the alert rules (``deploy/prometheus``) read four families:

- ``faust_topic_partition_end_offset`` and ``faust_topic_partition_offset_commited`` (the
  consumer lag). Faust reports the end offset with every record it hands on (a label lookup
  each time: 4 % of a busy event loop); it moves only per fetch, so the lean monitor sets it
  only when it changed, through a per-partition child kept at hand. The committed offset is
  set per commit;
- ``faust_consumer_commit_latency``: per commit;
- ``faust_events_runtime_ms``: per stream event, kept.

:class:`LeanPrometheusMonitor` keeps those and rebalance figures, and makes the per-record calls
that feed nothing the dashboards read no-ops (messages in and out, table operations, sends).
The other ``faust_*`` families are still registered (so a scrape shows the same names) but stay
at zero; ``docs/observability.md`` lists them.
"""

from __future__ import annotations

from time import monotonic
from typing import Any, cast

import faust
from aiohttp.web import Response
from faust.sensors.prometheus import FaustMetrics, PrometheusMonitor
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

__all__ = ["LeanPrometheusMonitor", "setup_lean_prometheus_sensors"]


class LeanPrometheusMonitor(PrometheusMonitor):
    """Faust's Prometheus monitor without its per-record bookkeeping (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._end_offsets: dict[Any, tuple[int, Any]] = {}  # tp -> (offset, gauge child)

    def track_tp_end_offset(self, tp: Any, offset: int) -> None:
        known = self._end_offsets.get(tp)
        if known is not None and known[0] == offset:
            return
        self.tp_end_offsets[tp] = offset
        child = (
            known[1]
            if known is not None
            else self._metrics.topic_partition_end_offset.labels(
                topic=tp.topic, partition=tp.partition
            )
        )
        child.set(offset)
        self._end_offsets[tp] = (offset, child)

    def on_message_in(self, tp: Any, offset: int, message: Any) -> None:
        return None

    def on_message_out(self, tp: Any, offset: int, message: Any) -> None:
        return None

    def on_stream_event_in(
        self, tp: Any, offset: int, stream: Any, event: Any
    ) -> dict[str, Any] | None:
        return {"time_in": monotonic()}

    def on_stream_event_out(
        self, tp: Any, offset: int, stream: Any, event: Any, state: dict[str, Any] | None = None
    ) -> None:
        if state is not None:
            self._metrics.events_runtime_latency.observe((monotonic() - state["time_in"]) * 1000.0)

    def on_table_get(self, table: Any, key: Any) -> None:
        return None

    def on_table_set(self, table: Any, key: Any, value: Any) -> None:
        return None

    def on_table_del(self, table: Any, key: Any) -> None:
        return None

    def on_send_initiated(
        self, producer: Any, topic: str, message: Any, keysize: int, valsize: int
    ) -> Any:
        return None

    def on_send_completed(self, producer: Any, state: Any, metadata: Any) -> None:
        return None


def setup_lean_prometheus_sensors(
    app: faust.App, registry: CollectorRegistry, *, pattern: str = "/metrics"
) -> LeanPrometheusMonitor:
    """What :func:`faust.sensors.prometheus.setup_prometheus_sensors` does (metrics named
    ``faust_*`` in ``registry``, a page at ``pattern``), with :class:`LeanPrometheusMonitor`."""
    monitor = LeanPrometheusMonitor(metrics=FaustMetrics.create(registry, "faust"))
    app.monitor = monitor

    async def metrics_handler(web: Any, request: Any) -> Any:
        headers = {"Content-Type": CONTENT_TYPE_LATEST}
        return Response(body=generate_latest(registry), headers=headers, status=200)

    app.page(pattern)(cast(Any, metrics_handler))
    return monitor
