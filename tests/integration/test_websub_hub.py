"""WebSub against a real hub written by others (flask-websub) on loopback.

The producer discovers the hub from the feed's Link header, subscribes, answers the hub's
verification, and receives signed pushes; forged, unsigned, oversized and replayed deliveries
publish nothing and are counted; a hub that goes quiet loses nothing thanks to the safety poll;
a feed removed from the configuration is unsubscribed at the hub.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
from prometheus_client import CollectorRegistry

from producers.feeds import FeedConfig
from producers.settings import ProducerSettings
from producers.state import State
from producers.websub import WebSub
from tests import websubhub
from tests.support.producer import MemoryPublisher, memory_producer, rss
from tests.support.waiting import until
from tests.websubhub import HubProcess, Newsroom, producer_settings

hub = websubhub.hub  # the fixtures, shared with the other WebSub tests
newsroom = websubhub.newsroom

pytestmark = pytest.mark.integration


def _count(reg: CollectorRegistry, outcome: str) -> float:
    value = reg.get_sample_value(
        "flashpoint_producer_websub_deliveries_total", {"outcome": outcome}
    )
    return float(value or 0.0)


class Running:
    """A producer on a memory publisher (``pub``), its metrics in ``reg``."""

    def __init__(self, settings: ProducerSettings, feeds: list[FeedConfig], state: State) -> None:
        self.reg = CollectorRegistry()
        self.producer = memory_producer(settings, feeds, state, self.reg)
        self.pub: MemoryPublisher = self.producer.publisher  # type: ignore[assignment]
        self.stop = asyncio.Event()

    @property
    def websub(self) -> WebSub:
        assert self.producer.websub is not None
        return self.producer.websub

    def titles(self) -> list[str]:
        return [i.title for i in self.pub.sent]


@asynccontextmanager
async def running(
    settings: ProducerSettings, feeds: list[FeedConfig], state: State
) -> AsyncIterator[Running]:
    """The producer runs for the ``async with`` block; the block waits first for every feed
    of ``feeds`` to be subscribed (the hub verified it)."""
    run = Running(settings, feeds, state)
    task = asyncio.create_task(run.producer.run(once=False, stop=run.stop))
    try:
        await until(lambda: all(run.websub.active(f.name) for f in feeds), "the subscription")
        yield run
    finally:
        run.stop.set()
        await asyncio.wait_for(task, 30)


async def test_push_end_to_end_and_hostile_deliveries(
    tmp_path: Path, hub: HubProcess, newsroom: Newsroom
) -> None:
    settings = producer_settings(tmp_path)
    feed = newsroom.feed("front", ("a1", "Shelling reported near the river crossing"))
    state = State(settings.state_path)
    async with running(settings, [feed], state) as run:
        ws = run.websub
        sub = ws.subs["front"]
        assert (sub.hub, sub.topic) == (hub.url, newsroom.topic("front"))
        assert len(sub.secret) >= 32
        assert run.titles() == ["Shelling reported near the river crossing"]

        # the newsroom publishes; the hub fetches the topic and pushes it, signed (sha512)
        newsroom.items["front"].insert(0, ("a2", "Two killed in overnight drone strike"))
        resp = await asyncio.to_thread(hub.publish, newsroom.topic("front"))
        assert resp.status_code == 202, resp.text
        await until(lambda: _count(run.reg, "accepted") >= 1, "an accepted delivery")
        pushed = [i for i in run.pub.sent if i.title.startswith("Two killed")]
        assert len(pushed) == 1 and pushed[0].mode == "push"

        # the hub delivers the same content again: nothing new
        await asyncio.to_thread(hub.publish, newsroom.topic("front"))
        await until(lambda: _count(run.reg, "accepted") >= 2, "a second delivery")
        assert len(run.pub.sent) == 2

        callback = ws.callback_url("front")
        body = rss([("f1", "Forged report of a ceasefire")])
        async with aiohttp.ClientSession() as http:
            # forged: signed with a key that is not ours
            forged = hmac.new(b"not-the-secret", body, hashlib.sha256).hexdigest()
            async with http.post(
                callback, data=body, headers={"X-Hub-Signature": f"sha256={forged}"}
            ) as r:
                assert r.status == 202
            async with http.post(callback, data=body) as r:  # unsigned
                assert r.status == 202
            async with http.post(  # unknown algorithm
                callback, data=body, headers={"X-Hub-Signature": f"md5={forged}"}
            ) as r:
                assert r.status == 202
            big = rss([(f"b{i}", "Long report " * 40) for i in range(40)])
            assert len(big) > settings.websub_max_body_bytes
            sig = hmac.new(sub.secret.encode(), big, hashlib.sha256).hexdigest()
            async with http.post(
                callback, data=big, headers={"X-Hub-Signature": f"sha256={sig}"}
            ) as r:
                assert r.status == 413
            # a replay of a genuine, correctly signed delivery (sha1 as older hubs sign)
            genuine = rss(newsroom.items["front"])
            sig1 = hmac.new(sub.secret.encode(), genuine, hashlib.sha1).hexdigest()
            for _ in range(2):
                async with http.post(
                    callback, data=genuine, headers={"X-Hub-Signature": f"sha1={sig1}"}
                ) as r:
                    assert r.status == 204
            # a delivery for a feed we never subscribed: gone
            async with http.post(ws.callback_url("nosuch"), data=genuine) as r:
                assert r.status == 410
            # a verification we did not ask for: 404, no challenge echoed
            async with http.get(
                callback,
                params={
                    "hub.mode": "subscribe",
                    "hub.topic": "http://127.0.0.1:1/other.xml",
                    "hub.challenge": "xyz",
                    "hub.lease_seconds": "100",
                },
            ) as r:
                assert r.status == 404
                assert "xyz" not in await r.text()
            async with http.get(
                callback,
                params={"hub.mode": "unsubscribe", "hub.topic": sub.topic, "hub.challenge": "q"},
            ) as r:
                assert r.status == 404  # we never asked to unsubscribe
        assert _count(run.reg, "bad-signature") == 2
        assert _count(run.reg, "unsigned") == 1
        assert _count(run.reg, "too-large") == 1
        assert _count(run.reg, "unknown-subscription") == 1
        assert len(run.pub.sent) == 2
        assert "Forged report of a ceasefire" not in run.titles()
        assert ws.active("front")
    state.close()


async def test_quiet_hub_loses_nothing_and_removed_feed_is_unsubscribed(
    tmp_path: Path, hub: HubProcess, newsroom: Newsroom
) -> None:
    settings = producer_settings(tmp_path, websub_safety_interval=1.0)
    feed = newsroom.feed("north", ("n1", "Artillery fire heard in the north"), interval=1.0)
    state = State(settings.state_path)
    async with running(settings, [feed], state) as run:
        hub.stop()  # the hub goes quiet: no push will come
        newsroom.items["north"].insert(0, ("n2", "Bridge destroyed, officials say"))
        await until(lambda: "Bridge destroyed, officials say" in run.titles(), "the safety poll")
        got = next(i for i in run.pub.sent if i.title.startswith("Bridge"))
        assert got.mode == "poll"

    # the feed leaves feeds.yaml: the next start unsubscribes it at the hub
    hub.start()
    async with running(settings, [], state) as run:
        await until(lambda: "north" not in state.subscriptions(), "the unsubscription")
        assert run.reg.get_sample_value(
            "flashpoint_producer_websub_verifications_total", {"outcome": "confirmed"}
        )
    state.close()
