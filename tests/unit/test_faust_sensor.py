"""The worker's Faust sensor keeps the ``faust_*`` metrics the dashboards read and drops the
per-record bookkeeping nothing reads (streams.sensor)."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from faust.types import TP
from prometheus_client import CollectorRegistry

from streams.sensor import LeanPrometheusMonitor, setup_lean_prometheus_sensors

ROOT = Path(__file__).resolve().parents[2]
KEPT = {
    "faust_topic_partition_end_offset",
    "faust_topic_partition_offset_commited",
    "faust_consumer_commit_latency",
    "faust_events_runtime_ms",
}


class _App:
    def __init__(self) -> None:
        self.monitor: Any = None
        self.pages: list[str] = []

    def page(self, pattern: str) -> Any:
        self.pages.append(pattern)
        return lambda fn: fn


def test_the_dashboards_and_alert_rules_read_only_the_faust_metrics_kept() -> None:
    used = set()
    for path in [*ROOT.glob("deploy/grafana/**/*.json"), *ROOT.glob("deploy/prometheus/**/*")]:
        if path.is_file():
            used |= set(re.findall(r"faust_[a-z_]+", path.read_text(encoding="utf-8")))
    used = {re.sub(r"_(bucket|sum|count|total)$", "", n) for n in used}
    assert used and used <= KEPT


def test_kept_metrics_move_and_per_record_calls_cost_nothing() -> None:
    registry = CollectorRegistry()
    app = _App()
    monitor = setup_lean_prometheus_sensors(app, registry)  # type: ignore[arg-type]
    assert isinstance(monitor, LeanPrometheusMonitor) and app.monitor is monitor
    assert app.pages == ["/metrics"]
    tp = TP("items.classified", 1)
    message = SimpleNamespace(time_in=None)
    table = SimpleNamespace(name="rules-state")
    for offset in range(3):
        monitor.on_message_in(tp, offset, message)
        state = monitor.on_stream_event_in(tp, offset, None, None)
        monitor.on_table_set(table, "k", "v")
        monitor.on_stream_event_out(tp, offset, None, None, state)
        monitor.on_message_out(tp, offset, message)
    monitor.on_tp_commit({tp: 3})
    monitor.track_tp_end_offset(tp, 5)
    monitor.on_commit_completed(None, monitor.on_commit_initiated(None))

    def value(name: str, **labels: str) -> float | None:
        return registry.get_sample_value(name, labels)

    assert value("faust_events_runtime_ms_count") == 3
    assert value("faust_consumer_commit_latency_count") == 1
    part = {"topic": "items.classified", "partition": "1"}
    assert value("faust_topic_partition_offset_commited", **part) == 3
    assert value("faust_topic_partition_end_offset", **part) == 5
    # per-record bookkeeping nothing reads is skipped: Faust's counters and the metrics stay
    assert monitor.messages_received_total == 0 and not monitor.tables
    assert value("faust_messages_received_total") == 0
