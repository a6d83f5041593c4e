"""``flashpoint produce`` (the poll loop) and ``flashpoint fetch`` (debug one feed)."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from typing import Any

from flashpoint.commands.parsers import add_command, add_switches
from flashpoint.core.exitcodes import ExitCode
from flashpoint.core.health import HealthSettings
from flashpoint.core.kafkaconf import KafkaSettings
from producers.settings import ProducerSettings

__all__ = ["register"]


def _settings() -> tuple[ProducerSettings, KafkaSettings]:
    producer, kafka, _health = _all_settings()
    return producer, kafka


def _all_settings() -> tuple[ProducerSettings, KafkaSettings, HealthSettings]:
    from flashpoint.settings import load_settings

    settings = load_settings()
    producer = getattr(settings, "producer", None)
    if not isinstance(producer, ProducerSettings):
        producer = ProducerSettings()
    return producer, settings.kafka, settings.health


def _override(settings: ProducerSettings, args: argparse.Namespace) -> ProducerSettings:
    update: dict[str, Any] = {}
    if getattr(args, "state", None):
        update["state_path"] = args.state
    if getattr(args, "metrics_port", None) is not None:
        update["metrics_port"] = args.metrics_port
    if getattr(args, "allow_host", None):
        update["allowed_hosts"] = (*settings.allowed_hosts, *args.allow_host)
    return settings.model_copy(update=update) if update else settings


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "produce",
        "poll the configured feeds and publish new items to Kafka",
        """
        Poll RSS/Atom feeds and publish every new item once to the raw topic.

        examples:
          flashpoint produce --feeds deploy/feeds.yaml
          flashpoint produce --once                 one cycle over every feed, then exit
          flashpoint produce --shard 0/3            this process takes a third of the feeds
        """,
    )
    p.add_argument("--feeds", help="feeds.yaml (default: settings producer.feeds_file)")
    add_switches(p, {"--once": "poll every feed once, then exit"})
    p.add_argument("--shard", help="i/N: poll only this shard's feeds (stable hash of the name)")
    p.add_argument("--state", help="state file (default: settings producer.state_path)")
    p.add_argument("--metrics-port", type=int, help="port of /metrics and /healthz (0 = off)")
    p.add_argument(
        "--allow-host",
        action="append",
        metavar="ADDR",
        help="address or CIDR allowed despite the SSRF guard (repeatable), e.g. 127.0.0.1",
    )
    p.set_defaults(func=_produce)

    f = add_command(
        sub,
        "fetch",
        "fetch one feed and print its normalised items as JSON lines",
        """
        Fetch and parse one feed with the producer's limits and defences, and print its
        items as JSON lines on stdout. A feed that cannot be fetched or parsed gives one
        error line on stderr and exit code 3 (docs/cli.md).

        examples:
          flashpoint fetch https://example.org/rss.xml
          flashpoint fetch recorded/feed.xml
        """,
    )
    f.add_argument("target", metavar="URL_OR_PATH")
    f.add_argument("--name", default="fetch", help="feed name written into the items")
    f.add_argument("--language", help="language written into the items")
    f.add_argument("--allow-host", action="append", metavar="ADDR", help="see produce")
    f.set_defaults(func=_fetch)


def _produce(args: argparse.Namespace) -> int:
    from producers.feeds import load_feeds, parse_shard, shard_feeds
    from producers.runner import run_producer

    settings, kafka, health = _all_settings()
    settings = _override(settings, args)
    feeds = load_feeds(args.feeds or settings.feeds_file)
    if args.shard:
        index, count = parse_shard(args.shard)
        feeds = shard_feeds(feeds, index, count)
    from flashpoint.core.kafkaadmin import ensure_topics

    ensure_topics(kafka)  # idempotent: the pipeline's topics, with partitions from settings

    async def main() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        report = await run_producer(
            settings, kafka, feeds, once=args.once, stop=stop, health=health
        )
        if args.once:
            outcomes = " ".join(f"{k}={v}" for k, v in sorted(report.outcomes.items()))
            print(
                f"produce: feeds={report.polled} new={report.new_items} "
                f"published={report.published} duplicates={report.duplicates} {outcomes}",
                file=sys.stderr,
            )
            return ExitCode.OK if report.published == report.new_items else ExitCode.FAILED
        return ExitCode.OK

    return asyncio.run(main())


def _fetch(args: argparse.Namespace) -> int:
    from producers.runner import fetch_one

    settings, _ = _settings()
    settings = _override(settings, args)
    parsed, _url = asyncio.run(
        fetch_one(args.target, settings, name=args.name, language=args.language)
    )
    out = sys.stdout.buffer
    for item in parsed.items:
        out.write(item.to_json() + b"\n")
    out.flush()
    return ExitCode.OK
