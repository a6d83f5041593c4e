"""WebSub subscriber pieces: discovery, signatures, verification of intent, lease renewal."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from aiohttp import web
from prometheus_client import CollectorRegistry

from producers.feeds import FeedConfig
from producers.fetch import Fetcher
from producers.metrics import ProducerMetrics
from producers.parse import parse_bytes
from producers.settings import ProducerSettings
from producers.state import State, Subscription
from producers.websub import (
    ALGORITHMS,
    WebSub,
    callback_token,
    discover,
    parse_link_header,
    renewal_due,
    verify_signature,
)
from tests.support.http import routes, serve

FETCHED = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)
FEED = "https://news.example/world.xml"


def test_link_header_parsing() -> None:
    value = (
        '<https://hub.example/>; rel="hub", <https://news.example/world.xml>; rel="self",'
        " <https://other.example/>; rel=alternate"
    )
    assert parse_link_header(value) == {
        "hub": "https://hub.example/",
        "self": "https://news.example/world.xml",
        "alternate": "https://other.example/",
    }
    assert parse_link_header('<https://h.example/a>; rel="hub self"') == {
        "hub": "https://h.example/a",
        "self": "https://h.example/a",
    }
    assert parse_link_header(None) == {}
    assert parse_link_header("garbage") == {}


def test_discovery_prefers_the_link_header_and_resolves_relative_urls() -> None:
    header = '</hub>; rel="hub", </world.xml?x=1>; rel="self"'
    got = discover(header, "https://doc-hub.example/", "https://doc.example/self", FEED)
    assert got is not None
    assert (got.hub, got.topic) == (
        "https://news.example/hub",
        "https://news.example/world.xml?x=1",
    )
    doc = discover(None, "https://doc-hub.example/", None, FEED)
    assert doc is not None and (doc.hub, doc.topic) == ("https://doc-hub.example/", FEED)
    assert discover(None, None, "https://x.example/", FEED) is None
    assert discover('<javascript:alert(1)>; rel="hub"', None, None, FEED) is None


DOCUMENT_LINKS = [
    (
        b'<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
        b'<channel><title>T</title><atom:link rel="hub" href="https://hub.example/rss"/>'
        b'<atom:link rel="self" href="https://news.example/rss.xml"/>'
        b"<item><guid>g1</guid><title>x</title></item></channel></rss>",
        ("https://hub.example/rss", "https://news.example/rss.xml"),
    ),
    (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>'
        b'<link rel="self" href="https://news.example/atom.xml"/>'
        b'<link rel="hub" href="https://hub.example/atom"/><id>urn:x</id>'
        b"<entry><id>e1</id><title>y</title><updated>2024-05-06T10:00:00Z</updated></entry></feed>",
        ("https://hub.example/atom", "https://news.example/atom.xml"),
    ),
    (
        b'<rss version="2.0"><channel><title>T</title><item><guid>g</guid></item></channel></rss>',
        (None, None),
    ),
]


def test_discovery_from_the_document_rss_and_atom() -> None:
    """The hub and self links of an RSS document (atom:link) and of an Atom feed; none in a
    plain RSS document."""
    for doc, links in DOCUMENT_LINKS:
        parsed = parse_bytes(doc, feed="f", fetched_at=FETCHED)
        assert (parsed.hub, parsed.self_url) == links, doc


@pytest.mark.parametrize("algo", sorted(ALGORITHMS))
def test_signature_every_algorithm(algo: str) -> None:
    body = b"<rss/>"
    digest = hmac.new(b"s3cret", body, getattr(hashlib, algo)).hexdigest()
    assert verify_signature(f"{algo}={digest}", body, "s3cret") == "ok"
    assert verify_signature(f"{algo}={digest.upper()}", body, "s3cret") == "ok"
    assert verify_signature(f"{algo}={digest}", body + b" ", "s3cret") == "bad-signature"
    assert verify_signature(f"{algo}={digest}", body, "other") == "bad-signature"


def test_signature_missing_or_malformed() -> None:
    assert verify_signature(None, b"x", "k") == "unsigned"
    assert verify_signature("  ", b"x", "k") == "unsigned"
    assert verify_signature("md5=abc", b"x", "k") == "bad-signature"
    assert verify_signature("sha256", b"x", "k") == "bad-signature"


def _sub(**over: Any) -> Subscription:
    values: dict[str, Any] = {
        "feed": "world",
        "hub": "https://hub.example/",
        "topic": FEED,
        "secret": "k",
        "status": "active",
        "requested": 1000.0,
        "lease_expires": 1000.0 + 86400.0,
    }
    values.update(over)
    return Subscription(**values)


def test_renewal_timing() -> None:
    sub = _sub()
    kw = {"margin": 0.1, "verify_timeout": 300.0}
    assert not renewal_due(sub, 1000.0 + 86400 * 0.89, **kw)
    assert renewal_due(sub, 1000.0 + 86400 * 0.91, **kw)
    short = _sub(lease_expires=1000.0 + 100.0)  # tiny lease: at least 60 s ahead
    assert not renewal_due(short, 1030.0, **kw)
    assert renewal_due(short, 1041.0, **kw)
    # a renewal sent (requested moves) but not yet verified is not sent again at every tick
    sent = _sub(
        requested=1000.0 + 86400 * 0.91, lease_expires=1000.0 + 86400.0, lease_seconds=86400.0
    )
    assert not renewal_due(sent, 1000.0 + 86400 * 0.91 + 100, **kw)
    assert renewal_due(sent, 1000.0 + 86400 * 0.91 + 300, **kw)
    pending = _sub(status="subscribing", lease_expires=None)
    assert not renewal_due(pending, 1299.0, **kw)
    assert renewal_due(pending, 1300.0, **kw)
    assert not renewal_due(_sub(status="unsubscribing"), 10**9, **kw)


def _websub(state: State, feeds: list[FeedConfig], base: str = "http://127.0.0.1:1/cb") -> WebSub:
    settings = ProducerSettings(websub_callback_base=base, allowed_hosts=("127.0.0.1",))

    async def deliver(_f: FeedConfig, _b: bytes, _c: str | None) -> int:
        return 0

    return WebSub(
        settings,
        feeds,
        state=state,
        fetcher=Fetcher(settings),
        metrics=ProducerMetrics(CollectorRegistry()),
        on_delivery=deliver,
    )


def test_challenge_only_for_what_we_asked() -> None:
    state = State(":memory:")
    ws = _websub(state, [FeedConfig(name="world", url=FEED)])
    q = {
        "hub.mode": "subscribe",
        "hub.topic": FEED,
        "hub.challenge": "c1",
        "hub.lease_seconds": "600",
    }
    assert ws.verify_intent("world", "none", q, 5000.0) is None  # nothing asked yet
    ws._save(_sub(status="subscribing", lease_expires=None))
    tok = callback_token("k")
    assert ws.callback_url("world") == f"http://127.0.0.1:1/cb/world/{tok}"
    assert ws.verify_intent("world", "0" * 32, q, 5000.0) is None  # a guessed callback
    assert ws.verify_intent("world", tok, {**q, "hub.topic": FEED + "?x"}, 5000.0) is None
    assert ws.verify_intent("other", tok, q, 5000.0) is None
    assert ws.verify_intent("world", tok, {**q, "hub.mode": "unsubscribe"}, 5000.0) is None
    assert ws.verify_intent("world", tok, {**q, "hub.challenge": ""}, 5000.0) is None
    assert ws.verify_intent("world", tok, q, 5000.0) == "c1"
    saved = state.subscriptions()["world"]
    assert saved.status == "active" and saved.lease_expires == 5600.0
    # a renewal of an active subscription is confirmed too
    assert ws.verify_intent("world", tok, {**q, "hub.challenge": "c2"}, 5100.0) == "c2"
    # a lease that is not a finite positive number: the one we asked for
    assert ws.verify_intent("world", tok, {**q, "hub.lease_seconds": "inf"}, 5150.0) == "c1"
    assert state.subscriptions()["world"].lease_expires == 5150.0 + 864000
    # "denied" cannot end an active subscription (a forger would make us answer 410)
    denied = {"hub.mode": "denied", "hub.topic": FEED}
    assert ws.verify_intent("world", tok, denied, 5200.0) is None
    assert state.subscriptions()["world"].status == "active"
    # a pending request can be denied: recorded, not active
    ws._save(_sub(status="subscribing", lease_expires=None))
    assert ws.verify_intent("world", tok, denied, 5200.0) == ""
    assert state.subscriptions()["world"].status == "denied"
    state.close()


class Hub:
    """A loopback hub endpoint that records subscription requests (answers 202)."""

    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []

    def app(self) -> web.Application:
        async def endpoint(req: web.Request) -> web.Response:
            self.requests.append(dict(await req.post()))  # type: ignore[arg-type]
            return web.Response(status=202)

        async def moved(req: web.Request) -> web.Response:
            status = int(req.match_info["status"])
            return web.Response(status=status, headers={"Location": "/hub"})

        return routes(("POST", "/hub", endpoint), ("POST", "/moved/{status}", moved))


@pytest.fixture
async def hub_server() -> AsyncIterator[tuple[Hub, str]]:
    hub = Hub()
    async with serve(hub.app()) as srv:
        yield hub, str(srv.make_url("/hub"))


async def test_renewal_keeps_secret_and_removed_feeds_unsubscribe(
    hub_server: tuple[Hub, str],
) -> None:
    hub, url = hub_server
    state = State(":memory:")
    ws = _websub(state, [FeedConfig(name="world", url=FEED)])
    ws._save(_sub(hub=url, secret="keep-me"))
    ws._save(_sub(feed="gone", hub=url, topic="https://news.example/gone.xml"))
    await ws.maintain(1000.0 + 86400 * 0.5)  # nothing due for "world"; "gone" is not configured
    assert [r["hub.mode"] for r in hub.requests] == ["unsubscribe"]
    assert hub.requests[0]["hub.topic"] == "https://news.example/gone.xml"
    assert state.subscriptions()["gone"].status == "unsubscribing"
    await ws.maintain(1000.0 + 86400 * 0.95)  # renewal due
    renew = hub.requests[-1]
    assert renew["hub.mode"] == "subscribe" and renew["hub.secret"] == "keep-me"
    assert renew["hub.callback"] == f"http://127.0.0.1:1/cb/world/{callback_token('keep-me')}"
    assert state.subscriptions()["world"].status == "active"
    # an unsubscription the hub never verifies is forgotten after the verify timeout
    await ws.maintain(1000.0 + 86400 * 0.95 + 301)
    assert "gone" not in state.subscriptions()
    # a new subscription gets a fresh random secret
    await ws.subscribe("world", url, "https://news.example/moved.xml", 99999.0)
    fresh = state.subscriptions()["world"]
    assert fresh.secret != "keep-me" and len(fresh.secret) >= 32 and fresh.status == "subscribing"
    await ws.fetcher.close()
    state.close()


async def test_hub_url_goes_through_the_ssrf_guard() -> None:
    state = State(":memory:")
    settings = ProducerSettings(websub_callback_base="https://cb.example/ws")
    reg = CollectorRegistry()

    async def deliver(_f: FeedConfig, _b: bytes, _c: str | None) -> int:
        return 0

    ws = WebSub(
        settings,
        [FeedConfig(name="world", url=FEED)],
        state=state,
        fetcher=Fetcher(settings),
        metrics=ProducerMetrics(reg),
        on_delivery=deliver,
    )
    assert not await ws.subscribe("world", "http://127.0.0.1:9/hub", FEED, 1.0)
    assert not await ws.subscribe("world", "http://169.254.169.254/hub", FEED, 1.0)
    value = reg.get_sample_value(
        "flashpoint_producer_websub_requests_total", {"mode": "subscribe", "outcome": "error"}
    )
    assert value == 2.0
    await ws.fetcher.close()
    state.close()


@pytest.mark.parametrize("status", [301, 302, 307, 308])
async def test_a_hub_that_moved_gets_the_same_request(
    hub_server: tuple[Hub, str], status: int
) -> None:
    """websub.rocks subscriber cases 203/204 (a hub answering with a redirect), on loopback."""
    hub, url = hub_server
    state = State(":memory:")
    ws = _websub(state, [FeedConfig(name="world", url=FEED)])
    moved = url.replace("/hub", f"/moved/{status}")
    assert await ws.subscribe("world", moved, FEED, 1.0)
    assert len(hub.requests) == 1
    got = hub.requests[0]
    assert got["hub.mode"] == "subscribe" and got["hub.topic"] == FEED
    assert got["hub.secret"] == state.subscriptions()["world"].secret
    await ws.fetcher.close()
    state.close()


async def test_topic_of_a_redirected_feed_is_its_final_url() -> None:
    """websub.rocks subscriber cases 201/202 (the topic URL redirects): without rel=self the
    topic is the URL the feed was finally served from; with it, rel=self."""
    hub_link = '<https://hub.example/>; rel="hub"'

    async def new(_req: web.Request) -> web.Response:
        return web.Response(
            body=b'<rss version="2.0"><channel><title>T</title><item><guid>g</guid></item>'
            b"</channel></rss>",
            content_type="application/rss+xml",
            headers={"Link": hub_link},
        )

    async def old(_req: web.Request) -> web.Response:
        raise web.HTTPFound("/new.xml")

    app = web.Application()
    app.router.add_get("/new.xml", new)
    app.router.add_get("/old.xml", old)
    async with serve(app) as srv:
        settings = ProducerSettings(allowed_hosts=("127.0.0.1",), parse_workers=0)
        async with Fetcher(settings) as fetcher:
            res = await fetcher.fetch(str(srv.make_url("/old.xml")))
        parsed = parse_bytes(res.body or b"", feed="f", fetched_at=FETCHED)
        found = discover(res.link, parsed.hub, parsed.self_url, res.url)
        assert found is not None
        assert (found.hub, found.topic) == ("https://hub.example/", str(srv.make_url("/new.xml")))
