"""WebSub faults: the hub stops, a lease runs out, forged, oversized and replayed deliveries.

The producer runs for real (``run_producer`` with the Kafka publisher) against flask-websub's
hub on loopback; what reached the raw topic is read back by id at the end. Nothing may be lost
and nothing published twice.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
from kafka import KafkaConsumer

from flashpoint.core.kafkaconf import KafkaSettings
from producers.feeds import FeedConfig
from producers.items import Item
from producers.settings import ProducerSettings
from producers.state import State
from producers.websub import callback_token
from tests import websubhub
from tests.faults.report import Collector
from tests.support.producer import RunningProducer, rss, running_producer
from tests.support.waiting import until
from tests.websubhub import HubProcess, Newsroom, producer_settings, subscription_active

hub = websubhub.hub  # the fixtures, shared with the other WebSub tests
newsroom = websubhub.newsroom

pytestmark = [pytest.mark.integration, pytest.mark.faults]


def _raw(kafka: KafkaSettings) -> Counter[str]:
    """Titles on the raw topic, counted (read from the beginning to the end offsets)."""
    consumer = KafkaConsumer(
        kafka.raw_topic,
        bootstrap_servers=kafka.bootstrap_list(),
        group_id=None,
        auto_offset_reset="earliest",
        consumer_timeout_ms=3000,
    )
    try:
        return Counter(Item.from_json(r.value).title for r in consumer)
    finally:
        consumer.close()


@asynccontextmanager
async def subscribed(
    settings: ProducerSettings, kafka: KafkaSettings, feeds: list[FeedConfig]
) -> AsyncIterator[RunningProducer]:
    """The producer runs on Kafka for the ``async with`` block, which waits first for the
    hub to verify the subscription of the first feed."""
    async with running_producer(settings, kafka, feeds) as run:
        await _until(
            lambda: subscription_active(settings.state_path, feeds[0].name), "the subscription"
        )
        yield run


async def _until(cond: Callable[[], bool], what: str) -> None:
    await until(cond, what, 60.0, step=0.1)


async def test_hub_stops_and_lease_runs_out_nothing_lost(
    tmp_path: Path,
    faults_kafka: KafkaSettings,
    hub: HubProcess,
    newsroom: Newsroom,
    reliability: Collector,
) -> None:
    settings = producer_settings(tmp_path, websub_safety_interval=2.0)
    feeds = [newsroom.feed("front", ("q0", "Convoy shelled on the coast road"))]
    async with subscribed(settings, faults_kafka, feeds) as run:
        # push works
        newsroom.items["front"].insert(0, ("q1", "Port hit by missiles overnight"))
        await asyncio.to_thread(hub.publish, newsroom.topic("front"))
        await _until(
            lambda: run.value("flashpoint_producer_items_by_mode_total", mode="push") >= 1,
            "the push",
        )
        # the hub goes quiet: three reports come by the safety poll only
        hub.stop()
        quiet = time.monotonic()
        for i in range(2, 5):
            newsroom.items["front"].insert(0, (f"q{i}", f"Quiet-hub report {i}"))
        await _until(
            lambda: run.value("flashpoint_producer_items_by_mode_total", mode="poll") >= 4,
            "the safety poll",
        )
        quiet_recovery = time.monotonic() - quiet

    # the producer is down while its lease runs out (the state says it expired); a report is
    # published meanwhile. At start the first poll takes the report, the expired lease is seen
    # and renewed, and pushes flow again.
    state = State(settings.state_path)
    sub = state.subscriptions()["front"]
    sub.lease_expires = time.time() - 10
    state.save_subscription(sub)
    state.close()
    hub.start()
    newsroom.items["front"].insert(0, ("q5", "Report published while the lease was out"))
    async with running_producer(settings, faults_kafka, feeds) as run:
        await _until(
            lambda: (
                run.value("flashpoint_producer_websub_leases_expired_total") >= 1
                and subscription_active(settings.state_path, "front")
            ),
            "the renewal after expiry",
        )
        newsroom.items["front"].insert(0, ("q6", "First push after renewal"))
        await asyncio.to_thread(hub.publish, newsroom.topic("front"))
        await _until(
            lambda: (
                run.value("flashpoint_producer_websub_deliveries_total", outcome="accepted") >= 1
            ),
            "a push after renewal",
        )
    titles = _raw(faults_kafka)
    expected = {t for _g, t in newsroom.items["front"]}
    assert set(titles) == expected
    assert all(n == 1 for n in titles.values()), titles
    reliability.record(
        group="websub",
        name="WebSub hub stops, lease runs out",
        fault="flask-websub hub stopped after one push; producer down past its lease",
        sent=len(expected),
        lost=len(expected - set(titles)),
        duplicates=sum(n - 1 for n in titles.values()),
        recovery_s=quiet_recovery,
        outcome="quiet hub: 3 reports by the safety poll; expired lease seen and renewed at "
        "start, pushes resumed",
    )


async def test_forged_oversized_and_replayed_deliveries(
    tmp_path: Path, faults_kafka: KafkaSettings, newsroom: Newsroom, reliability: Collector
) -> None:
    """The newsroom's hub runs (its fixture) but plays no part: the deliveries are ours."""
    settings = producer_settings(tmp_path)
    feeds = [newsroom.feed("front", ("r0", "Airstrike reported near the border"))]
    async with subscribed(settings, faults_kafka, feeds) as run:
        state = State(settings.state_path)
        secret = state.subscriptions()["front"].secret
        state.close()
        callback = f"{settings.websub_callback_base}/front/{callback_token(secret)}"
        forged_body = rss([("x1", "Forged: ceasefire signed")])
        genuine = rss([("r1", "Genuine: shelling resumes at dawn"), *newsroom.items["front"]])
        good_sig = "sha256=" + hmac.new(secret.encode(), genuine, hashlib.sha256).hexdigest()
        big = rss([(f"b{i}", "Oversized report " * 30) for i in range(40)])
        big_sig = "sha256=" + hmac.new(secret.encode(), big, hashlib.sha256).hexdigest()
        statuses: Counter[int] = Counter()
        async with aiohttp.ClientSession() as http:
            for header in (
                {},
                {"X-Hub-Signature": "sha256=" + "0" * 64},
                {"X-Hub-Signature": "sha1=" + hmac.new(b"guess", forged_body, "sha1").hexdigest()},
                {"X-Hub-Signature": good_sig},  # a genuine signature of another body
            ):
                async with http.post(callback, data=forged_body, headers=header) as r:
                    statuses[r.status] += 1
            async with http.post(callback, data=big, headers={"X-Hub-Signature": big_sig}) as r:
                statuses[r.status] += 1
            for _ in range(5):  # one genuine delivery, then four replays of it
                async with http.post(
                    callback, data=genuine, headers={"X-Hub-Signature": good_sig}
                ) as r:
                    statuses[r.status] += 1
    titles = _raw(faults_kafka)
    assert statuses == {202: 4, 413: 1, 204: 5}
    assert titles == Counter(
        {"Airstrike reported near the border": 1, "Genuine: shelling resumes at dawn": 1}
    )
    assert run.value("flashpoint_producer_websub_deliveries_total", outcome="unsigned") == 1
    assert run.value("flashpoint_producer_websub_deliveries_total", outcome="bad-signature") == 3
    assert run.value("flashpoint_producer_websub_deliveries_total", outcome="too-large") == 1
    assert run.value("flashpoint_producer_websub_deliveries_total", outcome="accepted") == 5
    reliability.record(
        group="websub",
        name="WebSub forged, oversized, replayed deliveries",
        fault="1 unsigned, 3 wrongly signed, 1 oversized (signed), 1 genuine delivery sent 5 times",
        sent=10,
        lost=0,
        duplicates=sum(n - 1 for n in titles.values()),
        outcome="forged: 202 and dropped, counted by outcome; oversized: 413; the genuine "
        "item published once",
    )
