"""Dates that lie: feeds whose dates an event-time rule used to drop as late.

Four outlets on loopback publish strike reports as they happen, each writing its dates its own
way: RFC 822 with a zone (the control), ``YYYY/M/D hh:mm:ss`` in Tokyo local time with no zone,
``D.M.YYYY hh:mm`` in Bogota local time, and Ukrainian month names in Kyiv local time. The
producer polls them (``Producer.cycle``, real HTTP on loopback); the items it published are then
replayed in arrival order through the rules engine with an event-time rule (1 h tumbling window,
10 min grace). Before the date chain, ``2026/12/5 09:30`` was read as the first day of the
current month and every Tokyo item was dropped as late: lost to alerting, with a counter as its
only trace. The feeds' dates are made from the wall clock at request time (they are the input,
like a newsroom's); the expected result does not depend on it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from prometheus_client import CollectorRegistry

from alerts.rules import parse_rules
from producers.feeds import FeedConfig
from producers.metrics import ProducerMetrics
from producers.runner import Producer
from producers.settings import ProducerSettings
from producers.state import State
from streams.backtest import run_backtest
from tests.faults.report import Collector
from tests.support.http import serve
from tests.support.producer import MemoryPublisher
from tests.support.reports import rule

pytestmark = [pytest.mark.integration, pytest.mark.faults]

UK_MONTHS = [
    "січня",
    "лютого",
    "березня",
    "квітня",
    "травня",
    "червня",
    "липня",
    "серпня",
    "вересня",
    "жовтня",
    "листопада",
    "грудня",
]
PLACES = ("Kharkiv", "Odesa", "Dnipro", "Zaporizhzhia", "Sumy", "Kherson")


def _rfc(t: datetime) -> str:
    return format_datetime(t)


def _tokyo(t: datetime) -> str:
    local = t + timedelta(hours=9)
    return f"{local.year}/{local.month}/{local.day} {local:%H:%M:%S}"


def _bogota(t: datetime) -> str:
    local = t - timedelta(hours=5)
    return f"{local.day}.{local.month}.{local.year} {local:%H:%M}"


def _kyiv(t: datetime) -> str:
    local = t + timedelta(hours=2)
    return f"{local.day} {UK_MONTHS[local.month - 1]} {local.year} {local:%H:%M}"


OUTLETS: dict[str, tuple[str, Callable[[datetime], str]]] = {
    "control": ("en", _rfc),
    "tokyo": ("ja", _tokyo),
    "bogota": ("es", _bogota),
    "kyiv": ("uk", _kyiv),
}
PER_FEED = 6


class Newsroom:
    """Each poll serves the feed's items as published 1 to 6 minutes ago, dated its own way."""

    async def feed(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        _, fmt = OUTLETS[name]
        now = datetime.now(UTC)
        items = "".join(
            f"<item><guid>{name}-{i}</guid><link>https://news.example/{name}/{i}</link>"
            f"<title>Missile strike on {PLACES[i % len(PLACES)]}</title>"
            f"<description>Russian missiles struck {PLACES[i % len(PLACES)]} overnight, "
            f"the regional governor said.</description>"
            f"<pubDate>{fmt(now - timedelta(minutes=i + 1))}</pubDate></item>"
            for i in range(PER_FEED)
        )
        body = f"<rss version='2.0'><channel><title>{name}</title>{items}</channel></rss>"
        return web.Response(body=body.encode(), content_type="application/rss+xml")


@pytest.fixture
async def newsroom() -> AsyncIterator[TestServer]:
    app = web.Application()
    app.router.add_get("/{name}.xml", Newsroom().feed)
    async with serve(app) as server:
        yield server


RULES = {
    "version": 1,
    "rules": [
        rule(
            "strikes",
            "count",
            {"info": 1},
            categories=["strike"],
            size="1h",
            grace="10m",
            cooldown="1h",
        )
    ],
}


async def test_local_date_formats_reach_event_time_rules(
    newsroom: TestServer, tmp_path: Path, reliability: Collector
) -> None:
    settings = ProducerSettings(
        state_path=str(tmp_path / "state.sqlite3"),
        allowed_hosts=("127.0.0.1",),
        parse_workers=1,
        metrics_port=0,
    )
    state = State(settings.state_path)
    feeds = [
        FeedConfig(name=name, url=f"http://127.0.0.1:{newsroom.port}/{name}.xml", language=lang)
        for name, (lang, _) in OUTLETS.items()
    ]
    metrics = ProducerMetrics(CollectorRegistry())
    pub = MemoryPublisher(state)
    producer = Producer(settings, feeds, state=state, publisher=pub, metrics=metrics)
    producer.pool.start()
    try:
        report = await producer.cycle(feeds)
    finally:
        producer.pool.close()
        await producer.fetcher.close()
        state.close()
    assert report.outcomes.get("ok") == len(OUTLETS)
    sent = pub.sent
    assert len(sent) == len(OUTLETS) * PER_FEED

    # Every item's event time lies within a few minutes before its fetch, whatever its format.
    problems = []
    for it in sent:
        age = it.fetched_at - it.published
        if not timedelta(0) <= age <= timedelta(minutes=PER_FEED + 2):
            problems.append(f"{it.feed} {it.published_raw!r} -> {it.published.isoformat()}")
    # Arrival order as the worker would see it: the control feed first moves the watermark on.
    ordered = sorted(sent, key=lambda it: (it.feed != "control", it.feed))
    result = run_backtest(parse_rules(RULES), enumerate(ordered), order="file")
    lost = result.stats.late
    reliability.record(
        group="dates",
        name="local date formats",
        fault="YYYY/M/D (Tokyo), D.M.YYYY (Bogota), Ukrainian month names (Kyiv), no zone",
        sent=len(sent),
        lost=lost,
        outcome=f"{result.items} items reached the event-time rule, {lost} dropped as late",
        notes="; ".join(problems),
    )
    assert not problems, problems
    assert result.items == len(sent) and lost == 0
    estimated = {
        (feed, reason): metrics.registry.get_sample_value(
            "flashpoint_producer_dates_estimated_total", {"feed": feed, "reason": reason}
        )
        for feed in OUTLETS
        for reason in ("unzoned", "unparsed")
    }
    # The zoneless formats are counted per feed as "unzoned"; none is unparsed.
    assert {k: v for k, v in estimated.items() if v} == {
        ("tokyo", "unzoned"): PER_FEED,
        ("bogota", "unzoned"): PER_FEED,
        ("kyiv", "unzoned"): PER_FEED,
    }
