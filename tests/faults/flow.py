"""Helpers of the Kafka fault scenarios: a feed set revealed over time, exact topic reads, and the
alerts the worker must have published (recomputed with the backtest engine).

Feed texts are real news snippets from the CASE 2021 shared task (Task 2 test set, Haneczok et
al. 2021, as published in AYLIEN/fine-grained-event-classification, MIT licence), each used
several times with a variation line, so 5,000 items are distinct but read like news.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any
from xml.sax.saxutils import escape

from aiohttp import web
from aiohttp.test_utils import TestServer

from alerts.rules import parse_rules
from alerts.schema import Alert
from flashpoint.core.kafkaconf import KafkaSettings
from streams.backtest import run_backtest
from streams.incidents import incident_id
from streams.models import ClassifiedItem
from tests.conftest import DATA
from tests.support.http import routes
from tests.support.kafka import Rec, read_all
from tests.support.reports import rule

CASE_TEXTS = DATA / "eval" / "case2021-texts.jsonl"

RULES: dict[str, Any] = {
    "version": 1,
    "rules": [
        rule(
            "toll",
            "max_killed",
            {"warning": 5, "critical": 20},
            categories=["casualty"],
            group_by=["incident"],
            cooldown="12h",
        ),
        rule(
            "busy-country",
            "count",
            {"info": 3, "warning": 10, "critical": 40},
            categories=["strike"],
            group_by=["country"],
            size="1h",
            cooldown="1h",
        ),
    ],
}


def case_texts() -> list[str]:
    return [json.loads(line)["text"] for line in CASE_TEXTS.read_text("utf-8").splitlines()]


@dataclass
class FeedItem:
    feed: str
    guid: str
    title: str
    text: str
    at: float  # seconds after the server starts when it appears


def make_items(n: int, feeds: int, duration: float) -> list[FeedItem]:
    """``n`` distinct items over ``feeds`` feeds, revealed evenly over ``duration`` seconds."""
    texts = case_texts()
    out = []
    for i in range(n):
        text = texts[i % len(texts)]
        round_ = i // len(texts)
        title = text.split(". ")[0][:140]
        if round_:
            title = f"{title} (update {round_})"
            text = f"{text}\nUpdate {round_}: correspondents confirmed the report."
        out.append(FeedItem(f"feed{i % feeds:02d}", f"fp-{i}", title, text, duration * i / n))
    return out


@dataclass
class FeedSet:
    """Feeds on loopback that reveal their items over time (newest first, all revealed items)."""

    items: list[FeedItem]
    port: int = 0
    polls: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.by_feed: dict[str, list[FeedItem]] = {}
        for it in self.items:
            self.by_feed.setdefault(it.feed, []).append(it)
        self._start_clock()
        self._server: TestServer | None = None
        self.paused_at: float | None = None

    def _start_clock(self) -> None:
        """Item times count from here (the server's start, once it listens)."""
        self._t0 = time.monotonic()
        self._wall0 = datetime.now(UTC)

    def url(self, feed: str) -> str:
        return f"http://127.0.0.1:{self.port}/{feed}.xml"

    def elapsed(self) -> float:
        return time.monotonic() - self._t0

    def revealed(self, feed: str) -> list[FeedItem]:
        now = self.elapsed()
        return [it for it in self.by_feed.get(feed, []) if it.at <= now]

    def all_revealed(self) -> bool:
        return self.elapsed() >= max(it.at for it in self.items)

    async def start(self) -> None:
        self._server = TestServer(
            routes(("GET", "/{name}.xml", self._feed)), host="127.0.0.1", port=self.port or None
        )
        await self._server.start_server(access_log=None)
        assert self._server.port is not None
        self.port = self._server.port
        self._start_clock()

    async def stop(self) -> None:
        if self._server is not None:
            await self._server.close()
            self._server = None

    async def _feed(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name not in self.by_feed:
            raise web.HTTPNotFound()
        self.polls[name] += 1
        items = self.revealed(name)
        etag = f'"{name}-{len(items)}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        entries = "".join(
            "<item>"
            f"<title>{escape(it.title)}</title>"
            f"<link>https://news.example/{it.guid}</link>"
            f'<guid isPermaLink="false">{it.guid}</guid>'
            f"<pubDate>{format_datetime(self._wall0 + timedelta(seconds=it.at))}</pubDate>"
            f"<description>{escape(it.text)}</description>"
            "</item>"
            for it in reversed(items)
        )
        body = (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{name}</title>{entries}</channel></rss>"
        )
        return web.Response(
            body=body.encode(),
            content_type="application/rss+xml",
            headers={"ETag": etag, "Cache-Control": "no-cache"},
        )


def feeds_yaml(fs: FeedSet) -> dict[str, Any]:
    return {
        "feeds": [
            {"name": name, "url": fs.url(name), "language": "en", "interval": 1}
            for name in sorted(fs.by_feed)
        ]
    }


def ids_of(records: Iterable[Rec], key: Callable[[Rec], str]) -> Counter[str]:
    return Counter(key(r) for r in records)


def expected_alerts(classified: list[Rec], rules: dict[str, Any] = RULES) -> list[Alert]:
    """The alerts of the classified topic as the worker's engines see it: one engine per
    partition, records in offset order, an item id counted at its first record only."""
    ruleset = parse_rules(rules)
    alerts: list[Alert] = []
    for partition in sorted({r.partition for r in classified}):
        seen: set[str] = set()
        cis = []
        for r in classified:
            if r.partition != partition:
                continue
            ci = ClassifiedItem.from_json(r.value)
            if ci.item.id in seen:
                continue
            seen.add(ci.item.id)
            cis.append(ci)
        alerts.extend(run_backtest(ruleset, list(enumerate(cis)), order="file").alerts)
    return alerts


@dataclass
class Tally:
    """The figures the report wants, from the topics at the end of a scenario."""

    sent: int
    raw_ids: Counter[str]
    classified_ids: Counter[str]
    alert_ids: Counter[str]
    expected: list[Alert]
    alerts_by_id: dict[str, Alert]
    # incident id -> (item id, partition, offset) of the first classified record that could
    # open it (an incident's id is derived from its first report's item id)
    openers: dict[str, tuple[str, int, int]] = field(default_factory=dict)

    def first_report(self, alert: Alert) -> str:
        """Where the first report of ``alert``'s incident sits on the classified topic."""
        iid = alert.incident.id if alert.incident is not None else None
        where = self.openers.get(iid) if iid else None
        if where is None:
            return ""
        item, partition, offset = where
        return f" (first report {item} at classified[{partition}]@{offset})"

    @property
    def lost_raw(self) -> set[str]:
        return set()

    @property
    def classified(self) -> int:
        """Distinct items on the classified topic."""
        return len(self.classified_ids)

    @property
    def reclassified(self) -> int:
        """Records classified more than once (at-least-once redelivery after a fault)."""
        return sum(self.classified_ids.values()) - self.classified

    def figures(self) -> dict[str, int]:
        """The report's count columns of a worker scenario (``Collector.record`` keywords)."""
        s = self.summary()
        return {
            "sent": self.sent,
            "classified": self.classified,
            "lost": self.sent - self.classified,
            "alerts": s["alert_distinct"],
            "duplicates": s["alert_duplicates"],
        }

    def summary(self) -> dict[str, int]:
        exp = {a.id for a in self.expected}
        return {
            "raw_duplicates": sum(n - 1 for n in self.raw_ids.values()),
            "classified_distinct": len(self.classified_ids),
            "alert_distinct": len(self.alert_ids),
            "alert_duplicates": sum(n - 1 for n in self.alert_ids.values()),
            "alerts_lost": len(exp - set(self.alert_ids)),
            "alerts_unexpected": len(set(self.alert_ids) - exp),
        }


def tally(kafka: KafkaSettings, sent: int) -> Tally:
    raw = read_all(kafka, kafka.raw_topic)
    classified = read_all(kafka, kafka.classified_topic)
    alerts = read_all(kafka, kafka.alerts_topic)
    parsed = [Alert.from_json(r.value) for r in alerts]
    item_ids = [ClassifiedItem.from_json(r.value).item.id for r in classified]
    return Tally(
        sent=sent,
        raw_ids=Counter((r.key or b"").decode() for r in raw),
        classified_ids=Counter(item_ids),
        alert_ids=Counter(a.id for a in parsed),
        expected=expected_alerts(classified),
        alerts_by_id={a.id: a for a in parsed},
        openers=openers(classified, item_ids),
    )


def openers(classified: list[Rec], item_ids: list[str]) -> dict[str, tuple[str, int, int]]:
    """Incident id -> the first classified record of the item that id is derived from
    (``item_ids``: the item id of each record of ``classified``)."""
    out: dict[str, tuple[str, int, int]] = {}
    for r, item_id in zip(classified, item_ids, strict=True):
        out.setdefault(incident_id(item_id), (item_id, r.partition, r.offset))
    return out
