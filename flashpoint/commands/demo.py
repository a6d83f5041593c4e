"""``flashpoint demo``: the whole pipeline on embedded defaults.

It starts the local Kafka when none answers, serves the bundled recorded feeds on loopback
(revealed over about a minute), runs the producer, the worker and the delivery process with the
example rules, and prints alerts as they fire. Ctrl-C (or ``--duration``) stops everything.
With ``--json`` stdout carries the JSON summary alone; the live view goes to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import signal
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from flashpoint.commands.parsers import add_command, add_switches
from flashpoint.core.errors import UnreadableConfigError
from flashpoint.core.exitcodes import ExitCode

__all__ = ["register"]

DEMO_SECRET = "whsec_Zmxhc2hwb2ludC1kZW1vLXNlY3JldC1rZXk="  # demo-only, loopback receiver


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "demo",
        "run the whole pipeline on bundled recorded feeds and show alerts as they fire",
        """
        Start the local Kafka if none answers, serve the bundled recorded feeds on
        loopback (a strike reported by several outlets, a rising toll, a denial, then
        talks), run producer, worker and delivery with the example rules, and print
        alerts as they fire. Ctrl-C stops everything cleanly.

        examples:
          flashpoint demo
          flashpoint demo --duration 90 --json     scripted run: the JSON summary alone on
                                                   stdout, the live view on stderr
          flashpoint demo --speed 2                the story in half the time
        """,
    )
    p.add_argument("--duration", type=float, default=None, help="stop after SECONDS")
    p.add_argument("--speed", type=float, default=1.0, help="timeline speed-up (default 1)")
    p.add_argument(
        "--rules", type=Path, default=None, help="rules YAML (default: deploy/rules.yaml)"
    )
    p.add_argument("--kafka-port", type=int, default=9092, help="local Kafka port (default 9092)")
    p.add_argument("--feeds-port", type=int, default=0, help="port of the demo feeds (0 = free)")
    p.add_argument("--worker-port", type=int, default=6066, help="worker /metrics and API port")
    p.add_argument("--producer-metrics-port", type=int, default=9310, help="producer /metrics port")
    p.add_argument("--delivery-metrics-port", type=int, default=9466, help="delivery /metrics port")
    p.add_argument("--topic-prefix", default=None, help="topic prefix (default: demo-<time>)")
    add_switches(
        p,
        {
            "--keep-kafka": "leave a Kafka the demo started running",
            "--json": "print a JSON summary alone on stdout at the end (the live view goes to "
            "stderr)",
        },
    )
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    return asyncio.run(_demo(args))


def _channel_names(rules_file: Path) -> set[str]:
    """Every channel the enabled rules name (defaults applied); validates the rules file."""
    from alerts.rules import load_rules

    return {name for rule in load_rules(rules_file).enabled for name in rule.channels}


class _Receiver:
    """A loopback webhook receiver standing in for the desk's Slack/Teams/HTTP endpoints."""

    def __init__(self) -> None:
        self.ids: Counter[str] = Counter()
        self.port = 0
        self._runner: Any = None

    async def start(self) -> None:
        from aiohttp import web

        from flashpoint.core.httpserve import serve

        async def hook(request: web.Request) -> web.Response:
            await request.read()
            self.ids[request.headers.get("webhook-id", "?")] += 1
            return web.Response(status=204)

        app = web.Application()
        app.router.add_post("/hook/{name}", hook)
        self._runner, self.port = await serve(app, "127.0.0.1", 0)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


def _counts(alert: Any) -> str:
    if alert.aggregation == "contested":  # value and threshold are minutes
        return f"denied {alert.value:.0f} min after the strike (within {alert.threshold:.0f} min)"
    return f"{alert.aggregation}={alert.value:g} (threshold {alert.threshold:g})"


