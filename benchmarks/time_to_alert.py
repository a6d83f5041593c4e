"""Time to alert: from a newsroom publishing an item to its alert on the alerts topic.

On loopback: a simulated newsroom serves ``--feeds`` RSS feeds (default 200). A quarter sit behind
a real WebSub hub (flask-websub's, run by tests/websubhub.py): the newsroom tells the hub after
each publication and the hub pushes to the producer's callback. The rest are polled. Half of the
polled ones are tagged with country AZ and the run opens with an item about a strike in Ganja
(Azerbaijan) on a hub feed: the worker's alert for it carries ``burst`` (the rule says
``burst: true``), the producer reads it from the alerts topic and burst-polls the AZ feeds. So
three groups are measured: push, poll (the adaptive schedule), poll-with-burst.

Everything is real: the hub, ``flashpoint produce`` (a child process) with WebSub and burst on,
a ``flashpoint worker`` child with a rule that alerts once per feed, a local Kafka broker.
Each feed publishes one item at a random time in the publication window; the time measured is
from the newsroom's clock at publication to a consumer in this process seeing the alert (same
machine, same clock).

The producer's poll schedule is scaled so that a run lasts minutes: ``--poll-interval`` (120 s)
is its ``min_interval`` and ``default_interval``; production defaults are 300 s and 900 s, so the
poll figures scale with them. Burst interval: ``--burst-interval`` (the setting's default, 30 s).

    python benchmarks/time_to_alert.py [--feeds 200] [--window 120] [--poll-interval 120]

The last line printed is a JSON summary: p50/p95/p99 in seconds per group. Figures, not asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import html
import json
import random
import tempfile
import threading
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from email.utils import formatdate
from pathlib import Path
from typing import Any

import orjson
import yaml
from aiohttp import web
from kafka import KafkaProducer

from benchmarks.common import (
    ROOT,
    articles,
    broker,
    free_port,
    labelled_articles,
    make_item,
    progress,
    tail_consumer,
    wait_for,
)
from benchmarks.latency import ALERT_EVERY_ITEM_RULES, percentile
from benchmarks.pipeline import _alive, start_workers, worker_env
from flashpoint.core.kafkaadmin import ensure_topics
from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.procs import Child, ChildGroup

__all__ = ["main", "measure_time_to_alert"]

BURST_COUNTRY = "AZ"


class Newsroom:
    """The feeds, served by aiohttp in a thread of its own."""

    def __init__(self, names: list[str], hub_feeds: set[str], hub_url: str) -> None:
        self.items: dict[str, list[tuple[str, str, str, float]]] = {n: [] for n in names}
        self.hub_feeds = hub_feeds
        self.hub_url = hub_url
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._lock = threading.Lock()

    def url(self, name: str) -> str:
        return f"{self.base}/{name}.xml"

    def body(self, name: str) -> bytes:
        with self._lock:
            items = list(self.items[name])
        hub = ""
        if name in self.hub_feeds:
            hub = (
                f'<atom:link rel="hub" href="{self.hub_url}"/>'
                f'<atom:link rel="self" href="{self.url(name)}"/>'
            )
        entries = "".join(
            f"<item><guid>{g}</guid><title>{html.escape(t)}</title>"
            f"<link>https://newsroom.example/{g}</link>"
            f"<description>{html.escape(text)}</description>"
            f"<pubDate>{formatdate(ts, usegmt=True)}</pubDate></item>"
            for g, t, text, ts in reversed(items)
        )
        return (
            f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            f'xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>{name}</title>{hub}'
            f"{entries}</channel></rss>"
        ).encode()

    def publish(self, name: str, guid: str, title: str, text: str) -> float:
        now = time.time()
        with self._lock:
            self.items[name].append((guid, title, text, now))
        return now

    def start(self) -> None:
        threading.Thread(target=self._serve, daemon=True, name="newsroom").start()
        self._ready.wait(30)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def handler(req: web.Request) -> web.Response:
            name = req.match_info["name"]
            headers = {}
            if name in self.hub_feeds:
                headers["Link"] = f'<{self.hub_url}>; rel="hub", <{self.url(name)}>; rel="self"'
            return web.Response(
                body=self.body(name), content_type="application/rss+xml", headers=headers
            )

        async def main() -> None:
            app = web.Application()
            app.router.add_get("/{name}.xml", handler)
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", self.port).start()
            self._ready.set()
            while True:
                await asyncio.sleep(3600)

        self._loop.run_until_complete(main())


class Alerts:
    """Alert arrival times by feed, read from the alerts topic's end in a thread."""

    def __init__(self, kafka: KafkaSettings) -> None:
        self.kafka = kafka
        self.at: dict[str, float] = {}
        self.mode: dict[str, str] = {}
        self.stop = threading.Event()
        self.ready = threading.Event()

    def run(self) -> None:
        consumer = tail_consumer(self.kafka.bootstrap_servers, self.kafka.alerts_topic)
        self.ready.set()
        while not self.stop.is_set():
            for records in consumer.poll(timeout_ms=50).values():
                now = time.time()
                for r in records:
                    doc = orjson.loads(r.value)
                    feed = str(doc.get("group", "")).removeprefix("feed=")
                    self.at.setdefault(feed, now)
                    self.mode.setdefault(feed, str(doc.get("mode")))
        consumer.close()


