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

from alerts.channels.config import parse_channels
from alerts.schema import Alert, IncidentSummary, alert_id
from alerts.silences import Silence, write_silence
from flashpoint.core.kafkaconf import KafkaSettings
from tests.support.delivery import (
    delivery_settings,
    publish_alerts,
    running_delivery,
    webhook,
)
from tests.support.http import serve

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

    silence = Silence(rule="noisy", country="AM", ends_at=datetime.now(UTC) + timedelta(hours=1))
    await asyncio.to_thread(write_silence, kafka_settings, silence.id, silence)

    async with serve(app) as receiver:
        url = str(receiver.make_url("/hook"))
        channels = parse_channels(
            {"channels": {"desk": webhook(url, "SILENCE_TEST_SECRET")}},
            file="test",
            environ={"SILENCE_TEST_SECRET": SECRET},
        )
        settings = delivery_settings(kafka_settings, tmp_path, silences_refresh=0.2)
        async with running_delivery(settings, kafka_settings, channels) as registry:
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

            muted, other_country, other_rule = (
                make("noisy", "AM"),
                make("noisy", "AZ"),
                make("x", "AM"),
            )
            await publish_alerts(kafka_settings, muted, other_country, other_rule)

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