def _alert_line(alert: Any) -> str:
    from rich.markup import escape

    inc = alert.incident
    where = ""
    figures = ""
    cats = ""
    sources = ""
    headline = alert.title
    if inc is not None:
        where = inc.place or inc.country or "?"
        if inc.lat is not None and inc.lon is not None:
            where += f" ({inc.lat:.2f},{inc.lon:.2f})"
        if inc.killed is not None or inc.wounded is not None:
            figures = f" killed={inc.killed if inc.killed is not None else '?'}"
            figures += f" wounded={inc.wounded if inc.wounded is not None else '?'}"
        cats = ",".join(inc.categories)
        sources = f" sources={len(inc.sources)}"
        if inc.headlines:
            headline = inc.headlines[-1].title
    colour = {"info": "cyan", "warning": "yellow", "critical": "bold red"}.get(alert.severity, "")
    return (
        f"[{colour}]{alert.severity.upper():8}[/] [bold]{escape(alert.rule)}[/] {alert.status} "
        f"[dim]{_counts(alert)}[/] "
        f"{escape(where)}{figures} {escape('[' + cats + ']')}{sources} — {escape(headline[:90])}"
    )


async def _demo(args: argparse.Namespace) -> int:
    from aiokafka import AIOKafkaConsumer
    from rich.console import Console

    from alerts.schema import Alert
    from flashpoint.core.kafkaadmin import ensure_topics
    from flashpoint.core.kafkaconf import KafkaSettings
    from flashpoint.demofeeds import DemoFeedServer
    from flashpoint.localkafka import LocalKafka, project_root
    from flashpoint.procs import Child, ChildExited, ChildGroup

    # stdout is the summary's alone with --json: a script parses it whole.
    console = Console(highlight=False, stderr=args.json)
    # Fresh topics have no leader for a moment; the consumer retries, so keep its noise down.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    root = project_root()
    rules_file = (args.rules or root / "deploy" / "rules.yaml").resolve()
    if not rules_file.exists():
        raise UnreadableConfigError("rules file not found (use --rules)", file=str(rules_file))
    rule_channels = _channel_names(rules_file)  # a broken rules file starts nothing

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)

    kafka = LocalKafka(port=args.kafka_port)
    started_kafka = False
    if not await asyncio.to_thread(kafka.is_up):
        console.print(f"[dim]starting the local Kafka on {kafka.bootstrap} ...[/]")
        t0 = time.monotonic()
        started_kafka = await asyncio.to_thread(kafka.start)
        console.print(f"[dim]Kafka up in {time.monotonic() - t0:.1f}s[/]")
    prefix = args.topic_prefix or f"demo-{datetime.now():%Y%m%d-%H%M%S}"
    ks = KafkaSettings(bootstrap_servers=kafka.bootstrap, topic_prefix=prefix, partitions=2)
    await asyncio.to_thread(ensure_topics, ks)

    workdir = root / "var" / "demo" / prefix
    workdir.mkdir(parents=True, exist_ok=True)
    feeds = DemoFeedServer(port=args.feeds_port, speed=args.speed)
    receiver = _Receiver()
    await receiver.start()
    await feeds.start()

    feeds_file = workdir / "feeds.yaml"
    feeds_file.write_text(
        yaml.safe_dump(
            {
                "feeds": [
                    {
                        "name": name,
                        "url": feeds.url(name),
                        "language": meta.get("language", "en"),
                        "tags": meta.get("tags", {}),
                        "interval": 2,
                    }
                    for name, meta in feeds.timeline["feeds"].items()
                ]
            },
            sort_keys=False,
        )
    )
    channels: dict[str, Any] = {"events": {"type": "kafka"}}
    for name in sorted(rule_channels):
        if name not in channels:
            channels[name] = {
                "type": "webhook",
                "url": f"http://127.0.0.1:{receiver.port}/hook/{name}",
                "secret_env": "FLASHPOINT_DEMO_WEBHOOK_SECRET",
            }
    channels_file = workdir / "channels.yaml"
    channels_file.write_text(yaml.safe_dump({"channels": channels}, sort_keys=False))

    env = {
        "FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS": ks.bootstrap_servers,
        "FLASHPOINT_KAFKA__TOPIC_PREFIX": prefix,
        "FLASHPOINT_KAFKA__PARTITIONS": str(ks.partitions),
        "FLASHPOINT_PRODUCER__FEEDS_FILE": str(feeds_file),
        "FLASHPOINT_PRODUCER__STATE_PATH": str(workdir / "producer-state.sqlite3"),
        "FLASHPOINT_PRODUCER__MIN_INTERVAL": "1",
        "FLASHPOINT_PRODUCER__DEFAULT_INTERVAL": "2",
        "FLASHPOINT_PRODUCER__ALLOWED_HOSTS": '["127.0.0.1"]',
        "FLASHPOINT_PRODUCER__METRICS_PORT": str(args.producer_metrics_port),
        "FLASHPOINT_WORKER__APP_ID": prefix,
        "FLASHPOINT_WORKER__DATADIR": str(workdir / "worker"),
        "FLASHPOINT_WORKER__WEB_PORT": str(args.worker_port),
        "FLASHPOINT_WORKER__RULES_FILE": str(rules_file),
        "FLASHPOINT_DELIVERY__CHANNELS_FILE": str(channels_file),
        "FLASHPOINT_DELIVERY__STATE_DIR": str(workdir / "delivery"),
        "FLASHPOINT_DELIVERY__GROUP_ID": f"{prefix}-delivery",
        "FLASHPOINT_DELIVERY__HTTP_HOST": "127.0.0.1",
        "FLASHPOINT_DELIVERY__HTTP_PORT": str(args.delivery_metrics_port),
        "FLASHPOINT_DELIVERY__ALLOWED_HOSTS": '["127.0.0.1"]',
        "FLASHPOINT_DELIVERY__RETRY_INITIAL_DELAY": "0.5",
        "FLASHPOINT_DEMO_WEBHOOK_SECRET": DEMO_SECRET,
    }
    group = ChildGroup()
    group.add(Child("worker", ["worker"], env, workdir / "worker.log"))
    group.add(Child("delivery", ["deliver"], env, workdir / "delivery.log"))
    group.add(Child("producer", ["produce"], env, workdir / "producer.log"))

    console.print(
        f"[bold]Flashpoint demo[/] topics [cyan]{prefix}.*[/] on {kafka.bootstrap}\n"
        f"  feeds      http://127.0.0.1:{feeds.port}/feeds/<name>.xml "
        f"({len(feeds.feed_names)} feeds, story over {feeds.total_duration:.0f}s)\n"
        f"  worker     http://127.0.0.1:{args.worker_port}/metrics  /healthz  /api/alerts\n"
        f"  producer   http://127.0.0.1:{args.producer_metrics_port}/metrics\n"
        f"  delivery   http://127.0.0.1:{args.delivery_metrics_port}/metrics\n"
        f"  logs       {workdir}\n"
        "Ctrl-C stops everything."
    )

    consumer = AIOKafkaConsumer(
        ks.alerts_topic,
        bootstrap_servers=ks.bootstrap_servers,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    seen: dict[str, Any] = {}
    failed: Child | None = None
    t_end = None if args.duration is None else time.monotonic() + args.duration
    try:
        while not stop.is_set():
            if t_end is not None and time.monotonic() >= t_end:
                break
            batches = await consumer.getmany(timeout_ms=500)
            for records in batches.values():
                for rec in records:
                    try:
                        alert = Alert.from_json(rec.value)
                    except ValueError:
                        continue
                    if alert.id in seen:
                        continue
                    seen[alert.id] = alert
                    console.print(f"[dim]{datetime.now():%H:%M:%S}[/] " + _alert_line(alert))
            failed = group.failed()
            if failed is not None:
                break
    finally:
        console.print("[dim]stopping ...[/]")
        await consumer.stop()
        await asyncio.to_thread(group.stop)
        await feeds.stop()
        await receiver.stop()
        if started_kafka and not args.keep_kafka:
            await asyncio.to_thread(kafka.stop)
        with contextlib.suppress(NotImplementedError):
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)

    categories: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    for alert in seen.values():
        rules[alert.rule] += 1
        for cat in alert.incident.categories if alert.incident else ():
            categories[cat] += 1
    summary = {
        "topic_prefix": prefix,
        "alerts": len(seen),
        "by_rule": dict(rules),
        "alerts_by_category": dict(categories),
        "webhook_deliveries": sum(receiver.ids.values()),
        "webhook_ids": len(receiver.ids),
        "error": None if failed is None else str(ChildExited(failed)),
    }
    console.print(
        f"[bold]{len(seen)} alerts[/] by rule {dict(rules)}; by category {dict(categories)}; "
        f"{summary['webhook_deliveries']} webhook deliveries"
    )
    if args.json:
        print(json.dumps(summary))
    if failed is not None:
        raise ChildExited(failed)
    return ExitCode.OK