def _metric(port: int, name: str, labels: str) -> float:
    with contextlib.suppress(OSError):
        text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read()
        for line in text.decode().splitlines():
            head = f"{name}{{{labels}}} " if labels else f"{name} "
            if line.startswith(head):
                return float(line.rsplit(" ", 1)[1])
    return 0.0


def _figures(values: list[float]) -> dict[str, float | int]:
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "p50_s": round(percentile(values, 50), 2),
        "p95_s": round(percentile(values, 95), 2),
        "p99_s": round(percentile(values, 99), 2),
        "max_s": round(max(values), 2),
    }


def measure_time_to_alert(
    bootstrap: str,
    workdir: Path,
    *,
    feeds: int = 200,
    window: float = 120.0,
    poll_interval: float = 120.0,
    burst_interval: float = 30.0,
    seed: int = 7,
) -> dict[str, Any]:
    from tests.websubhub import HubProcess

    rng = random.Random(seed)
    kafka = KafkaSettings(
        bootstrap_servers=bootstrap,
        topic_prefix=f"bench-tta-{uuid.uuid4().hex[:6]}",
        partitions=2,
    )
    ensure_topics(kafka)
    rules = dict(ALERT_EVERY_ITEM_RULES)
    rules["rules"] = [{**ALERT_EVERY_ITEM_RULES["rules"][0], "burst": True}]
    rules_file = workdir / "tta-rules.yaml"
    rules_file.write_text(yaml.safe_dump(rules))
    texts = [t for t in labelled_articles() if "Ganja" not in t]
    ganja = next(t for t in articles() if "Ganja" in t)

    n_hub = feeds // 4
    names = [f"push-{i}" for i in range(n_hub)]
    n_rest = feeds - n_hub
    names += [f"burst-{i}" for i in range(n_rest // 2)]
    names += [f"poll-{i}" for i in range(n_rest - n_rest // 2)]
    hub = HubProcess(free_port(), workdir / "hub.sqlite3", min_lease=60)
    hub.start()
    room = Newsroom(names, {n for n in names if n.startswith("push-")}, hub.url)
    room.start()
    feeds_yaml = workdir / "tta-feeds.yaml"
    feeds_yaml.write_text(
        yaml.safe_dump(
            {
                "feeds": [
                    {
                        "name": n,
                        "url": room.url(n),
                        "language": "en",
                        "tags": {"country": BURST_COUNTRY, "region": "asia"}
                        if n.startswith(("burst-", "push-0"))
                        else {"region": "elsewhere"},
                    }
                    for n in names
                ]
            }
        )
    )
    cb_port = free_port()
    metrics_port = free_port()
    penv = {
        "FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS": kafka.bootstrap_servers,
        "FLASHPOINT_KAFKA__TOPIC_PREFIX": kafka.topic_prefix,
        "FLASHPOINT_KAFKA__PARTITIONS": str(kafka.partitions),
        "FLASHPOINT_PRODUCER__WEBSUB_CALLBACK_BASE": f"http://127.0.0.1:{cb_port}/websub",
        "FLASHPOINT_PRODUCER__WEBSUB_PORT": str(cb_port),
        "FLASHPOINT_PRODUCER__BURST_LISTEN": "true",
        "FLASHPOINT_PRODUCER__BURST_INTERVAL": str(burst_interval),
        "FLASHPOINT_PRODUCER__BURST_DURATION": str(window * 4 + 600),
        "FLASHPOINT_PRODUCER__MIN_INTERVAL": str(poll_interval),
        "FLASHPOINT_PRODUCER__DEFAULT_INTERVAL": str(poll_interval),
    }
    alerts = Alerts(kafka)
    listener = threading.Thread(target=alerts.run, daemon=True)
    listener.start()
    alerts.ready.wait(30)
    group = ChildGroup()
    published: dict[str, float] = {}
    pool = ThreadPoolExecutor(max_workers=8)
    try:
        start_workers(group, worker_env(kafka, workdir, rules_file), workdir, 1, "tta")
        # the worker is ready when it alerts on a warm-up item sent straight to the raw topic
        kp = KafkaProducer(bootstrap_servers=kafka.bootstrap_list())
        n = 0

        def warm() -> bool:
            nonlocal n
            item = make_item(n, texts[0], feed=f"warm-{n}", run=kafka.topic_prefix)
            kp.send(kafka.raw_topic, key=item.id.encode(), value=item.to_json())
            kp.flush(10)
            n += 1
            return any(k.startswith("warm-") for k in alerts.at)

        wait_for(warm, timeout=240, what="the worker", interval=0.5, alive=lambda: _alive(group))
        kp.close()
        progress("time-to-alert: worker ready; starting the producer")
        args = ["produce", "--feeds", str(feeds_yaml), "--state", str(workdir / "tta.sqlite3")]
        args += ["--metrics-port", str(metrics_port), "--allow-host", "127.0.0.1"]
        group.add(Child("tta-producer", args, penv, workdir / "tta-producer.log"))
        wait_for(
            lambda: (
                _metric(metrics_port, "flashpoint_producer_websub_subscriptions", 'status="active"')
                >= n_hub
            ),
            timeout=180,
            what="every hub subscription",
            interval=0.5,
            alive=lambda: _alive(group),
        )
        progress(f"time-to-alert: {n_hub} subscriptions active; publishing for {window:.0f}s")

        # the opening report: a strike in Ganja on a hub feed tagged AZ; its alert opens the burst
        t0 = time.time()
        published["push-0"] = room.publish("push-0", "tta-ganja", "Strike on Ganja", ganja)
        pool.submit(hub.publish, room.url("push-0"))
        schedule = sorted((rng.uniform(5.0, window), name) for name in names if name != "push-0")
        for i, (at, name) in enumerate(schedule):
            delay = t0 + at - time.time()
            if delay > 0:
                time.sleep(delay)
            text = texts[i % len(texts)]
            title = f"Report {i}: " + text[:80].replace("\n", " ")
            published[name] = room.publish(name, f"tta-{kafka.topic_prefix}-{i}", title, text)
            if name.startswith("push-"):
                pool.submit(hub.publish, room.url(name))
        progress("time-to-alert: publication done; waiting for the alerts")
        with contextlib.suppress(TimeoutError):
            wait_for(
                lambda: all(f in alerts.at for f in published),
                timeout=poll_interval * 2 + 120,
                what="every alert",
                interval=0.5,
                alive=lambda: _alive(group),
            )
        bursts = _metric(metrics_port, "flashpoint_producer_bursts_total", "")
    finally:
        alerts.stop.set()
        pool.shutdown(wait=False, cancel_futures=True)
        group.stop()
        hub.stop()
        listener.join(10)
    out: dict[str, Any] = {
        "feeds": feeds,
        "window_s": window,
        "poll_interval_s": poll_interval,
        "burst_interval_s": burst_interval,
        "bursts_started": bursts,
    }
    for prefix, key in (("push-", "push"), ("poll-", "poll"), ("burst-", "poll_burst")):
        values = [
            alerts.at[f] - t
            for f, t in published.items()
            if f.startswith(prefix) and f in alerts.at
        ]
        out[key] = _figures(values)
        out[key]["missing"] = sum(1 for f in published if f.startswith(prefix)) - len(values)
    out["push_alerts_marked_push"] = sum(
        1 for f, m in alerts.mode.items() if f.startswith("push-") and m == "push"
    )
    for key in ("push", "poll", "poll_burst"):
        fig = out[key]
        if fig.get("n"):
            progress(
                f"time-to-alert {key}: p50 {fig['p50_s']}s p95 {fig['p95_s']}s p99 "
                f"{fig['p99_s']}s (n={fig['n']}, missing {fig['missing']})"
            )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--window", type=float, default=120.0, help="publication window, seconds")
    ap.add_argument("--poll-interval", type=float, default=120.0)
    ap.add_argument("--burst-interval", type=float, default=30.0)
    ap.add_argument("--bootstrap", help="a running broker (else a local one is started)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="flashpoint-tta-") as tmp:
        work = Path(tmp)
        kw = {
            "feeds": args.feeds,
            "window": args.window,
            "poll_interval": args.poll_interval,
            "burst_interval": args.burst_interval,
        }
        if args.bootstrap:
            result = measure_time_to_alert(args.bootstrap, work, **kw)
        else:
            with broker(work / "kafka") as kafka:
                result = measure_time_to_alert(kafka.bootstrap, work, **kw)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
