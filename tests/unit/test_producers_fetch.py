"""Fetching and polling against a loopback HTTP server: polite, bounded, hostile-proof."""

from __future__ import annotations

import asyncio
import gzip
import warnings
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from prometheus_client import CollectorRegistry

from producers.errors import FeedGoneError, FetchError, UnsafeURLError
from producers.feeds import FeedConfig
from producers.fetch import Fetcher
from producers.metrics import ProducerMetrics
from producers.runner import Producer
from producers.settings import ProducerSettings
from producers.state import State
from tests.support.http import serve
from tests.support.producer import MemoryPublisher, loopback_settings, rss

FEED = rss([("a1", "Strike on Kharkiv"), ("a2", "Talks in Geneva")], extra="<ttl>45</ttl>")
CAP = 256 * 1024
KILLED = "flashpoint_producer_parser_workers_killed_total"


warnings.filterwarnings("ignore", category=web.NotAppKeyWarning)


def _app() -> web.Application:
    hits: dict[str, int] = {}
    app = web.Application()
    app["hits"] = hits
    app["headers"] = {}

    def count(req: web.Request) -> None:
        hits[req.path] = hits.get(req.path, 0) + 1
        app["headers"][req.path] = dict(req.headers)

    async def feed(req: web.Request) -> web.Response:
        count(req)
        if req.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304, headers={"ETag": '"v1"'})
        return web.Response(
            body=FEED,
            content_type="application/rss+xml",
            headers={"ETag": '"v1"', "Cache-Control": "max-age=60"},
        )

    async def status(req: web.Request) -> web.Response:
        count(req)
        code = int(req.match_info["code"])
        headers = {"Retry-After": "120"} if code in (429, 503) else {}
        return web.Response(status=code, headers=headers)

    async def hang(req: web.Request) -> web.Response:
        count(req)
        await asyncio.sleep(30)
        return web.Response(body=FEED)

    async def slow_body(req: web.Request) -> web.StreamResponse:
        count(req)
        resp = web.StreamResponse()
        resp.content_type = "application/rss+xml"
        await resp.prepare(req)
        for _ in range(60):
            await resp.write(b"<!-- drip -->")
            await asyncio.sleep(0.5)
        return resp

    async def loop_a(req: web.Request) -> web.Response:
        count(req)
        raise web.HTTPFound("/loop-b")

    async def loop_b(req: web.Request) -> web.Response:
        count(req)
        raise web.HTTPFound("/loop-a")

    async def chain(req: web.Request) -> web.Response:
        count(req)
        n = int(req.match_info["n"])
        if n == 0:
            return web.Response(body=FEED, content_type="application/rss+xml")
        raise web.HTTPFound(f"/chain/{n - 1}")

    async def to_file(req: web.Request) -> web.Response:
        raise web.HTTPFound("file:///etc/passwd")

    async def to_metadata(req: web.Request) -> web.Response:
        raise web.HTTPFound("http://169.254.169.254/latest/meta-data/")

    async def big(req: web.Request) -> web.Response:
        count(req)
        return web.Response(body=b"<rss>" + b" " * (CAP * 2) + b"</rss>")

    async def big_chunked(req: web.Request) -> web.StreamResponse:
        count(req)
        resp = web.StreamResponse()
        await resp.prepare(req)
        for _ in range(64):
            await resp.write(b" " * 16384)
        return resp

    async def bomb(req: web.Request) -> web.Response:
        count(req)
        return web.Response(
            body=app["bomb"], headers={"Content-Encoding": "gzip", "Content-Type": "text/xml"}
        )

    async def gz(req: web.Request) -> web.Response:
        count(req)
        return web.Response(
            body=gzip.compress(FEED),
            headers={"Content-Encoding": "gzip", "Content-Type": "text/xml"},
        )

    async def entity(req: web.Request) -> web.Response:
        count(req)
        body = (
            b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + b"x" * 50_000 + b'">]>'
            b"<rss><channel><item><description>" + b"&a;" * 2000 + b"</description></item>"
            b"</channel></rss>"
        )
        return web.Response(body=body, content_type="text/xml")

    async def redos(req: web.Request) -> web.Response:
        count(req)
        body = rss([("r1", "Long author")]).replace(
            b"<title>Long author</title>",
            b"<title>Long author</title><author>" + b"a" * 65536 + b"</author>",
        )
        return web.Response(body=body, content_type="text/xml")

    async def charset(req: web.Request) -> web.Response:
        count(req)
        body = (
            '<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel>'
            "<title>Новости</title><item><guid>c1</guid><title>Удар по Харькову</title></item>"
            "</channel></rss>"
        ).encode("windows-1251")
        return web.Response(body=body, headers={"Content-Type": "text/xml; charset=utf-8"})

    async def gone(req: web.Request) -> web.Response:
        count(req)
        return web.Response(status=410)

    app.router.add_get("/feed", feed)
    app.router.add_get("/status/{code}", status)
    app.router.add_get("/hang", hang)
    app.router.add_get("/slow-body", slow_body)
    app.router.add_get("/loop-a", loop_a)
    app.router.add_get("/loop-b", loop_b)
    app.router.add_get("/chain/{n}", chain)
    app.router.add_get("/to-file", to_file)
    app.router.add_get("/to-metadata", to_metadata)
    app.router.add_get("/big", big)
    app.router.add_get("/big-chunked", big_chunked)
    app.router.add_get("/bomb", bomb)
    app.router.add_get("/gz", gz)
    app.router.add_get("/entity", entity)
    app.router.add_get("/redos", redos)
    app.router.add_get("/charset", charset)
    app.router.add_get("/gone", gone)
    # 64 MiB of zeros: about 64 KiB compressed.
    app["bomb"] = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    return app


