"""The poll loop end to end on loopback: dedup across feeds, restart safety, state recovery."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestServer
from prometheus_client import CollectorRegistry

from flashpoint.core.kafkaconf import KafkaSettings
from producers.feeds import FeedConfig
from producers.metrics import ProducerMetrics
from producers.runner import Producer, run_producer
from producers.settings import ProducerSettings
from producers.state import State, dedup_keys
from tests.support.http import routes, site_fixture
from tests.support.producer import MemoryPublisher, loopback_settings, rss


class Feeds:
    """A mutable set of feed bodies served with ETags."""

    def __init__(self) -> None:
        self.bodies: dict[str, bytes] = {}
        self.conditional: dict[str, int] = {}
        self.requests: dict[str, int] = {}

    def app(self) -> web.Application:
        async def handler(req: web.Request) -> web.Response:
            name = req.match_info["name"]
            self.requests[name] = self.requests.get(name, 0) + 1
            body = self.bodies[name]
            etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
            if req.headers.get("If-None-Match") == etag:
                self.conditional[name] = self.conditional.get(name, 0) + 1
                return web.Response(status=304, headers={"ETag": etag})
            return web.Response(
                body=body, content_type="application/rss+xml", headers={"ETag": etag}
            )

        return routes(("GET", "/{name}.xml", handler))


feeds_server = site_fixture(Feeds)


def _configs(srv: TestServer, *names: str) -> list[FeedConfig]:
    return [
        FeedConfig(name=n, url=str(srv.make_url(f"/{n}.xml")), language="en", tags={"side": "UA"})
        for n in names
    ]


async def _run(
    settings: ProducerSettings, configs: list[FeedConfig], registry: CollectorRegistry
) -> list[str]:
    """One --once run in a fresh process-like setup (new State handle each time)."""
    state = State(settings.state_path)
    pub = MemoryPublisher(state)
    try:
        await run_producer(
            settings, KafkaSettings(), configs, once=True, registry=registry, publisher=pub
        )
    finally:
        state.close()
    return [it.id for it in pub.sent]


async def test_restart_keeps_etags_and_dedup(
    feeds_server: tuple[Feeds, TestServer], tmp_path: Path
) -> None:
    feeds, srv = feeds_server
    feeds.bodies["a"] = rss([("a1", "One"), ("a2", "Two")])
    settings = loopback_settings(tmp_path)
    configs = _configs(srv, "a")
    first = await _run(settings, configs, CollectorRegistry())
    assert len(first) == 2
    # A restart: same body -> conditional GET answered 304, nothing published.
    registry = CollectorRegistry()
    assert await _run(settings, configs, registry) == []
    assert feeds.conditional["a"] == 1
    assert (
        registry.get_sample_value("flashpoint_producer_polls_total", {"outcome": "not-modified"})
        == 1
    )
    # The feed changes: only the new item goes out, the old ones are known across the restart.
    feeds.bodies["a"] = rss([("a3", "Three"), ("a1", "One"), ("a2", "Two")])
    registry = CollectorRegistry()
    third = await _run(settings, configs, registry)
    assert len(third) == 1 and third[0] not in first
    assert registry.get_sample_value("flashpoint_producer_duplicates_skipped_total") == 2


async def test_same_item_from_two_feeds_is_one_item_with_both_sources(
    feeds_server: tuple[Feeds, TestServer], tmp_path: Path
) -> None:
    feeds, srv = feeds_server
    shared = ("wire-123", "Missile strike on Ganja")
    feeds.bodies["wire"] = rss([shared, ("w2", "Other")])
    feeds.bodies["outlet"] = rss([shared])
    # The same link under another guid is the same story too.
    feeds.bodies["mirror"] = rss([("mirror-9", "Missile strike on Ganja")]).replace(
        b"https://news.example/mirror-9", b"https://news.example/wire-123"
    )
    settings = loopback_settings(tmp_path)
    state = State(settings.state_path)
    pub = MemoryPublisher(state)
    metrics = ProducerMetrics(CollectorRegistry())
    producer = Producer(
        settings,
        _configs(srv, "wire", "outlet", "mirror"),
        state=state,
        publisher=pub,
        metrics=metrics,
    )
    try:
        report = await producer.cycle(producer.feeds)
    finally:
        await producer.fetcher.close()
    assert report.new_items == 2 and report.duplicates == 2
    story = next(it for it in pub.sent if it.guid == "wire-123")
    assert story.feed == "wire" and story.sources == ("wire", "outlet", "mirror")
    assert state.sources(story.id) == ["wire", "outlet", "mirror"]
    # A later sighting in another feed is still one item; the state keeps the new source.
    feeds.bodies["late"] = rss([shared])
    late = _configs(srv, "late")[0]
    producer.feeds.append(late)
    producer.feed_state["late"] = state.feed("late", late.url)
    report = await producer.cycle([late])
    await producer.fetcher.close()
    assert report.new_items == 0 and report.duplicates == 1
    assert state.sources(story.id)[-1] == "late"
    assert metrics.registry.get_sample_value("flashpoint_producer_duplicates_skipped_total") == 3
    state.close()


def test_state_pending_batches_give_a_safe_scan_start(tmp_path: Path) -> None:
    state = State(tmp_path / "s.sqlite3")
    state.set_baseline("raw", {0: 9, 1: -1})
    state.begin_batch("raw", [("x", "f", ["f"], dedup_keys("g1", None), b"{}")])
    state.mark_published("raw", [("x", 0, 10)])
    # A batch claimed after offset 10 was acked: its records land at 11 or later on p0.
    state.begin_batch("raw", [("y", "f", ["f"], dedup_keys("g2", None), b"{}")])
    state.begin_batch("raw", [("z", "f", ["f"], dedup_keys("g3", None), b"{}")])
    assert state.scan_start("raw") == {0: 11, 1: 0}
    assert [p.id for p in state.pending("raw")] == ["y", "z"]
    assert state.known(["guid:g2"]) == "y"  # pending items are already claimed for dedup
    state.mark_published("raw", [("y", 1, 0), ("z", 0, 11)])
    assert state.pending("raw") == [] and state.scan_start("raw") == {}
    assert state.offsets("raw") == {0: 11, 1: 0}
    state.close()
