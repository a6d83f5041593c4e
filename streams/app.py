"""The Faust app: classify, incidents and rules agents, /metrics and the probes.

``create_app`` builds a fresh app from settings (no module-level app), so tests and the demo can
run several workers with their own topics, data folders and ports.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import faust
from prometheus_client import CollectorRegistry

from alerts.rules import load_rules
from flashpoint.core.health import Health, HealthSettings
from flashpoint.core.kafkaconf import KafkaSettings
from streams.api import register_api
from streams.classify_agent import register_classify
from streams.lag import GroupOffsets
from streams.lz4level import use_lz4_level
from streams.metrics import WorkerMetrics
from streams.progress import WorkerProbes
from streams.rules_agent import STATE_RECORD_MAX_BYTES, register_rules
from streams.sensor import setup_lean_prometheus_sensors
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
    probes: WorkerProbes


def create_app(
    settings: WorkerSettings,
    kafka: KafkaSettings,
    *,
    registry: CollectorRegistry | None = None,
    health: HealthSettings | None = None,
) -> WorkerApp:
    """Build the worker's Faust app with its agents registered.

    ``health`` holds the probe thresholds of /healthz (/livez) and /readyz. An agent that dies
    calls ``WorkerApp.probes.on_fatal`` (the CLI sets it to stop the process with a failure).
    """
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
        "table_standby_replicas": settings.table_standby_replicas,
        "worker_redirect_stdouts": False,
    }
    use_lz4_level(settings.producer_lz4_level)
    app = faust.App(settings.app_id, **conf)
    topics = declare_topics(app, kafka)
    metrics = WorkerMetrics(registry)
    checks = Health(health or HealthSettings(), registry, servers=kafka.bootstrap_list())
    probes = WorkerProbes(
        checks,
        metrics,
        hang_file=settings.fault_hang_file,
        fail_file=settings.fault_fail_file,
        noack_file=settings.fault_noack_file,
    )
    probes.rebalancing = lambda: bool(app.rebalancing)
    probes.settling = lambda: bool(app.rebalancing) or not app.tables.actives_ready
    probes.assignment = lambda: {(tp.topic, tp.partition) for tp in app.consumer.assignment()}
    probes.offsets = GroupOffsets(
        kafka,
        settings.app_id,
        [topics.raw.get_topic_name(), topics.classified.get_topic_name()],
        timeout=min(5.0, (health or HealthSettings()).broker_timeout * 2),
    )
    _register_probes(app, settings, probes)
    hold_flow_until_streams_seek(app)
    read_uncommitted_from_start(
        app, {topics.raw.get_topic_name(), topics.classified.get_topic_name()}
    )
    if settings.web_enabled:
        setup_lean_prometheus_sensors(app, registry, pattern="/metrics")

    register_classify(app, topics, metrics, settings, probes)
    register_rules(app, topics, metrics, settings, kafka, rules=rules, probes=probes)
    if settings.web_enabled:
        register_api(app, settings, kafka)
    return WorkerApp(app=app, topics=topics, metrics=metrics, registry=registry, probes=probes)


def hold_flow_until_streams_seek(app: faust.App) -> None:
    """Close a window in which Faust loses the first records of a new assignment.

    When its tables are recovered, Faust resumes the stream partitions, awaits a seek to the
    committed offsets, and only then resumes ``app.flow_control``, which also empties every
    stream's buffer. But flow control was already resumed while the tables were read, so
    records fetched in that window reach a stream's buffer (and move Faust's read offset past
    them) just before the buffer is emptied. Re-read after the seek, they are then below the
    read offset and skipped as already seen: the agent never gets them, and their partition
    stalls at its committed offset (or, in a new group without a committed offset, commits
    past them). Faust sends ``on_rebalance_complete`` as that step begins; suspending flow
    control there keeps every record out of the buffers until Faust resumes it.
    """

    async def _hold(sender: Any, *args: Any, signal: Any = None, **kwargs: Any) -> None:
        app.flow_control.suspend()

    app.on_rebalance_complete.connect(cast(Any, _hold))


def read_uncommitted_from_start(app: faust.App, topic_names: set[str]) -> None:
    """Read a partition that has no committed offset from its first record, after every
    rebalance.

    Faust ends a rebalance with a seek to the committed offsets, and aiokafka seeks only the
    partitions whose committed offset is above 0. A partition nobody has committed yet (a new
    group, or a partition whose first records are still in flight) keeps the consumer's fetch
    position. When records fetched before the rebalance were dropped from a stream's buffer
    (Faust empties the buffers as a rebalance starts), nothing reads them again: they never
    reach the agent, and the first commit after them passes them for good. This was seen in
    the clean-leave fault scenario: the rules agent took over ``items.classified`` partition 0,
    which no one had committed, at offset 930, and records 0 to 929 never reached it.

    So Faust's seek to the committed offsets (``seek_to_committed``, which its ``perform_seek``
    calls and reads) is followed by a seek of each assigned partition of ``topic_names`` whose
    committed offset is missing or 0 to its earliest offset, which is what
    ``auto_offset_reset=earliest`` promises. Records read again are already handled: a raw item
    classified again reaches the classified topic twice, and the rules engine skips item ids it
    has seen.
    """

    def _install(consumer: Any) -> None:
        original = consumer.seek_to_committed

        async def seek_to_committed() -> Any:
            committed = await original()
            fresh = [
                tp for tp, offset in committed.items() if tp.topic in topic_names and not offset
            ]
            if fresh:
                starts = await consumer.earliest_offsets(*fresh)
                targets = {tp: int(starts.get(tp) or 0) for tp in fresh}
                await consumer.seek_wait(targets)
                for tp, offset in sorted(targets.items()):
                    log.info(
                        "partition without a committed offset read from its start topic=%s "
                        "partition=%d offset=%d",
                        tp.topic,
                        tp.partition,
                        offset,
                    )
            return committed

        consumer.seek_to_committed = seek_to_committed

    async def _assigned(sender: Any, *args: Any, signal: Any = None, **kwargs: Any) -> None:
        # The consumer exists once partitions are assigned; Faust's seek comes after this signal.
        # Installed once: the wrapper is then the consumer's own attribute.
        if "seek_to_committed" not in vars(app.consumer):
            _install(app.consumer)

    app.on_partitions_assigned.connect(cast(Any, _assigned))


def _register_probes(app: faust.App, settings: WorkerSettings, probes: WorkerProbes) -> None:
    """Start the probes with the worker, follow the assignment, serve the probe pages."""

    async def _assigned(sender: Any, *args: Any, signal: Any = None, **kwargs: Any) -> None:
        probes.assigned = True

    # The lag is read a few times per stall window, at most every 5 s (a few small requests).
    lag_every = min(5.0, probes.health.settings.stall_after / 4)
    watchers: list[asyncio.Task[None]] = []

    async def _stop(sender: Any, *args: Any, signal: Any = None, **kwargs: Any) -> None:
        for task in watchers:
            task.cancel()
        await probes.health.stop()

    app.on_partitions_assigned.connect(cast(Any, _assigned))
    app.on_before_shutdown.connect(cast(Any, _stop))

    @app.task
    async def _start_probes() -> None:
        probes.health.start()
        watchers.append(asyncio.get_running_loop().create_task(probes.watch_lag(lag_every)))

    if not settings.web_enabled:
        return
    extra = {"app": settings.app_id}

    async def _live(web: Any, request: Any) -> Any:
        ok, body = await probes.health.liveness()
        return web.json({**body, **extra}, status=200 if ok else 503)

    async def _ready(web: Any, request: Any) -> Any:
        ok, body = await probes.health.readiness()
        return web.json({**body, **extra}, status=200 if ok else 503)

    app.page("/healthz")(_live)
    app.page("/livez")(_live)
    app.page("/readyz")(_ready)
