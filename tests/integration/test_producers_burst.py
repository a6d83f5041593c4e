"""Burst polling through Kafka: a burst-marked alert on the alerts topic makes the producer poll
the incident's feeds at the burst interval, and only those."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from kafka import KafkaProducer

from alerts.schema import Alert, IncidentSummary
from flashpoint.core.kafkaconf import KafkaSettings
from producers.feeds import FeedConfig
from tests.support.http import routes, site_fixture
from tests.support.producer import loopback_settings, running_producer
from tests.support.waiting import until

pytestmark = pytest.mark.integration


class Counting:
    def __init__(self) -> None:
        self.hits: dict[str, int] = {}

    def app(self) -> web.Application:
        async def handler(req: web.Request) -> web.Response:
            name = req.match_info["name"]
            self.hits[name] = self.hits.get(name, 0) + 1
            body = (
                f'<rss version="2.0"><channel><title>{name}</title><item>'
                f"<guid>urn:{name}:{self.hits[name]}</guid><title>Report {name}</title>"
                f"</item></channel></rss>"
            ).encode()
            return web.Response(body=body, content_type="application/rss+xml")

        return routes(("GET", "/{name}.xml", handler))


newsroom = site_fixture(Counting)


async def test_alert_on_kafka_starts_a_burst_for_its_country(
    kafka_settings: KafkaSettings,
    newsroom: tuple[Counting, TestServer],
    tmp_path: Path,
) -> None:
    room, srv = newsroom
    feeds = [
        FeedConfig(
            name=n,
            url=str(srv.make_url(f"/{n}.xml")),
            tags=tags,
            interval=3600.0,
        )
        for n, tags in (
            ("ua", {"country": "UA", "region": "europe"}),
            ("eu", {"region": "europe"}),
            ("sy", {"country": "SY", "region": "middle-east"}),
        )
    ]
    settings = loopback_settings(
        tmp_path, burst_listen=True, burst_interval=0.5, burst_duration=600.0
    )
    async with running_producer(settings, kafka_settings, feeds) as run:
        await until(lambda: len(room.hits) == 3, "the first cycle", 60)
        alert = Alert(
            id="al_burst",
            rule="strike",
            status="firing",
            fired_at=datetime.now(UTC),
            burst=True,
            incident=IncidentSummary(id="inc", country="UA"),
        )
        kp = KafkaProducer(bootstrap_servers=kafka_settings.bootstrap_list())
        await asyncio.to_thread(
            lambda: kp.send(kafka_settings.alerts_topic, alert.to_json()).get(30)
        )
        kp.close()
        await until(
            lambda: room.hits.get("ua", 0) >= 4 and room.hits.get("eu", 0) >= 4, "burst polls", 60
        )
        assert room.hits["sy"] == 1  # another country: left on its schedule
        assert run.registry.get_sample_value("flashpoint_producer_bursts_total") == 1.0
