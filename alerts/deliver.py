"""Alert delivery: the consuming process and the dead-letter replay.

Public API::

    await run_delivery(settings, kafka, channels_config, stop=stop_event, registry=None)
    report = await replay_deadletters(settings, kafka, channels_config)

``run_delivery`` consumes ``KafkaSettings.alerts_topic`` in a consumer group, delivers each
alert to its channels (concurrently, up to ``max_in_flight`` alerts) and commits an offset
only once every channel of every alert before it is resolved: delivered or dead-lettered.
It serves /metrics and /healthz when ``settings.http_port`` is not 0, and returns when
``stop`` is set (letting in-flight deliveries finish for ``shutdown_grace`` seconds).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aiohttp
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.abc import ConsumerRebalanceListener
from aiokafka.errors import KafkaError
from prometheus_client import REGISTRY, CollectorRegistry

from alerts.channels._http import make_session
from alerts.channels.alertmanager import AlertmanagerChannel, keep_alive
from alerts.channels.base import Channel
from alerts.channels.config import (
    AlertmanagerChannelConfig,
    ChannelsConfig,
    EmailChannelConfig,
    KafkaChannelConfig,
    WebhookChannelConfig,
)
from alerts.channels.email import EmailChannel
from alerts.channels.kafka import KafkaChannel
from alerts.channels.webhook import WebhookChannel
from alerts.deadletter import DeadLetter, KafkaDeadLetterSink
from alerts.dispatch import Dispatcher
from alerts.errors import DeliveryKafkaError
from alerts.ledger import Ledger
from alerts.metrics import DeliveryMetrics
from alerts.offsets import OffsetTracker
from alerts.retry import RetryPolicy
from alerts.schema import Alert
from alerts.settings import DeliverySettings
from alerts.silences import Silence, SilenceBook, SilenceError, active_match
from alerts.topics import ensure_output_topics
from flashpoint.core.health import Health, HealthSettings, Verdict
from flashpoint.core.httpserve import serve_metrics
from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.core.netguard import NetGuard
from flashpoint.core.ratelog import limit_repeats

__all__ = [
    "DeliveryRuntime",
    "ReplayReport",
    "build_channels",
    "open_runtime",
    "replay_deadletters",
    "run_delivery",
]

log = logging.getLogger(__name__)

# Loggers that repeat a line for as long as a fault lasts (aiokafka's metadata loop logs
# "Topic ... not found" several times a second): one line per interval, the rest counted.
REPEATING_LOGGERS = ("aiokafka.cluster", "aiokafka.producer.sender", __name__)


def build_channels(
    config: ChannelsConfig,
    *,
    session: aiohttp.ClientSession,
    guard: NetGuard,
    producer: AIOKafkaProducer,
    kafka: KafkaSettings,
    ledger: Ledger,
    settings: DeliverySettings,
) -> dict[str, Channel]:
    """One channel object per configured name (Alertmanager ones keep their set in ``ledger``)."""
    out: dict[str, Channel] = {}
    for name, cfg in config.channels.items():
        if isinstance(cfg, WebhookChannelConfig):
            out[name] = WebhookChannel(cfg, session, guard)
        elif isinstance(cfg, EmailChannelConfig):
            out[name] = EmailChannel(cfg)
        elif isinstance(cfg, KafkaChannelConfig):
            out[name] = KafkaChannel(cfg, producer, default_topic=kafka.events_topic)
        elif isinstance(cfg, AlertmanagerChannelConfig):
            out[name] = AlertmanagerChannel(
                cfg,
                session,
                guard,
                ledger=ledger,
                resend_interval=settings.alertmanager_resend_interval,
                max_age=settings.alertmanager_max_age,
            )
    return out


@dataclass
class DeliveryRuntime:
    """What a delivering process holds open: producer, HTTP session, ledger, dispatcher."""

    dispatcher: Dispatcher
    producer: AIOKafkaProducer
    metrics: DeliveryMetrics
    ledger: Ledger
    silences: dict[str, Silence] = field(default_factory=dict)


@contextlib.asynccontextmanager
async def open_runtime(
    settings: DeliverySettings,
    kafka: KafkaSettings,
    channels_config: ChannelsConfig,
    *,
    registry: CollectorRegistry | None = None,
) -> AsyncIterator[DeliveryRuntime]:
    metrics = DeliveryMetrics(registry, channels=channels_config.channels)
    for name in REPEATING_LOGGERS:
        metrics.suppressed_log_lines.labels(name)
    with limit_repeats(
        REPEATING_LOGGERS,
        settings.log_repeat_interval,
        on_suppressed=lambda name: metrics.suppressed_log_lines.labels(name).inc(),
    ):
        async with _runtime(settings, kafka, channels_config, metrics) as runtime:
            yield runtime


@contextlib.asynccontextmanager
async def _runtime(
    settings: DeliverySettings,
    kafka: KafkaSettings,
    channels_config: ChannelsConfig,
    metrics: DeliveryMetrics,
) -> AsyncIterator[DeliveryRuntime]:
    await ensure_output_topics(kafka, channels_config)
    ledger = Ledger.in_state_dir(settings.state_dir)
    guard = settings.net_guard()
    producer = AIOKafkaProducer(
        bootstrap_servers=kafka.bootstrap_list(),
        client_id="flashpoint-delivery",
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
    )
    try:
        await producer.start()
    except KafkaError as exc:
        ledger.close()
        raise DeliveryKafkaError(f"cannot reach Kafka at {kafka.bootstrap_servers}: {exc}") from exc
    session = make_session(guard, user_agent=settings.user_agent)
    try:
        channels = build_channels(
            channels_config,
            session=session,
            guard=guard,
            producer=producer,
            kafka=kafka,
            ledger=ledger,
            settings=settings,
        )
        dispatcher = Dispatcher(
            channels,
            ledger=ledger,
            deadletters=KafkaDeadLetterSink(producer, kafka.deadletter_topic),
            metrics=metrics,
            policy=RetryPolicy.from_settings(settings),
            config=channels_config,
        )
        yield DeliveryRuntime(dispatcher, producer, metrics, ledger)
    finally:
        await session.close()
        await producer.stop()
        ledger.close()


class _Rebalance(ConsumerRebalanceListener):
    def __init__(self, tracker: OffsetTracker) -> None:
        self._tracker = tracker
        self.commit: Callable[[], Awaitable[None]] | None = None

    async def on_partitions_revoked(self, revoked: Any) -> None:
        # Commit what is resolved so the next owner starts as late as possible.
        if self.commit is not None:
            await self.commit()
        self._tracker.drop(revoked)

    async def on_partitions_assigned(self, assigned: Any) -> None:
        log.info(
            "partitions assigned %s", ",".join(f"{tp.topic}:{tp.partition}" for tp in assigned)
        )


async def _handle(
    record: ConsumerRecord[bytes, bytes],
    runtime: DeliveryRuntime,
    settings: DeliverySettings,
) -> None:
    metrics = runtime.metrics
    source = (record.topic, record.partition, record.offset)
    try:
        alert = Alert.from_json(record.value or b"")
    except Exception as exc:
        metrics.alerts_consumed.labels("malformed").inc()
        log.warning(
            "malformed alert topic=%s partition=%d offset=%d error=%s",
            record.topic,
            record.partition,
            record.offset,
            str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
        )
        raw = (record.value or b"")[:100_000].decode("utf-8", "replace")
        await runtime.dispatcher.put_dead_letter(
            DeadLetter(
                raw=raw,
                reason=f"malformed alert: {type(exc).__name__}",
                kind="malformed",
                source_topic=record.topic,
                source_partition=record.partition,
                source_offset=record.offset,
            )
        )
        metrics.deadletters.labels("", "malformed").inc()
        return
    names = alert.channels or settings.default_channels
    if not names:
        metrics.alerts_consumed.labels("no_channels").inc()
        log.info("alert names no channel alert_id=%s rule=%s", alert.id, alert.rule)
        return
    silence = active_match(runtime.silences.values(), alert, datetime.now(UTC))
    if silence is not None:
        metrics.alerts_consumed.labels("silenced").inc()
        log.info("alert silenced alert_id=%s rule=%s silence=%s", alert.id, alert.rule, silence.id)
        return
    metrics.alerts_consumed.labels("ok").inc()
    await runtime.dispatcher.deliver(alert, names, source=source)


async def _refresh_silences(
    runtime: DeliveryRuntime, book: SilenceBook, every: float, stop: asyncio.Event
) -> None:
    """Keep ``runtime.silences`` in step with the silences topic (read every ``every`` s)."""
    try:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=every)
            try:
                runtime.silences = await asyncio.to_thread(book.refresh)
            except SilenceError as exc:
                log.warning("silences not refreshed (keeping the last known) error=%s", exc)
    finally:
        book.close()


async def _start_consumer(
    kafka: KafkaSettings,
    group_id: str,
    client_id: str,
    *,
    topic: str | None = None,
    listener: ConsumerRebalanceListener | None = None,
) -> AIOKafkaConsumer:
    """A started consumer of committed records only, in ``group_id``, that commits by hand
    (after delivery) and starts a new group at the earliest record; subscribed to ``topic``
    when given. An unreachable broker is a :class:`DeliveryKafkaError`."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=kafka.bootstrap_list(),
        group_id=group_id,
        client_id=client_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
    )
    if topic is not None:
        consumer.subscribe([topic], listener=listener)
    try:
        await consumer.start()
    except KafkaError as exc:
        raise DeliveryKafkaError(f"cannot reach Kafka at {kafka.bootstrap_servers}: {exc}") from exc
    return consumer


