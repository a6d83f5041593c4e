"""The Faust app: classify, incidents and rules agents, /metrics and /healthz.

``create_app`` builds a fresh app from settings (no module-level app), so tests and the demo can
run several workers with their own topics, data folders and ports.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import faust
from faust.sensors.prometheus import setup_prometheus_sensors
from prometheus_client import CollectorRegistry

from alerts.rules import load_rules
from flashpoint.kafkaconf import KafkaSettings
from streams.api import register_api
from streams.classify_agent import register_classify
from streams.metrics import WorkerMetrics
from streams.rules_agent import STATE_RECORD_MAX_BYTES, register_rules
from streams.settings import WorkerSettings
from streams.topics import Topics, declare_topics

__all__ = ["WorkerApp", "create_app"]

log = logging.getLogger(__name__)


@dataclass
class WorkerApp:
    app: faust.App
    topics: Topics
    metrics: WorkerMetrics
    registry: CollectorRegistry


def create_app(
    settings: WorkerSettings,
    kafka: KafkaSettings,
    *,
    registry: CollectorRegistry | None = None,
) -> WorkerApp:
    """Build the worker's Faust app with its agents registered."""
    registry = registry if registry is not None else CollectorRegistry()
    # Validate the rules before anything is written or connected: a broken file starts nothing.
    rules = load_rules(settings.rules_file)
    datadir = Path(settings.datadir)
    datadir.mkdir(parents=True, exist_ok=True)
    brokers = ";".join(f"kafka://{b}" for b in kafka.bootstrap_list())
    conf: dict[str, Any] = {
        "broker": brokers,
        "store": settings.store,
        "datadir": str(datadir),
        "topic_partitions": kafka.partitions,
        "topic_replication_factor": kafka.replication_factor,
        "web_enabled": settings.web_enabled,
        "web_bind": settings.web_host,
        "web_host": settings.web_host,
        "web_port": settings.web_port,
        "web_in_thread": False,
        "producer_acks": -1,
        "producer_compression_type": "lz4",
        "producer_max_request_size": STATE_RECORD_MAX_BYTES,
        "producer_linger_ms": settings.producer_linger_ms,
        "consumer_auto_offset_reset": "earliest",
        "stream_buffer_maxsize": settings.stream_buffer_maxsize,
        "broker_commit_interval": settings.commit_interval,
        "broker_session_timeout": settings.session_timeout,
        "broker_heartbeat_interval": settings.heartbeat_interval,
        "table_cleanup_interval": 30.0,
        "worker_redirect_stdouts": False,
    }
    app = faust.App(settings.app_id, **conf)
    topics = declare_topics(app, kafka)
    metrics = WorkerMetrics(registry)
    if settings.web_enabled:
        setup_prometheus_sensors(app, pattern="/metrics", registry=registry, name_prefix="faust")

        @app.page("/healthz")
        async def healthz(web: Any, request: Any) -> Any:
            return web.json({"status": "ok", "app": settings.app_id})

    register_classify(app, topics, metrics, settings)
    register_rules(app, topics, metrics, settings, kafka, rules=rules)
    if settings.web_enabled:
        register_api(app, topics, settings, kafka)
    return WorkerApp(app=app, topics=topics, metrics=metrics, registry=registry)