@pytest.fixture
async def server() -> AsyncIterator[TestServer]:
    async with serve(_app()) as srv:
        yield srv


def _settings(tmp_path: Path, **over: object) -> ProducerSettings:
    """Tight limits (the cap, short timeouts, 3 redirects) and a parse worker process."""
    limits = dict(
        max_body_bytes=CAP,
        total_timeout=2.0,
        read_timeout=1.0,
        connect_timeout=1.0,
        max_redirects=3,
        parse_workers=1,
        parse_timeout=20.0,
    )
    return loopback_settings(tmp_path, **{**limits, **over})


def url(server: TestServer, path: str) -> str:
    return str(server.make_url(path))


async def test_conditional_get_and_user_agent(server: TestServer, tmp_path: Path) -> None:
    async with Fetcher(_settings(tmp_path)) as f:
        first = await f.fetch(url(server, "/feed"))
        assert first.status == 200 and first.body == FEED and first.etag == '"v1"'
        assert first.max_age == 60
        again = await f.fetch(url(server, "/feed"), etag=first.etag)
        assert again.not_modified and again.body is None
    ua = server.app["headers"]["/feed"]["User-Agent"]
    assert ua.startswith("Flashpoint/")


@pytest.mark.parametrize(
    ("path", "outcome", "status", "retry_after"),
    [
        ("/status/500", "http-error", 500, None),
        ("/status/429", "rate-limited", 429, 120.0),
        ("/status/503", "rate-limited", 503, 120.0),
        ("/hang", "timeout", None, None),
        ("/slow-body", "timeout", None, None),
        ("/loop-a", "http-error", None, None),
        ("/chain/5", "http-error", None, None),
        ("/big", "too-large", None, None),
        ("/big-chunked", "too-large", None, None),
        ("/bomb", "too-large", None, None),
    ],
)
async def test_failures_have_clear_outcomes(
    server: TestServer,
    tmp_path: Path,
    path: str,
    outcome: str,
    status: int | None,
    retry_after: float | None,
) -> None:
    async with Fetcher(_settings(tmp_path)) as f:
        with pytest.raises(FetchError) as info:
            await f.fetch(url(server, path))
    assert info.value.outcome == outcome
    assert info.value.status == status
    assert info.value.retry_after == retry_after


async def test_redirects_within_the_cap_and_gzip_are_followed(
    server: TestServer, tmp_path: Path
) -> None:
    async with Fetcher(_settings(tmp_path)) as f:
        res = await f.fetch(url(server, "/chain/3"))
        assert res.body == FEED and res.redirects == 3
        assert (await f.fetch(url(server, "/gz"))).body == FEED


async def test_410_raises_gone(server: TestServer, tmp_path: Path) -> None:
    async with Fetcher(_settings(tmp_path)) as f:
        with pytest.raises(FeedGoneError):
            await f.fetch(url(server, "/gone"))


async def test_ssrf_guard(server: TestServer, tmp_path: Path) -> None:
    async with Fetcher(_settings(tmp_path, allowed_hosts=())) as f:
        with pytest.raises(UnsafeURLError, match="not allowed"):
            await f.fetch(url(server, "/feed"))
        with pytest.raises(UnsafeURLError, match="blocked"):  # a name resolving to loopback
            await f.fetch(f"http://localhost:{server.port}/feed")
    assert "/feed" not in server.app["hits"]
    async with Fetcher(_settings(tmp_path)) as f:
        with pytest.raises(UnsafeURLError, match="redirect target scheme 'file'"):
            await f.fetch(url(server, "/to-file"))
        with pytest.raises(UnsafeURLError, match=r"169\.254\.169\.254"):
            await f.fetch(url(server, "/to-metadata"))
        with pytest.raises(UnsafeURLError):
            await f.fetch("gopher://127.0.0.1/x")