async def run_delivery(
    settings: DeliverySettings,
    kafka: KafkaSettings,
    channels_config: ChannelsConfig,
    *,
    stop: asyncio.Event,
    registry: CollectorRegistry | None = None,
    ready: asyncio.Event | None = None,
    health: HealthSettings | None = None,
) -> None:
    """Consume alerts and deliver them until ``stop`` is set (see the module docstring).

    ``ready`` is set once the consumer has started (and the HTTP server, if any, listens).
    ``health`` holds the probe thresholds (defaults when not given).
    """
    tracker = OffsetTracker()
    tasks: dict[asyncio.Task[None], tuple[TopicPartition, int, int]] = {}
    stalled: list[str] = []
    reg = REGISTRY if registry is None else registry
    async with open_runtime(settings, kafka, channels_config, registry=reg) as runtime:
        metrics = runtime.metrics
        listener = _Rebalance(tracker)
        consumer = await _start_consumer(
            kafka,
            settings.group_id,
            "flashpoint-delivery",
            topic=kafka.alerts_topic,
            listener=listener,
        )
        runner = None

        def held() -> Verdict:
            # An unresolved alert holds its partition until a restart redelivers it.
            details = {"in_flight": len(tasks), "stalled": len(stalled)}
            if stalled:
                reason = f"partition held by an unresolved alert: {stalled[0]}"
                return Verdict(False, reason, details)
            return Verdict(True, details=details)

        probes: Health | None = None

        def finished(task: asyncio.Task[None]) -> None:
            tp, offset, token = tasks.pop(task)
            metrics.in_flight.set(len(tasks))
            if task.cancelled():
                return  # not resolved: it will be consumed again
            exc = task.exception()
            if exc is not None:
                # Never commit past an unresolved alert; a restart redelivers it.
                stalled.append(f"{tp.topic}:{tp.partition}:{offset}")
                log.error(
                    "alert not resolved, partition held topic=%s partition=%d offset=%d error=%r",
                    tp.topic,
                    tp.partition,
                    offset,
                    exc,
                )
                return
            tracker.done(tp, offset, token)

        async def commit() -> None:
            offsets = tracker.committable()
            if not offsets:
                return
            try:
                await consumer.commit(offsets)
            except KafkaError as exc:
                log.warning("commit failed (records will be redelivered) error=%s", exc)
                return
            tracker.mark_committed(offsets)
            metrics.last_commit.set_to_current_time()

        listener.commit = commit
        # Silences are known before the first alert is handled, then kept in step.
        book = SilenceBook(kafka)
        try:
            runtime.silences = await asyncio.to_thread(book.refresh)
        except SilenceError as exc:
            log.warning("silences not loaded at start-up error=%s", exc)
        refresher = asyncio.create_task(
            _refresh_silences(runtime, book, settings.silences_refresh, stop)
        )
        keeper = asyncio.create_task(
            keep_alive(
                [
                    c
                    for c in runtime.dispatcher.channels.values()
                    if isinstance(c, AlertmanagerChannel)
                ],
                runtime.metrics,
                every=settings.alertmanager_resend_interval,
                stop=stop,
            )
        )
        try:
            if settings.http_port:
                probes = Health(health or HealthSettings(), reg, servers=kafka.bootstrap_list())
                probes.live_checks["delivery"] = held
                probes.start()
                runner = await serve_metrics(settings.http_host, settings.http_port, reg, probes)
            if ready is not None:
                ready.set()
            paused = False
            while not stop.is_set():
                room = settings.max_in_flight - len(tasks)
                assignment = consumer.assignment()
                if room <= 0 and not paused:
                    consumer.pause(*assignment)
                    paused = True
                elif room > 0 and paused:
                    consumer.resume(*assignment)
                    paused = False
                batch = await consumer.getmany(timeout_ms=200, max_records=max(room, 1))
                for tp, records in batch.items():
                    for record in records:
                        token = tracker.add(tp, record.offset)
                        task = asyncio.create_task(_handle(record, runtime, settings))
                        tasks[task] = (tp, record.offset, token)
                        task.add_done_callback(finished)
                metrics.in_flight.set(len(tasks))
                await commit()
            if tasks:
                await asyncio.wait(set(tasks), timeout=settings.shutdown_grace or None)
            for task in list(tasks):
                task.cancel()
            if tasks:
                await asyncio.wait(set(tasks), timeout=5)
            await commit()
        finally:
            for background in (refresher, keeper):
                background.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await background
            book.close()  # idempotent; the refresher closes it too when it ran
            if runner is not None:
                await runner.cleanup()
            if probes is not None:
                await probes.stop()
            await consumer.stop()


