"""The delivery process for a test: ``run_delivery`` on the real broker for the length of an
``async with`` block, and alerts published to the alerts topic.

The integration tests of Alertmanager, silences and webhooks run the same delivery loop with
the same loopback settings; starting, waiting for readiness and stopping it is written once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaProducer
from prometheus_client import CollectorRegistry

from alerts.channels.config import ChannelsConfig
from alerts.deliver import run_delivery
from alerts.schema import Alert
from alerts.settings import DeliverySettings
from flashpoint.core.kafkaconf import KafkaSettings

__all__ = [
    "alert_publisher",
    "delivery_settings",
    "publish_alerts",
    "running_delivery",
    "webhook",
]


def webhook(url: str, secret_env: str | list[str], **extra: Any) -> dict[str, Any]:
    """A webhook channel as the channels file writes it (``extra``: format, timeout...)."""
    return {"type": "webhook", "url": url, "secret_env": secret_env, **extra}


def delivery_settings(kafka: KafkaSettings, tmp_path: Path, **over: Any) -> DeliverySettings:
    """Settings of a delivery process of this test: its state in ``tmp_path``, its own group,
    no HTTP port, loopback receivers allowed, fast retries; ``over`` changes any of them."""
    values: dict[str, Any] = {
        "state_dir": str(tmp_path / "delivery"),
        "group_id": f"{kafka.topic_prefix}-d",
        "http_port": 0,
        "allowed_hosts": ("127.0.0.1",),
        "retry_initial_delay": 0.01,
    }
    values.update(over)
    return DeliverySettings(**values)


@asynccontextmanager
async def running_delivery(
    settings: DeliverySettings, kafka: KafkaSettings, channels: ChannelsConfig
) -> AsyncIterator[CollectorRegistry]:
    """``run_delivery`` runs (and is ready) for the ``async with`` block; yields its metrics."""
    registry = CollectorRegistry()
    stop = asyncio.Event()
    ready = asyncio.Event()
    task = asyncio.create_task(
        run_delivery(settings, kafka, channels, stop=stop, registry=registry, ready=ready)
    )
    try:
        await asyncio.wait_for(ready.wait(), 60)
        yield registry
    finally:
        stop.set()
        await asyncio.wait_for(task, 60)


@asynccontextmanager
async def alert_publisher(
    kafka: KafkaSettings,
) -> AsyncIterator[Callable[..., Awaitable[None]]]:
    """``publish(*alerts)`` for the ``async with`` block, on one producer: puts the alerts on
    the alerts topic, keyed by id, each acknowledged by every replica before the next."""
    producer = AIOKafkaProducer(bootstrap_servers=kafka.bootstrap_list(), acks="all")
    await producer.start()

    async def publish(*alerts: Alert) -> None:
        for alert in alerts:
            await producer.send_and_wait(kafka.alerts_topic, alert.to_json(), key=alert.id.encode())

    try:
        yield publish
    finally:
        await producer.stop()


async def publish_alerts(kafka: KafkaSettings, *alerts: Alert) -> None:
    """Put ``alerts`` on the alerts topic once (see :func:`alert_publisher`)."""
    async with alert_publisher(kafka) as publish:
        await publish(*alerts)
