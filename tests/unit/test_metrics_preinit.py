"""Every error counter exists at 0 on a fresh registry, so dashboards show 0, not "No data".

Each process's metrics module is built on a fresh registry and scraped in the text format
(as Prometheus reads it); the error series must be there with value 0. The known label
values are also checked against the code that raises them, so a new reason cannot be
forgotten in the list.
"""

from __future__ import annotations

import re
from pathlib import Path

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from alerts.channels.config import parse_channels
from alerts.metrics import ERROR_KINDS, DeliveryMetrics
from producers.metrics import PARSE_ERROR_REASONS, ProducerMetrics
from streams.metrics import BAD_ITEM_REASONS, RULES_EVENTS, WorkerMetrics

ROOT = Path(__file__).resolve().parents[2]


def scrape(registry: CollectorRegistry) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    text = generate_latest(registry).decode()
    out = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return out


def at_zero(
    series: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> bool:
    return series.get((name, frozenset(labels.items()))) == 0.0


def test_delivery_error_series_start_at_zero() -> None:
    channels = parse_channels(
        {
            "channels": {
                "hook": {"type": "webhook", "url": "https://x.example/h", "format": "slack"},
                "mail": {"type": "email", "host": "smtp.example", "to": ["a@example.org"]},
                "events": {"type": "kafka"},
                "am": {"type": "alertmanager", "url": "http://am.example:9093"},
            }
        },
        environ={},
    )
    registry = CollectorRegistry()
    DeliveryMetrics(registry, channels=channels.channels)
    series = scrape(registry)
    for name, cfg in channels.channels.items():
        for kind in ERROR_KINDS[cfg.type]:
            assert at_zero(series, "flashpoint_delivery_errors_total", channel=name, kind=kind)
            assert at_zero(series, "flashpoint_delivery_deadletters_total", channel=name, kind=kind)
        assert at_zero(
            series, "flashpoint_delivery_deliveries_total", channel=name, outcome="deadlettered"
        )
        assert at_zero(
            series, "flashpoint_delivery_attempts_total", channel=name, result="permanent"
        )
    assert at_zero(series, "flashpoint_delivery_endpoints_disabled_total", channel="hook")
    assert at_zero(
        series, "flashpoint_delivery_alertmanager_resends_total", channel="am", result="error"
    )
    assert at_zero(series, "flashpoint_delivery_alertmanager_expired_total", channel="am")
    assert at_zero(series, "flashpoint_delivery_alerts_consumed_total", result="malformed")
    assert at_zero(series, "flashpoint_delivery_deadletters_total", channel="", kind="malformed")


def test_producer_error_series_start_at_zero() -> None:
    registry = CollectorRegistry()
    ProducerMetrics(registry)
    series = scrape(registry)
    for reason in PARSE_ERROR_REASONS:
        assert at_zero(series, "flashpoint_producer_parse_errors_total", reason=reason)
    for reason in ("timeout", "memory", "crash"):
        assert at_zero(series, "flashpoint_producer_parser_workers_killed_total", reason=reason)
    for outcome in ("http-error", "timeout", "parse-error", "network-error", "blocked"):
        assert at_zero(series, "flashpoint_producer_polls_total", outcome=outcome)
    assert at_zero(series, "flashpoint_producer_publish_errors_total")
    assert at_zero(series, "flashpoint_producer_feeds_disabled_total")


def test_worker_error_series_start_at_zero() -> None:
    registry = CollectorRegistry()
    WorkerMetrics(registry)
    series = scrape(registry)
    for stage, reason in BAD_ITEM_REASONS:
        assert at_zero(series, "flashpoint_worker_bad_items_total", stage=stage, reason=reason)
    for event in RULES_EVENTS:
        assert at_zero(series, "flashpoint_rules_events_total", event=event)
    assert at_zero(series, "flashpoint_classifier_process_restarts_total")


def _literals(pattern: str, *folders: str) -> set[str]:
    found: set[str] = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            found.update(re.findall(pattern, path.read_text(encoding="utf-8")))
    return found


def test_the_known_label_values_cover_the_code() -> None:
    """A reason or kind raised somewhere but missing from the lists would start unseen."""
    kinds = {k for values in ERROR_KINDS.values() for k in values}
    assert _literals(r'kind="([a-z0-9-]+)"', "alerts") <= kinds | {"unknown-channel", "malformed"}
    assert _literals(r'ParseError\([^)]*reason="([a-z-]+)"', "producers") <= set(
        PARSE_ERROR_REASONS
    )
    stages = _literals(r'stage="([a-z]+)",\s*reason="([a-z_]+)"', "streams")
    assert stages and stages <= set(BAD_ITEM_REASONS)
