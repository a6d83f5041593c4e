"""``flashpoint run``: producer, worker and delivery together, for real use on one machine.

Every config file is validated before anything starts: a broken feeds, rules or channels file
gives one clear error naming the file and the field, and a non-zero exit. The three stages run as
child processes (so each has its own /metrics port and can be scaled out separately later);
when one exits, the others are stopped and ``run`` exits non-zero with the child's last lines.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flashpoint.commands.parsers import add_command, add_switches
from flashpoint.core.errors import ConfigError, UnavailableError
from flashpoint.core.exitcodes import ExitCode

__all__ = ["register"]


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "run",
        "run producer, worker and delivery together with your feeds, rules and channels",
        """
        Validate feeds.yaml, rules.yaml and the channels file, create the topics, then run
        the producer, the worker and the delivery process until Ctrl-C or SIGTERM.
        Settings come from FLASHPOINT_* environment variables (docs/configuration.md).

        examples:
          flashpoint run
          flashpoint run --feeds my-feeds.yaml --rules my-rules.yaml --channels ch.yaml
          flashpoint run --check          validate the three files and exit (and warn of
                                          feed languages no classifier pack reads)
        """,
    )
    p.add_argument("--feeds", type=Path, help="feeds YAML (default: producer.feeds_file)")
    p.add_argument("--rules", type=Path, help="rules YAML (default: worker.rules_file)")
    p.add_argument("--channels", type=Path, help="channels YAML (default: delivery.channels_file)")
    p.add_argument("--workdir", type=Path, default=Path("var/run"), help="logs of the children")
    add_switches(p, {"--check": "validate the files and exit"})
    p.set_defaults(func=_run)


def unsupported_feed_languages(feeds: Sequence[Any]) -> list[str]:
    """One line per language that feeds declare and no classifier pack reads: their items
    are still classified (language is detected from the text), but an item in a language
    without a pack gets no labels."""
    from streams.classify.lang import pack_codes

    codes = set(pack_codes())
    missing: dict[str, list[str]] = {}
    for feed in feeds:
        if feed.language:
            code = feed.language.split("-", 1)[0].lower()
            if code not in codes:
                missing.setdefault(code, []).append(feed.name)
    return [
        f"language {code!r} has no classifier pack ({len(names)} "
        f"feed{'s' if len(names) > 1 else ''}: "
        f"{', '.join(names[:5])}{', ...' if len(names) > 5 else ''}): their items in it get no "
        f"labels (packs: {', '.join(sorted(codes))}; see streams/classify/lang/README.md)"
        for code, names in sorted(missing.items())
    ]


def _run(args: argparse.Namespace) -> int:
    from alerts.channels.config import load_channels
    from alerts.rules import load_rules
    from flashpoint.core.kafkaadmin import ensure_topics
    from flashpoint.localkafka import broker_answers
    from flashpoint.procs import Child, ChildExited, ChildGroup
    from flashpoint.settings import load_settings
    from producers.feeds import load_feeds

    settings = load_settings()
    feeds_file = Path(args.feeds or settings.producer.feeds_file)
    rules_file = Path(args.rules or settings.worker.rules_file)
    channels_file = Path(args.channels or settings.delivery.channels_file)
    feeds = load_feeds(feeds_file)
    rules = load_rules(rules_file)
    channels = load_channels(channels_file)
    known = set(channels.channels) if hasattr(channels, "channels") else set()
    for rule in rules.enabled:
        for name in rule.channels:
            if known and name not in known:
                raise ConfigError(
                    f"{name!r} is not defined in {channels_file}",
                    file=str(rules_file),
                    where=f"rule {rule.name!r}",
                    field="channels",
                )
    print(
        f"config ok: {len(feeds)} feeds ({feeds_file}), {len(rules.enabled)} rules "
        f"({rules_file}), {len(known)} channels ({channels_file})"
    )
    for line in unsupported_feed_languages(feeds):
        print(f"warning: {feeds_file}: {line}", file=sys.stderr)
    if args.check:
        return ExitCode.OK
    host, _, port = settings.kafka.bootstrap_list()[0].rpartition(":")
    if not broker_answers(host, int(port)):
        raise UnavailableError(
            f"Kafka does not answer at {settings.kafka.bootstrap_servers} "
            "(start the local one with 'flashpoint kafka up', or set "
            "FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS)"
        )
    ensure_topics(settings.kafka)

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    group = ChildGroup()
    env: dict[str, str] = {}
    workdir = args.workdir
    group.add(Child("worker", ["worker", "--rules", str(rules_file)], env, workdir / "worker.log"))
    group.add(
        Child(
            "delivery", ["deliver", "--channels", str(channels_file)], env, workdir / "delivery.log"
        )
    )
    group.add(
        Child("producer", ["produce", "--feeds", str(feeds_file)], env, workdir / "producer.log")
    )
    print(
        f"running: producer /metrics on :{settings.producer.metrics_port}, worker on "
        f":{settings.worker.web_port}, delivery on :{settings.delivery.http_port}; "
        f"logs in {workdir}/. Ctrl-C stops."
    )
    failed = None
    while not stop.wait(1.0):
        failed = group.failed()
        if failed is not None:
            break
    group.stop()
    if failed is not None:
        raise ChildExited(failed)
    return ExitCode.OK
