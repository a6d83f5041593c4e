"""Metrics declared as data: MetricSet.declare builds each table of a metrics.toml."""

from __future__ import annotations

from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry, Counter, Histogram

from flashpoint.core.metrics import MetricSet

_TABLE = """
[polls]
kind = "counter"
name = "flashpoint_t_polls"
help = "Polls."
labels = ["outcome"]
start = "OUTCOMES"

[took]
kind = "histogram"
name = "flashpoint_t_took_seconds"
help = "Time."
buckets = [1, 5]
"""


class _Two(MetricSet):
    polls: Counter
    took: Histogram


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "metrics.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_each_table_becomes_the_attribute_it_names(tmp_path: Path) -> None:
    registry = CollectorRegistry()
    metrics = _Two(registry)
    metrics.declare(_write(tmp_path, _TABLE), OUTCOMES=("ok", "gone"))
    metrics.polls.labels("ok").inc()
    metrics.took.observe(2)
    assert registry.get_sample_value("flashpoint_t_polls_total", {"outcome": "ok"}) == 1
    assert registry.get_sample_value("flashpoint_t_polls_total", {"outcome": "gone"}) == 0
    assert registry.get_sample_value("flashpoint_t_took_seconds_bucket", {"le": "1.0"}) == 0
    assert registry.get_sample_value("flashpoint_t_took_seconds_bucket", {"le": "5.0"}) == 1


def test_a_metric_missing_from_the_table_is_refused(tmp_path: Path) -> None:
    only_polls = _TABLE.split("[took]")[0]
    with pytest.raises(ValueError, match=r"\['took'\] are declared in only one"):
        _Two(CollectorRegistry()).declare(_write(tmp_path, only_polls), OUTCOMES=())


def test_a_metric_of_another_kind_than_annotated_is_refused(tmp_path: Path) -> None:
    gauge = _TABLE.replace('kind = "counter"', 'kind = "gauge"')
    with pytest.raises(ValueError, match=r"\[polls\] is a gauge, not a Counter"):
        _Two(CollectorRegistry()).declare(_write(tmp_path, gauge), OUTCOMES=())