@dataclass
class ReplayReport:
    """What ``replay_deadletters`` did, by outcome."""

    read: int = 0
    delivered: int = 0
    deadlettered: int = 0
    skipped: int = 0
    details: list[str] = field(default_factory=list)


async def replay_deadletters(
    settings: DeliverySettings,
    kafka: KafkaSettings,
    channels_config: ChannelsConfig,
    *,
    registry: CollectorRegistry | None = None,
    from_beginning: bool = False,
    channel: str | None = None,
    alert_id: str | None = None,
    enable_endpoints: bool = False,
    dry_run: bool = False,
    timeout: float = 60.0,
) -> ReplayReport:
    """Send dead-lettered alerts again, each to its failed channel only.

    Reads the dead-letter topic up to its end at the start (letters that fail again are
    appended and wait for the next replay), from the replay group's committed position, or
    from the beginning with ``from_beginning``. Channels that took an alert meanwhile are
    skipped (ledger). ``channel``/``alert_id`` filter; ``dry_run`` only lists.
    """
    report = ReplayReport()
    reg = REGISTRY if registry is None else registry
    async with open_runtime(settings, kafka, channels_config, registry=reg) as runtime:
        if enable_endpoints:
            n = runtime.ledger.enable_endpoints(channel)
            log.info("re-enabled endpoints count=%d", n)
        consumer = await _start_consumer(kafka, settings.replay_group_id, "flashpoint-replay")
        try:
            # The producer's public partitions_for waits for the topic's metadata.
            parts = await runtime.producer.partitions_for(kafka.deadletter_topic)
            tps = [TopicPartition(kafka.deadletter_topic, p) for p in sorted(parts)]
            if not tps:
                return report
            consumer.assign(tps)
            end = await consumer.end_offsets(tps)
            for tp in tps:
                committed = None if from_beginning else await consumer.committed(tp)
                if committed is None:
                    await consumer.seek_to_beginning(tp)
                else:
                    consumer.seek(tp, committed)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout
            while True:
                remaining = [tp for tp in tps if await consumer.position(tp) < end[tp]]
                if not remaining or loop.time() > deadline:
                    break
                batch = await consumer.getmany(*remaining, timeout_ms=500)
                for tp, records in batch.items():
                    for record in records:
                        if record.offset >= end[tp]:
                            continue
                        report.read += 1
                        await _replay_one(record, runtime, report, channel, alert_id, dry_run)
                    if not dry_run and records:
                        last = min(records[-1].offset + 1, end[tp])
                        await consumer.commit({tp: last})
        finally:
            await consumer.stop()
    return report


async def _replay_one(
    record: ConsumerRecord[bytes, bytes],
    runtime: DeliveryRuntime,
    report: ReplayReport,
    channel: str | None,
    alert_id: str | None,
    dry_run: bool,
) -> None:
    try:
        letter = DeadLetter.from_json(record.value or b"")
    except Exception:
        report.skipped += 1
        return
    if letter.alert is None or not letter.channel:
        report.skipped += 1
        return
    if (channel and letter.channel != channel) or (alert_id and letter.alert.id != alert_id):
        report.skipped += 1
        return
    line = f"{letter.alert.id} {letter.channel} ({letter.kind}: {letter.reason})"
    if dry_run:
        report.details.append(line)
        report.skipped += 1
        return
    outcomes = await runtime.dispatcher.deliver(
        letter.alert, [letter.channel], replay=letter.replayed + 1
    )
    outcome = outcomes[letter.channel]
    runtime.metrics.replayed.labels(letter.channel, outcome).inc()
    if outcome == "delivered":
        report.delivered += 1
    elif outcome == "deadlettered":
        report.deadlettered += 1
    else:
        report.skipped += 1
    report.details.append(f"{outcome}: {line}")