# ---- through the poll loop: outcomes and metrics -----------------------------------------------


def _producer(
    server: TestServer, tmp_path: Path, paths: dict[str, str], **over: object
) -> tuple[Producer, MemoryPublisher, ProducerMetrics, State]:
    settings = _settings(tmp_path, **over)
    state = State(settings.state_path)
    feeds = [FeedConfig(name=n, url=url(server, p), language="en") for n, p in paths.items()]
    metrics = ProducerMetrics(CollectorRegistry())
    pub = MemoryPublisher(state)
    return (
        Producer(settings, feeds, state=state, publisher=pub, metrics=metrics),
        pub,
        metrics,
        state,
    )


def _value(metrics: ProducerMetrics, name: str, **labels: str) -> float:
    v = metrics.registry.get_sample_value(name, labels)
    return 0.0 if v is None else v


async def test_hostile_feeds_are_bounded_and_counted(server: TestServer, tmp_path: Path) -> None:
    paths = {
        "ok": "/feed",
        "bomb": "/bomb",
        "big": "/big",
        "entity": "/entity",
        "redos": "/redos",
        "charset": "/charset",
        "hang": "/hang",
        "limit": "/status/429",
        "gone": "/gone",
    }
    producer, pub, metrics, state = _producer(server, tmp_path, paths)
    try:
        producer.pool.start()
        report = await producer.cycle(producer.feeds)
    finally:
        producer.pool.close()
        await producer.fetcher.close()
    out = {name: None for name in paths}
    for feed in producer.feeds:
        out[feed.name] = state.feed(feed.name, feed.url).last_error  # type: ignore[assignment]
    assert report.outcomes == {
        "ok": 3,
        "too-large": 2,
        "parse-error": 1,
        "timeout": 1,
        "rate-limited": 1,
        "gone": 1,
    }
    c = "flashpoint_producer_polls_total"
    assert _value(metrics, c, outcome="too-large") == 2
    assert _value(metrics, c, outcome="parse-error") == 1
    assert _value(metrics, c, outcome="timeout") == 1
    assert _value(metrics, "flashpoint_producer_parse_errors_total", reason="doctype") == 1
    # The ReDoS author was cut before parsing: no parser worker had to be killed.
    for reason in ("timeout", "memory", "crash"):
        assert _value(metrics, KILLED, reason=reason) == 0
    assert _value(metrics, "flashpoint_producer_feeds_disabled_total") == 1
    # The bomb never produced more than the cap.
    assert _value(metrics, "flashpoint_producer_fetched_bytes_total") < 3 * CAP
    titles = {it.title for it in pub.sent}
    assert {"Strike on Kharkiv", "Talks in Geneva", "Long author"} <= titles
    assert any(it.feed == "charset" and it.title for it in pub.sent)
    # Retry-After is a floor of the next attempt, and errors back off.
    limited = producer.feed_state["limit"]
    assert limited.errors == 1 and limited.next_due - (limited.last_success or 0) >= 120
    assert producer.feed_state["gone"].gone
    assert "gone" not in [f.name for f in producer.due(10**12)]
    assert _value(metrics, "flashpoint_producer_backoff_seconds", feed="limit") >= 120
    # Its entries are years old: the entry-frequency scheduler polls it at the maximum.
    assert producer.feed_state["ok"].interval == producer.settings.max_interval
    state.close()


async def test_parse_time_is_bounded_by_killing_the_worker(
    server: TestServer, tmp_path: Path
) -> None:
    # With the field cap lifted, the long author reaches feedparser's quadratic regex: the
    # worker overruns its deadline, is killed and replaced, and the next feed still parses.
    producer, _pub, metrics, state = _producer(
        server,
        tmp_path,
        {"redos": "/redos"},
        max_field_bytes=1_000_000,
        parse_timeout=1.0,
    )
    try:
        producer.pool.start()
        report = await producer.cycle(producer.feeds)
        assert report.outcomes == {"parse-error": 1}
        assert _value(metrics, KILLED, reason="timeout") == 1
        producer.feeds.append(FeedConfig(name="ok", url=url(server, "/feed")))
        producer.feed_state["ok"] = state.feed("ok", url(server, "/feed"))
        report = await producer.cycle(producer.feeds[1:])
        assert report.outcomes == {"ok": 1}
    finally:
        producer.pool.close()
        await producer.fetcher.close()
        state.close()
