"""Exactly-once publication to a real Kafka broker, across polls, restarts and crashes."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from kafka import KafkaConsumer
from prometheus_client import CollectorRegistry

from flashpoint.core.kafkaconf import KafkaSettings
from producers.feeds import FeedConfig
from producers.items import Item
from producers.metrics import ProducerMetrics
from producers.publish import Publisher
from producers.runner import run_producer
from producers.settings import ProducerSettings
from producers.state import State
from tests.support.http import serve
from tests.support.producer import loopback_settings

pytestmark = pytest.mark.integration


def rss(guids: list[str]) -> bytes:
    items = "".join(
        f"<item><guid>urn:test:{g}</guid><title>Report {g}</title>"
        f"<link>https://news.example/{g}</link><description>Shelling reported ({g}).</description>"
        f"</item>"
        for g in guids
    )
    return f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


@pytest.fixture
async def server() -> AsyncIterator[tuple[dict[str, bytes], TestServer]]:
    bodies: dict[str, bytes] = {}

    async def handler(req: web.Request) -> web.Response:
        return web.Response(body=bodies[req.match_info["name"]], content_type="text/xml")

    app = web.Application()
    app.router.add_get("/{name}.xml", handler)
    async with serve(app) as srv:
        yield bodies, srv


def consume_all(kafka: KafkaSettings, expect: int, *, settle: float = 2.0) -> list[Item]:
    """Read the raw topic from the beginning until ``expect`` records, then a little more."""
    consumer = KafkaConsumer(
        kafka.raw_topic,
        bootstrap_servers=kafka.bootstrap_list(),
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=500,
    )
    out: list[Item] = []
    deadline = time.monotonic() + 30
    extra_until: float | None = None
    try:
        while time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=300).values():
                for rec in records:
                    item = Item.from_json(rec.value)
                    assert rec.key == item.id.encode()
                    out.append(item)
            if len(out) >= expect:
                extra_until = extra_until or time.monotonic() + settle
                if time.monotonic() >= extra_until:
                    break
    finally:
        consumer.close()
    return out


async def test_every_new_item_is_published_exactly_once(
    server: tuple[dict[str, bytes], TestServer], kafka_settings: KafkaSettings, tmp_path: Path
) -> None:
    bodies, srv = server
    settings = loopback_settings(tmp_path)
    feeds = [
        FeedConfig(name=n, url=str(srv.make_url(f"/{n}.xml")), language="en") for n in ("a", "b")
    ]
    bodies["a"] = rss(["1", "2", "3"])
    bodies["b"] = rss(["3", "4"])  # item 3 is carried by both feeds
    registry = CollectorRegistry()
    report = await run_producer(settings, kafka_settings, feeds, once=True, registry=registry)
    assert report.published == 4 and report.duplicates == 1
    assert registry.get_sample_value("flashpoint_producer_items_published_total") == 4

    # Second poll of the same feeds (no validators: full 200s), one new item.
    bodies["a"] = rss(["5", "1", "2", "3"])
    report = await run_producer(settings, kafka_settings, feeds, once=True)
    assert report.published == 1

    # A restart with nothing new publishes nothing.
    report = await run_producer(settings, kafka_settings, feeds, once=True)
    assert report.published == 0

    items = consume_all(kafka_settings, 5)
    counts = Counter(it.guid for it in items)
    assert counts == {f"urn:test:{g}": 1 for g in "12345"}
    three = next(it for it in items if it.guid == "urn:test:3")
    assert three.sources == ("a", "b")


async def test_crash_between_ack_and_state_write_is_recovered_without_duplicates(
    server: tuple[dict[str, bytes], TestServer],
    kafka_settings: KafkaSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bodies, srv = server
    settings = loopback_settings(tmp_path)
    feeds = [FeedConfig(name="a", url=str(srv.make_url("/a.xml")))]
    bodies["a"] = rss(["1", "2"])
    await run_producer(settings, kafka_settings, feeds, once=True)

    # The broker acks the next batch, then the process "dies" before recording the acks.
    bodies["a"] = rss(["3", "4", "1", "2"])

    class Killed(BaseException):
        pass

    real = State.mark_published

    def dying(self: State, topic: str, acked: object) -> None:
        if acked:
            raise Killed
        real(self, topic, acked)  # type: ignore[arg-type]

    monkeypatch.setattr(State, "mark_published", dying)
    with pytest.raises(Killed):
        await run_producer(settings, kafka_settings, feeds, once=True)
    monkeypatch.setattr(State, "mark_published", real)

    state = State(settings.state_path)
    assert sorted(p.id for p in state.pending(kafka_settings.raw_topic)) != []
    # Also a claimed batch that never left the process (killed between claim and send).
    ghost = Item.model_validate(
        {
            "id": "f" * 64,
            "feed": "a",
            "sources": ["a"],
            "guid": "urn:test:ghost",
            "title": "Claimed, never sent",
            "published": "2024-05-06T10:00:00Z",
            "fetched_at": "2024-05-06T10:00:00Z",
        }
    )
    state.begin_batch(
        kafka_settings.raw_topic,
        [(ghost.id, "a", ["a"], ["guid:urn:test:ghost"], ghost.to_json())],
    )
    state.close()

    # Restart: recovery finds 3 and 4 on the topic (no resend) and sends the ghost once.
    registry = CollectorRegistry()
    report = await run_producer(settings, kafka_settings, feeds, once=True, registry=registry)
    assert report.published == 0
    assert (
        registry.get_sample_value("flashpoint_producer_recovered_items_total", {"result": "found"})
        == 2
    )
    assert (
        registry.get_sample_value("flashpoint_producer_recovered_items_total", {"result": "resent"})
        == 1
    )
    items = consume_all(kafka_settings, 5)
    assert Counter(it.guid for it in items) == {
        "urn:test:1": 1,
        "urn:test:2": 1,
        "urn:test:3": 1,
        "urn:test:4": 1,
        "urn:test:ghost": 1,
    }
    state = State(settings.state_path)
    assert state.pending(kafka_settings.raw_topic) == []
    state.close()


def test_publisher_uses_the_required_client_settings(kafka_settings: KafkaSettings) -> None:
    settings = ProducerSettings()
    pub = Publisher(kafka_settings, settings, State(":memory:"), ProducerMetrics())
    producer = pub._factory()
    try:
        cfg = producer.config
        assert cfg["acks"] == -1 or cfg["acks"] == "all"
        assert cfg["enable_idempotence"] is True
        assert cfg["compression_type"] == "lz4"
        assert cfg["linger_ms"] > 0
    finally:
        producer.close(timeout=5)
