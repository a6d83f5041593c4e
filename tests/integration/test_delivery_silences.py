"""Silences on the real Kafka: the delivery process does not send an alert that an active
silence matches, sends the others, and counts the skip."""

from __future__ import annotations

import asyncio
import base64
import os
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp import web
from aiokafka import AIOKafkaProducer
from prometheus_client import CollectorRegistry

from alerts.channels.config import parse_channels
from alerts.deliver import run_delivery
from alerts.schema import Alert, IncidentSummary, alert_id
from alerts.settings import DeliverySettings
from alerts.silences import Silence, write_silence
from flashpoint.core.kafkaconf import KafkaSettings

pytestmark = pytest.mark.integration

SECRET = "whsec_" + base64.b64encode(os.urandom(24)).decode()


async def test_silenced_alert_is_not_sent(kafka_settings: KafkaSettings, tmp_path: Path) -> None:
    received: Counter[str] = Counter()

    async def hook(request: web.Request) -> web.Response:
        await request.read()
        received[request.headers["webhook-id"]] += 1
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    silence = Silence(rule="noisy", country="AM", ends_at=datetime.now(UTC) + timedelta(hours=1))
    await asyncio.to_thread(write_silence, kafka_settings, silence.id, silence)

    channels = parse_channels(
        {
            "channels": {
                "desk": {
                    "type": "webhook",
                    "url": f"http://127.0.0.1:{port}/hook",
                    "secret_env": "SILENCE_TEST_SECRET",
                }
            }
        },
        file="test",
        environ={"SILENCE_TEST_SECRET": SECRET},
    )
    settings = DeliverySettings(
        state_dir=str(tmp_path / "delivery"),
        group_id=f"{kafka_settings.topic_prefix}-d",
        http_port=0,
        allowed_hosts=("127.0.0.1",),
        silences_refresh=0.2,
        retry_initial_delay=0.01,
    )
    registry = CollectorRegistry()
    stop = asyncio.Event()
    ready = asyncio.Event()
    task = asyncio.create_task(
        run_delivery(settings, kafka_settings, channels, stop=stop, registry=registry, ready=ready)
    )
    try:
        await asyncio.wait_for(ready.wait(), 60)
        now = datetime.now(UTC)

        def make(rule: str, country: str) -> Alert:
            return Alert(
                id=alert_id(rule, country),
                rule=rule,
                group=country,
                fired_at=now,
                channels=("desk",),
                incident=IncidentSummary(id=f"i-{country}", country=country),
            )

        muted, other_country, other_rule = make("noisy", "AM"), make("noisy", "AZ"), make("x", "AM")
        producer = AIOKafkaProducer(bootstrap_servers=kafka_settings.bootstrap_servers)
        await producer.start()
        try:
            for alert in (muted, other_country, other_rule):
                await producer.send_and_wait(
                    kafka_settings.alerts_topic, key=alert.id.encode(), value=alert.to_json()
                )
        finally:
            await producer.stop()

        def silenced() -> float:
            value = registry.get_sample_value(
                "flashpoint_delivery_alerts_consumed_total", {"result": "silenced"}
            )
            return value or 0.0

        deadline = asyncio.get_running_loop().time() + 60
        while not (silenced() >= 1 and len(received) >= 2):
            assert asyncio.get_running_loop().time() < deadline, (received, silenced())
            await asyncio.sleep(0.05)
        assert received == Counter({other_country.id: 1, other_rule.id: 1})
        assert silenced() == 1
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        await runner.cleanup()
