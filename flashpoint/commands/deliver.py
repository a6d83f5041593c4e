"""``flashpoint deliver`` and ``flashpoint replay-deadletter``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from alerts.channels.config import ChannelsConfig, load_channels
from alerts.settings import DeliverySettings
from flashpoint.commands.parsers import add_command, add_switches
from flashpoint.core.errors import ConfigError
from flashpoint.core.exitcodes import ExitCode
from flashpoint.core.kafkaconf import KafkaSettings

__all__ = ["register"]

_M = TypeVar("_M", bound=BaseModel)


def _settings(args: argparse.Namespace) -> tuple[DeliverySettings, KafkaSettings]:
    from flashpoint.settings import load_settings

    base = load_settings()
    delivery, kafka = base.delivery, base.kafka
    updates: dict[str, Any] = {}
    if args.channels:
        updates["channels_file"] = args.channels
    if args.state_dir:
        updates["state_dir"] = args.state_dir
    if getattr(args, "port", None) is not None:
        updates["http_port"] = args.port
    if updates:
        delivery = _update(delivery, updates)
    if args.bootstrap:
        kafka = _update(kafka, {"bootstrap_servers": args.bootstrap})
    return delivery, kafka


def _update(model: _M, updates: dict[str, Any]) -> _M:
    try:
        return type(model).model_validate({**model.model_dump(), **updates})
    except ValidationError as exc:
        err = exc.errors()[0]
        raise ConfigError(err["msg"], file="command line", field=str(err["loc"][0])) from None


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--channels", help="channels YAML (default: delivery.channels_file)")
    p.add_argument("--state-dir", help="folder of the delivery ledger")
    p.add_argument("--bootstrap", help="Kafka bootstrap servers (host:port,...)")


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "deliver",
        "consume alerts and deliver them to webhooks, e-mail, Kafka, Alertmanager",
        """
        Consume the alerts topic in a consumer group and deliver each alert to the
        channels its rule names (signed webhooks, e-mail, CloudEvents on Kafka,
        Alertmanager), with retries; what cannot be delivered goes to the dead-letter
        topic. Serves /metrics and /healthz on --port (0 = off).

        examples:
          flashpoint deliver --channels deploy/channels.yaml
          FLASHPOINT_DELIVERY__ALLOWED_HOSTS='["10.0.0.0/8"]' flashpoint deliver
        """,
    )
    _common(p)
    p.add_argument("--port", type=int, default=None, help="/metrics and /healthz port (0 = off)")
    add_switches(
        p,
        {
            "--check": "validate the channels file, check that every output topic exists, and exit",
            "--no-kafka": "with --check: validate the channels file only (no Kafka needed)",
        },
    )
    p.set_defaults(func=_deliver)

    r = add_command(
        sub,
        "replay-deadletter",
        "send dead-lettered alerts again, to their failed channels only",
        """
        Read the alert dead-letter topic and deliver each alert again to the channel
        that failed. Channels that already took an alert are never sent it twice.

        examples:
          flashpoint replay-deadletter --dry-run
          flashpoint replay-deadletter --channel desk-webhook --enable-endpoints
        """,
    )
    _common(r)
    r.add_argument("--channel", help="replay only this channel's dead letters")
    r.add_argument("--alert-id", help="replay only this alert")
    add_switches(
        r,
        {
            "--from-beginning": "read the whole topic, not only new letters",
            "--enable-endpoints": "re-enable webhook endpoints disabled by 410 Gone before "
            "replaying",
            "--dry-run": "list what would be replayed",
        },
    )
    r.add_argument("--timeout", type=float, default=60.0, help="seconds to read the topic at most")
    r.set_defaults(func=_replay)


def _deliver(args: argparse.Namespace) -> int:
    from alerts.deliver import run_delivery

    delivery, kafka = _settings(args)
    channels = load_channels(delivery.channels_file)
    if args.check:
        names = ", ".join(f"{n} ({c.type})" for n, c in channels.channels.items())
        print(f"{delivery.channels_file}: {len(channels.channels)} channel(s): {names}")
        if args.no_kafka:
            return ExitCode.OK
        return _check_topics(kafka, channels)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, stop.set)
        from flashpoint.settings import load_settings

        health = load_settings().health
        await run_delivery(delivery, kafka, channels, stop=stop, health=health)

    from flashpoint.core.kafkaadmin import ensure_topics

    ensure_topics(kafka)  # idempotent: the pipeline's topics, with partitions from settings
    asyncio.run(main())
    return ExitCode.OK


def _check_topics(kafka: KafkaSettings, channels: ChannelsConfig) -> int:
    """Exit 1 (a failed check) naming the output topics that do not exist (``deliver``
    would create them)."""
    from alerts.topics import output_topics
    from flashpoint.core.kafkaadmin import missing_topics

    topics = output_topics(kafka, channels)
    missing = missing_topics(kafka, topics)
    if missing:
        print(
            f"flashpoint: error: output topic(s) missing on {kafka.bootstrap_servers}: "
            f"{', '.join(missing)} (`flashpoint deliver` creates them at start-up, or create "
            "them with your own tooling)",
            file=sys.stderr,
        )
        return ExitCode.FAILED
    print(f"output topics present: {', '.join(topics)}")
    return ExitCode.OK


def _replay(args: argparse.Namespace) -> int:
    from alerts.deliver import replay_deadletters

    delivery, kafka = _settings(args)
    channels = load_channels(delivery.channels_file)
    report = asyncio.run(
        replay_deadletters(
            delivery,
            kafka,
            channels,
            from_beginning=args.from_beginning,
            channel=args.channel,
            alert_id=args.alert_id,
            enable_endpoints=args.enable_endpoints,
            dry_run=args.dry_run,
            timeout=args.timeout,
        )
    )
    for line in report.details:
        print(line)
    print(
        f"replay: read {report.read}, delivered {report.delivered}, "
        f"dead-lettered again {report.deadlettered}, skipped {report.skipped}"
    )
    return ExitCode.OK if report.deadlettered == 0 else ExitCode.FAILED
